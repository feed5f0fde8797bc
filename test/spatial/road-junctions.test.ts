import { describe, expect, it } from "vitest";
import { OptionError } from "../../src/core/errors.ts";
import { splitAtJunctions } from "../../src/spatial/road-junctions.ts";
import { packRoads } from "../helpers/roads.ts";

const pieceXy = (j: ReturnType<typeof splitAtJunctions>, p: number): number[] =>
  Array.from(j.roads.xy.subarray(2 * j.roads.roadStart[p], 2 * j.roads.roadStart[p + 1]));

describe("splitAtJunctions", () => {
  // A: (0,0)→(30,40)→(130,40)→(130,100), segments 50, 100, 60 m (3-4-5 triangle, then axis-aligned).
  // B: (130,40)→(200,40), 70 m, starting on A's interior vertex 2.
  // Vertices: A 0..3, B 4..5. Cluster {2,4} is the only junction, so A is cut at vertex 2 only
  // (vertex 1 touches nothing). Node clusters by lowest vertex: v0→0, {2,4}→1, v3→2, v5→3.
  const roads = packRoads([
    { line: [[0, 0], [30, 40], [130, 40], [130, 100]], id: "A", name: "Shusha road", class: "primary", layer: 2 },
    { line: [[130, 40], [200, 40]], id: "B", name: "spur", bridge: true },
  ]);

  it("cuts a road at a shared interior vertex, with chainage and node ids", () => {
    const j = splitAtJunctions(roads, {});
    expect(j.roads.count).toBe(3);
    expect(pieceXy(j, 0)).toEqual([0, 0, 30, 40, 130, 40]);
    expect(pieceXy(j, 1)).toEqual([130, 40, 130, 100]);
    expect(pieceXy(j, 2)).toEqual([130, 40, 200, 40]);
    expect(Array.from(j.roads.startM)).toEqual([0, 150, 0]);
    expect(Array.from(j.roads.lengthM)).toEqual([150, 60, 70]);
    expect(j.nodeCount).toBe(4);
    expect(Array.from(j.fromNode)).toEqual([0, 1, 1]);
    expect(Array.from(j.toNode)).toEqual([1, 2, 3]);
    expect(Array.from(j.nodeX)).toEqual([0, 130, 130, 200]);
    expect(Array.from(j.nodeY)).toEqual([0, 40, 100, 40]);
  });

  it("copies every piece's metadata from its parent road", () => {
    const r = splitAtJunctions(roads).roads;
    expect(r.ids).toEqual(["A", "A", "B"]);
    expect(r.names).toEqual(["Shusha road", "Shusha road", "spur"]);
    expect(r.classes).toEqual(["primary", "primary", "road"]);
    expect(Array.from(r.featureIndex)).toEqual([0, 0, 1]);
    expect(Array.from(r.partIndex)).toEqual([0, 0, 0]);
    expect(Array.from(r.bridge)).toEqual([0, 0, 1]);
    expect(Array.from(r.tunnel)).toEqual([0, 0, 0]);
    expect(Array.from(r.layer)).toEqual([2, 2, 0]);
  });

  it("joins vertices within the tolerance and no farther", () => {
    // B now starts 0.5 m east of A's vertex 2: a junction at tolerance 1 (node at A's vertex, the lower
    // index), two separate road ends at tolerance 0.4.
    const near = packRoads([
      [[0, 0], [30, 40], [130, 40], [130, 100]],
      [[130.5, 40], [200, 40]],
    ]);
    const joined = splitAtJunctions(near, { snapToleranceM: 1 });
    expect(joined.roads.count).toBe(3);
    expect(Array.from(joined.fromNode)).toEqual([0, 1, 1]);
    expect([joined.nodeX[1], joined.nodeY[1]]).toEqual([130, 40]);
    expect(pieceXy(joined, 2)).toEqual([130.5, 40, 200, 40]); // geometry is never moved
    const apart = splitAtJunctions(near, { snapToleranceM: 0.4 });
    expect(apart.roads.count).toBe(2);
    // nodes: v0→0, v3→1, v4→2, v5→3
    expect(apart.nodeCount).toBe(4);
    expect(Array.from(apart.fromNode)).toEqual([0, 2]);
    expect(Array.from(apart.toNode)).toEqual([1, 3]);
  });

  it("never connects segments that merely cross (a tunnel under a road)", () => {
    // Road along y = 0 with a vertex at (100,0); the tunnel crosses it at (100,0) with no vertex there.
    const j = splitAtJunctions(
      packRoads([
        [[0, 0], [100, 0], [200, 0]],
        { line: [[100, -100], [100, 100]], tunnel: true },
      ]),
    );
    expect(j.roads.count).toBe(2);
    expect(j.nodeCount).toBe(4);
    expect(new Set([...j.fromNode, ...j.toNode]).size).toBe(4);
    expect(Array.from(j.roads.tunnel)).toEqual([0, 1]);
  });

  it("keeps a tunnel apart from the road above it even where both have a vertex at the same x,y", () => {
    // Road (0,0)→(100,0)→(200,0) and tunnel (100,-100)→(100,0)→(100,100): vertex 1 and vertex 4 coincide,
    // but the tunnel is on level −1 and neither vertex ends its road: no junction, no cut, 4 end nodes.
    const j = splitAtJunctions(
      packRoads([
        [[0, 0], [100, 0], [200, 0]],
        { line: [[100, -100], [100, 0], [100, 100]], tunnel: true },
      ]),
    );
    expect(j.roads.count).toBe(2);
    expect(j.nodeCount).toBe(4);
    // the same with explicit layers (a bridge at layer 1 over a layer-0 road)
    const b = splitAtJunctions(
      packRoads([
        [[0, 0], [100, 0], [200, 0]],
        { line: [[100, -100], [100, 0], [100, 100]], bridge: true, layer: 1 },
      ]),
    );
    expect(b.roads.count).toBe(2);
    // on one level the shared vertex is a junction: both roads cut, 5 nodes
    const flat = splitAtJunctions(packRoads([[[0, 0], [100, 0], [200, 0]], [[100, -100], [100, 0], [100, 100]]]));
    expect(flat.roads.count).toBe(4);
    expect(flat.nodeCount).toBe(5);
  });

  it("connects a bridge to the road at its ends (portals)", () => {
    // Approach road (0,0)→(100,0), bridge (100,0)→(200,0), road on (200,0)→(300,0): a chain of 4 nodes.
    const j = splitAtJunctions(
      packRoads([
        [[0, 0], [100, 0]],
        { line: [[100, 0], [200, 0]], bridge: true },
        [[200, 0], [300, 0]],
      ]),
    );
    expect(j.nodeCount).toBe(4);
    expect(Array.from(j.fromNode)).toEqual([0, 1, 2]);
    expect(Array.from(j.toNode)).toEqual([1, 2, 3]);
  });

  it("joins non-adjacent vertices of one road but not neighbouring ones", () => {
    // A closed ring: first and last vertex coincide (non-adjacent) → one node at both ends, no cut.
    // A 0.5 m segment: its two vertices are neighbours, so at tolerance 1 they stay two nodes.
    const j = splitAtJunctions(
      packRoads([
        [[0, 0], [100, 0], [100, 100], [0, 0]],
        [[500, 0], [500.5, 0]],
      ]),
    );
    expect(j.roads.count).toBe(2);
    expect(j.nodeCount).toBe(3);
    expect(Array.from(j.fromNode)).toEqual([0, 1]);
    expect(Array.from(j.toNode)).toEqual([0, 2]);
  });

  it("cuts a road where it passes through its own earlier vertex (figure of eight)", () => {
    // (0,0)→(100,0)→(100,100)→(0,100)→(100,0)→(200,0): vertex 4 repeats vertex 1, so the road is cut
    // at both: pieces [0..1] 100 m, [1..4] 100+100+√20000 m, [4..5] 100 m.
    const j = splitAtJunctions(packRoads([[[0, 0], [100, 0], [100, 100], [0, 100], [100, 0], [200, 0]]]));
    expect(j.roads.count).toBe(3);
    const diag = Math.sqrt(20000);
    expect(Array.from(j.roads.startM)).toEqual([0, 100, 300 + diag]);
    expect(j.roads.lengthM[1]).toBeCloseTo(200 + diag, 9);
    expect(Array.from(j.fromNode)).toEqual([0, 1, 1]);
    expect(Array.from(j.toNode)).toEqual([1, 1, 2]);
  });

  it("adds a parent's startM to its pieces' chainage and rejects a negative tolerance", () => {
    const base = packRoads([
      [[0, 0], [10, 0], [20, 0]],
      [[10, 0], [10, 10]],
    ]);
    const j = splitAtJunctions({ ...base, startM: Float64Array.from([1000, 0]) });
    expect(Array.from(j.roads.startM)).toEqual([1000, 1010, 0]);
    expect(() => splitAtJunctions(base, { snapToleranceM: -1 })).toThrow(OptionError);
  });
});
