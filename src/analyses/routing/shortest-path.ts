import FlatQueue from "flatqueue";
import { OptionError } from "../../core/errors.ts";
import type { Lixels } from "../../core/lixels.ts";
import { nearestLixel, type LixelHit, type LixelIndex } from "../../spatial/lixel-index.ts";
import type { RoadGraph } from "./road-graph.ts";

export interface ShortestPathOptions {
  /**
   * Risk aversion λ, km·year per incident (≥ 0). Default 0: plain shortest path. Edge cost is
   * lengthM × (1 + λ × ratePerKmYear), so λ = 10 makes a road at 0.1 incidents/km/year cost twice its length.
   */
  lambda?: number;
  /** Estimated incident rate per lixel, incidents per km per year (≥ 0). Required when lambda > 0. */
  ratePerKmYear?: Float64Array;
  /** Farthest an endpoint may lie from the network, metres. Default 5000. */
  maxSnapM?: number;
}

/** One lixel (or part of one) along a route, fractions of the lixel in travel direction (0 = its first vertex). */
export interface RouteStep {
  lixel: number;
  forward: boolean;
  fromFrac: number;
  toFrac: number;
}

export interface RoutePath {
  /** Σ |toFrac − fromFrac| × lixel length, metres. */
  lengthM: number;
  /** Σ |toFrac − fromFrac| × lixel length × (1 + λ × rate), metres-equivalent. */
  cost: number;
  /** Distance from each endpoint to its snapped point on the network, metres. */
  snapFromM: number;
  snapToM: number;
  /** Steps of positive length, in travel order; empty when both endpoints snap to the same point. */
  steps: RouteStep[];
  /** The route polyline from snapped start to snapped end, interleaved x,y. */
  xy: Float64Array;
}

/**
 * Least-cost route between two points (Dijkstra 1959, binary heap). Each endpoint snaps to the nearest
 * point on a lixel (`nearestLixel`), not to the nearest node; the source seeds both ends of its lixel with
 * the partial costs f·c and (1 − f)·c, and the target is a virtual node reached from either end of its
 * lixel, or directly when both endpoints share a lixel. Cost of a lixel of length L metres and rate ρ
 * incidents/km/year: c = L × (1 + λρ) (DESIGN.md, soft penalty). Ties: among equal-cost arrivals at a node
 * the lower lixel index wins, then the lower previous node, so routes do not depend on heap internals.
 * Throws OptionError when an endpoint is more than `maxSnapM` from every road or the two endpoints lie in
 * different connected components.
 */
export function shortestPath(
  graph: RoadGraph,
  lixelIndex: LixelIndex,
  from: { x: number; y: number },
  to: { x: number; y: number },
  options: ShortestPathOptions = {},
): RoutePath {
  const lixels = lixelIndex.lixels;
  if (graph.edgeFrom.length !== lixels.count) {
    throw new OptionError(`graph has ${graph.edgeFrom.length} edges but the index ${lixels.count} lixels: build both from the same lixels`);
  }
  const cost = edgeCosts(lixels, options);
  const maxSnapM = options.maxSnapM ?? 5000;
  if (!(maxSnapM >= 0)) throw new OptionError(`maxSnapM must be a number of metres >= 0, got ${maxSnapM}`);
  const s = snap(lixelIndex, from, maxSnapM, "start");
  const t = snap(lixelIndex, to, maxSnapM, "end");
  const cs = graph.component[graph.edgeFrom[s.lixel]];
  const ct = graph.component[graph.edgeFrom[t.lixel]];
  if (cs !== ct) {
    const km = (c: number) => (graph.componentLengthM[c] / 1000).toFixed(3);
    const apartM = Math.hypot(t.x - s.x, t.y - s.y).toFixed(1);
    throw new OptionError(
      `no route: the start snaps to a road network component of ${km(cs)} km and the end to a different ` +
        `component of ${km(ct)} km (snap points ${apartM} m apart). Roads connect only at shared vertices; ` +
        `add a shared vertex where the roads meet or raise snapToleranceM.`,
    );
  }
  const fs = fraction(lixels, s);
  const ft = fraction(lixels, t);
  const steps = search(graph, cost, s.lixel, fs, t.lixel, ft);
  let lengthM = 0;
  let total = 0;
  for (const st of steps) {
    const f = Math.abs(st.toFrac - st.fromFrac);
    lengthM += f * lixels.lengthM[st.lixel];
    total += f * cost[st.lixel];
  }
  return { lengthM, cost: total, snapFromM: s.distanceM, snapToM: t.distanceM, steps, xy: routeXy(lixels, steps, s, t) };
}

