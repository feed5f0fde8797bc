/**
 * The static map fed the lixels' stretches a block at a time (render/map/svg-map.ts staticMap,
 * render/map/map-lixels.ts): the stretches made in blocks are those made at once; the map's bytes do not
 * depend on the blocks (vector, raster, and switching between them mid-run); past the budget the roads
 * are drawn as the map's pixels, highest class per pixel, and a person sees them where the vector map
 * draws them (checked on resvg's rendering, not on our own PNG encoder). Synthetic lixels (labelled
 * synthetic): a seeded grid of roads cut into 0.01° lixels with runs of classes, some schematic.
 */
import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { RISK_CLASSES } from "../../src/analyses/risk/risk-classes.ts";
import { seededRandom } from "../../src/core/random.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { RISK_CLASS_COLOURS } from "../../src/io/layers/layers.ts";
import { type MapLayers, renderSvgMap, staticMap } from "../../src/render/map/svg-map.ts";
import { displayStretches, stretchBlocks } from "../../src/render/report/report-layers.ts";

/** Synthetic lixels in road order: 12 east–west and 12 north–south roads of 40 lixels each. */
function syntheticLixels(seed: number): OutFeature[] {
  const rand = seededRandom(seed);
  const out: OutFeature[] = [];
  for (let r = 0; r < 24; r++) {
    const ew = r < 12;
    let c = 0;
    for (let k = 0; k < 40; k++) {
      if (rand() < 0.3) c = Math.floor(rand() * RISK_CLASSES.length);
      const along = k * 0.01;
      const across = (r % 12) * 0.035;
      const line: [number, number][] = ew
        ? [[46.5 + along, 39.5 + across], [46.505 + along, 39.5004 + across], [46.51 + along, 39.5 + across]]
        : [[46.5 + across, 39.45 + along], [46.5004 + across, 39.455 + along], [46.5 + across, 39.46 + along]];
      const rate = c === 0 ? 0 : c + Math.round(rand() * 10) / 10;
      out.push({
        type: "Feature",
        properties: { roadId: `synthetic-${r}`, roadName: `road ${r}`, fromKm: k, toKm: k + 1, lengthM: 1000, ratePerKmYear: rate, riskClass: RISK_CLASSES[c], geometryQuality: r % 5 === 4 ? "schematic" : "surveyed", stroke: RISK_CLASS_COLOURS[c], "stroke-width": 2 },
        geometry: { type: "LineString", coordinates: line },
      });
    }
  }
  return out;
}

const lixels = syntheticLixels(7);
const layers: MapLayers = { lixels };
const options = { title: "synthetic grid" };

function mapIn(blocks: number, vectorMaxChars?: number): string {
  const map = staticMap(layers, { ...options, vectorMaxChars });
  const all = displayStretches(lixels);
  for (let i = 0; i < all.length; i += blocks) map.add(all.slice(i, i + blocks));
  return map.svg();
}

/** RGBA of resvg's rendering of `svg` at pixel (x, y). */
function pixel(image: { pixels: Uint8Array; width: number }, x: number, y: number): string {
  const at = 4 * (Math.floor(y) * image.width + Math.floor(x));
  return `#${[0, 1, 2].map((k) => image.pixels[at + k].toString(16).padStart(2, "0")).join("")}`;
}

const render = (svg: string) => {
  const r = new Resvg(svg, { font: { loadSystemFonts: false }, background: "white" }).render();
  return { pixels: r.pixels as Uint8Array, width: r.width };
};

describe("stretches in blocks", () => {
  it("are the stretches made at once, for blocks of 1, 7 and 1000 lixels", () => {
    const whole = displayStretches(lixels);
    expect(whole.length).toBeGreaterThan(24); // runs of classes split the roads
    for (const blockLixels of [1, 7, 1000]) expect([...stretchBlocks(lixels, { blockLixels })].flat()).toEqual(whole);
  });
});

describe("staticMap", () => {
  const vector = renderSvgMap(layers, options);
  const chars = [...vector.matchAll(/<path class="lixels[^"]*" d="([^"]*)"/g)].reduce((s, m) => s + m[1].length, 0);

  it("within the budget draws the vector map of renderSvgMap, whatever the blocks", () => {
    expect(vector).toContain('<path class="lixels');
    expect(vector).not.toContain("<image");
    for (const b of [1, 7, 1000]) expect(mapIn(b)).toBe(vector);
  });

  it("gives the same bytes for blocks of 1, 7 and 1000 stretches when it switches to pixels mid-run", () => {
    const half = mapIn(1000, Math.floor(chars / 2));
    expect(half).toContain('class="lixels raster"');
    for (const b of [1, 7]) expect(mapIn(b, Math.floor(chars / 2))).toBe(half);
    // the grid is drawn from the path text either way: switching at the first stretch draws the same picture
    const image = (svg: string) => svg.match(/<image class="lixels raster"[^>]*>/)?.[0];
    expect(image(mapIn(7, 0))).toBe(image(half));
  });

  it("past the budget draws the roads as pixels where the vector map draws them, highest class on top, and says so", () => {
    const raster = mapIn(7, 10);
    expect(raster).not.toMatch(/<path class="lixels/);
    expect(raster).toContain("Roads drawn as pixels:");
    expect(raster.length).toBeLessThan(vector.length + 60_000);
    const img = render(raster);
    const plain = render(vector);
    // the first vertex of every class's vector path: the same pixel has that class's colour or a higher one's
    for (const m of vector.matchAll(/<path class="lixels (?!schematic)([a-z-]+)" d="M([\d.]+),([\d.]+)/g)) {
      const i = RISK_CLASSES.indexOf(m[1].replaceAll("-", " ") as (typeof RISK_CLASSES)[number]);
      const got = pixel(img, Number(m[2]), Number(m[3]));
      expect(RISK_CLASS_COLOURS.slice(i)).toContain(got);
    }
    // away from every road: the frame's background in both renderings
    expect(pixel(img, 15, 85)).toBe("#f4f3ee");
    expect(pixel(plain, 15, 85)).toBe("#f4f3ee");
  });
});
