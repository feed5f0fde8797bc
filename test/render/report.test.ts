import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { escapeHtml, jsonForScript } from "../../src/render/escape.ts";
import type { MaplibreAssets } from "../../src/render/report/maplibre-assets.ts";
import { renderReport, reportCsp } from "../../src/render/report/report.ts";
import type { RunSummary } from "../../src/render/run-summary.ts";
import { resolvePlace } from "../../src/io/places/gazetteer.ts";
import { readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { summarize } from "../../src/pipeline/summary.ts";

const DATA = join(import.meta.dirname, "../../data/karabakh");

// a stand-in for maplibre's files, so these tests check the page around them (the browser test uses the real ones)
const ASSETS: MaplibreAssets = { js: "/* maplibre */", workerJs: "/* worker */", css: ".maplibregl-map{}", version: "0.0.0-test" };
const PAYLOAD = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>';

/** The summary of the real default run, with data-borne texts replaced by the payload. */
function payloadSummary(): RunSummary {
  const places = join(DATA, "places.geojson");
  const result = analyze(
    { roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) },
    { route: { from: resolvePlace("Shusha", places), to: resolvePlace("Fuzuli", places) } },
  );
  const s = summarize(result);
  if (!s.route) throw new Error("the default run has a route");
  return { ...s, route: { ...s.route, from: { ...s.route.from, name: `A${PAYLOAD}` }, worstStretches: s.route.worstStretches.map((w) => ({ ...w, roadNames: [PAYLOAD] })) } };
}
const summary = payloadSummary();
const incident: OutFeature = { type: "Feature", properties: { id: PAYLOAD, device: "IED", source: PAYLOAD, "marker-color": "#000000" }, geometry: { type: "Point", coordinates: [46.95, 39.65] } };
const lixel: OutFeature = { type: "Feature", properties: { riskClass: "low", stroke: "#fee08b", "stroke-width": 2, roadName: PAYLOAD }, geometry: { type: "LineString", coordinates: [[46.9, 39.6], [47, 39.7]] } };

describe("renderReport", () => {
  const html = renderReport({ summary, layers: { lixels: [lixel], incidents: [incident] }, places: [{ name: PAYLOAD, lon: 46.9, lat: 39.6 }] }, ASSETS);

  it("lets only its own script run: a CSP with the hash of the one module script", () => {
    const module = /<script type="module">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    const hash = createHash("sha256").update(module).digest("base64");
    expect(reportCsp()).toContain(`script-src 'sha256-${hash}' blob:`);
    expect(html).toContain(`content="${escapeHtml(reportCsp())}"`);
    expect(reportCsp()).toContain("default-src 'none'");
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual([
      '<script type="application/json" id="report-data">',
      '<script type="text/plain" id="maplibre-js">',
      '<script type="text/plain" id="maplibre-worker">',
      '<script type="module">',
    ]);
  });

  it("escapes every text from the data and carries the layers as inert JSON that parses back exactly", () => {
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain(escapeHtml(PAYLOAD));
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(json).toBe(jsonForScript(JSON.parse(json)));
    const data = JSON.parse(json);
    expect(data.layers.incidents.features[0].properties.id).toBe(PAYLOAD);
    expect(data.places[0].name).toBe(PAYLOAD);
    expect(data.bounds).toEqual([[46.9, 39.6], [47, 39.7]]);
  });

  it("names no remote resource and is deterministic", () => {
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(renderReport({ summary, layers: { lixels: [lixel], incidents: [incident] }, places: [{ name: PAYLOAD, lon: 46.9, lat: 39.6 }] }, ASSETS)).toBe(html);
  });

  it("shows the corridor summary, the worst stretches and the incidents", () => {
    expect(html).toContain("Corridor summary");
    expect(html).toContain("Worst stretches");
    expect(html).toContain("Incidents (1)");
    expect(html).toContain(escapeHtml(summary.caveat));
  });
});
