/**
 * A quadtree over weighted incidents whose every node carries the quartic kernel sum of its incidents as
 * one polynomial in the evaluation point — the "moments" of the exact-by-construction scheme in
 * docs/risk-model.md ("Wide kernels"). For an incident at P with weight w and reach R, and a point X whose
 * distance q = |X − P|² is below R², the kernel of quarticPerKm2 is
 *   w·c_R·(1 − q/R²)²,  c_R = 3·10⁶/(π R²),
 * a polynomial of degree 4 in X. Summed over a node's incidents (each with its own R) it stays one
 * polynomial with nine coefficients, expanded around the node's centre o (X, P taken relative to o):
 *   Σ = C0 + Cx·X + Cy·Y + Qxx·X² + Qxy·X·Y + Qyy·Y² + |X|²·(Dx·X + Dy·Y) + E·|X|⁴.
 * It equals the per-incident sum exactly (up to rounding) wherever every incident of the node is within
 * its own reach of X, which the traversal (kernel-tree-sum.ts) checks before it uses it.
 */
export interface KernelTree {
  /** Nodes: tight box of their incidents, reach range, children or incident range. */
  readonly minX: Float64Array;
  readonly minY: Float64Array;
  readonly maxX: Float64Array;
  readonly maxY: Float64Array;
  readonly minReachM: Float64Array;
  readonly maxReachM: Float64Array;
  /** Node k's incidents are order[first[k] .. first[k] + size[k]). */
  readonly first: Uint32Array;
  readonly size: Uint32Array;
  /** Index of the first of node k's children in the node arrays, and how many (0 for a leaf). */
  readonly child: Uint32Array;
  readonly childCount: Uint8Array;
  /** Weight vectors summed (channels): one polynomial per node and channel. */
  readonly channels: number;
  /** Nine polynomial coefficients (C0 Cx Cy Qxx Qxy Qyy Dx Dy E) around (originX, originY) per node and channel, at 9·(channels·k + c). */
  readonly coef: Float64Array;
  readonly originX: Float64Array;
  readonly originY: Float64Array;
  /** Incident indices, grouped by node. */
  readonly order: Uint32Array;
  /** Per position j of `order`, stride 3 + channels: x, y, reach², then per channel weight × 3·10⁶/(π reach²) of incident order[j] (contiguous for the leaf loops). */
  readonly leafData: Float64Array;
  /** Per node: minX minY maxX maxY minReach² maxReach² originX originY, contiguous for the traversal. */
  readonly nodeData: Float64Array;
  readonly nodeCount: number;
}

/** A node with at most this many incidents is a leaf: summing them one by one is cheaper than splitting. */
const LEAF_SIZE = 16;
/** Coincident points cannot be split: stop at this depth (a square of 2⁻²⁴ of the extent). */
const MAX_DEPTH = 24;

/**
 * Build the tree over the incidents `members` (indices into x, y, the weights and reachM). Incidents whose
 * every weight is 0 should be left out by the caller: they add nothing. Several weight vectors (channels,
 * e.g. the rates' and the casualty-weighted ones) share one tree, so one walk sums them all: the tree's
 * shape depends on the members only, and a channel's sums equal those of a tree built for it alone over
 * the same members. O(n log n) per channel.
 */
export function buildKernelTree(x: Float64Array, y: Float64Array, weights: Float64Array | readonly Float64Array[], reachM: Float64Array, members: Uint32Array): KernelTree {
  const weight = weights instanceof Float64Array ? [weights] : weights;
  const channels = weight.length;
  const n = members.length;
  const cap = Math.max(1, 2 * n + 1);
  const t = {
    minX: new Float64Array(cap), minY: new Float64Array(cap), maxX: new Float64Array(cap), maxY: new Float64Array(cap),
    minReachM: new Float64Array(cap), maxReachM: new Float64Array(cap),
    first: new Uint32Array(cap), size: new Uint32Array(cap), child: new Uint32Array(cap), childCount: new Uint8Array(cap),
    channels, coef: new Float64Array(9 * channels * cap), originX: new Float64Array(cap), originY: new Float64Array(cap),
    order: Uint32Array.from(members), nodeCount: 0,
  };
  const scratch = new Uint32Array(n);
  // breadth-first so that a node's children are contiguous; a queue of [node, depth]
  const queue: number[] = [0, 0];
  t.first[0] = 0;
  t.size[0] = n;
  t.nodeCount = 1;
  for (let qi = 0; qi < queue.length; qi += 2) {
    const k = queue[qi];
    fillNode(t, k, x, y, weight, reachM);
    if (t.size[k] <= LEAF_SIZE || queue[qi + 1] >= MAX_DEPTH) continue;
    const midX = (t.minX[k] + t.maxX[k]) / 2;
    const midY = (t.minY[k] + t.maxY[k]) / 2;
    if (!(t.maxX[k] > t.minX[k] || t.maxY[k] > t.minY[k])) continue; // all at one point
    const counts = [0, 0, 0, 0];
    const f = t.first[k];
    const s = t.size[k];
    const quad = (i: number) => (x[i] >= midX ? 1 : 0) + (y[i] >= midY ? 2 : 0);
    for (let j = f; j < f + s; j++) counts[quad(t.order[j])]++;
    const at = [0, counts[0], counts[0] + counts[1], counts[0] + counts[1] + counts[2]];
    for (let j = f; j < f + s; j++) scratch[at[quad(t.order[j])]++] = t.order[j];
    t.order.set(scratch.subarray(0, s), f);
    t.child[k] = t.nodeCount;
    let offset = f;
    for (let c = 0; c < 4; c++) {
      if (counts[c] === 0) continue;
      const m = t.nodeCount++;
      t.first[m] = offset;
      t.size[m] = counts[c];
      offset += counts[c];
      t.childCount[k]++;
      queue.push(m, queue[qi + 1] + 1);
    }
  }
  const stride = 3 + channels;
  const leafData = new Float64Array(stride * n);
  for (let j = 0; j < n; j++) {
    const i = t.order[j];
    const R2 = reachM[i] * reachM[i];
    leafData[stride * j] = x[i];
    leafData[stride * j + 1] = y[i];
    leafData[stride * j + 2] = R2;
    for (let c = 0; c < channels; c++) leafData[stride * j + 3 + c] = (weight[c][i] * 3e6) / (Math.PI * R2);
  }
  const nodeData = new Float64Array(8 * t.nodeCount);
  for (let k = 0; k < t.nodeCount; k++) {
    const r0 = t.minReachM[k];
    const r1 = t.maxReachM[k];
    nodeData.set([t.minX[k], t.minY[k], t.maxX[k], t.maxY[k], r0 * r0, r1 * r1, t.originX[k], t.originY[k]], 8 * k);
  }
  return { ...t, leafData, nodeData };
}

