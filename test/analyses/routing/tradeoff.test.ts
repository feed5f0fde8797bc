import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OptionError } from "../../../src/core/errors.ts";
import { lixelize } from "../../../src/core/lixels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { buildRoadGraph } from "../../../src/analyses/routing/road-graph.ts";
import { shortestPath } from "../../../src/analyses/routing/shortest-path.ts";
import { tradeoffCurve } from "../../../src/analyses/routing/tradeoff.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { splitAtJunctions } from "../../../src/spatial/road-junctions.ts";
import { packRoads } from "../../helpers/roads.ts";
import { LADDER, LADDER_RATES, routingSetup } from "../../helpers/routing-networks.ts";

describe("tradeoffCurve on the ladder", () => {
  const { graph, index } = routingSetup(LADDER);
  const curve = tradeoffCurve(graph, index, { x: 0, y: 0 }, { x: 1000, y: 0 }, { ratePerKmYear: LADDER_RATES });

  it("lists the hull routes D, M, O with their λ ranges; N (inside the hull) is never chosen", () => {
    // D (1000 m, 0.2/yr) → M (1400, 0.07): switch at 400 / (1000 × 0.13) = 3.0769…
    // M → O (2200, 0): switch at 800 / (1000 × 0.07) = 11.428…
    expect(curve.map((p) => LADDER[p.path.steps[0].lixel].name)).toEqual(["D", "M", "O"]);
    expect(curve.map((p) => p.lengthM)).toEqual([1000, 1400, 2200]);
    const e = curve.map((p) => p.expectedIncidentsPerYear);
    [0.2, 0.07, 0].forEach((v, k) => expect(e[k]).toBeCloseTo(v, 12));
    expect(curve[0].lambda).toBe(0);
    expect(curve[0].lambdaMax).toBeCloseTo(400 / 130, 9);
    expect(curve[1].lambda).toBeCloseTo(400 / 130, 9);
    expect(curve[1].lambdaMax).toBeCloseTo(800 / 70, 9);
    expect(curve[2].lambda).toBeCloseTo(800 / 70, 9);
    expect(curve[2].lambdaMax).toBe(1e6);
    expect(curve.map((p) => p.extraLengthM)).toEqual([0, 400, 1200]);
    expect(curve[2].riskReductionPerYear).toBeCloseTo(0.2, 12);
  });

  it("is a single point when no route is safer than the shortest", () => {
    const flat = tradeoffCurve(graph, index, { x: 0, y: 0 }, { x: 1000, y: 0 }, { ratePerKmYear: new Float64Array(4) });
    expect(flat.length).toBe(1);
    expect([flat[0].lambda, flat[0].lambdaMax, flat[0].lengthM]).toEqual([0, 1e6, 1000]);
  });

  it("checks its options", () => {
    const run = (o: object) => () => tradeoffCurve(graph, index, { x: 0, y: 0 }, { x: 1000, y: 0 }, { ratePerKmYear: LADDER_RATES, ...o });
    expect(run({ maxLambda: 0 })).toThrow(OptionError);
    expect(run({ maxPoints: 1 })).toThrow(OptionError);
    expect(run({ ratePerKmYear: new Float64Array(2) })).toThrow(OptionError);
  });
});

describe("tradeoffCurve against a λ sweep on the networkx reference graph", () => {
  // For any λ the least cost min over routes of L + 1000 λ E must be attained by a curve point: otherwise
  // the dichotomic search missed a hull route. Checked at 60 seeded λ values per query pair.
  const fixture = JSON.parse(readFileSync(new URL("../../fixtures/routing/networkx-dijkstra.json", import.meta.url), "utf8")) as {
    roads: { line: [number, number][]; rate: number }[];
    queries: { from: [number, number]; to: [number, number]; cost: number | null; oneway: boolean; lambda: number }[];
  };
  const j = splitAtJunctions(packRoads(fixture.roads.map((r) => r.line)));
  const lixels = lixelize(j.roads, { lixelLengthM: 200 });
  const graph = buildRoadGraph(j, lixels);
  const index = buildLixelIndex(lixels);
  const rate = Float64Array.from(lixels.road, (r) => fixture.roads[j.roads.featureIndex[r]].rate);
  const pairs = fixture.queries.filter((q) => q.cost !== null && !q.oneway && q.lambda === 0).slice(0, 12);

  it("misses no route that some λ selects, and each point is optimal inside its λ range", () => {
    const rand = seededRandom(42);
    let multi = 0;
    for (const q of pairs) {
      const from = { x: q.from[0], y: q.from[1] };
      const to = { x: q.to[0], y: q.to[1] };
      const curve = tradeoffCurve(graph, index, from, to, { ratePerKmYear: rate, maxLambda: 1000 });
      if (curve.length > 2) multi++;
      for (let k = 1; k < curve.length; k++) {
        expect(curve[k].lengthM).toBeGreaterThan(curve[k - 1].lengthM);
        expect(curve[k].expectedIncidentsPerYear).toBeLessThan(curve[k - 1].expectedIncidentsPerYear);
        expect(curve[k].lambda).toBe(curve[k - 1].lambdaMax);
      }
      for (let s = 0; s < 5; s++) {
        const lambda = 1000 * rand() ** 3;
        const best = shortestPath(graph, index, from, to, { lambda, ratePerKmYear: rate }).cost;
        const fromCurve = Math.min(...curve.map((p) => p.lengthM + 1000 * lambda * p.expectedIncidentsPerYear));
        expect(Math.abs(fromCurve - best)).toBeLessThan(1e-9 * best);
        const owner = curve.find((p) => p.lambda <= lambda && lambda <= p.lambdaMax);
        expect(owner).toBeDefined();
        const ownCost = (owner?.lengthM ?? 0) + 1000 * lambda * (owner?.expectedIncidentsPerYear ?? 0);
        expect(Math.abs(ownCost - best)).toBeLessThan(1e-9 * best);
      }
    }
    expect(multi).toBeGreaterThan(3);
  });
});
