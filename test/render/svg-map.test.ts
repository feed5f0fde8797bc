import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Geodesic } from "geographiclib-geodesic";
import { describe, expect, it } from "vitest";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { svgToPng } from "../../src/render/png.ts";
import { type MapLayers, renderSvgMap } from "../../src/render/svg-map.ts";

const FIX = join(import.meta.dirname, "../fixtures/render");

/** A fixture's features grouped into map layers by their `layer` property. */
function layersOf(name: string): MapLayers {
  const fc = JSON.parse(readFileSync(join(FIX, name, "input.geojson"), "utf8")) as { features: OutFeature[] };
  const out: Record<string, OutFeature[]> = {};
  for (const f of fc.features) (out[f.properties.layer as string] ??= []).push(f);
  return out as MapLayers;
}

/** The bounding box of the numbers in an SVG path's d attribute, pixels. */
function pathBox(d: string): [number, number, number, number] {
  const n = (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
  const xs = n.filter((_, i) => i % 2 === 0);
  const ys = n.filter((_, i) => i % 2 === 1);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

describe("renderSvgMap", () => {
  const params = JSON.parse(readFileSync(join(FIX, "small-corridor/params.json"), "utf8"));

  it("matches the golden SVG of the small corridor (coordinates rounded to 0.1 px)", async () => {
    const svg = renderSvgMap(layersOf("small-corridor"), params);
    await expect(svg).toMatchFileSnapshot(join(FIX, "small-corridor/expected.svg"));
  });

  it("has a title, legend rows for what was drawn, scale bar, north arrow, attribution, escaped labels", () => {
    const svg = renderSvgMap(layersOf("small-corridor"), params);
    expect(svg).toContain("Synthetic corridor &lt;test&gt; &amp; &quot;quotes&quot;");
    expect(svg).toContain("Bravo &lt;b&gt;");
    expect(svg).not.toContain("<b>");
    for (const label of ["road risk: very high", "schematic geometry (approximate)", "confirmed hazard area (CHA)", "suspected hazard area (SHA)", "incident: anti-tank", "route", "worst stretches of the route"]) expect(svg).toContain(label);
    expect(svg).not.toContain("incident: cluster"); // no cluster incident in the fixture
    expect(svg).toContain("1 incident(s) lie outside this map&#39;s");
    expect(svg).toContain('class="scale-bar"');
    expect(svg).toContain('class="north-arrow"');
    // synthetic data: no data source is credited unless the caller names one (issue 15 item 10)
    expect(svg).toContain(">Made with minerisk.</text>");
    expect(svg).not.toContain("OpenStreetMap");
    expect(svg).not.toContain("GeoNames");
    const credited = renderSvgMap(layersOf("small-corridor"), { ...params, attribution: "Roads: test roads <x>. Made with minerisk." });
    expect(credited).toContain(">Roads: test roads &lt;x&gt;. Made with minerisk.</text>");
  });

  it("draws an RFC 7946 (counter-clockwise) polygon as the small area it is, not as the rest of the globe", () => {
    const svg = renderSvgMap(layersOf("winding-ccw-hazard"), { title: "winding", widthPx: 900, heightPx: 600 });
    const d = /class="hazard confirmed" d="([^"]+)"/.exec(svg)?.[1] ?? "";
    expect(d).not.toBe("");
    const [x0, y0, x1, y1] = pathBox(d);
    // the polygon is 0.02° × 0.01° inside a frame fitted to a 0.12° line: a fraction of the frame,
    // whereas the un-rewound polygon becomes the whole clip rectangle (≈ 590 × 536 px)
    expect(x1 - x0).toBeLessThan(200);
    expect(y1 - y0).toBeLessThan(120);
    expect(x1 - x0).toBeGreaterThan(20);
  });

  it("has a scale bar that agrees with GeographicLib geodesic distances within 1 %", () => {
    // two synthetic incidents 5 km apart on a geodesic heading east from 46.91 E, 39.615 N
    const g = Geodesic.WGS84.Direct(39.615, 46.91, 90, 5_000);
    const at = (id: string, lon: number, lat: number): OutFeature => ({ type: "Feature", properties: { id, device: "IED" }, geometry: { type: "Point", coordinates: [lon, lat] } });
    const layers = layersOf("small-corridor");
    layers.incidents = [at("a", 46.91, 39.615), at("b", g.lon2 as number, g.lat2 as number)];
    const svg = renderSvgMap(layers, params);
    const pts = [...svg.matchAll(/class="incident" transform="translate\(([\d.]+),([\d.]+)\)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(pts).toHaveLength(2);
    const px = Math.hypot(pts[1][0] - pts[0][0], pts[1][1] - pts[0][1]);
    const bar = /<text x="([\d.]+)" y="[\d.]+">0<\/text>\n<text x="([\d.]+)" y="[\d.]+" text-anchor="end">([\d.]+) (km|m)<\/text>/.exec(svg);
    expect(bar).not.toBeNull();
    const barM = Number(bar?.[3]) * (bar?.[4] === "km" ? 1000 : 1);
    const barPx = Number(bar?.[2]) - Number(bar?.[1]);
    expect(Math.abs(barM / barPx - 5_000 / px) / (5_000 / px)).toBeLessThan(0.01);
  });

  it("is deterministic, and its PNG keeps the text (fonts found) and is byte-stable", () => {
    const a = renderSvgMap(layersOf("small-corridor"), params);
    expect(renderSvgMap(layersOf("small-corridor"), params)).toBe(a);
    const png = svgToPng(a);
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe("PNG");
    expect(Buffer.from(svgToPng(a)).equals(Buffer.from(png))).toBe(true);
    const noText = svgToPng(a.replace(/<text[^>]*>[^<]*<\/text>/g, ""));
    expect(Buffer.from(noText).equals(Buffer.from(png))).toBe(false);
  });
});