/** Box, reach range and the nine coefficients per channel of node k from its incidents (see the file comment). */
function fillNode(t: Omit<KernelTree, "leafData" | "nodeData">, k: number, x: Float64Array, y: Float64Array, weights: readonly Float64Array[], reachM: Float64Array) {
  let [x0, y0, x1, y1, r0, r1] = [Infinity, Infinity, -Infinity, -Infinity, Infinity, 0];
  const f = t.first[k];
  const e = f + t.size[k];
  for (let j = f; j < e; j++) {
    const i = t.order[j];
    if (x[i] < x0) x0 = x[i];
    if (x[i] > x1) x1 = x[i];
    if (y[i] < y0) y0 = y[i];
    if (y[i] > y1) y1 = y[i];
    if (reachM[i] < r0) r0 = reachM[i];
    if (reachM[i] > r1) r1 = reachM[i];
  }
  t.minX[k] = x0;
  t.minY[k] = y0;
  t.maxX[k] = x1;
  t.maxY[k] = y1;
  t.minReachM[k] = r0;
  t.maxReachM[k] = r1;
  t.originX[k] = (x0 + x1) / 2;
  t.originY[k] = (y0 + y1) / 2;
  for (let c = 0; c < weights.length; c++) fillCoefficients(t, k, weights[c], x, y, reachM, 9 * (weights.length * k + c));
}

/** The nine coefficients of node k's polynomial for one weight vector, at t.coef[o .. o + 9). */
function fillCoefficients(t: Omit<KernelTree, "leafData" | "nodeData">, k: number, weight: Float64Array, x: Float64Array, y: Float64Array, reachM: Float64Array, o: number) {
  const f = t.first[k];
  const e = f + t.size[k];
  const ox = t.originX[k];
  const oy = t.originY[k];
  // moments: a = w·c, b = w·c/R², e = w·c/R⁴ with P relative to o
  let [a, b, bPx, bPy, bP2, eSum, ePx, ePy, eP2, eP2Px, eP2Py, eXX, eXY, eYY, eP4] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let j = f; j < e; j++) {
    const i = t.order[j];
    const R2 = reachM[i] * reachM[i];
    const ai = (weight[i] * 3e6) / (Math.PI * R2);
    const bi = ai / R2;
    const ei = bi / R2;
    const px = x[i] - ox;
    const py = y[i] - oy;
    const p2 = px * px + py * py;
    a += ai;
    b += bi;
    bPx += bi * px;
    bPy += bi * py;
    bP2 += bi * p2;
    eSum += ei;
    ePx += ei * px;
    ePy += ei * py;
    eP2 += ei * p2;
    eP2Px += ei * p2 * px;
    eP2Py += ei * p2 * py;
    eXX += ei * px * px;
    eXY += ei * px * py;
    eYY += ei * py * py;
    eP4 += ei * p2 * p2;
  }
  // Σ a − 2 Σ b q + Σ e q² with q = S − 2 P·X + |P|², S = |X|², expanded in X
  const c = t.coef;
  c[o] = a - 2 * bP2 + eP4;
  c[o + 1] = 4 * bPx - 4 * eP2Px;
  c[o + 2] = 4 * bPy - 4 * eP2Py;
  c[o + 3] = -2 * b + 2 * eP2 + 4 * eXX;
  c[o + 4] = 8 * eXY;
  c[o + 5] = -2 * b + 2 * eP2 + 4 * eYY;
  c[o + 6] = -4 * ePx;
  c[o + 7] = -4 * ePy;
  c[o + 8] = eSum;
}

/**
 * Node polynomial at (X, Y) relative to the node's origin: C0 + Cx·X + Cy·Y + Qxx·X² + Qxy·X·Y + Qyy·Y²
 * + |X|²·(Dx·X + Dy·Y) + E·|X|⁴, with the coefficients at coef[o .. o + 9) (o = 9 × node).
 */
export function nodePolynomial(c: Float64Array, o: number, X: number, Y: number): number {
  const S = X * X + Y * Y;
  return c[o] + c[o + 1] * X + c[o + 2] * Y + c[o + 3] * X * X + c[o + 4] * X * Y + c[o + 5] * Y * Y + S * (c[o + 6] * X + c[o + 7] * Y) + c[o + 8] * S * S;
}
