import type { IncidentSet } from "../../core/incident-set.ts";
import { polylineDistance } from "../../core/math.ts";
import { searchNear } from "../../spatial/distance-box.ts";
import { addExact, type ExactSum, exactSum, exactValue } from "../../core/exact-sum.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";

/**
 * πᵢ, how much incident i counts as a road incident when the rates are calibrated: 1 when the record
 * says it happened on a road of the network, 0 when it says it did not; otherwise, for a point located
 * at least as precisely as the road band W, 1 if its recorded point is within W of a lixel; for a vaguer
 * point (precision p > W) the probability that its true position lies within W of the network, by the
 * strip approximation over the quartic position kernel of radius p,
 *   πᵢ = min(1, 2W · Σ_l len_l · 3/(π p²) · (1 − d_il²/p²)²)   (d_il < p),
 * so a district centroid that happens to sit on a road counts as the small fraction of the district that
 * is near roads, not as a whole road incident. d_il is the distance to the lixel's nearest point, so the
 * strip sum errs high by at most ≈ len/p (conservative). The strip is summed exactly (core/exact-sum.ts), so
 * its value does not depend on the order the lixel index returns them in.
 */
export function roadShares(index: LixelIndex, incidents: IncidentSet, nearestLixelM: Float64Array, roadBandM: number): Float64Array {
  return roadSharesFrom(incidents, nearestLixelM, roadStripSums(index, incidents, roadBandM), roadBandM);
}

/**
 * Per incident, the exact partials (core/exact-sum.ts) of the strip sum Σ_l len_l · 3/(π p²) · (1 − d_il²/p²)²
 * over the lixels within its precision p, for the vague incidents (p > roadBandM, onRoad unstated) only
 * (undefined for the others).
 * Exact, so the partial sums of the tiles of a tiled run merge to the same double as the whole run's.
 */
export function roadStripSums(index: LixelIndex, incidents: IncidentSet, roadBandM: number): (ExactSum | undefined)[] {
  const { lixels } = index;
  const { xy, start, lengthM } = lixels;
  const out: (ExactSum | undefined)[] = new Array(incidents.count).fill(undefined);
  for (let i = 0; i < incidents.count; i++) {
    const p = incidents.precisionM[i];
    if (incidents.onRoad[i] !== 0 || p <= roadBandM) continue;
    const strip = exactSum();
    out[i] = strip;
    if (lixels.count === 0) continue;
    const x = incidents.x[i];
    const y = incidents.y[i];
    const norm = 3 / (Math.PI * p * p);
    for (const l of searchNear(index.index, x, y, p)) {
      const d = polylineDistance(xy, start[l], start[l + 1], x, y);
      if (d < p) addExact(strip, lengthM[l] * norm * (1 - (d * d) / (p * p)) ** 2);
    }
  }
  return out;
}

/** πᵢ from the nearest-lixel distances and the strip sums (roadShares; both may come merged from tiles). */
export function roadSharesFrom(incidents: IncidentSet, nearestLixelM: Float64Array, strips: readonly (ExactSum | undefined)[], roadBandM: number): Float64Array {
  const out = new Float64Array(incidents.count);
  const W = roadBandM;
  for (let i = 0; i < incidents.count; i++) {
    const stated = incidents.onRoad[i];
    if (stated === 1) out[i] = nearestLixelM[i] === Infinity ? 0 : 1;
    if (stated !== 0) continue;
    const p = incidents.precisionM[i];
    if (p <= W) {
      out[i] = nearestLixelM[i] <= W ? 1 : 0;
      continue;
    }
    if (nearestLixelM[i] >= p) continue;
    const strip = strips[i];
    out[i] = strip ? Math.min(1, 2 * W * exactValue(strip)) : 0;
  }
  return out;
}