/** Per-lixel cost L × (1 + λρ), metres, after checking the options. */
function edgeCosts(lixels: Lixels, options: ShortestPathOptions): Float64Array {
  const lambda = options.lambda ?? 0;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new OptionError(`lambda must be a finite number >= 0, got ${lambda}`);
  const cost = Float64Array.from(lixels.lengthM);
  if (lambda === 0) return cost;
  const rate = options.ratePerKmYear;
  if (!rate || rate.length !== lixels.count) {
    throw new OptionError(`lambda > 0 needs ratePerKmYear with one rate per lixel (${lixels.count}), got ${rate?.length ?? "none"}`);
  }
  for (let i = 0; i < lixels.count; i++) {
    if (!(rate[i] >= 0) || !Number.isFinite(rate[i])) {
      throw new OptionError(`ratePerKmYear[${i}] must be a finite rate >= 0, got ${rate[i]}`);
    }
    cost[i] *= 1 + lambda * rate[i];
  }
  return cost;
}

function snap(li: LixelIndex, p: { x: number; y: number }, maxSnapM: number, which: string): LixelHit {
  const hit = nearestLixel(li, p.x, p.y, maxSnapM);
  if (hit) return hit;
  const any = nearestLixel(li, p.x, p.y);
  const where = any ? `${any.distanceM.toFixed(1)} m from the nearest road` : "not near any road (the network is empty)";
  throw new OptionError(
    `the ${which} point (${p.x}, ${p.y}) is ${where}, farther than maxSnapM = ${maxSnapM} m; move it onto the network or raise maxSnapM`,
  );
}

/** Position of a snapped point as a fraction of its lixel's length, 0 at the first vertex. */
function fraction(lixels: Lixels, hit: LixelHit): number {
  const len = lixels.lengthM[hit.lixel];
  return len > 0 ? Math.min(1, Math.max(0, hit.alongM / len)) : 0;
}

/**
 * Dijkstra from a point at fraction fs of lixel ls to a point at ft of lixel lt; returns the steps.
 * Node graph.nodeCount is the virtual target. prevNode −1 marks arrival straight from the source point.
 */
function search(graph: RoadGraph, cost: Float64Array, ls: number, fs: number, lt: number, ft: number): RouteStep[] {
  const { nodeCount, adjStart, adjEdge, adjNode, edgeFrom, edgeTo } = graph;
  const T = nodeCount;
  const dist = new Float64Array(nodeCount + 1).fill(Infinity);
  const prevEdge = new Int32Array(nodeCount + 1).fill(-1);
  const prevNode = new Int32Array(nodeCount + 1).fill(-1);
  const done = new Uint8Array(nodeCount + 1);
  const queue = new FlatQueue<number>();
  let targetForward = false; // direction of the last step along lt

  // Returns true when v's label changed: a lower cost, or an equal cost by a lower (edge, previous node).
  const relax = (v: number, d: number, e: number, u: number): boolean => {
    if (done[v]) return false;
    if (d < dist[v]) {
      queue.push(v, d);
      dist[v] = d;
    } else if (!(d === dist[v] && (e < prevEdge[v] || (e === prevEdge[v] && u < prevNode[v])))) {
      return false;
    }
    prevEdge[v] = e;
    prevNode[v] = u;
    return true;
  };

  relax(edgeFrom[ls], fs * cost[ls], ls, -1);
  relax(edgeTo[ls], (1 - fs) * cost[ls], ls, -1);
  if (ls === lt && relax(T, Math.abs(ft - fs) * cost[ls], ls, -1)) targetForward = ft >= fs;
  while (queue.length > 0) {
    const u = queue.pop() as number;
    if (done[u]) continue;
    done[u] = 1;
    if (u === T) break;
    if (u === edgeFrom[lt] && relax(T, dist[u] + ft * cost[lt], lt, u)) targetForward = true;
    if (u === edgeTo[lt] && relax(T, dist[u] + (1 - ft) * cost[lt], lt, u)) targetForward = false;
    for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
      const e = adjEdge[k];
      relax(adjNode[k], dist[u] + cost[e], e, u);
    }
  }
  if (!done[T]) throw new Error("shortestPath: target not reached inside one component (graph inconsistent)");

  // Walk back from the target.
  const steps: RouteStep[] = [];
  if (prevNode[T] < 0) {
    steps.push({ lixel: ls, forward: targetForward, fromFrac: fs, toFrac: ft });
  } else {
    steps.push({ lixel: lt, forward: targetForward, fromFrac: targetForward ? 0 : 1, toFrac: ft });
    let v = prevNode[T];
    while (prevNode[v] >= 0) {
      const e = prevEdge[v];
      const forward = edgeTo[e] === v && edgeFrom[e] === prevNode[v];
      steps.push({ lixel: e, forward, fromFrac: forward ? 0 : 1, toFrac: forward ? 1 : 0 });
      v = prevNode[v];
    }
    // v was seeded from the source point; when ls is a loop both seeds hit v and the cheaper one stands.
    const forward = edgeTo[ls] === v && (edgeFrom[ls] !== v || (1 - fs) * cost[ls] < fs * cost[ls]);
    steps.push({ lixel: ls, forward, fromFrac: fs, toFrac: forward ? 1 : 0 });
  }
  return steps.reverse().filter((st) => st.toFrac !== st.fromFrac);
}

