import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { lixelize, MAX_LIXELS_DEFAULT } from "../../src/core/lixels.ts";
import { alternativeRoutes, MAX_ALTERNATIVES } from "../../src/analyses/routing/alternatives.ts";
import { MAX_BANDWIDTH_M, MAX_HALF_LIFE_DAYS, resolveRiskParameters } from "../../src/analyses/risk/risk-parameters.ts";
import { registerRoute } from "../../src/cli/commands/route.ts";
import { LADDER, routingSetup } from "../helpers/routing-networks.ts";
import { optionErrorOf } from "../helpers/errors.ts";
import { packRoads } from "../helpers/roads.ts";
import type { IncidentRecord, RoadRecord } from "../../src/io/fields/records.ts";
import { checkRunLimits, DEFAULT_MAX_INCIDENTS, DEFAULT_MAX_ROAD_VERTICES } from "../../src/pipeline/run-limits.ts";

describe("absurd parameters are refused before the work starts (issue 20)", () => {
  it("a lixel count past the limit is refused before allocation, naming a length that fits", () => {
    // 10 km of road at 1 m lixels = 10,000 lixels > 5,000: the coarsest length that fits is 10,000 m / 5,000 = 2 m.
    const roads = packRoads([[[0, 0], [10_000, 0]]]);
    const msg = optionErrorOf(() => lixelize(roads, { lixelLengthM: 1, maxLixels: 5_000 }));
    expect(msg).toContain("10,000 lixels");
    expect(msg).toContain("limit of 5,000");
    expect(msg).toContain("--lixel-length (at least 2 m)");
    expect(lixelize(roads, { lixelLengthM: 2, maxLixels: 5_000 }).count).toBe(5_000);
    // 0.001 m lixels on 100 km of road (1e8 pieces) pass the default limit no more.
    expect(MAX_LIXELS_DEFAULT).toBe(20_000_000);
    optionErrorOf(() => lixelize(packRoads([[[0, 0], [100_000, 0]]]), { lixelLengthM: 0.001 }));
  });

  it("a half-life past 1,000 years and a bandwidth of 0 or past 1,000 km are refused", () => {
    expect(optionErrorOf(() => resolveRiskParameters({ halfLifeDays: 1e20 }))).toBe(`halfLifeDays must be at most 365,250 days, got 100000000000000000000`);
    expect(optionErrorOf(() => resolveRiskParameters({ bandwidthM: 1e9 }))).toContain("bandwidthM must be at most 1,000,000 m");
    expect(optionErrorOf(() => resolveRiskParameters({ bandwidthM: 0 }))).toContain("bandwidthM must be a positive number");
    expect(resolveRiskParameters({ halfLifeDays: MAX_HALF_LIFE_DAYS, bandwidthM: MAX_BANDWIDTH_M }).halfLifeDays).toBe(365_250);
  });

  it("more than 100 alternative routes are refused; 100 on a 5-road ladder ends cleanly", () => {
    const { graph, index } = routingSetup(LADDER);
    const A = { x: 0, y: 0 };
    const B = { x: 1000, y: 0 };
    expect(optionErrorOf(() => alternativeRoutes(graph, index, A, B, { count: MAX_ALTERNATIVES + 1 }))).toBe("count must be at most 100 routes, got 101");
    // 400 rounds double the shared lixels' search costs to 2^400 ≈ 2.6e120, still finite; every ladder road is found once.
    const routes = alternativeRoutes(graph, index, A, B, { count: MAX_ALTERNATIVES, maxCostRatio: 1e6 });
    expect(routes.length).toBe(LADDER.length);
    // A huge penalty saturates the costs within a few rounds: the search stops instead of failing.
    expect(alternativeRoutes(graph, index, A, B, { count: MAX_ALTERNATIVES, penalty: 1e100, maxCostRatio: 1e6 }).length).toBeGreaterThanOrEqual(1);
  });

  it("`minerisk route --alternatives 400` is an option error (exit 2), not a crash", () => {
    const program = new Command().exitOverride();
    registerRoute(program, () => undefined);
    expect(() => program.parse(["route", "--alternatives", "400"], { from: "user" })).toThrow(/--alternatives must be a whole number from 1 to 100, got "400"/);
  });

  it("--max-lixels sets the lixel limit on the command line: the default corridor's 1,742 lixels pass 2,000, not 1,000", () => {
    const cli = join(import.meta.dirname, "../../src/cli/main.ts");
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", cli, ...args], { encoding: "utf8" });
    const out = mkdtempSync(join(tmpdir(), "minerisk-maxlixels-"));
    const refused = run("analyze", "--quiet", "--out", out, "--max-lixels", "1000");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("1,742 lixels of at most 100 m");
    expect(refused.stderr).toContain("exceed the limit of 1,000 lixels");
    expect(refused.stderr).toContain("raise --max-lixels");
    for (const bad of ["0", "1.5", "many"]) {
      const r = run("density", "--quiet", "--out", out, "--max-lixels", bad);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--max-lixels/);
    }
  });
});

describe("a run's size is checked before the work starts (issue 20: vertices, features, incidents)", () => {
  const road = (k: number, n: number): RoadRecord => ({ file: "roads.geojson", record: k + 1, id: `r${k}`, name: "", class: "", bridge: false, tunnel: false, layer: 0, oneway: 0, properties: {}, parts: [Array.from({ length: n }, (_, i) => [46.9 + i * 1e-3, 39.6 + k * 1e-3] as [number, number])] });
  const roads = [road(0, 4), road(1, 3)]; // 7 vertices in 2 features

  it("more road vertices than the limit: the figure, the limit, what to change", () => {
    expect(DEFAULT_MAX_ROAD_VERTICES).toBe(100_000_000);
    const msg = optionErrorOf(() => checkRunLimits({ roads, incidents: [] }, { maxRoadVertices: 6 }));
    expect(msg).toBe("the roads have 7 vertices in 2 features, more than the limit of 6 (about 0.0 GB of coordinates before any analysis): cut the roads to the study area (e.g. ogr2ogr -clipsrc W S E N) or simplify them, or raise --max-vertices (library maxRoadVertices)");
    checkRunLimits({ roads, incidents: [] }, { maxRoadVertices: 7 });
  });

  it("more incidents than the limit, and a limit that is not a whole number ≥ 1, are option errors", () => {
    expect(DEFAULT_MAX_INCIDENTS).toBe(5_000_000);
    const incidents = [{}, {}, {}] as unknown as IncidentRecord[];
    expect(optionErrorOf(() => checkRunLimits({ roads, incidents }, { maxIncidents: 2 }))).toBe("3 incidents, more than the limit of 2: give the incidents of the study area and period only, or raise --max-incidents (library maxIncidents)");
    expect(optionErrorOf(() => checkRunLimits({ roads, incidents }, { maxIncidents: 0 }))).toContain("maxIncidents (--max-incidents) must be a whole number ≥ 1, got 0");
    checkRunLimits({ roads, incidents }, { maxIncidents: 3 });
  });

  it("analyze and route refuse before projecting, through the CLI (exit 2, no output written)", () => {
    const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
    const out = join(mkdtempSync(join(tmpdir(), "minerisk-limits-")), "out");
    const r = spawnSync(process.execPath, [CLI, "analyze", "--max-vertices", "10", "--quiet", "--out", out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^minerisk: the roads have [\d,]+ vertices in [\d,]+ features, more than the limit of 10 .*raise --max-vertices/);
    const bad = spawnSync(process.execPath, [CLI, "route", "--max-incidents", "1.5"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--max-incidents must be a whole number ≥ 1, got 1.5");
  });
});
