import type { GraphCounts } from "../analyses/routing/graph-counts.ts";
import type { AnalysisResult } from "./analyze.ts";
import type { AnalysisInputs } from "../io/layers/layer-inputs.ts";

/**
 * What summarize and writeOutputs read of a run: all of analyze's result but the lixel index, and of the
 * routing graph only its counts (a tiled run's merge gives those without the graph: graph-counts.ts).
 */
export type SummarizedRun = Omit<AnalysisResult, "graph" | "lixelIndex"> & { graph: GraphCounts } & BoundedParts & (
  | Pick<AnalysisResult, "lixelIndex">
  /** Each hazard area's distance to the nearest road (hazardRoadDistances), given instead of the index. */
  | { hazardRoadM: Float64Array }
);

/**
 * What a bounded merge (pipeline/tiles/merge/merge-bounded.ts) gives instead of reading its whole lixels and
 * road records, which it never holds: the summary's lixel totals, the road records' count and files, and
 * each incident's snapped road. The layers come a bucket at a time.
 */
export interface BoundedParts {
  lixelTotals?: LixelTotals;
  roadRecordsSummary?: { count: number; files: readonly string[] };
  incidentRoads?: AnalysisInputs["incidentRoads"];
}

/** The summary's per-lixel totals: km by class and in all, the largest rate and where it first occurs. */
export interface LixelTotals {
  kmByClass: Record<string, number>;
  totalKm: number;
  maxRate: number;
  maxRateAt: { roadId: string; roadName: string; fromKm: number } | null;
}
