import { OptionError } from "../../core/errors.ts";
import type { Lixels } from "../../core/lixels.ts";
import { projectOnPolyline } from "../../core/math.ts";
import { searchNear } from "../../spatial/distance-box.ts";
import { nearestLixel, type LixelHit, type LixelIndex } from "../../spatial/lixel-index.ts";
import type { RoadGraph } from "./road-graph.ts";
import { routeXy } from "./route-geometry.ts";
import { createSearchWorkspace, type NetworkPoint, type RouteStep, type SearchWorkspace, searchRoute } from "./search.ts";

/** What restricts a route, independent of how edges are priced. */
export interface RouteConstraints {
  /** Farthest an endpoint may lie from the network, metres. Default 5000. */
  maxSnapM?: number;
  /** Honour the roads' OSM `oneway` (RoadGraph.edgeOneway). Default false: every road both ways. */
  oneway?: boolean;
  /** Per lixel, 1 = never traverse (e.g. `avoidAreaLixels` of confirmed hazard areas). */
  avoidLixels?: Uint8Array;
  /** Lixels whose rate exceeds this (incidents/km/year) are never traversed. Needs `ratePerKmYear`. */
  maxRatePerKmYear?: number;
  /** Estimated incident rate per lixel, incidents per km per year (≥ 0). */
  ratePerKmYear?: Float64Array;
  /** Use the A* heuristic. Default true (same costs as Dijkstra, fewer nodes settled). */
  heuristic?: boolean;
  /** Scratch arrays reused across queries on one graph (`createSearchWorkspace(graph)`); default: new ones. */
  workspace?: SearchWorkspace;
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

/** Endpoints snapped and constraints resolved once, for any number of searches with different costs. */
export interface RouteQuery {
  readonly graph: RoadGraph;
  readonly lixels: Lixels;
  readonly s: NetworkPoint & { distanceM: number };
  readonly t: NetworkPoint & { distanceM: number };
  readonly blocked: Uint8Array | undefined;
  /** Lixels blocked by avoid areas or the rate cut-off, and their length in metres. */
  readonly blockedCount: number;
  readonly blockedM: number;
  readonly oneway: boolean;
  readonly heuristic: boolean;
  readonly workspace: SearchWorkspace;
}

/**
 * Snap both endpoints to the nearest point on a lixel (not the nearest node) and resolve the hard
 * constraints. Throws OptionError when an endpoint is farther than `maxSnapM` from every road or the
 * two lie in different connected components (the message gives both components' lengths and the gap).
 */
export function prepareRouteQuery(
  graph: RoadGraph,
  lixelIndex: LixelIndex,
  from: { x: number; y: number },
  to: { x: number; y: number },
  options: RouteConstraints = {},
): RouteQuery {
  const lixels = lixelIndex.lixels;
  if (graph.edgeFrom.length !== lixels.count) {
    throw new OptionError(`graph has ${graph.edgeFrom.length} edges but the index ${lixels.count} lixels: build both from the same lixels`);
  }
  const maxSnapM = options.maxSnapM ?? 5000;
  if (!(maxSnapM >= 0)) throw new OptionError(`maxSnapM must be a number of metres >= 0, got ${maxSnapM}`);
  const { blocked, blockedCount, blockedM } = blockedLixels(lixels, options);
  const s = snap(lixelIndex, from, maxSnapM, "start", blocked);
  const t = snap(lixelIndex, to, maxSnapM, "end", blocked);
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
  return { graph, lixels, s, t, blocked, blockedCount, blockedM, oneway: options.oneway ?? false, heuristic: options.heuristic ?? true, workspace: options.workspace ?? createSearchWorkspace(graph) };
}

/**
 * The least-cost route of a prepared query under per-lixel `searchCost`; `cost` of the result is
 * evaluated with `reportCost` (default: the search cost). Throws OptionError when the constraints leave
 * no route.
 */
export function runRouteQuery(q: RouteQuery, searchCost: Float64Array, reportCost: Float64Array = searchCost): RoutePath {
  const steps = searchRoute(q.graph, q.s, q.t, { cost: searchCost, blocked: q.blocked, oneway: q.oneway, heuristic: q.heuristic, workspace: q.workspace });
  if (steps === undefined) {
    const why: string[] = [];
    if (q.blockedCount > 0) why.push(`avoiding ${q.blockedCount} blocked road pieces (${(q.blockedM / 1000).toFixed(3)} km in avoid areas or above the rate cut-off)`);
    if (q.oneway) why.push("respecting one-way roads");
    if (why.length === 0) throw new Error("routing: target not reached inside one component (graph inconsistent)");
    throw new OptionError(`no route from the start to the end ${why.join(" and ")}; relax the avoid areas or the cut-off, or drop --oneway`);
  }
  let lengthM = 0;
  let total = 0;
  for (const st of steps) {
    const f = Math.abs(st.toFrac - st.fromFrac);
    lengthM += f * q.lixels.lengthM[st.lixel];
    total += f * reportCost[st.lixel];
  }
  return { lengthM, cost: total, snapFromM: q.s.distanceM, snapToM: q.t.distanceM, steps, xy: routeXy(q.lixels, steps, q.s, q.t) };
}

/** Per-lixel cost L × (1 + λρ), metres, after checking λ and the rates. */
export function edgeCosts(lixels: Lixels, lambda: number, ratePerKmYear: Float64Array | undefined): Float64Array {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new OptionError(`lambda must be a finite number >= 0, got ${lambda}`);
  const cost = Float64Array.from(lixels.lengthM);
  if (lambda === 0) return cost;
  const rate = checkedRates(lixels, ratePerKmYear, "lambda > 0");
  for (let i = 0; i < lixels.count; i++) cost[i] *= 1 + lambda * rate[i];
  return cost;
}

function checkedRates(lixels: Lixels, rate: Float64Array | undefined, what: string): Float64Array {
  if (!rate || rate.length !== lixels.count) {
    throw new OptionError(`${what} needs ratePerKmYear with one rate per lixel (${lixels.count}), got ${rate?.length ?? "none"}`);
  }
  for (let i = 0; i < lixels.count; i++) {
    if (!(rate[i] >= 0) || !Number.isFinite(rate[i])) throw new OptionError(`ratePerKmYear[${i}] must be a finite rate >= 0, got ${rate[i]}`);
  }
  return rate;
}

function blockedLixels(lixels: Lixels, o: RouteConstraints): { blocked: Uint8Array | undefined; blockedCount: number; blockedM: number } {
  const cut = o.maxRatePerKmYear;
  if (o.avoidLixels === undefined && cut === undefined) return { blocked: undefined, blockedCount: 0, blockedM: 0 };
  if (o.avoidLixels !== undefined && o.avoidLixels.length !== lixels.count) {
    throw new OptionError(`avoidLixels must hold one flag per lixel (${lixels.count}), got ${o.avoidLixels.length}`);
  }
  if (cut !== undefined && !(cut >= 0)) throw new OptionError(`maxRatePerKmYear must be a rate >= 0, got ${cut}`);
  const rate = cut === undefined ? undefined : checkedRates(lixels, o.ratePerKmYear, "maxRatePerKmYear");
  const blocked = new Uint8Array(lixels.count);
  let blockedCount = 0;
  let blockedM = 0;
  for (let i = 0; i < lixels.count; i++) {
    if (o.avoidLixels?.[i] === 1 || (rate !== undefined && rate[i] > (cut as number))) {
      blocked[i] = 1;
      blockedCount++;
      blockedM += lixels.lengthM[i];
    }
  }
  return { blocked, blockedCount, blockedM };
}

/**
 * The nearest point on the network. When the nearest lixel is blocked but an unblocked one is exactly as
 * near (an endpoint on a junction), the unblocked one with the lowest index is used, so a blocked road
 * is never entered just because its index was lower; an endpoint truly on a blocked piece stays on it
 * (its partial legs are exempt: a route starts where it starts).
 */
function snap(li: LixelIndex, p: { x: number; y: number }, maxSnapM: number, which: string, blocked: Uint8Array | undefined): NetworkPoint & { distanceM: number } {
  let hit = nearestLixel(li, p.x, p.y, maxSnapM);
  if (hit && blocked !== undefined && blocked[hit.lixel] === 1) hit = unblockedTie(li, p, hit, blocked) ?? hit;
  if (hit) return { lixel: hit.lixel, frac: fraction(li.lixels, hit), x: hit.x, y: hit.y, distanceM: hit.distanceM };
  const any = nearestLixel(li, p.x, p.y);
  const where = any ? `${any.distanceM.toFixed(1)} m from the nearest road` : "not near any road (the network is empty)";
  throw new OptionError(
    `the ${which} point (${p.x}, ${p.y}) is ${where}, farther than maxSnapM = ${maxSnapM} m; move it onto the network or raise maxSnapM`,
  );
}

function unblockedTie(li: LixelIndex, p: { x: number; y: number }, hit: LixelHit, blocked: Uint8Array): LixelHit | undefined {
  const d = hit.distanceM;
  const { xy, start } = li.lixels;
  let best: LixelHit | undefined;
  for (const i of searchNear(li.index, p.x, p.y, d)) {
    if (blocked[i] === 1 || (best && i > best.lixel)) continue;
    const q = projectOnPolyline(xy, start[i], start[i + 1], p.x, p.y);
    if (q.distanceM <= d) best = { lixel: i, distanceM: q.distanceM, alongM: q.alongM, x: q.x, y: q.y };
  }
  return best;
}

/**
 * Position of a snapped point as a fraction of its lixel's length, 0 at the first vertex. A point exactly
 * on an end vertex is at fraction exactly 0 or 1 (summed segment lengths may miss the lixel length by an
 * ulp, and a 1e-16 leg against a one-way road must not hide the node the point stands on).
 */
function fraction(lixels: Lixels, hit: LixelHit): number {
  const { xy, start } = lixels;
  const a = start[hit.lixel];
  const b = start[hit.lixel + 1] - 1;
  if (hit.x === xy[2 * a] && hit.y === xy[2 * a + 1]) return 0;
  if (hit.x === xy[2 * b] && hit.y === xy[2 * b + 1]) return 1;
  const len = lixels.lengthM[hit.lixel];
  return len > 0 ? Math.min(1, Math.max(0, hit.alongM / len)) : 0;
}
