import FlatQueue from "flatqueue";
import type { RoadGraph } from "./road-graph.ts";

/** One lixel (or part of one) along a route, fractions of the lixel in travel direction (0 = its first vertex). */
export interface RouteStep {
  lixel: number;
  forward: boolean;
  fromFrac: number;
  toFrac: number;
}

/** A point on the network: fraction `frac` of lixel `lixel`'s length from its first vertex, at (x, y). */
export interface NetworkPoint {
  lixel: number;
  frac: number;
  x: number;
  y: number;
}

export interface SearchOptions {
  /** Per-lixel cost of a whole traversal (≥ 0), metres-equivalent. */
  cost: Float64Array;
  /** Per-lixel 1 = may not be traversed. An endpoint strictly inside a blocked lixel may still leave/reach it along it. */
  blocked?: Uint8Array;
  /** Honour `graph.edgeOneway`. Default false. Zero-length legs (an endpoint on a node) are always allowed. */
  oneway?: boolean;
  /** Use the A* heuristic (graph.heuristicScale). Default true; false gives plain Dijkstra. */
  heuristic?: boolean;
  /** Scratch arrays to reuse across searches on the same graph (`createSearchWorkspace`). */
  workspace?: SearchWorkspace;
}

/**
 * Per-node scratch arrays of one graph (≈ 26 bytes per node), allocated once and reset after each search
 * by visiting only the nodes it touched, so repeated queries on a large graph cost what they explore.
 * Not shared between concurrent searches (there are none in one JS thread).
 */
export interface SearchWorkspace {
  readonly nodeCount: number;
  readonly dist: Float64Array;
  readonly h: Float64Array;
  readonly prevEdge: Int32Array;
  readonly prevNode: Int32Array;
  readonly prevForward: Uint8Array;
  readonly done: Uint8Array;
  readonly touched: Uint32Array;
  readonly queue: FlatQueue<number>;
}

export function createSearchWorkspace(graph: RoadGraph): SearchWorkspace {
  const n = graph.nodeCount + 1; // + the virtual target
  return {
    nodeCount: graph.nodeCount,
    dist: new Float64Array(n).fill(Infinity),
    h: new Float64Array(n).fill(-1),
    prevEdge: new Int32Array(n).fill(-1),
    prevNode: new Int32Array(n).fill(-1),
    prevForward: new Uint8Array(n),
    done: new Uint8Array(n),
    touched: new Uint32Array(n),
    queue: new FlatQueue<number>(),
  };
}

/**
 * Least-cost walk between two network points on the CSR graph: Dijkstra (1959) with a binary heap
 * (flatqueue), turned into A* (Hart, Nilsson & Raphael 1968) by the heuristic
 * h(v) = κ·max(0, |p_v − t| − r) with r = graph.nodeOffsetM and κ = graph.heuristicScale. Since every
 * cost is ≥ the lixel's length ≥ κ × the chord between its nodes, and max(0, · − r) is 1-Lipschitz, h is
 * consistent, so A* settles each node at its least cost exactly as Dijkstra does. The source seeds both
 * ends of its lixel with the partial costs f·c and (1 − f)·c; the target is a virtual node T reached
 * from either end of its lixel (or directly on a shared lixel). Ties: equal keys pop in order of lower
 * cost-so-far, then lower node id; among equal-cost arrivals at a node the lower lixel, then the lower
 * previous node wins — so routes never depend on heap internals. Returns undefined when T is unreachable.
 */
