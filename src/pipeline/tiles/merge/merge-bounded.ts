import { OptionError } from "../../../core/errors.ts";
import type { HazardSet } from "../../../core/hazard-set.ts";
import type { IncidentSet } from "../../../core/incident-set.ts";
import type { RoadNetwork } from "../../../core/road-network.ts";
import { kernelDensity } from "../../../analyses/density/kernel-density.ts";
import { riskWeights } from "../../../analyses/risk/risk-parts.ts";
import { type RiskCalibration, riskCalibration } from "../../../analyses/risk/risk-score.ts";
import { type GraphCounts, graphCountsOf } from "../../../analyses/routing/graph-counts.ts";
import { splitAtJunctions } from "../../../spatial/road-junctions.ts";
import type { WorkingCrs } from "../../../io/crs/crs.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../../../io/fields/records.ts";
import { VERSION } from "../../../version.ts";
import { type AnalyzeOptions, analysisRiskOptions, densityExtent } from "../../analyze.ts";
import { crsMeta } from "../../scored-network.ts";
import { type TiledAnalysis, refuseUntiledOptions } from "./merge-tiles.ts";
import { type MergeLayout, type TileSource, tileIndices } from "./merge-layout.ts";
import { farSnaps, firstPass, offerTile, readTile } from "./merge-first-pass.ts";
import { tileSnapper } from "./merge-snaps.ts";
import { bucketsOf, bucketSpool, type Buckets } from "./merge-buckets.ts";
import type { TilePlan } from "../plan-tiles.ts";

/** What a bounded merge reads besides the tiles: the small records, projected incidents and hazards, and the road records by range. */
export interface BoundedMergeInput {
  crs: WorkingCrs;
  incidentRecords: readonly IncidentRecord[];
  incidents: IncidentSet;
  hazardRecords: readonly HazardRecord[];
  hazards: HazardSet;
  roads: {
    count: number;
    files: readonly string[];
    /** Road records [a, b) in input order. */
    records(a: number, b: number): readonly RoadRecord[];
    /** Road positions in all (the graph counts need the whole network: counted only up to GRAPH_COUNT_MAX_VERTICES). */
    vertices: number;
    /** The whole projected network, for the graph counts. */
    whole(): RoadNetwork;
  };
}

/** The incident-level result of a bounded merge, and its lixels as buckets to be put together one at a time (merge-buckets.ts). */
export interface BoundedMerge {
  run: Pick<TiledAnalysis, "snaps" | "density" | "completeness" | "hazardRoadM" | "meta"> & { graph: GraphCounts };
  calibration: RiskCalibration;
  reachM: Float64Array;
  layout: MergeLayout;
  buckets: Buckets;
  spool: ReturnType<typeof bucketSpool>;
  anyCasualty: boolean;
  radiiM: readonly number[];
  lixelLengthM: number;
}

/** The graph's node and component counts need the whole network split at junctions (O(vertices)): counted up to this many road positions (bench L has 7.4 M). */
export const GRAPH_COUNT_MAX_VERTICES = 20_000_000;

/**
 * mergeTiles' passes without the whole run's lixels (docs/scaling.md, "The bounded merge"). Pass 1 over the
 * tiles: κ's kernel mass, the road strips, each incident's nearest lixel, the per-record layout and the
 * lixels' box. Pass 2: the snapping candidates and hazard–road distances from each tile's own index, and
 * each tile's lixels cut into the buckets' spool files. Then the calibration (κ, the level, the road
 * shares), the density grid and the snapping result — each the double mergeTiles computes, by the same
 * code. The lixels themselves come later, a bucket at a time (bounded-run.ts). Holds O(records +
 * incidents) and one tile's part.
 */
export function mergeBounded(input: BoundedMergeInput, plan: TilePlan, source: TileSource, options: Omit<AnalyzeOptions, "route" | "onPhase"> & { snapBoundM?: number; bucketLixels: number; spoolDir: string }): BoundedMerge {
  refuseUntiledOptions(options);
  const inc = input.incidents;
  const { nearestLixelM, strips, mass, layout, box, anyCasualty, reachM, lixelLengthM } = firstPass(source, plan, inc.count);
  const buckets = bucketsOf(layout, plan.ownerOf.length, options.bucketLixels);
  const spool = bucketSpool(options.spoolDir, buckets);
  const snapper = tileSnapper(inc, options.snapBoundM ?? 5000);
  const hazardRoadM = new Float64Array(input.hazards.count).fill(Infinity);
  const pieceHasLixels = new Uint8Array(layout.pieces);
  try {
    for (let k = 0; k < source.count; k++) {
      const p = readTile(source, k);
      const at = tileIndices(p, layout);
      for (let l = 0; l < p.lixels.count; l++) pieceHasLixels[at.piece[p.lixels.road[l]]] = 1;
      offerTile(p, at, snapper, input.hazards, hazardRoadM);
      spool.add(p);
    }
  } finally {
    spool.close();
  }
  farSnaps(source, layout, snapper);
  const { completeness, riskOptions } = analysisRiskOptions(input.incidentRecords, options);
  const { params, weights } = riskWeights(inc, riskOptions);
  const calibration = riskCalibration(inc, { params, weights, nearestLixelM, strips, mass }, riskOptions);
  const cellSizeM = options.density?.cellSizeM ?? 1000;
  const bandwidthM = options.density?.bandwidthM ?? 2000;
  const density = kernelDensity(inc, { cellSizeM, bandwidthM, extent: densityExtent(box) });
  const snapToleranceM = options.snapToleranceM ?? 1;
  const radiiM = options.radiiM ?? [1000, 5000];
  return {
    run: {
      snaps: snapper.result(),
      density,
      completeness,
      hazardRoadM,
      graph: graphCountsBounded(input, layout, pieceHasLixels, snapToleranceM),
      meta: { toolkit: "minerisk", version: VERSION, crs: crsMeta(input.crs), lixelLengthM, snapToleranceM, radiiM, density: { cellSizeM, bandwidthM } },
    },
    calibration,
    reachM,
    layout,
    buckets,
    spool,
    anyCasualty,
    radiiM,
    lixelLengthM,
  };
}

/** withGraphCounts' counts when the whole network is small enough to split at junctions here, else not counted (NaN: null in the summary). */
function graphCountsBounded(input: BoundedMergeInput, layout: MergeLayout, pieceHasLixels: Uint8Array, snapToleranceM: number): GraphCounts {
  if (input.roads.vertices > GRAPH_COUNT_MAX_VERTICES) return { nodeCount: NaN, componentCount: NaN };
  const j = splitAtJunctions(input.roads.whole(), { snapToleranceM });
  if (j.roads.count !== layout.pieces) throw new Error(`the whole network has ${j.roads.count} pieces, the merged tiles ${layout.pieces}: a plan and its tiles disagree`);
  return graphCountsOf(j, pieceHasLixels, layout.lixels);
}
