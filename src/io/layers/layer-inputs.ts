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
  /** The whole-run index of lixels[0] (a bounded merge's bucket: pipeline/tiles/merge/merge-bounded.ts); default 0. */
  firstLixel?: number;
  /** The lixels' vertices in lon/lat, when already unprojected (layers.ts `unprojected` of lixels.xy: a bounded merge keeps them per bucket). */
  lixelLonLat?: Float64Array;
  /**
   * Per incident, the road piece it snaps to (its id and name, and whether its record's geometry is
   * schematic), when `network` does not hold the whole run's pieces (a bounded merge); null: no road.
   */
  incidentRoads?: { id: (string | null)[]; name: (string | null)[]; schematic: (boolean | null)[] };
}
