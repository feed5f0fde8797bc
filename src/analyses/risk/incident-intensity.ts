import type { IncidentSet } from "../../core/incident-set.ts";
import { polylineDistance } from "../../core/math.ts";
import { neighboursWithin, searchNear } from "../../spatial/distance-box.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";
import { type IncidentIntensity, type IncidentIntensityOptions, quarticPerKm2 } from "./incident-intensity-exact.ts";
import { addKernelTreeSumsParallel, startKernelTreeSums } from "./kernel-tree-parallel.ts";
import { buildKernelTree } from "./kernel-tree.ts";

export { quarticPerKm2, type IncidentIntensity, type IncidentIntensityOptions };

/**
 * Kernels of at most this reach are summed incident by incident through the lixel index (each touches few
 * lixels); wider ones (the regional kernel, district-precision local kernels) through the kernel tree.
 */
export const EXACT_REACH_M = 3000;

/**
 * The incident intensity at each lixel: the planar kernel density of the weighted incidents evaluated at
 * the lixel's nearest point to each incident (dᵢₗ = planar distance from the recorded point to the lixel
 * polyline), with two kernel scales — local radius Rᵢ = √(h² + (f·pᵢ)²) and regional radius
 * Gᵢ = √(h_g² + (f·pᵢ)²), each widened by the location precision pᵢ as independent spreads add in
 * quadrature (a district centroid spreads over the district instead of posing as exact). pᵢ bounds how far
 * the true position may be; f turns that bound into the spread the kernel adds (docs/risk-model.md says
 * how the backtests chose it). There is no per-incident normalisation over the lixels in reach: lixel l's
 * value depends on incident i only through wᵢ and dᵢₗ, so it is linear and non-decreasing in each weight
 * and non-increasing in each distance.
 *
 * How it is summed (docs/risk-model.md, "Wide kernels"): kernels of reach ≤ EXACT_REACH_M (3 km) one
 * incident at a time through the lixel index; wider ones through a quadtree of the incidents whose nodes
 * carry their kernel sum as a polynomial (kernel-tree.ts), taken whole wherever one lixel vertex is
 * provably the nearest point of the lixel and every incident is within its reach (kernel-tree-sum.ts).
 * Both are the exact sum of incidentIntensityExact up to floating-point rounding — no grid, no binning.
 */
export function incidentIntensity(index: LixelIndex, incidents: IncidentSet, weight: Float64Array, options: IncidentIntensityOptions & { nearestExactWithinM?: Float64Array }): IncidentIntensity {
  const k = incidentIntensities(index, incidents, [weight], options);
  return { local: k.local[0], regional: k.regional[0], reachM: k.reachM, regionalReachM: k.regionalReachM, nearestLixelM: k.nearestLixelM };
}

/** incidentIntensity for several weight vectors of the same incidents at once (the rates' and the casualty-weighted ones). */
export interface IncidentIntensities extends Omit<IncidentIntensity, "local" | "regional"> {
  /** Per weight vector, in the order given. */
  local: Float64Array[];
  regional: Float64Array[];
}

/**
 * incidentIntensity for each of `weights` (vectors over the same incidents), in one pass: the same
 * reaches, one index search or tree walk and one distance per incident–lixel pair for all of them, and
 * the nearest-lixel distances once. Each vector's sums equal incidentIntensity's for it alone up to
 * rounding (the first vector's bit for bit: the kernel tree's members are the incidents with any non-zero
 * weight, which for the rates' weights first and weight × casualties after are the first vector's own).
 */
export function incidentIntensities(index: LixelIndex, incidents: IncidentSet, weights: readonly Float64Array[], options: IncidentIntensityOptions & { nearestExactWithinM?: Float64Array; threads?: number }): IncidentIntensities {
  const { bandwidthM: h, regionalBandwidthM: hg, widenByPrecision } = options;
  const f = widenByPrecision ? (options.precisionScale ?? 1) : 0;
  const { lixels } = index;
  const local = weights.map(() => new Float64Array(lixels.count));
  const regional = weights.map(() => new Float64Array(lixels.count));
  const n = incidents.count;
  const reachM = new Float64Array(n);
  const regionalReachM = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = f * incidents.precisionM[i];
    reachM[i] = Math.sqrt(h * h + p * p);
    regionalReachM[i] = Math.max(reachM[i], Math.sqrt(hg * hg + p * p));
  }
  if (lixels.count === 0) return { local, regional, reachM, regionalReachM, nearestLixelM: nearestLixelsWithin(index, incidents, regionalReachM) };
  // the regional tree's walk (most of the cost) starts on the workers first; this thread meanwhile does
  // the nearest lixels and the short-reach sums, then joins the walk. Every array gets its terms in the
  // same order as when done one after the other: short reaches first, then the tree's.
  const regionalTree = kernelTree(incidents, weights, regionalReachM);
  const regionalWalk = regionalTree && startKernelTreeSums(regionalTree, lixels, regional, options.threads);
  const nearestLixelM = nearestLixelsWithin(index, incidents, regionalReachM, options.nearestExactWithinM);
  addShortReachSums(index, incidents, weights, reachM, local);
  addShortReachSums(index, incidents, weights, regionalReachM, regional);
  regionalWalk?.finish();
  const localTree = kernelTree(incidents, weights, reachM);
  if (localTree) addKernelTreeSumsParallel(localTree, lixels, local, options.threads);
  return { local, regional, reachM, regionalReachM, nearestLixelM };
}

