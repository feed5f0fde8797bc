import FlatQueue from "flatqueue";
import type { KdeGraph, SegmentVisitor, Spreader, SpreaderOptions } from "./network-spread-types.ts";

/** Walks whose lengths differ by at most this many metres are merged (see `createWalkSpreader`). */
const MERGE_M = 1e-7;

/** An event this close (metres) to an end of its lixel is taken to sit on the node there. */
export const NODE_TOLERANCE_M = 1e-7;

/**
 * The walk estimators (Okabe, Satoh & Sugihara 2009; Okabe & Sugihara 2012 §9.3): the kernel is carried
 * along every non-backtracking walk while the walked distance is < h. A walk arriving with multiplier m
 * at a node of degree n continues on each of the other n − 1 edges with
 *   discontinuous (equal split):  m / (n − 1); a dead end (n = 1) absorbs it;
 *   continuous (equal split, continuous at nodes): m · 2/n on each other edge and m · (2 − n)/n back the
 *   way it came. At a dead end the formula gives back (2 − 1)/1 = 1, a whole reflection: that is
 *   `deadEnds: "reflect"`. spNetwork's continuous worker splits only at nodes of degree > 1, so the
 *   walk stops at a dead end: `deadEnds: "stop"`.
 * The start (Okabe & Sugihara 2012 §9.3; spNetwork makes each event a vertex of degree n and starts with
 * multiplier 1 there): an event inside a lixel sends w along both directions (n = 2, 2/n = 1); an event on
 * a node of degree n — within NODE_TOLERANCE_M of a lixel end — sends w · 2/n along each of the n edges,
 * so the n pieces together carry the kernel's unit mass before any further node, whatever the order of
 * the lixels (n = 1, an event at a dead end, gives 2: the whole kernel on its one edge).
 * Nodes of degree 2 pass a walk on unchanged; `maxDepth` bounds the nodes of degree ≠ 2 a walk may pass
 * (a walk absorbed at a dead end is not counted as cut).
 */
