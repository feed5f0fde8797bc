/**
 * graphCounts equals buildRoadGraph's node and component counts (the graph itself is the oracle), on the
 * seeded tiled area and on seeded synthetic study areas (synthetic data), with several lixel lengths; the
 * cases have private nodes and more than one component, so a count that left either out would fail.
 */
import { describe, expect, it } from "vitest";
import { lixelize } from "../../../src/core/lixels.ts";
import { buildRoadGraph } from "../../../src/analyses/routing/road-graph.ts";
import { graphCounts } from "../../../src/analyses/routing/graph-counts.ts";
import { buildDataset } from "../../../src/io/read/build-dataset.ts";
import { splitAtJunctions } from "../../../src/spatial/road-junctions.ts";
import { syntheticStudyArea } from "../../helpers/synthetic.ts";
import { tiledArea } from "../../helpers/tiles/tiled-area.ts";

const cases = [
  { name: "tiled area", input: tiledArea(22) },
  ...[1, 2, 3].map((seed) => ({ name: `synthetic seed ${seed}`, input: syntheticStudyArea({ seed, roads: 60, vertices: 20, segmentKm: 0.5, incidents: 10, centre: [46.8, 39.8], halfKm: 20 }) })),
];

describe("graphCounts", () => {
  for (const { name, input } of cases) {
    for (const lixelLengthM of [50, 100, 1000]) {
      it(`${name}, lixels of ≤ ${lixelLengthM} m: the graph's node and component counts`, () => {
        const j = splitAtJunctions(buildDataset({ roads: input.roads, incidents: [] }).roads, { snapToleranceM: 1 });
        const lixels = lixelize(j.roads, { lixelLengthM });
        const graph = buildRoadGraph(j, lixels);
        expect(graph.nodeCount).toBeGreaterThan(j.nodeCount);
        expect(graph.componentCount).toBeGreaterThan(1);
        expect(graphCounts(j, lixels)).toEqual({ nodeCount: graph.nodeCount, componentCount: graph.componentCount });
      });
    }
  }
});
