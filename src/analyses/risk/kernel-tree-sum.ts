import type { Lixels } from "../../core/lixels.ts";
import { type KernelTree, nodePolynomial } from "./kernel-tree.ts";

/** The parts of a kernel tree the sums read (what the worker threads get, on shared memory). */
export type KernelTreeArrays = Pick<KernelTree, "nodeData" | "leafData" | "child" | "childCount" | "coef" | "first" | "size" | "order" | "nodeCount" | "channels">;

/**
 * Add Σᵢ wᵢ·K_Rᵢ(dᵢₗ) to out[c][l] for every lixel l in [from, to) and every channel c of the tree (its
 * weight vectors: one walk, one distance per pair, for all of them), dᵢₗ = planar distance from incident i to
 * lixel l's polyline — the same sum as the per-incident loop of incidentIntensityExact, computed from the
 * kernel tree (kernel-tree.ts). A node of the tree is taken whole, through its polynomial evaluated at one
 * vertex v of the lixel, when two things hold for every point P of its box:
 *  1. v is the lixel's nearest point to P: (P − v)·(x_j − v) ≤ 0 for every vertex x_j of the lixel, so
 *     (P − v)·(x − v) ≤ 0 for every point x of the polyline (a convex combination of vertices) and
 *     |P − x|² = |P − v|² + |x − v|² − 2(P − v)·(x − v) ≥ |P − v|²: then dᵢₗ = |Pᵢ − v| exactly;
 *  2. |P − v| < the node's smallest reach: every incident is inside its own kernel, where K is the polynomial.
 * Both are linear or convex in P, so the box's corners decide them. Otherwise the node is opened; a leaf
 * that fails is summed incident by incident with the exact polyline distance. Nodes farther than their
 * largest reach from the lixel's box are skipped. The result differs from the exact sum by rounding only
 * (test/analyses/risk/incident-intensity-fast.test.ts measures it). What is left to do one by one is the
 * incidents near the rim of each reach disc and in the strips perpendicular to the lixel where no single
 * vertex is nearest: bands, not the disc, so the cost grows with reach, not reach².
 */
export function addKernelTreeSums(tree: KernelTreeArrays, lixels: Pick<Lixels, "count" | "xy" | "start">, out: readonly Float64Array[], from = 0, to = lixels.count): void {
  if (tree.order.length === 0) return;
  const K = tree.channels;
  // scalar sums for one or two channels (the rates and the casualty-weighted ones): arrays of sums cost ≈ 6 % here
  if (K > 2 || out.length !== K) throw new RangeError(`a kernel tree sums one or two channels into as many outputs, not ${K} into ${out.length}`);
  const two = K === 2;
  const stride = 3 + K;
  const { xy, start } = lixels;
  const { nodeData: nd, leafData: ld, child, childCount, coef, first, size } = tree;
  const stack = new Uint32Array(tree.nodeCount + 1);
  for (let l = from; l < to; l++) {
    const v0 = start[l];
    const v1 = start[l + 1];
    let lx0 = Infinity;
    let ly0 = Infinity;
    let lx1 = -Infinity;
    let ly1 = -Infinity;
    for (let v = v0; v < v1; v++) {
      const vx = xy[2 * v];
      const vy = xy[2 * v + 1];
      if (vx < lx0) lx0 = vx;
      if (vx > lx1) lx1 = vx;
      if (vy < ly0) ly0 = vy;
      if (vy > ly1) ly1 = vy;
    }
    let sum0 = 0;
    let sum1 = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const k = stack[--top];
      const o = 8 * k;
      const bx0 = nd[o];
      const by0 = nd[o + 1];
      const bx1 = nd[o + 2];
      const by1 = nd[o + 3];
      const dx = Math.max(0, bx0 - lx1, lx0 - bx1);
      const dy = Math.max(0, by0 - ly1, ly0 - by1);
      if (dx * dx + dy * dy >= nd[o + 5]) continue;
      // the farthest the box can be from any point of the lixel's box: below the smallest reach, try to take it whole
      const fx = Math.max(bx1 - lx0, lx1 - bx0);
      const fy = Math.max(by1 - ly0, ly1 - by0);
      if (fx * fx + fy * fy < nd[o + 4]) {
        const v = coneVertex(xy, v0, v1, nd, o);
        if (v >= 0) {
          const X = xy[2 * v] - nd[o + 6];
          const Y = xy[2 * v + 1] - nd[o + 7];
          sum0 += nodePolynomial(coef, 9 * K * k, X, Y);
          if (two) sum1 += nodePolynomial(coef, 9 * (2 * k + 1), X, Y);
          continue;
        }
      }
      if (childCount[k] !== 0) {
        for (let c = 0; c < childCount[k]; c++) stack[top++] = child[k] + c;
        continue;
      }
      // a leaf: each incident one by one, its exact squared distance to the polyline once, then
      // quarticPerKm2's (1 − d²/R²)² times each channel's factor w·3·10⁶/(π R²) the tree stored
      let leaf0 = 0;
      let leaf1 = 0;
      for (let j = first[k], end = j + size[k]; j < end; j++) {
        const q = stride * j;
        const d2 = squaredPolylineDistance(ld[q], ld[q + 1], xy, v0, v1);
        const R2 = ld[q + 2];
        if (d2 < R2) {
          const u = 1 - d2 / R2;
          leaf0 += ld[q + 3] * u * u;
          if (two) leaf1 += ld[q + 4] * u * u;
        }
      }
      sum0 += leaf0;
      sum1 += leaf1;
    }
    out[0][l] += sum0;
    if (two) out[1][l] += sum1;
  }
}

