/**
 * The static map's roads, drawn from the lixels' merged stretches (render/report/report-layers.ts) fed in
 * road order, a block at a time, in memory bounded whatever the run's size:
 *
 * - up to `maxChars` characters of path text (MAP_VECTOR_MAX_CHARS; gen.mjs M's map needs 6.2 M), as
 *   vector paths, one per class (and per geometry quality), exactly as before: the same bytes;
 * - past it, every stretch (those drawn so far too, read back from their path text) is stamped into the
 *   map's pixel grid (map-raster.ts), the highest class per pixel, schematic stretches dashed, and the map
 *   carries that grid as an embedded PNG and a note saying so. The grid is the frame's pixels, so the SVG
 *   (and the PNG rendered from it) stays the same size at any scale.
 *
 * The switch happens at the same stretch however the stretches are split into blocks, and the grid is
 * drawn from the path text either way, so the bytes do not depend on the blocks.
 */
import { geoPath, type GeoProjection } from "d3-geo";
import { RISK_CLASSES } from "../../analyses/risk/risk-classes.ts";
import type { OutFeature } from "../../io/write/format-geojson.ts";
import { RISK_CLASS_COLOURS } from "../../io/layers/layers.ts";
import type { FramePx } from "./map-projection.ts";
import { type ClassRaster, classRaster, countCells, rasterPng, stampPath } from "./map-raster.ts";
import type { LegendItem } from "./map-furniture.ts";

/** Characters of road path text drawn as vectors at most (≈ 1.9 × gen.mjs M's 6.2 M, with which resvg peaks at + 171 MiB). */
export const MAP_VECTOR_MAX_CHARS = 12_000_000;

export const LIXEL_WIDTH_PX = [1.2, 2, 2.6, 3.2, 4];
const SCHEMATIC_DASH: [number, number] = [7, 5];

/** What the map draws of the roads: SVG under the incidents, SVG over them (dense maps), legend rows, notes. */
export interface LixelDrawing {
  under: string[];
  over: string[];
  legend: LegendItem[];
  notes: string[];
}

export interface LixelMapAccumulator {
  /** The next stretches in road order. */
  add(stretches: readonly OutFeature[]): void;
  /** The drawing of every stretch given. */
  finish(): LixelDrawing;
}

/**
 * @param dense whether the map thins its incident marks (map-layers.ts): then the high and very high
 *   stretches are drawn again over them, and their path text counts twice against `maxChars`.
 */
export function lixelMapAccumulator(projection: GeoProjection, frame: FramePx, options: { dense: boolean; maxChars?: number }): LixelMapAccumulator {
  const maxChars = options.maxChars ?? MAP_VECTOR_MAX_CHARS;
  const path = geoPath(projection).digits(1);
  const pieces: string[][] = RISK_CLASSES.map(() => []);
  const schematicAt: boolean[][] = RISK_CLASSES.map(() => []);
  const solidCount = RISK_CLASSES.map(() => 0);
  const schematicCount = RISK_CLASSES.map(() => 0);
  let chars = 0;
  let stretches = 0;
  let raster: ClassRaster | null = null;
  const stamp = (r: ClassRaster, d: string, i: number, schematic: boolean) =>
    schematic ? stampPath(r, d, i + 1, Math.max(2.4, LIXEL_WIDTH_PX[i]), SCHEMATIC_DASH) : stampPath(r, d, i + 1, LIXEL_WIDTH_PX[i]);
  const toRaster = () => {
    const r = classRaster(frame[0], frame[1], Math.ceil(frame[2] - frame[0]), Math.ceil(frame[3] - frame[1]));
    pieces.forEach((ps, i) => {
      ps.forEach((d, k) => stamp(r, d, i, schematicAt[i][k]));
      pieces[i] = [];
      schematicAt[i] = [];
    });
    raster = r;
  };
  return {
    add(list) {
      for (const f of list) {
        const i = RISK_CLASSES.indexOf(f.properties.riskClass as (typeof RISK_CLASSES)[number]);
        if (i < 0) continue; // a stretch of no known class is not drawn (as before)
        const schematic = f.properties.geometryQuality === "schematic";
        if (schematic) schematicCount[i]++;
        else solidCount[i]++;
        stretches++;
        const d = path(f.geometry as never) ?? "";
        if (raster) {
          stamp(raster, d, i, schematic);
          continue;
        }
        pieces[i].push(d);
        schematicAt[i].push(schematic);
        chars += options.dense && i >= 3 ? 2 * d.length : d.length;
        if (chars > maxChars) toRaster();
      }
    },
    finish() {
      const legend: LegendItem[] = [];
      const under: string[] = [];
      const over: string[] = [];
      RISK_CLASSES.forEach((c, i) => {
        if (solidCount[i] + schematicCount[i] > 0) legend.push({ kind: "line", colour: RISK_CLASS_COLOURS[i], widthPx: LIXEL_WIDTH_PX[i], label: `road risk: ${c}` });
        if (raster) return;
        const attrs = `fill="none" stroke="${RISK_CLASS_COLOURS[i]}" stroke-linejoin="round"`;
        const cls = c.replaceAll(" ", "-");
        if (solidCount[i]) under.push(`<path class="lixels ${cls}" d="${pieces[i].filter((_, k) => !schematicAt[i][k]).join("")}" ${attrs} stroke-width="${LIXEL_WIDTH_PX[i]}" stroke-linecap="round"/>`);
        // butt caps: round caps on a dash fill its gaps, which drew the schematic road solid
        if (schematicCount[i]) under.push(`<path class="lixels schematic ${cls}" d="${pieces[i].filter((_, k) => schematicAt[i][k]).join("")}" ${attrs} stroke-width="${Math.max(2.4, LIXEL_WIDTH_PX[i])}" stroke-linecap="butt" stroke-dasharray="7 5"/>`);
        if (options.dense && i >= 3 && pieces[i].length) over.push(`<path class="lixels over-incidents ${cls}" d="${pieces[i].join("")}" fill="none" stroke="${RISK_CLASS_COLOURS[i]}" stroke-width="${LIXEL_WIDTH_PX[i] + 0.8}" stroke-linecap="round" stroke-linejoin="round"/>`);
      });
      if (schematicCount.some((n) => n > 0)) legend.push({ kind: "line", colour: "#555555", widthPx: 2.4, dash: true, label: "schematic geometry (approximate)" });
      const notes: string[] = [];
      const r: ClassRaster | null = raster;
      if (r) {
        under.push(rasterImage(r, "lixels raster", 1));
        // the high and very high pixels again over the thinned incident marks, as the vector map does
        if (options.dense && countCells(r, 4) > 0) over.push(rasterImage(r, "lixels raster over-incidents", 4));
        notes.push(`Roads drawn as pixels: the ${stretches.toLocaleString("en-GB")} road stretches are more than this map can draw as lines (${maxChars.toLocaleString("en-GB")} characters of path), so each pixel shows the highest risk class of the roads through it. Every road piece is in the lixels layer.`);
      }
      return { under, over, legend, notes };
    },
  };
}

/** The grid's values of at least `min` as an embedded PNG image placed on the frame. */
function rasterImage(r: ClassRaster, cls: string, min: number): string {
  const png = Buffer.from(rasterPng(r, RISK_CLASS_COLOURS, min)).toString("base64");
  return `<image class="${cls}" x="${r.x0}" y="${r.y0}" width="${r.widthPx}" height="${r.heightPx}" image-rendering="optimizeSpeed" preserveAspectRatio="none" href="data:image/png;base64,${png}"/>`;
}
