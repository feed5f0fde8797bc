import { describe, expect, it } from "vitest";
import { OptionError } from "../../../src/core/errors.ts";
import { lixelize } from "../../../src/core/lixels.ts";
import { buildRoadGraph } from "../../../src/analyses/routing/road-graph.ts";
import { shortestPath } from "../../../src/analyses/routing/shortest-path.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { splitAtJunctions } from "../../../src/spatial/road-junctions.ts";
import { packRoads, type Line, type RoadSpec } from "../../helpers/roads.ts";

function routing(lines: Array<Line | RoadSpec>, lixelLengthM = 100_000) {
  const j = splitAtJunctions(packRoads(lines));
  const lixels = lixelize(j.roads, { lixelLengthM });
  return { j, lixels, graph: buildRoadGraph(j, lixels), index: buildLixelIndex(lixels) };
}

describe("buildRoadGraph", () => {
  it("numbers private breakpoints after the junction nodes and builds CSR adjacency", () => {
    // A (0,0)→(250,0) cut into 3 lixels of 83.3 m; B (250,0)→(250,50) one lixel.
    // Junction nodes: v0 (0,0)→0, {v1,v2} (250,0)→1, v3 (250,50)→2. Private breakpoints of A → 3, 4.
    // Edges: e0 0→3, e1 3→4, e2 4→1, e3 1→2. Adjacency in lixel order:
    // 0:[e0→3]  1:[e2→4, e3→2]  2:[e3→1]  3:[e0→0, e1→4]  4:[e1→3, e2→1]
    const { graph } = routing(
      [
        [[0, 0], [250, 0]],
        [[250, 0], [250, 50]],
      ],
      100,
    );
    expect(graph.nodeCount).toBe(5);
    expect(graph.junctionNodeCount).toBe(3);
    expect(Array.from(graph.edgeFrom)).toEqual([0, 3, 4, 1]);
    expect(Array.from(graph.edgeTo)).toEqual([3, 4, 1, 2]);
    expect(Array.from(graph.adjStart)).toEqual([0, 1, 3, 4, 6, 8]);
    expect(Array.from(graph.adjEdge)).toEqual([0, 2, 3, 3, 0, 1, 1, 2]);
    expect(Array.from(graph.adjNode)).toEqual([3, 4, 2, 1, 0, 4, 3, 1]);
    expect(graph.componentCount).toBe(1);
    expect(graph.componentLengthM[0]).toBeCloseTo(300, 9);
  });

  it("keeps two roads that cross without a shared vertex apart", () => {
    // Both 200 m long, crossing at (100,0), neither has a vertex there: two components of 0.2 km.
    const lines: Line[] = [
      [[0, 0], [200, 0]],
      [[100, -100], [100, 100]],
    ];
    const { graph, index } = routing(lines);
    expect(graph.componentCount).toBe(2);
    expect(Array.from(graph.component)).toEqual([0, 0, 1, 1]);
    expect(Array.from(graph.componentLengthM)).toEqual([200, 200]);
    // (0,0) and (100,100) snap exactly; they are √(100² + 100²) = 141.4 m apart.
    const attempt = () => shortestPath(graph, index, { x: 0, y: 0 }, { x: 100, y: 100 });
    expect(attempt).toThrow(OptionError);
    expect(attempt).toThrow(/0\.200 km.*0\.200 km.*141\.4 m apart/);
  });

  it("connects the same two roads through a shared vertex", () => {
    // Both now have a vertex at (100,0): four pieces of 100 m, five nodes, one component of 0.4 km;
    // (0,0) → (100,100) goes 100 m east then 100 m north.
    const { j, graph, index } = routing([
      [[0, 0], [100, 0], [200, 0]],
      [[100, -100], [100, 0], [100, 100]],
    ]);
    expect(j.roads.count).toBe(4);
    expect(graph.nodeCount).toBe(5);
    expect(graph.componentCount).toBe(1);
    expect(graph.componentLengthM[0]).toBe(400);
    const path = shortestPath(graph, index, { x: 0, y: 0 }, { x: 100, y: 100 });
    expect(path.lengthM).toBe(200);
    expect(Array.from(path.xy)).toEqual([0, 0, 100, 0, 100, 100]);
  });

  it("keeps a tunnel under a road apart even where the road has a vertex above it", () => {
    // The road has a vertex at (100,0); the tunnel passes beneath with vertices only at its portals.
    const { graph, index } = routing([
      [[0, 0], [100, 0], [200, 0]],
      { line: [[100, -100], [100, 100]], tunnel: true },
    ]);
    expect(graph.componentCount).toBe(2);
    expect(() => shortestPath(graph, index, { x: 0, y: 0 }, { x: 100, y: 100 })).toThrow(OptionError);
  });

  it("lists a loop lixel twice at its node", () => {
    // A closed square ring of 400 m, one lixel from node 0 back to node 0.
    const { graph } = routing([[[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]], 1000);
    expect(graph.nodeCount).toBe(1);
    expect(Array.from(graph.adjStart)).toEqual([0, 2]);
    expect(Array.from(graph.adjEdge)).toEqual([0, 0]);
    expect(Array.from(graph.adjNode)).toEqual([0, 0]);
  });

  it("rejects lixels cut from other roads", () => {
    const a = routing([[[0, 0], [10, 0]], [[0, 5], [10, 5]]]);
    const other = lixelize(packRoads([[[0, 0], [10, 0]]]));
    expect(() => buildRoadGraph(a.j, other)).toThrow(OptionError);
  });

  it("records arc directions, one-way flags, node positions and the A* scale", () => {
    // A one-way (0,0)→(250,0) in 3 lixels, B (250.5,0)→(250.5,50) joined to A's end at tolerance 1 m:
    // B's first vertex lies 0.5 m from node 1's position (250,0), so nodeOffsetM = 0.5 and
    // κ = min(1, 50 / |(250,0)−(250.5,50)|) = 50 / √(0.25 + 2500).
    const { graph } = routing([{ line: [[0, 0], [250, 0]], oneway: 1 }, [[250.5, 0], [250.5, 50]]], 100);
    expect(Array.from(graph.edgeOneway)).toEqual([1, 1, 1, 0]);
    // arcs per node (adjacency in lixel order): 0 [e0→] | 1 [e2←, e3→] | 2 [e3←] | 3 [e0←, e1→] | 4 [e1←, e2→]
    expect(Array.from(graph.adjForward)).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
    expect(Array.from(graph.nodeX).map((x) => Math.round(x * 1000) / 1000)).toEqual([0, 250, 250.5, 83.333, 166.667]);
    expect(graph.nodeOffsetM).toBe(0.5);
    expect(graph.heuristicScale).toBeCloseTo(50 / Math.sqrt(2500.25), 12);
    const exact = routing([[[0, 0], [250, 0]], [[250, 0], [250, 50]]], 100).graph;
    expect([exact.nodeOffsetM, exact.heuristicScale]).toEqual([0, 1]);
  });
});
