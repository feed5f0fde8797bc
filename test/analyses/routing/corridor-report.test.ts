import { describe, expect, it } from "vitest";
import { OptionError } from "../../../src/core/errors.ts";
import { lixelize } from "../../../src/core/lixels.ts";
import { corridorReport } from "../../../src/analyses/routing/corridor-report.ts";
import { buildRoadGraph } from "../../../src/analyses/routing/road-graph.ts";
import { shortestPath } from "../../../src/analyses/routing/shortest-path.ts";
import { RISK_CLASSES } from "../../../src/analyses/risk/risk-classes.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { buildPointIndex } from "../../../src/spatial/point-index.ts";
import { splitAtJunctions } from "../../../src/spatial/road-junctions.ts";
import { packRoads } from "../../helpers/roads.ts";

// "Shusha road" (0,0)→(1000,0) and "Fuzuli road" (1000,0)→(2500,0), cut into 500 m lixels:
// lixels 0, 1 on Shusha road, 2, 3, 4 on Fuzuli road, covering x = 0–500, 500–1000, ..., 2000–2500.
const j = splitAtJunctions(
  packRoads([
    { line: [[0, 0], [1000, 0]], name: "Shusha road" },
    { line: [[1000, 0], [2500, 0]], name: "Fuzuli road" },
  ]),
);
const lixels = lixelize(j.roads, { lixelLengthM: 500 });
const graph = buildRoadGraph(j, lixels);
const index = buildLixelIndex(lixels);
const risk = {
  ratePerKmYear: Float64Array.from([0, 0.01, 0.2, 0.05, 0]),
  riskClass: Uint8Array.from([0, 1, 4, 3, 0]),
};
// The route from (250,0) to (2500,0): half of lixel 0 (250 m), then lixels 1–4 whole: 2250 m.
const path = shortestPath(graph, index, { x: 250, y: 0 }, { x: 2500, y: 0 });

