/**
 * `minerisk backtest --model fitted` and `--covariate` in-process, on seeded synthetic roads and incidents
 * (labelled synthetic): incidents cluster near a synthetic "front line", which the covariate gives.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBacktest } from "../helpers/backtest-cli.ts";
import { seededRandom } from "../../src/core/random.ts";
import { InputError, OptionError } from "../../src/core/errors.ts";

function files() {
  const dir = mkdtempSync(join(tmpdir(), "minerisk-fitted-"));
  const rand = seededRandom(11);
  const roads = { type: "FeatureCollection", features: Array.from({ length: 8 }, (_, k) => ({ type: "Feature", properties: { id: `r${k}`, synthetic: true }, geometry: { type: "LineString", coordinates: [[-74 + k * 0.04, 4], [-74 + k * 0.04, 4.3]] } })) };
  const features = [];
  for (let year = 2000; year <= 2010; year++)
    for (let k = 0; k < 15; k++) {
      const road = rand() < 0.7 ? Math.floor(rand() * 2) : Math.floor(rand() * 8); // most near the line at lon −74 … −73.96
      features.push({ type: "Feature", properties: { id: `i${features.length}`, date: `${year}-06-15`, synthetic: true }, geometry: { type: "Point", coordinates: [Number((-74 + road * 0.04 + (rand() - 0.5) * 0.002).toFixed(5)), Number((4 + rand() * 0.3).toFixed(5))] } });
    }
  const front = { type: "FeatureCollection", features: [{ type: "Feature", properties: { synthetic: true }, geometry: { type: "LineString", coordinates: [[-74.01, 3.9], [-74.01, 4.4]] } }] };
  const zone = { type: "FeatureCollection", features: [{ type: "Feature", properties: { synthetic: true }, geometry: { type: "Polygon", coordinates: [[[-74.02, 3.9], [-73.95, 3.9], [-73.95, 4.4], [-74.02, 4.4], [-74.02, 3.9]]] } }] };
  const bad = { type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [-74, 4] } }] };
  const write = (name: string, v: object) => (writeFileSync(join(dir, name), JSON.stringify(v)), join(dir, name));
  return { roads: write("roads.geojson", roads), incidents: write("incidents.geojson", { type: "FeatureCollection", features }), front: write("front.geojson", front), zone: write("zone.geojson", zone), bad: write("bad.geojson", bad), tif: join(dir, "x.tif") };
}

describe("minerisk backtest --model fitted", () => {
  const f = files();
  const base = ["--roads", f.roads, "--incidents", f.incidents, "--cutoff", "2006,2008", "--test-years", "2", "--json"];

  it("fits on pseudo-splits inside each training period, records the covariates' coefficients and pools the splits", () => {
    const text = runBacktest([...base, "--model", "fitted", "--covariate", `front=${f.front}`, "--covariate", `zone=${f.zone}`]);
    const json = JSON.parse(text);
    expect(json.model).toBe("fitted");
    for (const s of json.splits) {
      expect(s.fitted.features).toContain("front: distance");
      expect(s.fitted.features).toContain("zone: inside");
      for (const p of s.fitted.pseudoSplits) expect(p.targetTo < `${s.cutoff + 1}`).toBe(true); // never the test years
      expect(s.fitted.converged).toBe(true);
      expect(s.model.auc).toBeGreaterThan(0.5);
    }
    expect(json.pooled.model.hit).toHaveLength(4);
    expect(json.pooled.differences.random.hit[1].diff).toBeGreaterThan(0);
    // deterministic: the same inputs print byte-identical JSON
    expect(runBacktest([...base, "--model", "fitted", "--covariate", `front=${f.front}`, "--covariate", `zone=${f.zone}`])).toBe(text);
  });

  it("prints the pooled table under the per-split markdown", () => {
    const md = runBacktest(base.filter((a) => a !== "--json"));
    expect(md).toMatch(/Pooled over 2 splits \(\d+ test events/);
    expect(md).toMatch(/\| model − baseline \[95 % paired bootstrap\] \| hit@1 % \| hit@5 % \| hit@10 % \| hit@20 % \| AUC \|/);
    expect(md).toMatch(/\| nearest past incident \| -?\d\.\d{3} \[/);
  });

  it("refuses a GeoTIFF, a point layer and a covariate without --model fitted, each with a clear error", () => {
    expect(() => runBacktest([...base, "--model", "fitted", "--covariate", `r=${f.tif}`])).toThrow(InputError);
    expect(() => runBacktest([...base, "--model", "fitted", "--covariate", `r=${f.tif}`])).toThrow(/GeoTIFF/);
    expect(() => runBacktest([...base, "--model", "fitted", "--covariate", `p=${f.bad}`])).toThrow(/record 0|wrong-geometry-type|not a line or polygon/);
    expect(() => runBacktest([...base, "--covariate", `front=${f.front}`])).toThrow(OptionError);
    expect(() => runBacktest([...base, "--model", "boosted"])).toThrow(/kernel.*fitted/);
  });

  it("on the shipped Karabakh area, --model fitted takes the distance to the 1994–2020 Line of Contact as a covariate", () => {
    const j = JSON.parse(runBacktest(["--model", "fitted", "--cutoff", "2023", "--test-years", "1", "--json"]));
    const fitted = j.splits[0].fitted;
    expect(fitted.features).toContain("loc: distance");
    expect(Number.isFinite(fitted.coefficients["loc: distance"])).toBe(true);
    // the kernel model takes no covariate, and a --covariate given replaces the area's own
    expect(JSON.parse(runBacktest(["--cutoff", "2023", "--test-years", "1", "--json"])).splits[0].fitted).toBeUndefined();
  });
});
