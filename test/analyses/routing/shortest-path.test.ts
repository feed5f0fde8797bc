import { describe, expect, it } from "vitest";
import { OptionError } from "../../../src/core/errors.ts";
import { lixelize } from "../../../src/core/lixels.ts";
import { buildRoadGraph } from "../../../src/analyses/routing/road-graph.ts";
import { shortestPath } from "../../../src/analyses/routing/shortest-path.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { splitAtJunctions } from "../../../src/spatial/road-junctions.ts";
import { packRoads, type Line } from "../../helpers/roads.ts";

function routing(lines: Line[], lixelLengthM = 100_000) {
  const j = splitAtJunctions(packRoads(lines));
  const lixels = lixelize(j.roads, { lixelLengthM });
  return { j, lixels, graph: buildRoadGraph(j, lixels), index: buildLixelIndex(lixels) };
}

/** Length of an interleaved polyline, metres. */
function polylineLength(xy: Float64Array): number {
  let len = 0;
  for (let k = 2; k < xy.length; k += 2) len += Math.hypot(xy[k] - xy[k - 2], xy[k + 1] - xy[k - 1]);
  return len;
}

describe("shortestPath: snapping to partial edges", () => {
  // L (0,0)→(1000,0) and R (1000,0)→(1000,300), one lixel each. The start (400,10) snaps to (400,0),
  // 10 m away, 40 % along L. On the network: 600 m east to (1000,0), then 300 m north = 900 m.
  // Snapping to the nearest node instead — (0,0) at √(400² + 10²) = 400.1 m, not (1000,0) at 600.1 m —
  // would start 400 m west of the snap point and add 2 × 400 m: 1700 m.
  const lines: Line[] = [
    [[0, 0], [1000, 0]],
    [[1000, 0], [1000, 300]],
  ];

  it("starts in the middle of a long edge", () => {
    const { graph, index } = routing(lines);
    const path = shortestPath(graph, index, { x: 400, y: 10 }, { x: 1000, y: 300 });
    expect(path.snapFromM).toBe(10);
    expect(path.snapToM).toBe(0);
    expect(path.lengthM).toBeCloseTo(900, 9);
    expect(path.cost).toBeCloseTo(900, 9);
    expect(path.steps).toEqual([
      { lixel: 0, forward: true, fromFrac: 0.4, toFrac: 1 },
      { lixel: 1, forward: true, fromFrac: 0, toFrac: 1 },
    ]);
    expect(Array.from(path.xy)).toEqual([400, 0, 1000, 0, 1000, 300]);
    const viaNode = shortestPath(graph, index, { x: 0, y: 0 }, { x: 1000, y: 300 });
    expect(viaNode.lengthM).toBe(1300);
    expect(400 + viaNode.lengthM).toBe(1700);
    expect(path.lengthM).toBeLessThan(400 + viaNode.lengthM);
  });

  it("gives the same length whatever the lixel length", () => {
    // 100 m lixels: 10 on L, 3 on R; the start snaps to the end of lixel 3 (tie at (400,0) goes to
    // the lower index), so the route is lixels 4..9 then 10..12, still 900 m.
    const { graph, index } = routing(lines, 100);
    const path = shortestPath(graph, index, { x: 400, y: 10 }, { x: 1000, y: 300 });
    expect(path.lengthM).toBeCloseTo(900, 9);
    expect(path.steps.map((s) => s.lixel)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(polylineLength(path.xy)).toBeCloseTo(900, 9);
  });

  it("refuses an endpoint farther than maxSnapM from any road, saying how far", () => {
    // (400, 120) is 120 m from L; with maxSnapM 100 it must not snap.
    const { graph, index } = routing(lines);
    const far = () => shortestPath(graph, index, { x: 400, y: -120 }, { x: 1000, y: 300 }, { maxSnapM: 100 });
    expect(far).toThrow(OptionError);
    expect(far).toThrow(/120\.0 m from the nearest road/);
    expect(() => shortestPath(graph, index, { x: 400, y: -120 }, { x: 1000, y: 300 })).not.toThrow();
  });
});

describe("shortestPath: both endpoints on one lixel", () => {
  it("goes straight along the lixel, in either direction", () => {
    // One 1000 m lixel; (200,5) → (700,−5) snaps to 20 % and 70 %: 500 m, forward.
    const { graph, index } = routing([[[0, 0], [1000, 0]]]);
    const there = shortestPath(graph, index, { x: 200, y: 5 }, { x: 700, y: -5 });
    expect(there.lengthM).toBeCloseTo(500, 9);
    expect(there.steps).toEqual([{ lixel: 0, forward: true, fromFrac: 0.2, toFrac: 0.7 }]);
    expect(Array.from(there.xy)).toEqual([200, 0, 700, 0]);
    const back = shortestPath(graph, index, { x: 700, y: -5 }, { x: 200, y: 5 });
    expect(back.steps).toEqual([{ lixel: 0, forward: false, fromFrac: 0.7, toFrac: 0.2 }]);
    expect(Array.from(back.xy)).toEqual([700, 0, 200, 0]);
  });

  it("goes round through the node when that is shorter than the direct partial path", () => {
    // A closed 400 m square ring, one lixel from node (0,0) back to itself. (10,−3) snaps to (10,0), 10 m
    // along; (−4,10) to (0,10), 390 m along. Direct: 380 m. Backwards through (0,0): 10 + 10 = 20 m.
    const { graph, index } = routing([[[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]], 1000);
    const path = shortestPath(graph, index, { x: 10, y: -3 }, { x: -4, y: 10 });
    expect(path.lengthM).toBeCloseTo(20, 9);
    expect(path.steps).toEqual([
      { lixel: 0, forward: false, fromFrac: 0.025, toFrac: 0 },
      { lixel: 0, forward: false, fromFrac: 1, toFrac: 0.975 },
    ]);
    expect(Array.from(path.xy)).toEqual([10, 0, 0, 0, 0, 10]);
  });

  it("returns no steps when both endpoints snap to the same point", () => {
    const { graph, index } = routing([[[0, 0], [1000, 0]]]);
    const path = shortestPath(graph, index, { x: 300, y: 4 }, { x: 300, y: -4 });
    expect(path.lengthM).toBe(0);
    expect(path.steps).toEqual([]);
    expect(Array.from(path.xy)).toEqual([300, 0, 300, 0]);
  });
});

describe("shortestPath: risk penalty λ", () => {
  // D (0,0)→(1000,0), lixel 0, rate ρ_D; detour (0,0)→(0,h)→(1000,h)→(1000,0), lixel 1, rate 0,
  // length 1000 + 2h. Cost of D = 1000 × (1 + λ ρ_D); cost of the detour = 1000 + 2h.
  const network = (h: number) =>
    routing([
      [[0, 0], [1000, 0]],
      [[0, 0], [0, h], [1000, h], [1000, 0]],
    ]);
  const from = { x: 0, y: 0 };
  const to = { x: 1000, y: 0 };

  it("takes the high-rate road when λ = 0", () => {
    const { graph, index } = network(200);
    const path = shortestPath(graph, index, from, to);
    expect([path.lengthM, path.cost]).toEqual([1000, 1000]);
  });

  it("detours when the detour is cheap", () => {
    // ρ_D = 1, λ = 1: D costs 1000 × 2 = 2000; detour with h = 200 costs 1400 < 2000.
    const { graph, index } = network(200);
    const path = shortestPath(graph, index, from, to, { lambda: 1, ratePerKmYear: Float64Array.from([1, 0]) });
    expect([path.lengthM, path.cost]).toEqual([1400, 1400]);
    expect(path.steps).toEqual([{ lixel: 1, forward: true, fromFrac: 0, toFrac: 1 }]);
    expect(Array.from(path.xy)).toEqual([0, 0, 0, 200, 1000, 200, 1000, 0]);
  });

  it("stays on the high-rate road when the detour is expensive", () => {
    // h = 600: detour 2200 > 2000, so D: length 1000, cost 2000.
    const { graph, index } = network(600);
    const path = shortestPath(graph, index, from, to, { lambda: 1, ratePerKmYear: Float64Array.from([1, 0]) });
    expect([path.lengthM, path.cost]).toEqual([1000, 2000]);
    expect(path.steps).toEqual([{ lixel: 0, forward: true, fromFrac: 0, toFrac: 1 }]);
  });

  it("switches as λ grows: ρ_D = 0.2 needs λ > 2 for a 400 m longer detour", () => {
    // h = 200: D costs 1000 × (1 + 0.2λ); detour 1400. λ = 1 → 1200 (stay); λ = 5 → 2000 (detour).
    const { graph, index } = network(200);
    const rate = Float64Array.from([0.2, 0]);
    expect(shortestPath(graph, index, from, to, { lambda: 1, ratePerKmYear: rate }).cost).toBeCloseTo(1200, 9);
    expect(shortestPath(graph, index, from, to, { lambda: 5, ratePerKmYear: rate }).cost).toBe(1400);
  });

  it("checks its options", () => {
    const { graph, index } = network(200);
    expect(() => shortestPath(graph, index, from, to, { lambda: 1 })).toThrow(OptionError);
    expect(() => shortestPath(graph, index, from, to, { lambda: -1 })).toThrow(OptionError);
    const negative = Float64Array.from([-1, 0]);
    expect(() => shortestPath(graph, index, from, to, { lambda: 1, ratePerKmYear: negative })).toThrow(OptionError);
  });
});

describe("shortestPath: ties", () => {
  // A 100 m square from (0,0) to (100,100), then a spur to (200,100). Both ways round cost 200 m; at
  // (100,100) the arrival over the lower lixel index wins, whichever neighbour the heap settles first.
  const W: Line = [[0, 0], [0, 100]];
  const N: Line = [[0, 100], [100, 100]];
  const S: Line = [[0, 0], [100, 0]];
  const E: Line = [[100, 0], [100, 100]];
  const spur: Line = [[100, 100], [200, 100]];

  it("prefers the lower lixel index among equal-cost routes", () => {
    // The start (0,0) snaps to the lower of W and S, whose far end is seeded first; in the last two
    // orders that side reaches (100,100) first over the higher index, so only the tie rule picks the other.
    for (const order of [[W, N, S, E, spur], [S, E, W, N, spur], [W, E, S, N, spur], [S, N, W, E, spur]]) {
      const { graph, index } = routing(order);
      const path = shortestPath(graph, index, { x: 0, y: 0 }, { x: 200, y: 100 });
      expect(path.lengthM).toBe(300);
      // the lixel that reaches (100,100) is min(index of N, index of E); it fixes the side taken
      const last = Math.min(order.indexOf(N), order.indexOf(E));
      expect(path.steps[1].lixel).toBe(last);
      expect(path.steps[2].lixel).toBe(4);
    }
  });
});


describe("shortestPath: ties under A*", () => {
  // Collinear roads along y = 0 (no shared interior vertices, so they meet only at their ends):
  // R1 (0,0)→(100,0), R2 (100,0)→(200,0), R3 (0,0)→(50,0), R4 (50,0)→(200,0), R5 (200,0)→(300,0).
  // Every node lies on the straight line to the target (300,0), so all A* keys g + h are 300: only the
  // tie rules order the heap. (200,0) is reached at 200 m over R2 (from (100,0)) and over R4 (from
  // (50,0)); the lower lixel index must win whatever the heap does, so (50,0), with the lower cost so far,
  // has to be settled before (200,0).
  const R1: Line = [[0, 0], [100, 0]];
  const R2: Line = [[100, 0], [200, 0]];
  const R3: Line = [[0, 0], [50, 0]];
  const R4: Line = [[50, 0], [200, 0]];
  const R5: Line = [[200, 0], [300, 0]];

  it("takes the lower lixel index into the tied node, for every order of the roads", () => {
    const perms = (xs: Line[]): Line[][] => (xs.length <= 1 ? [xs] : xs.flatMap((x, i) => perms([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p])));
    for (const order of perms([R1, R2, R3, R4, R5])) {
      const { graph, index } = routing(order);
      const path = shortestPath(graph, index, { x: 0, y: 0 }, { x: 300, y: 0 });
      expect(path.lengthM).toBe(300);
      const viaR2 = order.indexOf(R2) < order.indexOf(R4);
      const used = path.steps.map((s) => s.lixel);
      expect(used).toContain(viaR2 ? order.indexOf(R2) : order.indexOf(R4));
      expect(used).toEqual(viaR2 ? [order.indexOf(R1), order.indexOf(R2), order.indexOf(R5)] : [order.indexOf(R3), order.indexOf(R4), order.indexOf(R5)]);
    }
  });
});
