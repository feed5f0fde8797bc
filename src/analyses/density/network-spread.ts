import FlatQueue from "flatqueue";
import type { RoadGraph } from "../routing/road-graph.ts";
import { lowerEnvelope } from "./lower-envelope.ts";
import { createWalkSpreader } from "./network-walks.ts";

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
 * What the continuous estimator does at a dead end (a node of degree 1): "stop" ends the walk there, as
 * spNetwork's continuous worker does (it splits the kernel only at nodes of degree > 1); "reflect" sends
 * it back whole, which is the node rule 2/n forward, (2 − n)/n back evaluated at n = 1 and conserves mass.
 */
export const NKDE_DEAD_ENDS = ["stop", "reflect"] as const;
export type NkdeDeadEnds = (typeof NKDE_DEAD_ENDS)[number];

export interface SpreaderOptions {
  readonly method: NkdeMethod;
  /** Bandwidth h, metres (network distance). */
  readonly bandwidthM: number;
  /** Nodes of degree ≠ 2 a walk may pass (spNetwork's `max_depth`). */
  readonly maxDepth: number;
  /** Continuous estimator at dead ends (ignored by the others, which stop there). */
  readonly deadEnds: NkdeDeadEnds;
  /** The kernel's one-sided mass G(u) = ∫₀ᵘ k, for the mass of cut walks. */
  readonly lineMass: (u: number) => number;
}

/**
 * Build a spreader. `simple`: network distance = shortest path, by Dijkstra from both ends of the event's
 * lixel, bounded by h (Xie & Yan 2008; Okabe & Sugihara 2012 §9.2), no split at nodes.
 * `discontinuous` and `continuous`: the walk estimators of `createWalkSpreader` (network-walks.ts).
 */
export function createSpreader(graph: KdeGraph, lengthM: Float64Array, o: SpreaderOptions): Spreader {
  return o.method === "simple" ? createShortestPathSpreader(graph, lengthM, o.bandwidthM) : createWalkSpreader(graph, lengthM, o);
}

function createShortestPathSpreader(graph: KdeGraph, lengthM: Float64Array, bandwidthM: number): Spreader {
  const { nodeCount, edgeFrom, edgeTo, adjStart, adjEdge, adjNode } = graph;
  const h = bandwidthM;
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

  return { spread: simple, truncated };
}