export function createWalkSpreader(graph: KdeGraph, lengthM: Float64Array, o: SpreaderOptions): Spreader {
  const { adjStart, adjEdge, edgeFrom, edgeTo } = graph;
  const { bandwidthM: h, maxDepth, lineMass } = o;
  const reflect = o.method === "continuous" && o.deadEnds === "reflect";
  const leaveEnd = leavingEnds(graph);
  const slotOf = slotsByEnd(graph, leaveEnd);
  const truncated = { walks: 0, mass: 0 };
  // Walk states, processed in order of distance (a heap), so that walks arriving at the same node through
  // the same edge end, at the same depth and with lengths equal within MERGE_M, are merged by adding
  // their multipliers: exact (the kernel is linear in m) up to that tolerance, and on street grids,
  // where many walks have equal lengths, it turns an exponential number of walks into a polynomial one.
  const sNode: number[] = [];
  const sDist: number[] = [];
  const sMult: number[] = [];
  const sSlot: number[] = [];
  const sDepth: number[] = [];
  const pending = new Map<number, number[]>();
  const heap = new FlatQueue<number>();
  const push = (u: number, d: number, m: number, slot: number, depth: number) => {
    const key = slot * (maxDepth + 2) + depth;
    const list = pending.get(key);
    if (list) {
      for (const s of list) {
        if (Math.abs(sDist[s] - d) <= MERGE_M) {
          sMult[s] += m;
          return;
        }
      }
    }
    const s = sNode.length;
    sNode.push(u);
    sDist.push(d);
    sMult.push(m);
    sSlot.push(slot);
    sDepth.push(depth);
    if (list) list.push(s);
    else pending.set(key, [s]);
    heap.push(s, d);
  };
  /** The piece of the kernel on the edge of adjacency slot k, leaving its node at distance d, and the walk on. */
  const leave = (k: number, d: number, factor: number, depth: number, visit: SegmentVisitor) => {
    const e = adjEdge[k];
    const end = leaveEnd[k];
    const le = lengthM[e];
    if (end === 0) visit(e, 0, Math.min(le, h - d), 0, d, factor, true);
    else visit(e, Math.max(0, le - (h - d)), le, le, d, factor, true);
    // arriving at the far end: the slot there that leaves by that end is the way back
    if (d + le < h) push(end === 0 ? edgeTo[e] : edgeFrom[e], d + le, factor, slotOf[2 * e + (1 - end)], depth);
  };
  const start = (edge: number, a: number, w: number, visit: SegmentVisitor) => {
    const L = lengthM[edge];
    const atFrom = a <= NODE_TOLERANCE_M && a <= L / 2;
    if (atFrom || a >= L - NODE_TOLERANCE_M) {
      const u = atFrom ? edgeFrom[edge] : edgeTo[edge];
      const n = adjStart[u + 1] - adjStart[u];
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) leave(k, 0, (w * 2) / n, 0, visit);
      return;
    }
    visit(edge, Math.max(0, a - h), a, a, 0, w, false);
    visit(edge, a, Math.min(L, a + h), a, 0, w, true);
    if (a < h) push(edgeFrom[edge], a, w, slotOf[2 * edge], 0);
    if (L - a < h) push(edgeTo[edge], L - a, w, slotOf[2 * edge + 1], 0);
  };
  function spread(edge: number, a: number, w: number, visit: SegmentVisitor): void {
    start(edge, a, w, visit);
    while (heap.length > 0) {
      const s = heap.pop() as number;
      const u = sNode[s];
      const d = sDist[s];
      const m = sMult[s];
      const inSlot = sSlot[s];
      const depth = sDepth[s];
      const key = inSlot * (maxDepth + 2) + depth;
      const list = pending.get(key) as number[];
      if (list.length === 1) pending.delete(key);
      else list.splice(list.indexOf(s), 1);
      const n = adjStart[u + 1] - adjStart[u];
      if (m === 0 || (n === 1 && !reflect)) continue;
      if (n !== 2 && depth >= maxDepth) {
        truncated.walks++;
        truncated.mass += Math.abs(m) * (0.5 - lineMass(d / h));
        continue;
      }
      const nextDepth = n === 2 ? depth : depth + 1;
      const out = o.method === "discontinuous" ? m / (n - 1) : (m * 2) / n;
      const back = o.method === "discontinuous" ? 0 : (m * (2 - n)) / n;
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const factor = k === inSlot ? back : out;
        if (factor !== 0) leave(k, d, factor, nextDepth, visit);
      }
    }
    sNode.length = 0;
    sDist.length = 0;
    sMult.length = 0;
    sSlot.length = 0;
    sDepth.length = 0;
  }
  return { spread, truncated };
}

/** slotOf[2e + end]: the adjacency slot, at the node at that end of edge e, that leaves e by that end. */
function slotsByEnd(graph: KdeGraph, leaveEnd: Uint8Array): Uint32Array {
  const out = new Uint32Array(2 * graph.edgeFrom.length);
  for (let k = 0; k < graph.adjEdge.length; k++) out[2 * graph.adjEdge[k] + leaveEnd[k]] = k;
  return out;
}

/**
 * For each adjacency slot, the end of the edge it leaves by: 0 = the edge's first vertex (then t grows),
 * 1 = its last vertex. A loop edge (both ends at one node) is listed twice at that node: its first slot
 * leaves by end 0 and its second by end 1 (buildRoadGraph lists the from-end first).
 */
function leavingEnds(graph: KdeGraph): Uint8Array {
  const { nodeCount, edgeFrom, edgeTo, adjStart, adjEdge } = graph;
  const out = new Uint8Array(adjEdge.length);
  for (let u = 0; u < nodeCount; u++) {
    for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
      const e = adjEdge[k];
      if (edgeFrom[e] !== edgeTo[e]) out[k] = edgeFrom[e] === u ? 0 : 1;
      else {
        let seen = false;
        for (let j = adjStart[u]; j < k; j++) if (adjEdge[j] === e) seen = true;
        out[k] = seen ? 1 : 0;
      }
    }
  }
  return out;
}