/** The route polyline: snapped start, every lixel vertex passed, snapped end (exact duplicates dropped). */
function routeXy(lixels: Lixels, steps: readonly RouteStep[], s: LixelHit, t: LixelHit): Float64Array {
  const out: number[] = [s.x, s.y];
  for (let j = 0; j < steps.length; j++) {
    const st = steps[j];
    const pts = subPolyline(lixels, st.lixel, Math.min(st.fromFrac, st.toFrac), Math.max(st.fromFrac, st.toFrac));
    const n = pts.length / 2;
    // the snapped start stands in for the first step's recomputed first point
    for (let k = j === 0 ? 1 : 0; k < n; k++) {
      const i = st.forward ? k : n - 1 - k;
      const x = pts[2 * i];
      const y = pts[2 * i + 1];
      if (x !== out[out.length - 2] || y !== out[out.length - 1]) out.push(x, y);
    }
  }
  // likewise the snapped end replaces the last step's recomputed last point
  if (out.length > 2) out.length -= 2;
  out.push(t.x, t.y);
  return Float64Array.from(out);
}

/** Points of lixel i between fractions lo ≤ hi of its length, in the lixel's own direction. */
function subPolyline(lixels: Lixels, i: number, lo: number, hi: number): number[] {
  const { xy, start } = lixels;
  const total = lixels.lengthM[i];
  const a = lo * total;
  const b = hi * total;
  const out: number[] = [];
  let acc = 0;
  for (let v = start[i]; v < start[i + 1] - 1; v++) {
    const x0 = xy[2 * v];
    const y0 = xy[2 * v + 1];
    const len = Math.hypot(xy[2 * v + 2] - x0, xy[2 * v + 3] - y0);
    const last = v === start[i + 1] - 2;
    if (out.length === 0 && (a <= acc + len || last)) out.push(...at(xy, v, len, a - acc));
    if (out.length > 0 && (b <= acc + len || last)) {
      out.push(...at(xy, v, len, b - acc));
      return out;
    }
    if (out.length > 0) out.push(xy[2 * v + 2], xy[2 * v + 3]);
    acc += len;
  }
  return [xy[2 * start[i]], xy[2 * start[i] + 1]];
}

/** Point `along` metres from vertex v towards v+1 (segment length len), clamped to the segment. */
function at(xy: Float64Array, v: number, len: number, along: number): [number, number] {
  if (!(len > 0)) return [xy[2 * v], xy[2 * v + 1]];
  const f = Math.min(1, Math.max(0, along / len));
  if (f === 1) return [xy[2 * v + 2], xy[2 * v + 3]];
  return [xy[2 * v] + f * (xy[2 * v + 2] - xy[2 * v]), xy[2 * v + 1] + f * (xy[2 * v + 3] - xy[2 * v + 1])];
}
