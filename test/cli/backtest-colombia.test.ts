/**
 * `minerisk backtest` in-process on REAL data: the committed AICMA 2004 extract (test/fixtures/io/colombia/)
 * read with the shipped mapping, on the national roads clipped around it (test/fixtures/cli/backtest-colombia/).
 *
 * The extract holds one year (2004) only, so the splits are cut-off 2003 (the extract is the test year,
 * nothing to learn from) and cut-off 2004 (the extract is the training period, nothing to score). The CLI
 * refuses both as input errors (exit 2, saying what to change) instead of printing null metrics; the same
 * inputs through the library's backtestSplit (no guard: the caller's choice) check that every count equals
 * an independent count from the file: JSON.parse, the source's own property names, and a local
 * equirectangular point-to-segment distance (no minerisk code). The CLI's wiring — --mapping and --lenient
 * reach the intake, --target-types picks targets by TIPO_EVENTO — is checked through its errors.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runBacktest } from "../helpers/backtest-cli.ts";
import { InputError, OptionError } from "../../src/core/errors.ts";
import { lixelize } from "../../src/core/lixels.ts";
import { backtestSplit } from "../../src/analyses/backtest/run-backtest.ts";
import { rollingSplits } from "../../src/analyses/backtest/splits.ts";
import { lixelRoutes } from "../../src/analyses/risk/network-density.ts";
import { loadMapping } from "../../src/io/mapping/load-mapping.ts";
import { buildDataset } from "../../src/io/read/build-dataset.ts";
import { defaultRiskConfig, eventTypeArrays, riskOptionsFromConfig } from "../../src/io/read/risk-config.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoads } from "../../src/io/read/read-roads.ts";
import { buildAreaIndex } from "../../src/spatial/area-index.ts";
import { buildLixelIndex } from "../../src/spatial/lixel-index.ts";
import { splitAtJunctions } from "../../src/spatial/road-junctions.ts";

const path = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const EXTRACT = path("../fixtures/io/colombia/aicma-2004-extract.geojson");
const ROADS = path("../fixtures/cli/backtest-colombia/roads.geojson");
const MAPPING = path("../../data/mappings/colombia-aicma.json");
const TOLERANCE_M = 1000; // the default roadBandM, which the backtest uses as its snap tolerance

const run = runBacktest;
const base = ["--roads", ROADS, "--incidents", EXTRACT, "--mapping", MAPPING];

// ---- the independent count --------------------------------------------------------------------------
type Pos = [number, number];
const features = (JSON.parse(readFileSync(EXTRACT, "utf8")) as { features: { properties: Record<string, string>; geometry: { coordinates: Pos } }[] }).features;
const roadLines = (JSON.parse(readFileSync(ROADS, "utf8")) as { features: { geometry: { coordinates: Pos[] } }[] }).features.map((f) => f.geometry.coordinates);
/** Metres from p to segment a–b on a local equirectangular plane at p (error ≪ 1 m at a few km). */
function segmentDistanceM(p: Pos, a: Pos, b: Pos): number {
  const kx = 111_320 * Math.cos((p[1] * Math.PI) / 180);
  const ky = 110_574;
  const [ax, ay, bx, by] = [(a[0] - p[0]) * kx, (a[1] - p[1]) * ky, (b[0] - p[0]) * kx, (b[1] - p[1]) * ky];
  const [dx, dy] = [bx - ax, by - ay];
  const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
  return Math.hypot(ax + t * dx, ay + t * dy);
}
const roadDistanceM = (p: Pos) => Math.min(...roadLines.flatMap((l) => l.slice(1).map((b, k) => segmentDistanceM(p, l[k], b))));
const isTarget = (f: (typeof features)[number]) => ["1", "2"].includes(f.properties.TIPO_EVENTO);
const year = (f: (typeof features)[number]) => Number(f.properties["AÑO"]);
const targetDistances = features.filter(isTarget).map((f) => roadDistanceM(f.geometry.coordinates));

/** The CLI's backtest pipeline through the library, without its input guards: lenient intake with the mapping, one-year test windows. */
function libraryBacktest(cutoffs: number[], targetEventTypes: string[]) {
  const roads = readRoads([ROADS], { strictness: "lenient" });
  const incidents = readIncidents([EXTRACT], { strictness: "lenient", mapping: loadMapping(MAPPING) });
  const config = { ...defaultRiskConfig(), targetEventTypes };
  const dataset = buildDataset({ roads: roads.records, incidents: incidents.records });
  const network = splitAtJunctions(dataset.roads, { snapToleranceM: 1 });
  const lixels = lixelize(network.roads, { lixelLengthM: 100 });
  const { target, predictorWeight } = eventTypeArrays(incidents.records, config);
  const data = { lixelIndex: buildLixelIndex(lixels), incidents: dataset.incidents, target, predictorWeight, areas: buildAreaIndex(dataset.hazards), routes: lixelRoutes(lixels, network.roads) };
  return { intake: [...roads.report.files, ...incidents.report.files], splits: rollingSplits(cutoffs, 1).map((s) => backtestSplit(data, s, { risk: riskOptionsFromConfig(config), baselines: { seed: 1 } })) };
}

