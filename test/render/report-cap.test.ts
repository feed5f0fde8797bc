/**
 * The report's map draws at most a budget of lixel stretches (render/report/report-cap.ts): within the
 * budget every stretch, unchanged (the report's bytes stay those of before); beyond it the riskiest, in
 * road order, and the page says what it left out. Seeded synthetic stretches (labelled synthetic).
 */
import { describe, expect, it } from "vitest";
import { RISK_CLASSES } from "../../src/analyses/risk/risk-classes.ts";
import { seededRandom } from "../../src/core/random.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import type { MaplibreAssets } from "../../src/render/report/maplibre-assets.ts";
import { capStretches } from "../../src/render/report/report-cap.ts";
import { renderReport, reportChunks } from "../../src/render/report/report.ts";
import { jsonForScript } from "../../src/render/escape.ts";
import type { RunSummary } from "../../src/render/run-summary.ts";
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
    const c = Math.floor(rand() * RISK_CLASSES.length);
    // many equal rates, so ties decide by road order
    const rate = c === 0 ? 0 : Math.round(rand() * 20) / 10 + c;
    return { type: "Feature", properties: { roadId: `synthetic-${i}`, riskClass: RISK_CLASSES[c], maxRatePerKmYear: rate }, geometry: { type: "LineString", coordinates: [[i, 0], [i + 1, 0]] } };
  });
}

describe("capStretches", () => {
  it("keeps every stretch, the same array, within the budget", () => {
    const s = syntheticStretches(500, 1);
    const cap = capStretches(s, 500);
    expect(cap.drawn).toBe(s);
    expect(cap.cut).toBeNull();
  });

  it("beyond it keeps the highest classes whole, the cut class by rate (ties by order), in road order", () => {
    const s = syntheticStretches(5000, 2);
    const count = (c: string) => s.filter((f) => f.properties.riskClass === c).length;
    const top = count("very high") + count("high");
    const max = top + Math.floor(count("moderate") / 3);
    const cap = capStretches(s, max);
    expect(cap.drawn.length).toBe(max);
    expect(cap.whole).toEqual(["very high", "high"]);
    expect(cap.cut).toEqual({ riskClass: "moderate", drawn: max - top, of: count("moderate") });
    expect(cap.below).toEqual(["low", "none recorded"]);
    // road order kept
    const index = cap.drawn.map((f) => Number(String(f.properties.roadId).slice(10)));
    expect(index.every((v, k) => k === 0 || v > index[k - 1])).toBe(true);
    // the moderate ones drawn are the first max − top by (rate desc, order asc)
    const moderate = s.map((f, i) => ({ f, i })).filter(({ f }) => f.properties.riskClass === "moderate");
    moderate.sort((a, b) => Number(b.f.properties.maxRatePerKmYear) - Number(a.f.properties.maxRatePerKmYear) || a.i - b.i);
    const expected = new Set(moderate.slice(0, max - top).map(({ i }) => i));
    const drawnModerate = index.filter((i) => s[i].properties.riskClass === "moderate");
    expect(new Set(drawnModerate)).toEqual(expected);
    expect(index.filter((i) => s[i].properties.riskClass === "low").length).toBe(0);
  });

  it("the report says what its map leaves out, and only then", () => {
    const result = analyze({ roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) }, {});
    const summary: RunSummary = summarize(result);
    const lixelStretches = syntheticStretches(300, 3);
    const layers = { lixels: lixelStretches, lixelStretches };
    const full = renderReport({ summary, layers }, ASSETS);
    const capped = renderReport({ summary, layers, maxStretches: 100 }, ASSETS);
    expect(full).not.toContain('id="map-cap"');
    expect(renderReport({ summary, layers, maxStretches: 300 }, ASSETS)).toBe(full);
    expect(capped).toMatch(/<p class="legend-note" id="map-cap">This map draws 100 of the 300 road stretches, the riskiest: every stretch of class very high, /);
    expect(capped).toContain("every road piece with its numbers is in the lixels layer");
    const data = JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(capped)?.[1] ?? "{}");
    expect(data.layers.lixels.features.length).toBe(100);
  });
});

describe("report.html in pieces", () => {
  const summary: RunSummary = summarize(analyze({ roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) }, {}));
  const mapData = (html: string) => /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";

  it("the map data written piece by piece is jsonForScript of the whole, texts to escape and to shorten included", () => {
    const stretches = syntheticStretches(25_000, 4);
    // texts the escapes change, in different pieces; one too long to show (the replacer's path in one piece only)
    stretches[3].properties.roadName = "</script><!-- & \u2028";
    stretches[12_345].properties.roadName = "x".repeat(3000);
    stretches[24_999].properties.roadName = "<b>&amp;</b>\u2029";
    const pieces = Array.from(reportChunks({ summary, layers: { lixels: stretches, lixelStretches: stretches }, maxStretches: 30_000 }, ASSETS));
    expect(pieces.length).toBeGreaterThan(4);
    const html = pieces.join("");
    expect(renderReport({ summary, layers: { lixels: stretches, lixelStretches: stretches }, maxStretches: 30_000 }, ASSETS)).toBe(html);
    const text = mapData(html);
    expect(text).not.toContain("</script");
    // the text is the canonical whole serialisation of what it carries, and carries the stretches as shown
    expect(jsonForScript(JSON.parse(text))).toBe(text);
    expect(JSON.parse(text).layers.lixels.features).toEqual(JSON.parse(jsonForScript(stretches)));
  });

  it("is written whole when the stand-in's text also occurs in the data", () => {
    const stretches = syntheticStretches(50, 5);
    const hazard: OutFeature = { type: "Feature", properties: { status: "confirmed", note: ["minerisk:report:lixel-features"] }, geometry: { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } };
    const html = renderReport({ summary, layers: { lixels: stretches, lixelStretches: stretches, hazards: [hazard] } }, ASSETS);
    const data = JSON.parse(mapData(html));
    expect(data.layers.lixels.features).toEqual(JSON.parse(jsonForScript(stretches)));
    expect(data.layers.hazards.features[0].properties.note).toEqual(["minerisk:report:lixel-features"]);
  });
});
