import FlatQueue from "flatqueue";
import { lowerEnvelope } from "./lower-envelope.ts";
import { createWalkSpreader } from "./network-walks.ts";

export { NKDE_DEAD_ENDS, NKDE_METHODS, type KdeGraph, type NkdeDeadEnds, type NkdeMethod, type SegmentVisitor, type Spreader, type SpreaderOptions } from "./network-spread-types.ts";
import type { KdeGraph, SegmentVisitor, Spreader, SpreaderOptions } from "./network-spread-types.ts";

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
