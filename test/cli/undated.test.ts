import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerAnalyze } from "../../src/cli/commands/analyze.ts";
import { InputError } from "../../src/core/errors.ts";

const ROADS = fileURLToPath(new URL("../fixtures/io/bad/backtest-no-dated-records/roads.geojson", import.meta.url));
const UNDATED = fileURLToPath(new URL("../fixtures/io/bad/backtest-no-dated-records/input.geojson", import.meta.url)); // 3 undated incidents

function analyzeCli(args: string[]): string {
  let out = "";
  const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerAnalyze(program, (t) => (out += t));
  program.parse(["analyze", ...args], { from: "user" });
  return out;
}

describe("minerisk analyze with undated incidents only", () => {
  const dir = mkdtempSync(join(tmpdir(), "minerisk-undated-"));

  it("refuses a per-year rate (exit 2: InputError no-dated-incidents) and says how to give the window", () => {
    const run = () => analyzeCli(["--roads", ROADS, "--incidents", UNDATED, "--out", join(dir, "a"), "--quiet"]);
    expect(run).toThrow(InputError);
    expect(run).toThrow(/\[no-dated-incidents\]: none of the 3 target incidents has a date.*--window-years N/);
  });

  it("--window-years 10: runs, names the undated ones, prints no 1970 date; the level is the count over 10 years", () => {
    const out = join(dir, "b");
    const text = analyzeCli(["--roads", ROADS, "--incidents", UNDATED, "--out", out, "--window-years", "10"]);
    expect(text).toContain("undated: 3 of 3 (no date is invented: none is dated, so each counts once over the 10.00 years given): U-1, U-2, U-3");
    expect(text).not.toContain("1970");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.risk.model.asOf).toBe("undated");
    expect(summary.risk.model.effectiveYears).toBe(10);
    // calibrated: Σ rate × km = (road incidents, by road share) / 10 years; all 3 lie within 1 km of the road
    expect(summary.risk.roadIncidents).toBeCloseTo(3, 6);
    expect(summary.risk.calibratedIncidentsPerYear).toBeCloseTo(0.3, 6);
  });

  it("a bad --window-years is a flag error", () => {
    expect(() => analyzeCli(["--roads", ROADS, "--incidents", UNDATED, "--out", join(dir, "c"), "--window-years", "0", "--quiet"])).toThrow(/--window-years must be a positive number/);
  });
});