describe("minerisk backtest on the AICMA extract with --mapping data/mappings/colombia-aicma.json", () => {
  const lib = libraryBacktest([2003, 2004], ["1", "2"]);
  const [testYear, trainYear] = lib.splits;

  it("the fixture is what the counts assume: 44 features of 2004, 37 accidents, none within 10 m of the tolerance", () => {
    expect(features).toHaveLength(44);
    expect(features.every((f) => year(f) === 2004)).toBe(true);
    expect(targetDistances).toHaveLength(37);
    // so the count cannot hinge on the projection (the backtest measures in a fitted transverse Mercator)
    expect(targetDistances.every((d) => Math.abs(d - TOLERANCE_M) > 10)).toBe(true);
  });

  it("the CLI refuses both one-year splits as input errors that say what to change, not null metrics", () => {
    const args = [...base, "--lenient", "--target-types", "1,2", "--cutoff", "2003,2004", "--test-years", "1", "--json"];
    expect(() => run(args)).toThrow(InputError);
    try {
      run(args);
    } catch (e) {
      const issues = (e as InputError).issues;
      // 2003: nothing dated before 2004 to learn from; 2004 + 1 test year = 2005, after the last data year
      expect(issues.map((i) => i.code)).toEqual(["backtest-empty-training", "backtest-test-past-data"]);
      expect(issues[0].message).toContain("use a cut-off ≥ 2004");
      expect(issues[1].message).toContain("the last dated incident is from 2004: use a cut-off ≤ 2003");
    }
  });

  it("the intake counts add up and show the repaired lost minus sign (lenient keeps it)", () => {
    const [roads, incidents] = lib.intake;
    expect([roads.layer, roads.read, roads.used]).toEqual(["roads", roadLines.length, roadLines.length]);
    expect([incidents.layer, incidents.read, incidents.used, incidents.repaired, incidents.rejected]).toEqual(["incidents", 44, 43, 1, 0]);
    expect(trainYear.trainEvents).toBe(incidents.used + incidents.repaired);
    expect(testYear.snapToleranceM).toBe(TOLERANCE_M);
  });

  it("cut-off 2003: nothing to learn from; the test events are the extract's accidents, counted independently", () => {
    expect(testYear.trainEvents).toBe(features.filter((f) => year(f) <= 2003).length); // 0
    expect(testYear.trainTargetEvents).toBe(0);
    expect(testYear.testEventsAnyDistance).toBe(features.filter((f) => isTarget(f) && year(f) === 2004).length); // 37
    expect(testYear.testEvents).toBe(targetDistances.filter((d) => d <= TOLERANCE_M).length); // 11
    expect(testYear.testEvents).toBe(11);
    expect(testYear.model.observed).toBe(testYear.testEvents);
    expect(testYear.model.calibration.deciles.reduce((n: number, d: { observed: number }) => n + d.observed, 0)).toBe(testYear.testEvents);
    expect(testYear.model.predicted).toBe(0); // no past accident, no rate
  });

  it("cut-off 2004: every feature is a predictor, the accidents are the training targets, nothing is scored", () => {
    expect(trainYear.trainEvents).toBe(features.length); // every type is a predictor by default (weight 1)
    expect(trainYear.trainTargetEvents).toBe(features.filter(isTarget).length);
    expect([trainYear.testEvents, trainYear.testEventsAnyDistance]).toEqual([0, 0]);
    expect(trainYear.model.auc).toBeNaN(); // no positive lixel: undefined (what the CLI now refuses to print)
    expect(trainYear.model.predicted).toBeGreaterThan(0);
  });

  it("strict by default: without --lenient the lost minus sign is an error (so --lenient reaches the intake)", () => {
    const args = [...base, "--target-types", "1,2", "--cutoff", "2003", "--test-years", "1", "--json"];
    expect(() => run(args)).toThrow(InputError);
    try {
      run(args);
    } catch (e) {
      expect((e as InputError).issues.map((i) => [i.code, i.record])).toEqual([["lost-minus-sign", 44]]);
    }
  });

  it("without --mapping the records have no event type, and --target-types says so instead of scoring nothing", () => {
    const args = ["--roads", ROADS, "--incidents", EXTRACT, "--lenient", "--target-types", "1,2", "--cutoff", "2003", "--test-years", "1"];
    expect(() => run(args)).toThrow(OptionError);
    expect(() => run(args)).toThrow(/no incident has an event type.*--mapping/);
  });

  it("targets by event type: the config's targetEventTypes (library), unknown or empty --target-types refused (CLI)", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-backtest-colombia-"));
    const cfg = join(dir, "config.json");
    writeFileSync(cfg, JSON.stringify({ targetEventTypes: ["3"] }));
    const common = [...base, "--lenient", "--cutoff", "2004", "--test-years", "1", "--json", "--config", cfg];
    const stockpiles = features.filter((f) => f.properties.TIPO_EVENTO === "3").length; // 6
    expect(libraryBacktest([2004], ["3"]).splits[0].trainTargetEvents).toBe(stockpiles);
    expect(trainYear.trainTargetEvents).toBe(37);
    expect(() => run([...common, "--target-types", "9"])).toThrow(/no incident has event type 9; the event types in the input are 1, 3, 4/);
    expect(() => run([...common, "--target-types", "1,,2"])).toThrow(/--target-types/);
  });

  it("--out writes the intake report even when the backtest is refused, and no result file", () => {
    const out = join(mkdtempSync(join(tmpdir(), "minerisk-backtest-colombia-")), "out");
    expect(() => run([...base, "--lenient", "--target-types", "1,2", "--cutoff", "2003", "--test-years", "1", "--out", out])).toThrow(/backtest-empty-training/);
    const report = JSON.parse(readFileSync(join(out, "intake-report.json"), "utf8"));
    expect(report.files[1].issues.filter((i: { code: string }) => i.code === "lost-minus-sign").map((i: { record: number; action: string }) => [i.record, i.action])).toEqual([[44, "repaired"]]);
    expect(existsSync(join(out, "backtest.json"))).toBe(false);
  });
});
