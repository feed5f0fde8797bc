/**
 * The report's cap fed a block at a time (render/report/report-cap.ts stretchCapAccumulator) equals the
 * whole-array cap (capStretches, which sorts every stretch of the cut class: the brute force here) for
 * budgets inside, at and beyond the run, and whatever the blocks. Seeded synthetic stretches (labelled
 * synthetic), many rates equal so that ties decide by road order, some of no known class.
 */
import { describe, expect, it } from "vitest";
import { RISK_CLASSES } from "../../src/analyses/risk/risk-classes.ts";
import { seededRandom } from "../../src/core/random.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { capStretches, stretchCapAccumulator } from "../../src/render/report/report-cap.ts";
import type { MaplibreAssets } from "../../src/render/report/maplibre-assets.ts";
import { renderReport } from "../../src/render/report/report.ts";
import { summarize } from "../../src/pipeline/summary.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import { readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { join } from "node:path";

const DATA = join(import.meta.dirname, "../../data/karabakh");
const ASSETS: MaplibreAssets = { js: "/* maplibre */", workerJs: "/* worker */", css: ".maplibregl-map{}", version: "0.0.0-test" };

function syntheticStretches(n: number, seed: number): OutFeature[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const c = Math.floor(rand() * (RISK_CLASSES.length + 1)) - 1; // −1: a class the map does not know
    const rate = c <= 0 ? 0 : Math.round(rand() * 10) / 10 + c;
    return { type: "Feature", properties: { roadId: `synthetic-${i}`, riskClass: c < 0 ? "unknown" : RISK_CLASSES[c], maxRatePerKmYear: rate }, geometry: { type: "LineString", coordinates: [[i, 0], [i + 1, 0]] } };
  });
}

function fed(stretches: readonly OutFeature[], max: number, block: number) {
  const acc = stretchCapAccumulator(max);
  for (let i = 0; i < stretches.length; i += block) acc.add(stretches.slice(i, i + block));
  return acc.finish();
}

describe("stretchCapAccumulator", () => {
  const s = syntheticStretches(3000, 22);
  for (const max of [0, 1, 17, 400, 1100, 2999, 3000, 5000]) {
    it(`selects what capStretches selects, ${max} of 3000, in blocks of 1, 7 and 1000`, () => {
      const want = capStretches(s, max);
      for (const block of [1, 7, 1000]) {
        const got = fed(s, max, block);
        expect({ ...got, drawn: [...got.drawn] }).toEqual({ ...want, drawn: [...want.drawn] });
        // the very objects, in road order
        got.drawn.forEach((f, k) => expect(f).toBe(want.drawn[k]));
      }
    });
  }

  it("keeps the highest rates of the cut class, ties by road order (hand-built)", () => {
    const f = (id: string, riskClass: string, rate: number): OutFeature => ({ type: "Feature", properties: { roadId: id, riskClass, maxRatePerKmYear: rate }, geometry: { type: "LineString", coordinates: [[0, 0], [1, 0]] } });
    // budget 3: the very high one whole, then the two best of the high ones: b (2.0), then c before e (1.5 each, c first)
    const list = [f("a", "high", 1), f("b", "high", 2), f("c", "high", 1.5), f("d", "very high", 0.1), f("e", "high", 1.5), f("g", "low", 9)];
    const cap = fed(list, 3, 2);
    expect(cap.drawn.map((x) => x.properties.roadId)).toEqual(["b", "c", "d"]);
    expect(cap.cut).toEqual({ riskClass: "high", drawn: 2, of: 4 });
    expect(cap.whole).toEqual(["very high"]);
    expect(cap.below).toEqual(["low"]);
  });

  it("gives the report of today's cap, byte for byte, with a tiny budget", () => {
    const summary = summarize(analyze({ roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) }, {}));
    const stretches = syntheticStretches(600, 5);
    const layers = { lixels: stretches, lixelStretches: stretches };
    const today = renderReport({ summary, layers, maxStretches: 40 }, ASSETS);
    expect(today).toContain('id="map-cap"');
    expect(renderReport({ summary, layers, stretchCap: fed(stretches, 40, 7) }, ASSETS)).toBe(today);
    // and a cap of another budget is another report (the comparison can fail)
    expect(renderReport({ summary, layers, stretchCap: fed(stretches, 41, 7) }, ASSETS)).not.toBe(today);
  });
});
