import type { Grid } from "../../core/grid.ts";
import type { Lixels } from "../../core/lixels.ts";
import type { RoadNetwork } from "../../core/road-network.ts";
import type { LixelProximity } from "../../analyses/proximity/lixel-proximity.ts";
import type { IncidentSnap } from "../../analyses/proximity/snap-incidents.ts";
import type { RiskScores } from "../../analyses/risk/risk-score.ts";
import type { Dataset } from "../read/build-dataset.ts";

/**
 * What the layer writers need from a run: the pipeline's AnalysisResult satisfies it structurally, so
 * io/ depends on analyses' result types only and never on the pipeline above it.
 */
export interface AnalysisInputs {
  dataset: Dataset;
  network: { roads: RoadNetwork };
  lixels: Lixels;
  proximity: LixelProximity;
  snaps: IncidentSnap;
  risk: RiskScores;
  density: Grid;
}
