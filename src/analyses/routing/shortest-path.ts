import type { LixelIndex } from "../../spatial/lixel-index.ts";
import type { RoadGraph } from "./road-graph.ts";
import { edgeCosts, prepareRouteQuery, type RouteConstraints, type RoutePath, runRouteQuery } from "./route-query.ts";

export type { RoutePath } from "./route-query.ts";
export type { RouteStep } from "./search.ts";

export interface ShortestPathOptions extends RouteConstraints {
  /**
   * Risk aversion λ, km·year per incident (≥ 0). Default 0: plain shortest path. Edge cost is
   * lengthM × (1 + λ × ratePerKmYear), so λ = 10 makes a road at 0.1 incidents/km/year cost twice its length.
   */
  lambda?: number;
  /** Estimated incident rate per lixel, incidents per km per year (≥ 0). Required when lambda > 0. */
  ratePerKmYear?: Float64Array;
}

/**
 * Least-cost route between two points (Dijkstra 1959 with a binary heap, as A* with a consistent
 * heuristic: search.ts). Each endpoint snaps to the nearest point on a lixel (`nearestLixel`), not to
 * the nearest node; the source seeds both ends of its lixel with the partial costs f·c and (1 − f)·c,
 * and the target is reached from either end of its lixel, or directly when both endpoints share a lixel.
 * Cost of a lixel of length L metres and rate ρ incidents/km/year: c = L × (1 + λρ) (DESIGN.md, soft
 * penalty). Hard constraints: `avoidLixels` and `maxRatePerKmYear` remove lixels (the endpoints' own
 * partial legs excepted: a route starts where it starts), `oneway` forbids travel against OSM `oneway`.
 * Ties: among equal-cost arrivals at a node the lower lixel index wins, then the lower previous node.
 * Throws OptionError when an endpoint is more than `maxSnapM` from every road, the two endpoints lie in
 * different connected components, or the constraints leave no route.
 */
export function shortestPath(
  graph: RoadGraph,
  lixelIndex: LixelIndex,
  from: { x: number; y: number },
  to: { x: number; y: number },
  options: ShortestPathOptions = {},
): RoutePath {
  const cost = edgeCosts(lixelIndex.lixels, options.lambda ?? 0, options.ratePerKmYear);
  const query = prepareRouteQuery(graph, lixelIndex, from, to, options);
  return runRouteQuery(query, cost);
}
