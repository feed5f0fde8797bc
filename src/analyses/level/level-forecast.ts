import { gammaQuantile } from "../../core/gamma-quantile.ts";
import { poissonTrend } from "./level-glm.ts";
import { type LevelOptions, type LevelMethod, resolveLevelOptions } from "./level-options.ts";
import type { LevelSeries } from "./level-series.ts";

/** The decay-weighted level of v1.1: S = Σ πᵢ·decayᵢ over T_eff years, and Σ πᵢ·decayᵢ² for its variance. */
export interface DecayLevel {
  sum: number;
  sumDecaySq: number;
  effectiveYears: number;
}

/** A forecast of the yearly count of target road incidents, with its prediction interval. */
export interface LevelForecast {
  method: LevelMethod;
  /** k asked for, and the years of the series it could use (fewer when the record is shorter). */
  years: number;
  yearsUsed: number;
  damping: number | null;
  horizonYears: number;
  confidence: number;
  /** Forecast target road incidents per year, averaged over the horizon. */
  perYear: number;
  /** Forecast count over the horizon (perYear × horizonYears) and its prediction interval. */
  total: number;
  low: number;
  high: number;
  /** Quasi-Poisson dispersion φ (≥ its weighted-Poisson floor) and the residual df it was estimated on. */
  dispersion: number;
  dispersionDf: number;
  /** The log-linear fit (rate per year at time 0 = asOf, slope per year); slope 0 when no trend is fitted. */
  intercept: number;
  slope: number;
}

/**
 * Forecast the level (docs/risk-model.md, "Forecasting the level"). With the window's forecast count μ̂₀,
 * its estimation variance Var(μ̂₀) (delta method on the quasi-Poisson fit: φ·gᵀ(XᵀWX)⁻¹g with g = ∂μ̂₀/∂β;
 * for the level methods φ·Σwᵢ²-type sums) and the dispersion φ, the prediction interval for the count Y of
 * the window is Farrington et al.'s (1996, J. R. Stat. Soc. A 159:547, §3.3) with its 2/3-power transform,
 *   bounds = (μ̂₀^(2/3) ∓ z·√(4/9 · μ̂₀^(1/3) · τ))^(3/2),   τ = φ + Var(μ̂₀)/μ̂₀,
 * z the standard normal quantile, lower bound ≥ 0 — the threshold R's surveillance::algo.farrington computes:
 * Var(Y − μ̂₀) ≈ φμ̂₀ + Var(μ̂₀) (future overdispersed Poisson noise plus the fit's parameter uncertainty),
 * made symmetric by y^(2/3). φ = Pearson χ²/df of the method's fit over the last k years — the trend for
 * loglinear/damped, a constant level for the others — floored at Σπ²/Σπ, the dispersion a Poisson count of
 * road-share weights πᵢ ≤ 1 has (Farrington floors at 1 for plain counts).
 */
export function forecastLevel(series: LevelSeries, decay: DecayLevel, options: LevelOptions = {}): LevelForecast {
  const o = resolveLevelOptions(options);
  const k = Math.min(o.years, series.count.length);
  const y = series.count.subarray(0, k);
  const e = series.exposure.subarray(0, k);
  const t = series.timeYears.subarray(0, k);
  let C = 0;
  let V = 0;
  let E = 0;
  for (let j = 0; j < k; j++) {
    C += y[j];
    V += series.sumSq[j];
    E += e[j];
  }
  const h = o.horizonYears;
  const z = Math.sqrt(2 * gammaQuantile(o.confidence, 0.5)); // |Z| ≤ z with probability `confidence`: Z² ~ χ²₁ = 2·Gamma(½)
  const trend = o.method === "loglinear" || o.method === "damped";
  const out = { method: o.method, years: o.years, yearsUsed: k, damping: o.method === "damped" ? o.damping : null, horizonYears: h, confidence: o.confidence };
  if (!(C > 0) && o.method !== "decay") {
    // nothing counted in the years looked at: forecast 0, and the upper bound a zero Poisson count allows
    const high = (gammaQuantile(1 - (1 - o.confidence) / 2, 1) * h) / Math.max(E, 1e-9);
    return { ...out, perYear: 0, total: 0, low: 0, high, dispersion: 1, dispersionDf: 0, intercept: Number.NEGATIVE_INFINITY, slope: 0 };
  }
  // decay with no count in the last k years: no fit to take a dispersion from, so a plain Poisson φ = 1
  const fit = C > 0 ? poissonTrend(y, e, t, trend) : { intercept: Number.NEGATIVE_INFINITY, slope: 0, covariance: [0, 0, 0], pearson: 0, df: 0 };
  const floor = C > 0 ? V / C : 1;
  const dispersion = fit.df >= 1 ? Math.max(floor, fit.pearson / fit.df) : floor;
  let total = 0;
  let variance = 0;
  if (trend) {
    // window years m = 1 … h at midpoints s_m = m − ½; damped: log μ_m = a + b·(t₁ + Σ_{i ≤ m} φ_dⁱ)
    let g0 = 0;
    let g1 = 0;
    let damp = 0;
    for (let m = 1; m <= h; m++) {
      damp += o.damping ** m;
      const s = o.method === "damped" ? t[0] + damp : m - 0.5;
      const mu = Math.exp(fit.intercept + fit.slope * s);
      total += mu;
      g0 += mu;
      g1 += mu * s;
    }
    const [vaa, vab, vbb] = fit.covariance;
    variance = dispersion * (g0 * g0 * vaa + 2 * g0 * g1 * vab + g1 * g1 * vbb);
  } else if (o.method === "decay") {
    total = (decay.sum / decay.effectiveYears) * h;
    variance = decay.sum > 0 ? (dispersion * decay.sumDecaySq * h * h) / (decay.effectiveYears * decay.effectiveYears) : 0;
  } else {
    const c = o.method === "last" ? y[0] : C;
    const ex = o.method === "last" ? e[0] : E;
    total = (c / ex) * h;
    variance = (dispersion * c * h * h) / (ex * ex);
  }
  const { low, high } = farringtonInterval(total, variance, dispersion, z);
  return { ...out, perYear: total / h, total, low, high, dispersion, dispersionDf: Math.max(0, fit.df), intercept: fit.intercept, slope: fit.slope };
}

/** Farrington et al. (1996) 2/3-power prediction bounds for a count with mean μ, Var(μ̂) and dispersion φ. */
export function farringtonInterval(mu: number, muVariance: number, dispersion: number, z: number): { low: number; high: number } {
  if (!(mu > 0)) return { low: 0, high: 0 };
  const tau = dispersion + muVariance / mu;
  const centre = mu ** (2 / 3);
  const half = z * Math.sqrt((4 / 9) * mu ** (1 / 3) * tau);
  return { low: Math.max(0, centre - half) ** 1.5, high: (centre + half) ** 1.5 };
}
