import type { GraphCounts } from "../analyses/routing/graph-counts.ts";
import type { AnalysisResult } from "./analyze.ts";

/**
 * What summarize and writeOutputs read of a run: all of analyze's result but the lixel index, and of the
 * routing graph only its counts (a tiled run's merge gives those without the graph: graph-counts.ts).
 */
export type SummarizedRun = Omit<AnalysisResult, "graph" | "lixelIndex"> & { graph: GraphCounts } & (
  | Pick<AnalysisResult, "lixelIndex">
  /** Each hazard area's distance to the nearest road (hazardRoadDistances), given instead of the index. */
  | { hazardRoadM: Float64Array }
);
