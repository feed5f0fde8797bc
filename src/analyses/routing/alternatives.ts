import { OptionError } from "../../core/errors.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";
import type { RoadGraph } from "./road-graph.ts";
import { edgeCosts, prepareRouteQuery, type RoutePath, runRouteQuery } from "./route-query.ts";
import type { ShortestPathOptions } from "./shortest-path.ts";

export interface AlternativesOptions extends ShortestPathOptions {
  /** How many routes at most, the least-cost one first. Default 3. */
  count?: number;
  /** Each time a route uses a lixel its search cost is multiplied by (1 + penalty). Default 1 (doubled). */
  penalty?: number;
  /** Routes whose true cost exceeds the best route's by more than this factor are dropped. Default 1.5. */
  maxCostRatio?: number;
}

export interface AlternativeRoute {
  path: RoutePath;
  /** Metres of this route on lixels the best route also uses (the best route shares all of its length). */
  sharedWithBestM: number;
}

/** The largest route count `alternativeRoutes` accepts. */
export const MAX_ALTERNATIVES = 100;

/**
 * Up to `count` alternative routes by the iterative penalty method (de la Barra, Pérez & Añez 1993;
 * as in Bovy's survey of route-choice set generation): find the least-cost route, multiply the search
 * cost of every lixel it uses by (1 + penalty), search again, and keep each route that is new (its set of
 * lixels differs from every kept route's) and whose true cost L × (1 + λρ) is at most `maxCostRatio` ×
 * the best. Why not Yen's k shortest loopless paths: on a network cut into 100 m lixels the 2nd..kth
 * shortest paths differ from the first by a block or a few metres, which tells a convoy planner nothing;
 * penalties push later routes onto other roads. Routes are reported with their unpenalised cost, in the
 * order found (the first is the shortest path of `shortestPath` with the same options). The search stops
 * after 4 × count rounds. Constraints (avoid areas, cut-off, one-way) apply to every route.
 */
export function alternativeRoutes(
  graph: RoadGraph,
  lixelIndex: LixelIndex,
  from: { x: number; y: number },
  to: { x: number; y: number },
  options: AlternativesOptions = {},
): AlternativeRoute[] {
  const count = options.count ?? 3;
  const penalty = options.penalty ?? 1;
  const maxCostRatio = options.maxCostRatio ?? 1.5;
  if (!Number.isInteger(count) || count < 1) throw new OptionError(`count must be a whole number >= 1, got ${count}`);
  // 4 × count rounds multiply a shared lixel's search cost by (1 + penalty) each time: past a few hundred
  // rounds that overflows to Infinity and the search fails, so the count is bounded.
  if (count > MAX_ALTERNATIVES) throw new OptionError(`count must be at most ${MAX_ALTERNATIVES} routes, got ${count}`);
  if (!(penalty > 0) || !Number.isFinite(penalty)) throw new OptionError(`penalty must be a finite number > 0, got ${penalty}`);
  if (!(maxCostRatio >= 1)) throw new OptionError(`maxCostRatio must be >= 1, got ${maxCostRatio}`);
  const lixels = lixelIndex.lixels;
  const cost = edgeCosts(lixels, options.lambda ?? 0, options.ratePerKmYear);
  const query = prepareRouteQuery(graph, lixelIndex, from, to, options);
  const searchCost = cost.slice();
  const kept: RoutePath[] = [];
  const keys = new Set<string>();
  let bestLixels = new Set<number>();
  for (let round = 0; round < 4 * count && kept.length < count; round++) {
    const path = runRouteQuery(query, searchCost, cost);
    if (kept.length > 0 && path.cost > maxCostRatio * kept[0].cost) break;
    const used = [...new Set(path.steps.map((s) => s.lixel))].sort((a, b) => a - b);
    const key = used.join(",");
    if (!keys.has(key)) {
      keys.add(key);
      kept.push(path);
      if (kept.length === 1) bestLixels = new Set(used);
    }
    let saturated = false;
    for (const i of used) {
      searchCost[i] *= 1 + penalty;
      if (searchCost[i] > 1e280) saturated = true; // one more round could overflow a path's cost to Infinity
    }
    if (saturated) break;
  }
  return kept.map((path) => {
    let shared = 0;
    for (const s of path.steps) if (bestLixels.has(s.lixel)) shared += Math.abs(s.toFrac - s.fromFrac) * lixels.lengthM[s.lixel];
    return { path, sharedWithBestM: shared };
  });
}
