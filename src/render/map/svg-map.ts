/**
 * Static maps with d3-geo: the run's layers in a transverse Mercator fitted to the roads, with title,
 * legend, scale bar, north arrow, attribution and place labels, as a self-contained SVG (no external
 * fonts or images; numbers rounded to 0.1 px so the text is stable). PNG: `svgToPng` in png.ts.
 */
import { escapeHtml } from "../escape.ts";
import { graticule, legendPanel, northArrow, scaleBar, wrap } from "./map-furniture.ts";
import type { OutFeature } from "../../io/write/format-geojson.ts";
import { lixelStretchBlocks } from "../report/blocked-stretches.ts";
import { drawLayers, incidentGroups, type MapLayers, type MapPlace } from "./map-layers.ts";
import { lixelMapAccumulator } from "./map-lixels.ts";
import { featureCount, type FramePx, fitProjection, type MapFeatures } from "./map-projection.ts";
import { denseBounds } from "./map-dense.ts";

export type { MapLayers, MapPlace } from "./map-layers.ts";

/** Attribution every map of the shipped data must carry. */
/**
 * The credit printed when none is given: no data source is named, since a map cannot know which data it
 * shows (callers pass the credits of the data they used: io/intake/attribution.ts). Kept under its old name.
 */
export const DEFAULT_ATTRIBUTION = "Made with minerisk.";

export interface SvgMapOptions {
  /** Title line at the top. */
  title: string;
  /** Smaller line under the title (e.g. what the colours mean). */
  subtitle?: string;
  /** Image size, pixels. Default 1200 × 850. */
  widthPx?: number;
  heightPx?: number;
  /** Labelled places (only those inside the frame are drawn). */
  places?: readonly MapPlace[];
  /** Attribution line at the bottom. Default {@link DEFAULT_ATTRIBUTION}. */
  attribution?: string;
  /** Notes printed under the legend (caveats). */
  notes?: readonly string[];
  /** Draw a labelled latitude/longitude grid ("latlon") over the map. Default none. */
  grid?: "none" | "latlon";
}

const LEGEND_WIDTH_PX = 300;
const TITLE_HEIGHT_PX = 80;
const FOOTER_HEIGHT_PX = 28;

/** The static map, its roads fed as merged stretches a block at a time (map-lixels.ts). */
export interface StaticMap {
  /** The next stretches of the lixels in road order (render/report/report-layers.ts stretchBlocks). */
  add(stretches: readonly OutFeature[]): void;
  /** The map's SVG text, with every stretch given. */
  svg(): string;
}

/**
 * The map of `layers` with the roads still to come: the frame is fitted now, to `layers.lixels` (read for
 * their vertices only: a typed layer, or any features with the lixels' extent), route and hazard areas;
 * the stretches are then given with `add`, in road order, in blocks of any size (the same bytes). A
 * blocked layer (io/write/blocked-layer.ts) gives the whole TypedLayer's frame, dense box and notes; its
 * stretches come from render/report/blocked-stretches.ts blockedStretchBlocks.
 * `vectorMaxChars`: the budget of path text before the roads are drawn as pixels (MAP_VECTOR_MAX_CHARS).
 */
export function staticMap(layers: MapLayers, options: SvgMapOptions & { vectorMaxChars?: number }): StaticMap {
  const width = options.widthPx ?? 1200;
  const height = options.heightPx ?? 850;
  // the credit line wraps instead of running off the image (every word of it kept: licences ask for it); the frame gives way to it
  const credit = wrap(options.attribution ?? DEFAULT_ATTRIBUTION, Math.floor((width - 28) / 6.2));
  const frame: FramePx = [10, TITLE_HEIGHT_PX, width - LEGEND_WIDTH_PX - 10, height - FOOTER_HEIGHT_PX - 13 * (credit.length - 1)];
  // lists read one after the other, never concatenated: the lixels may be a typed layer of 864k
  const fitTo: MapFeatures[] = [layers.lixels ?? [], layers.route ?? [], layers.hazards ?? []];
  const fitPoints = featureCount(fitTo) ? fitTo : [layers.incidents ?? [], layers.density ?? []];
  // a map of context layers only (e.g. roads and hotspot classes from `minerisk hotspots`) fits to them
  const fitFeatures = featureCount(fitPoints) ? fitPoints : (layers.context ?? []).map((c) => c.features);
  // fit the frame to where the roads are dense, so outlying islands do not shrink the rest to a speck
  const dense = denseBounds(fitFeatures);
  const projection = fitProjection(fitFeatures, [frame[0] + 20, frame[1] + 20, frame[2] - 20, frame[3] - 20], dense?.box);
  const roads = lixelMapAccumulator(projection, frame, { dense: incidentGroups(layers.incidents ?? [], projection, frame).dense, maxChars: options.vectorMaxChars });
  return {
    add: (stretches) => roads.add(stretches),
    svg() {
      const drawing = roads.finish();
      const body = drawLayers(layers, projection, frame, options.places ?? [], drawing);
      const notes = [...(options.notes ?? [])];
      if (body.labelsDropped > 0) notes.unshift(`${body.labelsDropped} place label(s) left out where they would overlap others.`);
      if (body.incidentsOffMap > 0) notes.unshift(`${body.incidentsOffMap} incident(s) lie outside this map's frame and are not shown.`);
      if (dense && dense.outside > 0) notes.unshift(`The frame fits where the roads are dense: ${dense.outside} outlying road or area feature(s) lie outside it (all are in the layers).`);
      for (const n of drawing.notes) notes.unshift(n);
      const subtitle = options.subtitle ? wrap(options.subtitle, 150).slice(0, 2) : [];
      return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Verdana, sans-serif">`,
        `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
        `<text x="14" y="30" font-size="22" font-weight="bold" fill="#111111">${escapeHtml(options.title)}</text>`,
        ...subtitle.map((s, i) => `<text x="14" y="${50 + 14 * i}" font-size="12" fill="#444444">${escapeHtml(s)}</text>`),
        `<clipPath id="frame"><rect x="${frame[0]}" y="${frame[1]}" width="${frame[2] - frame[0]}" height="${frame[3] - frame[1]}"/></clipPath>`,
        `<rect x="${frame[0]}" y="${frame[1]}" width="${frame[2] - frame[0]}" height="${frame[3] - frame[1]}" fill="#f4f3ee" stroke="#999999"/>`,
        `<g clip-path="url(#frame)">`,
        body.svg,
        options.grid === "latlon" ? graticule(projection, frame) : "",
        `</g>`,
        scaleBar(projection, frame),
        northArrow(projection, frame),
        legendPanel(body.legend, width - LEGEND_WIDTH_PX + 10, TITLE_HEIGHT_PX + 20, notes),
        ...credit.map((line, i) => `<text x="14" y="${height - 9 - 13 * (credit.length - 1 - i)}" font-size="11" fill="#444444">${escapeHtml(line)}</text>`),
        `</svg>`,
        "",
      ].join("\n");
    },
  };
}

/**
 * Render the layers to SVG text. The frame is fitted to the roads, route and hazard areas; incidents
 * outside it are counted in a legend note instead of silently vanishing. The lixels are drawn as their
 * merged stretches (`layers.lixelStretches` when given), made a block at a time.
 */
export function renderSvgMap(layers: MapLayers, options: SvgMapOptions): string {
  const map = staticMap(layers, options);
  if (layers.lixelStretches) map.add(layers.lixelStretches);
  else if (layers.lixels?.length) for (const block of lixelStretchBlocks(layers.lixels)) map.add(block);
  return map.svg();
}
