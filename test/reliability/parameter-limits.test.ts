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
