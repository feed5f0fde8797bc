import { lixelize } from "../../src/core/lixels.ts";
import { buildRoadGraph } from "../../src/analyses/routing/road-graph.ts";
import { buildLixelIndex } from "../../src/spatial/lixel-index.ts";
import { splitAtJunctions } from "../../src/spatial/road-junctions.ts";
import { type Line, packRoads, type RoadSpec } from "./roads.ts";

/** Roads → junctions → lixels → graph and index, as the pipeline builds them. */
export function routingSetup(lines: ReadonlyArray<Line | RoadSpec>, lixelLengthM = 100_000) {
  const j = splitAtJunctions(packRoads(lines));
  const lixels = lixelize(j.roads, { lixelLengthM });
  return { j, lixels, graph: buildRoadGraph(j, lixels), index: buildLixelIndex(lixels) };
}

/**
 * Four roads from A (0,0) to B (1000,0), one lixel each, sharing only A and B:
 *   0 D direct          (0,0)→(1000,0)                       1000 m, rate 0.2     → E = 0.2 /yr
 *   1 M north           (0,0)→(0,200)→(1000,200)→(1000,0)    1400 m, rate 0.05    → E = 0.07
 *   2 N south           (0,0)→(0,-400)→(1000,-400)→(1000,0)  1800 m, rate 0.05/1.8 → E = 0.05
 *   3 O far south       (0,0)→(0,-600)→(1000,-600)→(1000,0)  2200 m, rate 0       → E = 0
 * (L, E) hull: D, M, O are on the lower-left convex hull (switch λ = 400/130 and 800/70 km·yr); N is
 * Pareto-optimal but inside the hull (M→N slope 20 > N→O slope 8), so no λ selects it.
 */
export const LADDER: RoadSpec[] = [
  { line: [[0, 0], [1000, 0]], name: "D" },
  { line: [[0, 0], [0, 200], [1000, 200], [1000, 0]], name: "M" },
  { line: [[0, 0], [0, -400], [1000, -400], [1000, 0]], name: "N" },
  { line: [[0, 0], [0, -600], [1000, -600], [1000, 0]], name: "O" },
];
export const LADDER_RATES = Float64Array.from([0.2, 0.05, 0.05 / 1.8, 0]);
