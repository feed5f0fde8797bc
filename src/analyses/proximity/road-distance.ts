import type { HazardSet } from "../../core/hazard-set.ts";
import { distanceToArea } from "../../spatial/area-index.ts";
import { type LixelIndex, nearestLixel } from "../../spatial/lixel-index.ts";

/**
 * Planar distance from each point to the nearest road (lixel) of the index, metres; Infinity when the
 * network is empty. Exact point–polyline distance via the index (nearestLixel: one bounded box search per
 * point), never a scan of every road.
 */
export function pointRoadDistances(index: LixelIndex, x: Float64Array, y: Float64Array): Float64Array {
  const out = new Float64Array(x.length).fill(Infinity);
  for (let i = 0; i < x.length; i++) {
    const hit = nearestLixel(index, x[i], y[i]);
    if (hit) out[i] = hit.distanceM;
  }
  return out;
}

/**
 * Planar distance from each hazard area to the nearest road, metres: 0 when a road vertex lies inside it.
 * Two polylines' closest points that do not cross include a vertex of one of them, so the distance is the
 * smaller of (a) the nearest road to any ring vertex and (b) the nearest area point to any road vertex
 * within that distance (found with one box search). A road that crosses an area with no vertex inside it
 * is measured by (b) at its nearest vertex: at most one lixel length instead of 0 — never enough to move a
 * count against a reach of kilometres.
 */
export function hazardRoadDistances(index: LixelIndex, hazards: HazardSet): Float64Array {
  const out = new Float64Array(hazards.count).fill(Infinity);
  const { xy, start } = index.lixels;
  if (index.lixels.count === 0) return out;
  for (let h = 0; h < hazards.count; h++) {
    let best = Infinity;
    for (const poly of hazards.polygons[h]) {
      for (const ring of poly) {
        for (let k = 0; k < ring.length; k += 2) {
          const hit = nearestLixel(index, ring[k], ring[k + 1], best);
          if (hit && hit.distanceM < best) best = hit.distanceM;
        }
      }
    }
    const b = 4 * h;
    const box = hazards.bbox;
    for (const l of index.index.search(box[b] - best, box[b + 1] - best, box[b + 2] + best, box[b + 3] + best)) {
      for (let v = start[l]; v < start[l + 1] && best > 0; v++) {
        const d = distanceToArea(hazards, h, xy[2 * v], xy[2 * v + 1]);
        if (d < best) best = d;
      }
    }
    out[h] = best;
  }
  return out;
}

/**
 * The model's largest kernel reach for an incident of location precision pM, metres: the regional reach
 * Gᵢ = √(h_g² + (f·pᵢ)²) of incident-intensity.ts (with its floor at the local reach, which h_g ≥ h keeps).
 * An incident farther than this from every road touches no lixel.
 */
export function regionalReachM(regionalBandwidthM: number, precisionScale: number, precisionM: number): number {
  const p = precisionScale * precisionM;
  return Math.sqrt(regionalBandwidthM * regionalBandwidthM + p * p);
}

/** Count, range and median of distances (finite ones), and the indices beyond their reach. */
export interface RoadDistanceStats {
  measured: number;
  beyondReach: number;
  /** Smallest reach used, metres (the regional bandwidth; wider for imprecise incidents). */
  reachM: number;
  minM: number;
  medianM: number;
  maxM: number;
  /** Indices (into the input order) of the records beyond their reach, in order. */
  beyond: number[];
}

/** Summarise distances against per-record reaches (reachM(i)); min/median/max are NaN for no records. */
export function roadDistanceStats(distanceM: Float64Array, reachM: (i: number) => number): RoadDistanceStats {
  const beyond: number[] = [];
  let minReach = Infinity;
  for (let i = 0; i < distanceM.length; i++) {
    const r = reachM(i);
    if (r < minReach) minReach = r;
    if (!(distanceM[i] < r)) beyond.push(i); // as incident-intensity.ts: a lixel at d ≥ G is out of reach
  }
  const sorted = Float64Array.from(distanceM).sort();
  const n = sorted.length;
  return {
    measured: n,
    beyondReach: beyond.length,
    reachM: n > 0 ? minReach : Number.NaN,
    minM: n > 0 ? sorted[0] : Number.NaN,
    medianM: n > 0 ? sorted[n >> 1] : Number.NaN,
    maxM: n > 0 ? sorted[n - 1] : Number.NaN,
    beyond,
  };
}