/** Whether incident i has a non-zero weight in any of the vectors (else it adds nothing anywhere). */
function weighted(weights: readonly Float64Array[], i: number): boolean {
  for (const w of weights) if (w[i] !== 0) return true;
  return false;
}

/** Add Σᵢ wᵢ·K_reachᵢ(dᵢₗ) to out[c] for each weight vector c over the incidents of reach ≤ EXACT_REACH_M, through the lixel index. */
function addShortReachSums(index: LixelIndex, incidents: IncidentSet, weights: readonly Float64Array[], reachM: Float64Array, out: readonly Float64Array[]): void {
  const { xy, start } = index.lixels;
  for (let i = 0; i < incidents.count; i++) {
    const R = reachM[i];
    if (R > EXACT_REACH_M || !weighted(weights, i)) continue;
    const px = incidents.x[i];
    const py = incidents.y[i];
    for (const l of searchNear(index.index, px, py, R)) {
      const d = polylineDistance(xy, start[l], start[l + 1], px, py);
      if (!(d < R)) continue;
      const kernel = quarticPerKm2(d, R);
      for (let c = 0; c < weights.length; c++) {
        const w = weights[c][i];
        if (w !== 0) out[c][l] += w * kernel;
      }
    }
  }
}

/** The kernel tree over the weighted incidents of reach above EXACT_REACH_M, or undefined when there is none. */
function kernelTree(incidents: IncidentSet, weights: readonly Float64Array[], reachM: Float64Array) {
  const wide: number[] = [];
  for (let i = 0; i < incidents.count; i++) if (reachM[i] > EXACT_REACH_M && weighted(weights, i)) wide.push(i);
  return wide.length ? buildKernelTree(incidents.x, incidents.y, weights, reachM, Uint32Array.from(wide)) : undefined;
}

/**
 * Distance from each incident to the nearest lixel closer than its reach, Infinity when none: the
 * bbox-nearest lixel bounds it, and every lixel nearer than that bound lies in the bound's box.
 * With `exactWithinM` (a tile of a tiled run, pipeline/tiles/): the distance is exact only where it is at
 * most exactWithinM[i]; beyond, any distance above exactWithinM[i] and below the reach that some lixel has
 * (the first candidate's), so a tile does not search its whole area for incidents far outside it. The
 * minimum over the tiles is then exact wherever it is at most exactWithinM[i], and on the same side of it
 * and of the reach elsewhere — all that its readers compare it with (road-share.ts: the road band and the
 * precision, both at most exactWithinM = max(band, precision); finite or not).
 */
function nearestLixelsWithin(index: LixelIndex, incidents: IncidentSet, reachM: Float64Array, exactWithinM?: Float64Array): Float64Array {
  const out = new Float64Array(incidents.count).fill(Infinity);
  if (index.lixels.count === 0) return out;
  const { xy, start } = index.lixels;
  for (let i = 0; i < incidents.count; i++) {
    const px = incidents.x[i];
    const py = incidents.y[i];
    const G = reachM[i];
    const first = neighboursWithin(index.index, px, py, 1, G);
    if (first.length === 0) continue;
    const d0 = polylineDistance(xy, start[first[0]], start[first[0] + 1], px, py);
    let b = Math.min(G, d0);
    if (exactWithinM && b > exactWithinM[i] && d0 < G) {
      b = exactWithinM[i];
      let within = Infinity;
      for (const l of searchNear(index.index, px, py, b)) {
        const d = polylineDistance(xy, start[l], start[l + 1], px, py);
        if (d < within) within = d;
      }
      out[i] = within <= b ? within : d0;
      continue;
    }
    let nearest = Infinity;
    for (const l of searchNear(index.index, px, py, b)) {
      const d = polylineDistance(xy, start[l], start[l + 1], px, py);
      if (d < G && d < nearest) nearest = d;
    }
    out[i] = nearest;
  }
  return out;
}
