import type { IncidentSet } from "../../core/incident-set.ts";
import { polylineDistance } from "../../core/math.ts";
import { searchNear } from "../../spatial/distance-box.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";

export interface IncidentIntensityOptions {
  /** Local kernel radius h of an exactly located incident, metres. */
  bandwidthM: number;
  /** Regional kernel radius h_g, metres (≥ bandwidthM). */
  regionalBandwidthM: number;
  /** Widen each kernel by the incident's location precision: R = √(h² + (f·p)²). */
  widenByPrecision: boolean;
  /** f, the share of the location precision p that widens the kernel (default 1). */
  precisionScale?: number;
}

/** Per-lixel kernel sums and per-incident reach. */
export interface IncidentIntensity {
  /** Σᵢ wᵢ·K_Rᵢ(dᵢₗ): weighted incidents per km² at the lixel, local kernel. */
  local: Float64Array;
  /** Σᵢ wᵢ·K_Gᵢ(dᵢₗ): same with the regional kernel. */
  regional: Float64Array;
  /** Rᵢ = √(h² + (f·pᵢ)²), the local reach of incident i, metres. */
  reachM: Float64Array;
  /** Gᵢ = √(h_g² + (f·pᵢ)²), the regional reach, metres (nothing farther is touched by incident i). */
  regionalReachM: Float64Array;
  /** Distance from incident i to the nearest lixel within its reach, metres; Infinity when none. */
  nearestLixelM: Float64Array;
}

/**
 * Normalised planar quartic (biweight) kernel K_R(d) = 3/(π R²)·(1 − d²/R²)² for d < R, else 0, in per km²
 * (Silverman 1986, eq. 4.5). It is positive and strictly decreasing in d on [0, R), so every score built
 * from it is non-increasing in each incident's distance.
 */
export function quarticPerKm2(dM: number, reachM: number): number {
  if (!(dM < reachM)) return 0;
  const u = 1 - (dM * dM) / (reachM * reachM);
  return (3e6 / (Math.PI * reachM * reachM)) * u * u;
}

/**
 * The reference for incidentIntensity (incident-intensity.ts): the same sums, one bounded index search
 * and one exact polyline distance per incident–lixel pair, so its cost grows with reach² × density. Kept
 * as the oracle of test/analyses/risk/incident-intensity-fast.test.ts, not for production use.
 *
 * The incident intensity at each lixel: the planar kernel density of the weighted incidents evaluated at
 * the lixel's nearest point to each incident (dᵢₗ = planar distance from the recorded point to the lixel
 * polyline), with two kernel scales — local radius Rᵢ = √(h² + (f·pᵢ)²) and regional radius
 * Gᵢ = √(h_g² + (f·pᵢ)²), each widened by the location precision pᵢ as independent spreads add in
 * quadrature (a district centroid spreads over the district instead of posing as exact). pᵢ bounds how far
 * the true position may be; f turns that bound into the spread the kernel adds (docs/risk-model.md says
 * how the backtests chose it). Unlike v0 there is no per-incident
 * normalisation over the lixels in reach: lixel l's value depends on incident i only through wᵢ and dᵢₗ,
 * so it is linear and non-decreasing in each weight and non-increasing in each distance. One bounded
 * index search per incident.
 */
export function incidentIntensityExact(index: LixelIndex, incidents: IncidentSet, weight: Float64Array, options: IncidentIntensityOptions): IncidentIntensity {
  const { bandwidthM: h, regionalBandwidthM: hg, widenByPrecision } = options;
  const f = widenByPrecision ? (options.precisionScale ?? 1) : 0;
  const { lixels } = index;
  const { xy, start } = lixels;
  const local = new Float64Array(lixels.count);
  const regional = new Float64Array(lixels.count);
  const n = incidents.count;
  const reachM = new Float64Array(n);
  const regionalReachM = new Float64Array(n);
  const nearestLixelM = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const p = f * incidents.precisionM[i];
    const R = Math.sqrt(h * h + p * p);
    const G = Math.max(R, Math.sqrt(hg * hg + p * p));
    reachM[i] = R;
    regionalReachM[i] = G;
    if (lixels.count === 0) continue;
    const px = incidents.x[i];
    const py = incidents.y[i];
    const w = weight[i];
    let nearest = Infinity;
    for (const l of searchNear(index.index, px, py, G)) {
      const d = polylineDistance(xy, start[l], start[l + 1], px, py);
      if (d >= G) continue;
      if (d < nearest) nearest = d;
      if (w === 0) continue;
      local[l] += w * quarticPerKm2(d, R);
      regional[l] += w * quarticPerKm2(d, G);
    }
    nearestLixelM[i] = nearest;
  }
  return { local, regional, reachM, regionalReachM, nearestLixelM };
}