describe("corridorReport", () => {
  it("sums rate × km into expected incidents and km per class into the length", () => {
    // Expected incidents = 0 × 0.25 + 0.01 × 0.5 + 0.2 × 0.5 + 0.05 × 0.5 + 0 × 0.5 = 0.13 per year.
    // km by class: none recorded 0.25 + 0.5 = 0.75, low 0.5, moderate 0, high 0.5, very high 0.5.
    const report = corridorReport(path, lixels, j.roads, risk, {});
    expect(report.lengthM).toBeCloseTo(2250, 9);
    expect(report.expectedIncidentsPerYear).toBeCloseTo(0.13, 12);
    expect(Object.keys(report.kmByClass)).toEqual([...RISK_CLASSES]);
    const km = report.kmByClass;
    expect(km["none recorded"]).toBeCloseTo(0.75, 12);
    expect(km.low).toBeCloseTo(0.5, 12);
    expect(km.moderate).toBe(0);
    expect(km.high).toBeCloseTo(0.5, 12);
    expect(km["very high"]).toBeCloseTo(0.5, 12);
    const sum = Object.values(km).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(path.lengthM / 1000, 12);
  });

  it("profiles every step along the route with its road name", () => {
    const report = corridorReport(path, lixels, j.roads, risk);
    const rows = report.profile.map((p) => [p.fromKm, p.toKm, p.ratePerKmYear, p.riskClass, p.roadName]);
    const expected = [
      [0, 0.25, 0, "none recorded", "Shusha road"],
      [0.25, 0.75, 0.01, "low", "Shusha road"],
      [0.75, 1.25, 0.2, "very high", "Fuzuli road"],
      [1.25, 1.75, 0.05, "high", "Fuzuli road"],
      [1.75, 2.25, 0, "none recorded", "Fuzuli road"],
    ];
    expect(rows.length).toBe(expected.length);
    rows.forEach((row, i) => {
      expect(row[0]).toBeCloseTo(expected[i][0] as number, 12);
      expect(row[1]).toBeCloseTo(expected[i][1] as number, 12);
      expect(row.slice(2)).toEqual(expected[i].slice(2));
    });
  });

  it("cuts 1 km stretches and ranks the worst by mean rate", () => {
    // Route km 0–1: 250 m at 0, 500 m at 0.01, 250 m at 0.2 → (5 + 50) / 1000 m = 0.055 /km/yr.
    // km 1–2: 250 m at 0.2, 500 m at 0.05, 250 m at 0 → (50 + 25) / 1000 = 0.075.
    // km 2–2.25: 250 m at 0 → 0. Worst first: km 1–2, km 0–1, km 2–2.25.
    const report = corridorReport(path, lixels, j.roads, risk);
    const s = report.stretches;
    expect(s.map((x) => [x.fromKm, x.toKm])).toEqual([
      [0, 1],
      [1, 2],
      [2, 2.25],
    ]);
    expect(s[0].ratePerKmYear).toBeCloseTo(0.055, 12);
    expect(s[0].expectedIncidentsPerYear).toBeCloseTo(0.055, 12);
    expect(s[0].roadNames).toEqual(["Shusha road", "Fuzuli road"]);
    expect(s[1].ratePerKmYear).toBeCloseTo(0.075, 12);
    expect(s[1].roadNames).toEqual(["Fuzuli road"]);
    expect(s[2].ratePerKmYear).toBe(0);
    expect(s[2].toKm).toBeCloseTo(2.25, 12);
    expect(report.worstStretches.map((x) => x.fromKm)).toEqual([1, 0, 2]);
    const worst = corridorReport(path, lixels, j.roads, risk, { worstCount: 1 }).worstStretches;
    expect(worst).toEqual([s[1]]);
    // every stretch at or above a rate is listed too, however small worstCount is (0.055 ≥ 0.05; 0 is not)
    expect(corridorReport(path, lixels, j.roads, risk, { worstCount: 1, listAtLeastPerKmYear: 0.05 }).worstStretches).toEqual([s[1], s[0]]);
    expect(corridorReport(path, lixels, j.roads, risk, { worstCount: 0, listAtLeastPerKmYear: 0.06 }).worstStretches).toEqual([s[1]]);
    expect(() => corridorReport(path, lixels, j.roads, risk, { listAtLeastPerKmYear: Number.NaN })).toThrow(OptionError);
  });

  it("breaks ties between equally bad stretches by earlier chainage", () => {
    // From (0,0) with 500 m stretches each stretch is one lixel: rates 0.05, 0.01, 0.2, 0.05, 0.
    // Ranked: 0.2 (km 1–1.5), then the two 0.05 stretches in route order (km 0–0.5, km 1.5–2).
    const tied = { ratePerKmYear: Float64Array.from([0.05, 0.01, 0.2, 0.05, 0]), riskClass: risk.riskClass };
    const whole = shortestPath(graph, index, { x: 0, y: 0 }, { x: 2500, y: 0 });
    const report = corridorReport(whole, lixels, j.roads, tied, { stretchLengthM: 500, worstCount: 3 });
    expect(report.stretches.length).toBe(5);
    expect(report.worstStretches.map((x) => [x.fromKm, x.toKm])).toEqual([
      [1, 1.5],
      [0, 0.5],
      [1.5, 2],
    ]);
  });

  it("reports a route walked backwards from its own start", () => {
    // (2500,0) → (250,0): the same 2250 m; km 0–1 now holds 500 m at 0, 500 m at 0.05 → 0.025.
    const back = shortestPath(graph, index, { x: 2500, y: 0 }, { x: 250, y: 0 });
    const report = corridorReport(back, lixels, j.roads, risk);
    expect(report.expectedIncidentsPerYear).toBeCloseTo(0.13, 12);
    expect(report.stretches[0].ratePerKmYear).toBeCloseTo(0.025, 12);
    expect(report.profile[0].roadName).toBe("Fuzuli road");
  });

  it("checks its options and inputs", () => {
    expect(() => corridorReport(path, lixels, j.roads, risk, { stretchLengthM: 0 })).toThrow(OptionError);
    expect(() => corridorReport(path, lixels, j.roads, risk, { worstCount: 1.5 })).toThrow(OptionError);
    const short = { ratePerKmYear: new Float64Array(2), riskClass: new Uint8Array(2) };
    expect(() => corridorReport(path, lixels, j.roads, short)).toThrow(OptionError);
  });

  it("names the place nearest to each stretch's midpoint", () => {
    // Stretches of the (250,0) → (2500,0) route: km 0–1, 1–2, 2–2.25; midpoints on the road at x = 750,
    // 1750 and 2375. Places: "West" (700,300), "East" (2400,-100), "Far" (5000,0).
    // km 0–1: West √(50² + 300²) = 304.14 m; km 1–2: East √(650² + 100²) = 657.65 m vs West 1075.9 m;
    // km 2–2.25: East √(25² + 100²) = 103.08 m.
    const places = { names: ["West", "East", "Far"], points: buildPointIndex(Float64Array.from([700, 2400, 5000]), Float64Array.from([300, -100, 0])) };
    const report = corridorReport(path, lixels, j.roads, risk, { places });
    expect(report.stretches.map((s) => s.near?.name)).toEqual(["West", "East", "East"]);
    expect(report.stretches[0].near?.distanceM).toBeCloseTo(Math.hypot(50, 300), 9);
    expect(report.stretches[1].near?.distanceM).toBeCloseTo(Math.hypot(650, 100), 9);
    expect(report.stretches[2].near?.distanceM).toBeCloseTo(Math.hypot(25, 100), 9);
    expect(report.worstStretches[0].near?.name).toBe("East"); // the worst (km 1–2) carries its name
    expect(corridorReport(path, lixels, j.roads, risk).stretches[0].near).toBeUndefined();
  });
});
