import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Geodesic } from "geographiclib-geodesic";
import { describe, expect, it } from "vitest";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { svgToPng } from "../../src/render/png.ts";
import { type MapLayers, renderSvgMap } from "../../src/render/map/svg-map.ts";

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

  it("wraps a long credit line and long legend labels instead of running them off the image", () => {
    const credit = Array.from({ length: 20 }, (_, i) => `Source ${i} (CC BY 4.0);`).join(" ");
    const svg = renderSvgMap({ context: [{ key: "k", style: { kind: "fill", colour: "#cccccc", widthPx: 1, dash: "", opacity: 0.5, label: "area held 1994–2020 (Armenian forces and the de facto authorities)" }, features: [{ type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: [[46.7, 39.7], [46.9, 39.6]] } }], file: "k.geojson" }] }, { title: "t", attribution: credit });
    const footer = [...svg.matchAll(/<text x="14" y="(\d+)" font-size="11" fill="#444444">([^<]*)<\/text>/g)];
    expect(footer.length).toBeGreaterThan(1);
    expect(footer.map((m) => m[2]).join(" ")).toBe(credit);
    for (const m of footer) expect(14 + m[2].length * 6.2).toBeLessThan(1200);
    expect(Number(footer[footer.length - 1][1])).toBe(850 - 9);
    expect(svg).toContain(">area held 1994–2020 (Armenian<");
  });

  it("draws routes marked role \"alternative\" apart from the main route, each with its legend row", () => {
    const line = (coordinates: [number, number][], role?: string): OutFeature => ({ type: "Feature", properties: role ? { role } : {}, geometry: { type: "LineString", coordinates } });
    const main = line([[46.7, 39.7], [46.9, 39.6]], "main");
    const alt = line([[46.7, 39.7], [46.8, 39.8], [46.9, 39.6]], "alternative");
    const svg = renderSvgMap({ route: [main, alt] }, { title: "two routes" });
    expect(svg.match(/<path class="route"/g)).toHaveLength(1);
    expect(svg.match(/<path class="route alternative"/g)).toHaveLength(1);
    expect(svg).toContain(">alternative route<");
    // a route with no role is the main route, as before
    const plain = renderSvgMap({ route: [line([[46.7, 39.7], [46.9, 39.6]])] }, { title: "one route" });
    expect(plain).not.toContain("route alternative");
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

  it("dashes schematic roads with butt caps (round caps fill the gaps) over whole stretches", () => {
    const svg = renderSvgMap(layersOf("small-corridor"), params);
    const schematic = [...svg.matchAll(/<path class="lixels schematic[^>]*>/g)].map((m) => m[0]);
    expect(schematic.length).toBeGreaterThan(0);
    for (const p of schematic) {
      expect(p).toContain('stroke-linecap="butt"');
      expect(p).toContain('stroke-dasharray="7 5"');
    }
  });

  const line = (id: string, coordinates: [number, number][], riskClass = "low"): OutFeature => ({
    type: "Feature",
    properties: { roadId: id, riskClass, fromKm: 0, toKm: 1, lengthM: 1000, ratePerKmYear: 0.01, geometryQuality: "traced", stroke: "#fee08b", "stroke-width": 2 },
    geometry: { type: "LineString", coordinates },
  });
  const point = (id: string, lon: number, lat: number): OutFeature => ({ type: "Feature", properties: { id, device: "anti-tank" }, geometry: { type: "Point", coordinates: [lon, lat] } });

  it("shows stacked incidents as one circle with their count, and lone ones by device", () => {
    const layers: MapLayers = {
      lixels: [line("a", [[46.5, 39.5], [46.9, 39.7]])],
      incidents: [point("x1", 46.6, 39.6), point("x2", 46.6, 39.6), point("x3", 46.60001, 39.6), point("lone", 46.8, 39.55)],
    };
    const svg = renderSvgMap(layers, { title: "t" });
    const clusters = [...svg.matchAll(/<g class="incident-cluster"[\s\S]*?<\/g>/g)].map((m) => m[0]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toContain(">3</text>");
    expect(clusters[0]).toContain("3 incidents: x1, x2, x3");
    expect(svg.match(/<path class="incident"/g)).toHaveLength(1);
    expect(svg).toContain("incidents at one spot (count)");
  });

  it("places labels without overlap and says how many it left out", () => {
    const places = [0, 1, 2, 3, 4, 5].map((k) => ({ name: `Place number ${k}`, lon: 46.7 + k * 0.0005, lat: 39.6 }));
    const svg = renderSvgMap({ lixels: [line("a", [[46.5, 39.5], [46.9, 39.7]])] }, { title: "t", places });
    const boxes = [...svg.matchAll(/<text class="place" x="([\d.]+)" y="([\d.]+)"(?: text-anchor="(\w+)")? font-size="13"[^>]*>([^<]*)</g)].map((m) => {
      const w = 0.6 * 13 * m[4].length;
      const x = Number(m[1]);
      const left = m[3] === "end" ? x - w : m[3] === "middle" ? x - w / 2 : x;
      return [left, Number(m[2]) - 13, left + w, Number(m[2]) + 3];
    });
    expect(boxes.length).toBeGreaterThan(1);
    expect(boxes.length).toBeLessThan(6); // six long labels 4 px apart cannot all fit
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      expect(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3], `labels ${i} and ${j} overlap`).toBe(false);
    }
    expect(svg).toContain(`${6 - boxes.length} place label(s) left out`);
  });

  it("fits the frame where the roads are dense and notes the outliers; draws a lat/lon grid on request", () => {
    // 200 short roads within 0.2° and one island 10° away: the full box would shrink the roads to a speck
    const roads = Array.from({ length: 200 }, (_, k) => line(`r${k}`, [[46.5 + (k % 20) * 0.01, 39.5 + Math.floor(k / 20) * 0.02], [46.51 + (k % 20) * 0.01, 39.51 + Math.floor(k / 20) * 0.02]]));
    roads.push(line("island", [[56.5, 29.5], [56.51, 29.51]]));
    const svg = renderSvgMap({ lixels: roads }, { title: "t", grid: "latlon" });
    expect(svg).toContain("dense: 1 outlying road");
    const d = /class="lixels low" d="([^"]+)"/.exec(svg)?.[1] ?? "";
    const [x0, , x1] = pathBox(d.replace(/M[^M]*$/, "")); // drop the island's clipped subpath, if any is left
    expect(x1 - x0).toBeGreaterThan(400); // the dense roads fill most of the 880 px frame
    expect(svg).toContain('class="graticule"');
    expect(svg).toMatch(/>46\.\d+°E</);
  });

  it("thins incidents at national scale and draws the high-risk roads over them", () => {
    // 60 × 60 incidents on a 0.01° lattice: thousands of marks, far more than the dense threshold
    const incidents = Array.from({ length: 3600 }, (_, k) => point(`n${k}`, 46.5 + (k % 60) * 0.01, 39.3 + Math.floor(k / 60) * 0.01));
    const high = { ...line("h", [[46.5, 39.3], [47.1, 39.9]], "very high"), properties: { ...line("h", [], "very high").properties, stroke: "#a50026", "stroke-width": 5 } };
    const svg = renderSvgMap({ lixels: [high], incidents }, { title: "t" });
    expect(svg).toContain('class="incident-cluster dense"');
    expect(svg).not.toContain('class="incident-cluster"'); // no full-size counted circles
    const over = svg.indexOf('class="lixels over-incidents very-high"');
    expect(over).toBeGreaterThan(svg.lastIndexOf("incident-cluster dense")); // drawn after (above) every cluster
    expect(svg.match(/<text y="3\.5"/g)?.length).toBe(15); // only the 15 largest are numbered
    expect(svg).toContain("nearby incidents (size = count)");
  });
});

