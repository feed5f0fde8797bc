/**
 * `minerisk backtest` in-process: a new Command, registerBacktest with exitOverride, synthetic (seeded,
 * labelled) roads and incidents written to a temporary folder.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBacktest } from "../helpers/backtest-cli.ts";
import { seededRandom } from "../../src/core/random.ts";
import { InputError, OptionError } from "../../src/core/errors.ts";

function files(): { dir: string; roads: string; incidents: string } {
  const dir = mkdtempSync(join(tmpdir(), "minerisk-backtest-"));
  const rand = seededRandom(5);
  const roads = { type: "FeatureCollection", features: Array.from({ length: 6 }, (_, k) => ({ type: "Feature", properties: { id: `r${k}`, synthetic: true }, geometry: { type: "LineString", coordinates: [[-74 + k * 0.05, 4], [-74 + k * 0.05, 4.3]] } })) };
  const hot = [[-74, 4.1], [-73.9, 4.2]];
  const features = [];
  for (let year = 2000; year <= 2008; year++) {
    for (let k = 0; k < 12; k++) {
      const h = hot[k % 2];
      const [lon, lat] = rand() < 0.8 ? [h[0] + (rand() - 0.5) * 0.004, h[1] + (rand() - 0.5) * 0.02] : [-74 + rand() * 0.25, 4 + rand() * 0.3];
      features.push({ type: "Feature", properties: { id: `i${features.length}`, date: `${year}-06-15`, device: "anti-personnel", synthetic: true }, geometry: { type: "Point", coordinates: [Number(lon.toFixed(5)), Number(lat.toFixed(5))] } });
    }
  }
  writeFileSync(join(dir, "roads.geojson"), JSON.stringify(roads));
  writeFileSync(join(dir, "incidents.geojson"), JSON.stringify({ type: "FeatureCollection", features }));
  return { dir, roads: join(dir, "roads.geojson"), incidents: join(dir, "incidents.geojson") };
}

const run = runBacktest;

describe("minerisk backtest", () => {
  const f = files();

  it("prints the documented JSON: splits with cutoff, trainEvents, testEvents, model and every baseline", () => {
    const json = JSON.parse(run(["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "2004,2006", "--test-years", "2", "--json"]));
    expect(json.splits.map((s: { cutoff: number }) => s.cutoff)).toEqual([2004, 2006]);
    for (const s of json.splits) {
      expect(s.trainEvents).toBeGreaterThan(0);
      expect(s.testEvents).toBeGreaterThan(0);
      for (const k of ["pai10", "hit10", "auc", "predicted", "observed"]) expect(typeof s.model[k]).toBe("number");
      expect(Object.keys(s.baselines).sort()).toEqual(["count within 1 km", "nearest past incident", "planar KDE", "random", "road length"]);
      for (const b of Object.values(s.baselines) as Record<string, number>[]) for (const k of ["pai10", "hit10", "auc"]) expect(k in b).toBe(true);
    }
    expect(json.splits[0].trainEvents).toBe(5 * 12); // 2000–2004
  });

  it("prints a markdown table and writes json, md, svg and png with --out", () => {
    const out = join(f.dir, "out");
    const md = run(["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "2005", "--test-years", "3", "--out", out, "--regions", "2"]);
    expect(md).toMatch(/^\| cut-off \|/);
    expect(md).toMatch(/\| 2005 \| 2006–2008 \|/);
    for (const name of ["backtest.json", "backtest.md", "backtest.svg", "backtest.png", "backtest-differences.svg", "backtest-differences.png"]) expect(existsSync(join(out, name))).toBe(true);
    expect(readFileSync(join(out, "backtest.svg"), "utf8")).toMatch(/^<svg /);
    const json = JSON.parse(readFileSync(join(out, "backtest.json"), "utf8"));
    expect(json.splits[0].regions).toHaveLength(2);
    // one region row per band: the model against the best baseline there, the difference printed with its interval
    const regionRows = md.split("\n").filter((l) => /^\| 2005 \| [12] \| \d+ \|/.test(l));
    expect(regionRows).toHaveLength(2);
    for (const row of regionRows) {
      const cells = row.split("|").map((c) => c.trim());
      const g = json.splits[0].regions[Number(cells[2]) - 1];
      const best = Math.max(...Object.values(g.baselines as Record<string, { pai10: number }>).map((b) => b.pai10));
      expect(Number(cells[4])).toBeCloseTo(g.model.pai10, 2);
      expect(Number.parseFloat(cells[5])).toBeCloseTo(best, 2);
      const [diff, low, high] = [...cells[6].matchAll(/[+−]\d+\.\d+/g)].map((m) => Number(m[0].replace("−", "-")));
      expect(diff).toBeCloseTo(g.model.pai10 - best, 2);
      expect(low).toBeLessThanOrEqual(diff);
      expect(high).toBeGreaterThanOrEqual(diff);
    }
  });

  it("bad flags and bad config give clear errors naming them", () => {
    expect(() => run(["--roads", f.roads, "--incidents", f.incidents, "--test-years", "2"])).toThrow(OptionError);
    expect(() => run(["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "20x4", "--test-years", "2"])).toThrow(/--cutoff/);
    const cfg = join(f.dir, "bad-config.json");
    writeFileSync(cfg, JSON.stringify({ halfLifeDays: -3 }));
    expect(() => run(["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "2004", "--test-years", "2", "--config", cfg])).toThrow(InputError);
  });

  it("a test window past the data (2000–2008) is an input error naming what to change, not null metrics", () => {
    // cut-off 2008 + 2 test years = 2009–2010, after the last dated incident (2008-06-15)
    const past = () => run(["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "2004,2008", "--test-years", "2", "--json"]);
    expect(past).toThrow(InputError);
    expect(past).toThrow(/\[backtest-test-past-data\]: cut-off 2008 with --test-years 2 tests 2009–2010, but the last dated incident is from 2008: use a cut-off ≤ 2006/);
    expect(() => run(["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "1990", "--test-years", "2"])).toThrow(/\[backtest-empty-training\]/);
  });

  it("reports the level of each split against the observed road count, for the default and the baselines (a)–(c)", () => {
    const json = JSON.parse(run(["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "2004,2006", "--test-years", "2", "--json"]));
    for (const s of json.splits) {
      expect(s.level.model.method).toBe("damped");
      expect(Object.keys(s.level.baselines)).toEqual(["decay", "last", "mean"]);
      expect(s.level.observed).toBeCloseTo(s.model.observedRoadShare, 9);
      // no background, no hazards: the model's predicted total is the level forecast
      expect(s.level.model.predicted).toBeCloseTo(s.model.predicted, 6);
      for (const c of [s.level.model, ...Object.values(s.level.baselines)] as { low: number; high: number; predicted: number; covered: boolean; absLogRatio: number }[]) {
        expect(c.low).toBeLessThanOrEqual(c.predicted);
        expect(c.high).toBeGreaterThanOrEqual(c.predicted);
        expect(c.covered).toBe(c.low <= s.level.observed && s.level.observed <= c.high);
        expect(c.absLogRatio).toBeCloseTo(Math.abs(Math.log(c.predicted / s.level.observed)), 9);
      }
    }
    const covered = json.splits.filter((s: { level: { model: { covered: boolean } } }) => s.level.model.covered).length;
    expect(json.level.model).toEqual({ splits: 2, covered, meanAbsLogRatio: expect.any(Number) });
    // the decay baseline is v1.1's level: --level decay makes the model's total that baseline's
    const decay = JSON.parse(run(["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "2004", "--test-years", "2", "--json", "--level", "decay"]));
    expect(decay.splits[0].model.predicted).toBeCloseTo(json.splits[0].level.baselines.decay.predicted, 9);
    expect(run(["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "2004", "--test-years", "2"])).toMatch(/\| level \| 90 % interval covers \| mean abs log\(predicted \/ observed\) \|/);
  });

  it("bad level flags are option errors naming the flag", () => {
    const base = ["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "2004", "--test-years", "2"];
    expect(() => run([...base, "--level", "holt"])).toThrow(/--level\) must be one of decay, last, mean, loglinear, damped/);
    expect(() => run([...base, "--level", "loglinear", "--level-years", "2"])).toThrow(/--level-years\) must be a whole number from 3/);
    expect(() => run([...base, "--level-damping", "x"])).toThrow(/--level-damping must be a number/);
    expect(() => run([...base, "--level-confidence", "95"])).toThrow(OptionError);
  });
});
