import { OptionError } from "../../core/errors.ts";

/** Rules of thumb for a planar bandwidth from the projected points themselves. */
export const BANDWIDTH_RULES = ["scott", "silverman"] as const;
export type BandwidthRule = (typeof BANDWIDTH_RULES)[number];

/**
 * A global bandwidth h in metres from the (weighted) projected points.
 *
 * - **scott** (Scott 1992, eq. 6.42 with d = 2; scipy `gaussian_kde(bw_method="scott")` for an isotropic
 *   kernel): h = σ · n_eff^(−1/6), σ² = (σx² + σy²)/2 with the weighted unbiased variances
 *   σx² = Σwᵢ(xᵢ − x̄)² / (V₁ − V₂/V₁), V₁ = Σwᵢ, V₂ = Σwᵢ², n_eff = V₁²/V₂ (numpy `cov(aweights=w)`).
 *   In two dimensions Silverman's Gaussian rule (eq. 4.14) gives the same factor, (n(d+2)/4)^(−1/(d+4)) = n^(−1/6).
 * - **silverman** — the spatial variant of Silverman's rule used by ArcGIS Kernel Density
 *   ("How Kernel Density works"): h = 0.9 · min(SD, √(1/ln 2) · D_m) · n^(−0.2), with SD the standard
 *   distance √(Σwᵢ|xᵢ − x̄|² / Σwᵢ), D_m the weighted median distance to the weighted mean centre x̄ and
 *   n = Σwᵢ. Robust to a few far outliers through D_m.
 *
 * Throws OptionError when the points cannot define a spread (fewer than two with positive weight, or all
 * at one position).
 */
export function ruleOfThumbBandwidth(x: Float64Array, y: Float64Array, weights: Float64Array | undefined, rule: BandwidthRule): number {
  const n = x.length;
  let v1 = 0;
  let v2 = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    v1 += w;
    v2 += w * w;
    mx += w * x[i];
    my += w * y[i];
  }
  if (!(v1 > 0) || v1 * v1 <= v2 * (1 + 1e-12)) throw new OptionError(`a ${rule} bandwidth needs at least two incidents with positive weight`);
  mx /= v1;
  my /= v1;
  let sxx = 0;
  let syy = 0;
  const dist = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i] : 1;
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += w * dx * dx;
    syy += w * dy * dy;
    dist[i] = Math.sqrt(dx * dx + dy * dy);
  }
  let h: number;
  if (rule === "scott") {
    const sigma2 = (sxx + syy) / 2 / (v1 - v2 / v1);
    h = Math.sqrt(sigma2) * ((v1 * v1) / v2) ** (-1 / 6);
  } else {
    const sd = Math.sqrt((sxx + syy) / v1);
    const dm = weightedMedian(dist, weights, v1);
    h = 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * dm) * v1 ** -0.2;
  }
  if (!(h > 0)) throw new OptionError(`the ${rule} bandwidth is 0: the incidents do not spread (all at one position?); give bandwidthM in metres`);
  return h;
}

/**
 * Weighted median: the smallest value whose cumulative weight reaches half the total; when it reaches
 * exactly half, the mean of that value and the next (so equal weights give the textbook median).
 */
function weightedMedian(values: Float64Array, weights: Float64Array | undefined, total: number): number {
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b] || a - b);
  let acc = 0;
  for (let k = 0; k < order.length; k++) {
    acc += weights ? weights[order[k]] : 1;
    if (Math.abs(acc - total / 2) <= 1e-12 * total && k + 1 < order.length) return (values[order[k]] + values[order[k + 1]]) / 2;
    if (acc > total / 2) return values[order[k]];
  }
  return values[order[order.length - 1]];
}
