import { buildRoadGraph } from "../../analyses/routing/road-graph.ts";
import { graphCounts } from "../../analyses/routing/graph-counts.ts";
import type { SummarizedRun } from "../summarized-run.ts";
import { buildLixelIndex } from "../../spatial/lixel-index.ts";
import { splitAtJunctions } from "../../spatial/road-junctions.ts";
import { buildDataset, type Dataset } from "../../io/read/build-dataset.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../../io/fields/records.ts";
import type { AnalysisResult, AnalyzeOptions } from "../analyze.ts";
import { type TiledAnalysis, mergeTiles, refuseUntiledOptions } from "./merge/merge-tiles.ts";
import { type PlanTilesOptions, type TilePlan, planTiles } from "./plan-tiles.ts";
import { type TilePart, type TileRunOptions, runTile, tileInputOf } from "./tile-run.ts";

export type TiledInput = { roads: readonly RoadRecord[]; incidents: readonly IncidentRecord[]; hazards?: readonly HazardRecord[] };
export type TiledOptions = Omit<AnalyzeOptions, "route" | "onPhase"> & Pick<PlanTilesOptions, "tiles" | "cols" | "rows">;

/** The plan of a tiled run: the input projected once into the whole run's CRS (the dataset), its roads partitioned. */
export function planTiledRun(input: TiledInput, options: TiledOptions = {}): { plan: TilePlan; dataset: Dataset } {
  refuseUntiledOptions(options);
  const dataset = buildDataset(input, { crs: options.crs, maxDistanceError: options.maxDistanceError });
  return { plan: planTiles(dataset, { tiles: options.tiles, cols: options.cols, rows: options.rows, snapToleranceM: options.snapToleranceM }), dataset };
}

/** What a tile reads of the run's options (the same object for every tile, and for every engine that runs them). */
export function tileOptions(options: TiledOptions): TileRunOptions {
  return { maxDistanceError: options.maxDistanceError, lixelLengthM: options.lixelLengthM, maxLixels: options.maxLixels, snapToleranceM: options.snapToleranceM, radiiM: options.radiiM, risk: options.risk };
}

/**
 * `analyze` through tiles in this thread, one tile after the other: plan, run every tile, merge. The result
 * equals analyze's (without graph and route; test/pipeline/tiles/tiled-run.test.ts). The engines run the
 * same three steps with the tiles elsewhere: a worker-thread pool (tile-pool.ts) or a Redis queue (cli plan /
 * worker / merge).
 */
export function analyzeTiled(input: TiledInput, options: TiledOptions = {}): TiledAnalysis {
  const { plan, dataset } = planTiledRun(input, options);
  const parts: TilePart[] = plan.tiles.map((spec) => runTile(tileInputOf(dataset, spec), tileOptions(options)));
  return mergeTiles(input, plan, parts, options, dataset);
}

/**
 * A merged run with what the summary and the writers read of the routing graph, its node and component
 * counts (graph-counts.ts), from the whole network split at junctions (O(road vertices)), without the
 * graph (≈ 50 B per lixel) or a lixel index over the whole network: what `minerisk merge` writes from.
 */
export function withGraphCounts(tiled: TiledAnalysis, snapToleranceM = 1): SummarizedRun {
  const network = splitAtJunctions(tiled.dataset.roads, { snapToleranceM });
  if (network.roads.count !== tiled.network.roads.count) throw new Error(`the whole network has ${network.roads.count} pieces, the merged tiles ${tiled.network.roads.count}: a plan and its tiles disagree`);
  return { ...tiled, network, graph: graphCounts(network, tiled.lixels) };
}

/**
 * A merged run with the routing graph and the lixel index built on the whole network, as analyze builds
 * them: what the summary (its node and component counts) and a route need. Routing is not tiled: this is
 * the one whole-network step of a tiled run (docs/scaling.md, "Routing").
 */
export function withWholeGraph(tiled: TiledAnalysis, snapToleranceM = 1): AnalysisResult {
  const network = splitAtJunctions(tiled.dataset.roads, { snapToleranceM });
  if (network.roads.count !== tiled.network.roads.count) throw new Error(`the whole network has ${network.roads.count} pieces, the merged tiles ${tiled.network.roads.count}: a plan and its tiles disagree`);
  return { ...tiled, network, graph: buildRoadGraph(network, tiled.lixels), lixelIndex: buildLixelIndex(tiled.lixels) };
}