export function searchRoute(graph: RoadGraph, s: NetworkPoint, t: NetworkPoint, options: SearchOptions): RouteStep[] | undefined {
  const { nodeCount, adjStart, adjEdge, adjNode, adjForward, edgeFrom, edgeTo, edgeOneway, nodeX, nodeY } = graph;
  const { cost, blocked } = options;
  const oneway = options.oneway ?? false;
  const kappa = (options.heuristic ?? true) ? graph.heuristicScale : 0;
  const slack = graph.nodeOffsetM;
  const T = nodeCount;
  const ws = options.workspace ?? createSearchWorkspace(graph);
  if (ws.nodeCount !== nodeCount) throw new Error("searchRoute: the workspace was made for another graph");
  const { dist, h, prevEdge, prevNode, prevForward, done, touched, queue } = ws;
  let touchedCount = 0;
  const heur = (v: number): number => {
    if (h[v] < 0) h[v] = kappa === 0 ? 0 : kappa * Math.max(0, Math.hypot(nodeX[v] - t.x, nodeY[v] - t.y) - slack);
    return h[v];
  };
  // A leg along lixel e is allowed in direction `forward` unless one-way forbids it (zero length always is).
  const may = (e: number, forward: boolean, lengthFrac: number): boolean =>
    !oneway || lengthFrac === 0 || edgeOneway[e] === 0 || edgeOneway[e] === (forward ? 1 : -1);
  // Returns true when v's label changed: a lower cost, or an equal cost by a lower (edge, previous node).
  const relax = (v: number, d: number, e: number, u: number, forward: number): boolean => {
    if (done[v]) return false;
    if (dist[v] === Infinity) touched[touchedCount++] = v;
    if (d < dist[v]) {
      dist[v] = d;
      queue.push(v, d + heur(v));
    } else if (!(d === dist[v] && (e < prevEdge[v] || (e === prevEdge[v] && u < prevNode[v])))) {
      return false;
    }
    prevEdge[v] = e;
    prevNode[v] = u;
    prevForward[v] = forward;
    return true;
  };

  h[T] = 0;
  const { lixel: ls, frac: fs } = s;
  const { lixel: lt, frac: ft } = t;
  const leaveS = inside(blocked, ls, fs);
  const reachT = inside(blocked, lt, ft);
  if (may(ls, false, fs) && (leaveS || fs === 0)) relax(edgeFrom[ls], fs * cost[ls], ls, -1, 0);
  if (may(ls, true, 1 - fs) && (leaveS || fs === 1)) relax(edgeTo[ls], (1 - fs) * cost[ls], ls, -1, 1);
  if (ls === lt && may(ls, ft >= fs, Math.abs(ft - fs)) && (leaveS || ft === fs)) relax(T, Math.abs(ft - fs) * cost[ls], ls, -1, ft >= fs ? 1 : 0);
  const fromT = may(lt, true, ft) && (reachT || ft === 0);
  const toT = may(lt, false, 1 - ft) && (reachT || ft === 1);
  const reset = () => {
    for (let k = 0; k < touchedCount; k++) {
      const v = touched[k];
      dist[v] = Infinity;
      h[v] = -1;
      prevEdge[v] = -1;
      prevNode[v] = -1;
      done[v] = 0;
    }
    h[T] = -1;
    queue.clear();
  };
  for (;;) {
    const u = popBest(queue, dist, done);
    if (u < 0) {
      reset();
      return undefined;
    }
    done[u] = 1;
    if (u === T) break;
    if (fromT && u === edgeFrom[lt]) relax(T, dist[u] + ft * cost[lt], lt, u, 1);
    if (toT && u === edgeTo[lt]) relax(T, dist[u] + (1 - ft) * cost[lt], lt, u, 0);
    for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
      const e = adjEdge[k];
      if (blocked !== undefined && blocked[e] === 1) continue;
      if (oneway && edgeOneway[e] !== 0 && edgeOneway[e] !== (adjForward[k] === 1 ? 1 : -1)) continue;
      relax(adjNode[k], dist[u] + cost[e], e, u, adjForward[k]);
    }
  }
  const steps = walkBack(prevEdge, prevNode, prevForward, T, s, t);
  reset();
  return steps;
}

/**
 * Whether an endpoint at fraction f of lixel l may use its partial legs: always on an open lixel; on a
 * blocked one only from strictly inside it (a route starts where it starts), never by a whole traversal.
 */
function inside(blocked: Uint8Array | undefined, l: number, f: number): boolean {
  return blocked === undefined || blocked[l] === 0 || (f > 0 && f < 1);
}

/**
 * Pop the queue's least key; among entries of equal key, the one of least cost-so-far, then least node
 * id, wins and the others go back. Stale entries (nodes already settled) are dropped. −1 when empty.
 */
function popBest(queue: FlatQueue<number>, dist: Float64Array, done: Uint8Array): number {
  while (queue.length > 0) {
    const key = queue.peekValue() as number;
    const first = queue.pop() as number;
    if (queue.length === 0 || queue.peekValue() !== key) {
      if (!done[first]) return first;
      continue;
    }
    const ties = [first];
    while (queue.length > 0 && queue.peekValue() === key) ties.push(queue.pop() as number);
    let best = -1;
    for (const v of ties) {
      if (done[v]) continue;
      if (best < 0 || dist[v] < dist[best] || (dist[v] === dist[best] && v < best)) best = v;
    }
    for (const v of ties) if (v !== best && !done[v]) queue.push(v, key);
    if (best >= 0) return best;
  }
  return -1;
}

/** The steps from the source point to the target point, positive lengths only, in travel order. */
function walkBack(prevEdge: Int32Array, prevNode: Int32Array, prevForward: Uint8Array, T: number, s: NetworkPoint, t: NetworkPoint): RouteStep[] {
  const steps: RouteStep[] = [];
  if (prevNode[T] < 0) {
    steps.push({ lixel: s.lixel, forward: prevForward[T] === 1, fromFrac: s.frac, toFrac: t.frac });
  } else {
    const lastForward = prevForward[T] === 1;
    steps.push({ lixel: t.lixel, forward: lastForward, fromFrac: lastForward ? 0 : 1, toFrac: t.frac });
    let v = prevNode[T];
    while (prevNode[v] >= 0) {
      const forward = prevForward[v] === 1;
      steps.push({ lixel: prevEdge[v], forward, fromFrac: forward ? 0 : 1, toFrac: forward ? 1 : 0 });
      v = prevNode[v];
    }
    const forward = prevForward[v] === 1; // v was seeded from the source point
    steps.push({ lixel: s.lixel, forward, fromFrac: s.frac, toFrac: forward ? 1 : 0 });
  }
  return steps.reverse().filter((st) => st.toFrac !== st.fromFrac);
}