/**
 * The vertex v of [v0, v1) nearest to the box's centre if the whole box (node data at o) lies in its cone
 * {P : (P − v)·(x_j − v) ≤ 0 for every vertex x_j}, else −1.
 */
function coneVertex(xy: Float64Array, v0: number, v1: number, nd: Float64Array, o: number): number {
  const cx = nd[o + 6];
  const cy = nd[o + 7];
  let v = v0;
  let best = Infinity;
  for (let j = v0; j < v1; j++) {
    const d = (xy[2 * j] - cx) ** 2 + (xy[2 * j + 1] - cy) ** 2;
    if (d < best) {
      best = d;
      v = j;
    }
  }
  const vx = xy[2 * v];
  const vy = xy[2 * v + 1];
  const ax = nd[o] - vx;
  const ay = nd[o + 1] - vy;
  const bx = nd[o + 2] - vx;
  const by = nd[o + 3] - vy;
  for (let j = v0; j < v1; j++) {
    const gx = xy[2 * j] - vx;
    const gy = xy[2 * j + 1] - vy;
    // the largest (P − v)·g over the box: each coordinate at the end g points to
    if ((gx > 0 ? bx : ax) * gx + (gy > 0 ? by : ay) * gy > 0) return -1;
  }
  return v;
}

/**
 * Squared distance from (px, py) to the polyline [v0, v1) of xy, as polylineDistance (core/math.ts) squared,
 * with the segment arithmetic of segmentDistanceSq written out: the walk's innermost loop, and calling the
 * core functions from here made riskScores ≈ 20 % slower at bench M (21.8 against 17.8 CPU-s, 3 Dec).
 */
function squaredPolylineDistance(px: number, py: number, xy: Float64Array, v0: number, v1: number): number {
  let d2 = Infinity;
  for (let v = v0; v < v1 - 1; v++) {
    const ax = xy[2 * v];
    const ay = xy[2 * v + 1];
    const ex = xy[2 * v + 2] - ax;
    const ey = xy[2 * v + 3] - ay;
    const len2 = ex * ex + ey * ey;
    let t = len2 > 0 ? ((px - ax) * ex + (py - ay) * ey) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const qx = ax + t * ex - px;
    const qy = ay + t * ey - py;
    const q = qx * qx + qy * qy;
    if (q < d2) d2 = q;
  }
  return d2;
}
