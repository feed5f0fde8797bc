import FlatQueue from "flatqueue";
import type { RoadGraph } from "../routing/road-graph.ts";
import { lowerEnvelope } from "./lower-envelope.ts";

/** The network KDE estimators of Okabe & Sugihara (2012) as offered by spNetwork's `nkde(method = …)`. */
export const NKDE_METHODS = ["simple", "discontinuous", "continuous"] as const;
export type NkdeMethod = (typeof NKDE_METHODS)[number];

/** The graph fields the network KDE depends on (only these, so routing can evolve independently). */
export type KdeGraph = Pick<RoadGraph, "nodeCount" | "edgeFrom" | "edgeTo" | "adjStart" | "adjEdge" | "adjNode">;

/**
 * One piece of one event's kernel on lixel `edge`: for t ∈ [t0, t1] (t1 excluded unless `closedEnd`) the
 * network distance from the event is b + |t − s|, and the kernel there is multiplied by m.
 */
export type SegmentVisitor = (edge: number, t0: number, t1: number, s: number, b: number, m: number, closedEnd: boolean) => void;

/** Reusable state for spreading many events over one graph. */
export interface Spreader {
  /** Spread one event (on `edge` at `alongM`, weight w), calling `visit` for every piece of its kernel. */
  spread(edge: number, alongM: number, w: number, visit: SegmentVisitor): void;
  /** Walks stopped at maxDepth, and the kernel mass they still carried (Σ |m|·(½ − G(d/h))). */
  readonly truncated: { walks: number; mass: number };
}

/**
 * Build a spreader. `simple`: network distance = shortest path, by Dijkstra from both ends of the event's
 * lixel, bounded by h (Xie & Yan 2008; Okabe & Sugihara 2012 §9.2). `discontinuous` and `continuous`:
 * the kernel is propagated along every non-backtracking walk from the event while the walked distance
 * is < h (Okabe, Satoh & Sugihara 2009; Okabe & Sugihara 2012 §9.3), and at a node of degree n a walk
 * arriving with multiplier m continues on each of the other n − 1 edges with
 *   discontinuous (equal split):  m / (n − 1); a dead end (n = 1) absorbs the walk;
 *   continuous (equal split with reflection): m · 2/n on each other edge and m · (2 − n)/n back along
 *   the edge it came from; a dead end reflects it whole (factor 1).
 * Nodes of degree 2 (the breaks between lixels of one road) pass a walk on unchanged. `maxDepth` bounds
 * the number of nodes of degree ≠ 2 a walk may pass (spNetwork's `max_depth`); what is cut is counted.
 */
export function createSpreader(graph: KdeGraph, lengthM: Float64Array, bandwidthM: number, method: NkdeMethod, maxDepth: number, lineMass: (u: number) => number): Spreader {
  const { nodeCount, edgeFrom, edgeTo, adjStart, adjEdge, adjNode } = graph;
  const h = bandwidthM;
  const leaveEnd = leavingEnds(graph);
  const slotOf = slotsByEnd(graph, leaveEnd);
  const truncated = { walks: 0, mass: 0 };
  const dist = new Float64Array(nodeCount).fill(Infinity);
  const edgeSeen = new Int32Array(edgeFrom.length).fill(-1);
  const touched: number[] = [];
  const queue = new FlatQueue<number>();
  let round = 0;

  function simple(edge: number, a: number, w: number, visit: SegmentVisitor): void {
    round++;
    const f = edgeFrom[edge];
    const t = edgeTo[edge];
    const L = lengthM[edge];
    const relaxSource = (u: number, d: number) => {
      if (d < dist[u]) {
        if (dist[u] === Infinity) touched.push(u);
        dist[u] = d;
        queue.push(u, d);
      }
    };
    relaxSource(f, a);
    relaxSource(t, L - a);
    while (queue.length > 0) {
      const d = queue.peekValue() as number;
      const u = queue.pop() as number;
      if (d > dist[u] || d >= h) {
        if (d >= h) break;
        continue;
      }
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const v = adjNode[k];
        const dv = d + lengthM[adjEdge[k]];
        if (dv < dist[v]) {
          if (dist[v] === Infinity) touched.push(v);
          dist[v] = dv;
          queue.push(v, dv);
        }
      }
    }
    queue.clear();
    const emitEdge = (e: number, withEvent: boolean) => {
      edgeSeen[e] = round;
      const s = [0, lengthM[e]];
      const b = [dist[edgeFrom[e]], dist[edgeTo[e]]];
      if (withEvent) {
        s.push(a);
        b.push(0);
      }
      lowerEnvelope(lengthM[e], s, b, (t0, t1, sk, bk, last) => {
        if (bk + Math.min(Math.abs(t0 - sk), Math.abs(t1 - sk)) < h) visit(e, t0, t1, sk, bk, w, last);
      });
    };
    emitEdge(edge, true);
    for (const u of touched) {
      if (dist[u] >= h) continue;
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) if (edgeSeen[adjEdge[k]] !== round) emitEdge(adjEdge[k], false);
    }
    for (const u of touched) dist[u] = Infinity;
    touched.length = 0;
  }

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
  function walks(edge: number, a: number, w: number, visit: SegmentVisitor): void {
    const L = lengthM[edge];
    visit(edge, Math.max(0, a - h), a, a, 0, w, false);
    visit(edge, a, Math.min(L, a + h), a, 0, w, true);
    if (a < h) push(edgeFrom[edge], a, w, slotOf[2 * edge], 0);
    if (L - a < h) push(edgeTo[edge], L - a, w, slotOf[2 * edge + 1], 0);
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
      if (m === 0) continue;
      const n = adjStart[u + 1] - adjStart[u];
      if (n !== 2 && depth >= maxDepth) {
        truncated.walks++;
        truncated.mass += Math.abs(m) * (0.5 - lineMass(d / h));
        continue;
      }
      const nextDepth = n === 2 ? depth : depth + 1;
      let out: number;
      let back: number;
      if (method === "discontinuous") {
        out = n > 1 ? m / (n - 1) : 0;
        back = 0;
      } else {
        out = (m * 2) / n;
        back = (m * (2 - n)) / n;
      }
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const factor = k === inSlot ? back : out;
        if (factor === 0) continue;
        const e = adjEdge[k];
        const end = leaveEnd[k];
        const le = lengthM[e];
        if (end === 0) visit(e, 0, Math.min(le, h - d), 0, d, factor, true);
        else visit(e, Math.max(0, le - (h - d)), le, le, d, factor, true);
        // arriving at the far end: the slot there that leaves by that end is the way back
        if (d + le < h) push(end === 0 ? edgeTo[e] : edgeFrom[e], d + le, factor, slotOf[2 * e + (1 - end)], nextDepth);
      }
    }
    sNode.length = 0;
    sDist.length = 0;
    sMult.length = 0;
    sSlot.length = 0;
    sDepth.length = 0;
  }

  return { spread: method === "simple" ? simple : walks, truncated };
}

/** Walks whose lengths differ by at most this many metres are merged (see `walks`). */
const MERGE_M = 1e-7;

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
