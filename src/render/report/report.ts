/**
 * One self-contained HTML report per run: an interactive maplibre-gl map of the GeoJSON layers (library,
 * worker and CSS embedded, no basemap), the corridor summary, tables of the worst stretches and of the
 * incidents, and any charts. It makes no network request of any kind: a Content-Security-Policy allows
 * only the report's own script (by hash), blob: modules it creates from embedded text, and data: images,
 * so even a text that escaped escaping could not run or fetch anything. Every text from the data is
 * escaped (escape.ts); layer data travels as JSON inside a non-executed script element.
 */
import { createHash } from "node:crypto";
import { escapeHtml as e, jsonForScript } from "../escape.ts";
import type { MapLayers, MapPlace } from "../map/map-layers.ts";
import { featureCount, lonLatBounds, type MapFeatures } from "../map/map-projection.ts";
import { type MaplibreAssets, maplibreAssets } from "./maplibre-assets.ts";
import { REPORT_CLIENT_JS } from "./report-client.ts";
import { capNote, capStretches, type StretchCap } from "./report-cap.ts";
import { displayIncidents } from "./report-layers.ts";
import { lixelStretchCap } from "./blocked-stretches.ts";
import { REPORT_CSS } from "./report-style.ts";
import { incidentsSection, summarySection, worstStretchesSection } from "./report-tables.ts";
import type { RunSummary } from "../run-summary.ts";
import { DEFAULT_ATTRIBUTION } from "../map/svg-map.ts";

export interface ReportInput {
  summary: RunSummary;
  layers: MapLayers;
  places?: readonly MapPlace[];
  /** Charts as SVG text made by minerisk's own renderers (inserted as markup: they escape their own text). */
  charts?: readonly { title: string; svg: string }[];
  attribution?: string;
  /** The static SVG map (render/map/svg-map.ts, which escapes its own text), shown when the interactive map cannot start. */
  staticMapSvg?: string;
  /** Lixel stretches the interactive map draws at most (report-cap.ts; default REPORT_STRETCHES_MAX). */
  maxStretches?: number;
  /** The stretches the map draws, selected already (report-cap.ts stretchCapAccumulator, fed a block at a time, e.g. from blocked-stretches.ts blockedStretchBlocks); else made here from the lixels (a blocked layer's a block at a time). */
  stretchCap?: StretchCap;
}

/** More incidents than this are clustered on the report's map. */
export const CLUSTER_ABOVE = 300;

/** The report's Content-Security-Policy: nothing may load from anywhere but the page itself. */
export function reportCsp(): string {
  const hash = createHash("sha256").update(REPORT_CLIENT_JS).digest("base64");
  return [
    "default-src 'none'",
    `script-src 'sha256-${hash}' blob:`,
    // maplibre-gl creates its worker from a data: URL when the page's origin is opaque (file://, i.e. a
    // double-clicked or e-mailed report): with blob: alone the map waits forever there (TOOLING.md).
    "worker-src blob: data:",
    "style-src 'unsafe-inline'",
    "img-src data: blob:",
    "connect-src blob: data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** The report as HTML text. Deterministic: the same run gives the same bytes. */
export function renderReport(input: ReportInput, assets: MaplibreAssets = maplibreAssets()): string {
  return Array.from(reportChunks(input, assets)).join("");
}

/** Features of the lixels layer per piece of the report's map data (≈ 4 MB at gen.mjs M). */
const PIECE_FEATURES = 10_000;
/** Stands for the lixels' features in the map data's text until they are written piece by piece. */
const SENTINEL = "minerisk:report:lixel-features";

/**
 * The text of {@link renderReport} in pieces, so a large report is written without ever being one string
 * (nor one Buffer): the page before the map data, the map data with the lixels' stretches PIECE_FEATURES
 * at a time, the rest of the page.
 */
export function* reportChunks(input: ReportInput, assets: MaplibreAssets = maplibreAssets()): Generator<string> {
  const s = input.summary;
  const title = s.route ? `${s.route.from.name} → ${s.route.to.name}` : "study area";
  const fitTo: MapFeatures[] = [input.layers.lixels ?? [], input.layers.route ?? [], input.layers.hazards ?? []];
  const bounds = featureCount(fitTo) ? lonLatBounds(fitTo) : lonLatBounds(input.layers.incidents ?? []);
  const fc = (features: MapLayers[keyof MapLayers]) => ({ type: "FeatureCollection", features: features ?? [] });
  const layers: Record<string, unknown> = {};
  // context layers first (drawn first, under the risk layers), with their styles
  const context = (input.layers.context ?? []).filter((c) => c.features.length > 0);
  for (const c of context) layers[`context-${c.key}`] = fc(c.features.map((f) => ({ ...f, properties: { name: f.properties.name ?? c.key } })));
  if (input.layers.hazards?.length) layers.hazards = fc(input.layers.hazards);
  if (input.layers.route?.length) layers.route = fc(input.layers.route);
  if (input.layers.worstStretches?.length) layers["worst-stretches"] = fc(input.layers.worstStretches);
  let cap: StretchCap | null = null;
  if (input.layers.lixels?.length) {
    const given = input.layers.lixelStretches;
    cap = input.stretchCap ?? (given ? capStretches(given, input.maxStretches) : lixelStretchCap(input.layers.lixels, input.maxStretches));
    layers.lixels = { type: "FeatureCollection", features: [SENTINEL] };
  }
  if (input.layers.incidents?.length) layers.incidents = fc(displayIncidents(input.layers.incidents));
  // cluster dense incidents (with counts) so they neither hide the risk colours nor slow the map
  const data = { bounds, layers, places: input.places ?? [], clusterIncidents: (input.layers.incidents?.length ?? 0) > CLUSTER_ABOVE, context: context.map((c) => ({ id: `context-${c.key}`, ...c.style })) };
  const attribution = input.attribution ?? DEFAULT_ATTRIBUTION;
  const charts = (input.charts ?? []).map((c) => `<figure><figcaption>${e(c.title)}</figcaption>\n${c.svg}\n</figure>`);
  yield `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(reportCsp())}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${e(`${s.toolkit} ${s.version}; maplibre-gl ${assets.version}`)}">
<title>${e(`minerisk report — ${title}`)}</title>
<style>
${assets.css}
</style>
<style>
${REPORT_CSS}
</style>
</head>
<body data-map-state="loading">
<header><h1>${e(`Mine risk along the roads — ${title}`)}</h1>
<p class="sub">${e(`minerisk ${s.version} · working CRS ${s.crs.name}`)}</p></header>
<main>
<section id="map-section"><h2>Map</h2>
<p id="map-status">Loading the map…</p>
${cap ? capNote(cap) : ""}<div class="map-wrap"><div id="map" role="region" aria-label="interactive map of the layers"></div><aside id="feature-info" aria-live="polite"><p>Click a road piece or an incident to see its numbers.</p></aside></div>
${input.staticMapSvg ? `<figure id="static-map" hidden><figcaption>Static map (the interactive map could not start)</figcaption>\n${input.staticMapSvg}\n</figure>` : ""}
<p class="legend-note">Road stretches are coloured by risk class: grey none recorded, yellow low, orange moderate, red high, dark red very high (consecutive road pieces of one class are drawn as one stretch, simplified for display; every piece is in the lixels layer). Blue band: the route; dark red band: its worst stretches; dots: incidents, coloured by device${context.length ? `; context: ${context.map((c) => c.style.label).join(", ")}` : ""}${(input.layers.incidents?.length ?? 0) > CLUSTER_ABOVE ? "; grey circles with a number: clusters of that many incidents (zoom in to split them)" : ""}.</p>
</section>
${summarySection(s)}
${worstStretchesSection(s)}
${charts.length ? `<section id="charts"><h2>Charts</h2>\n${charts.join("\n")}\n</section>` : ""}
${incidentsSection(input.layers.incidents ?? [])}
</main>
<footer><p>${e(attribution)}</p><p>${e(s.caveat)}</p></footer>
<script type="application/json" id="report-data">`;
  yield* dataPieces(data, cap?.drawn ?? []);
  yield `</script>
<script type="text/plain" id="maplibre-js">${assets.js}</script>
<script type="text/plain" id="maplibre-worker">${assets.workerJs}</script>
<script type="module">${REPORT_CLIENT_JS}</script>
</body>
</html>
`;
}

/**
 * jsonForScript(data) with the lixels' features in place of the sentinel, in pieces: the text is the same
 * (JSON.stringify writes an array as its items' texts joined by commas, and jsonForScript's escapes
 * replace single characters, so escaping piece by piece changes nothing). Should the sentinel's text
 * occur more than once, the data is written whole.
 */
function* dataPieces(data: { layers: Record<string, unknown> }, features: readonly unknown[]): Generator<string> {
  const marker = `[${JSON.stringify(SENTINEL)}]`;
  const skeleton = jsonForScript(data);
  const at = skeleton.indexOf(marker);
  if (at < 0 || skeleton.lastIndexOf(marker) !== at) {
    if (at >= 0) data.layers.lixels = { type: "FeatureCollection", features };
    yield jsonForScript(data);
    return;
  }
  yield `${skeleton.slice(0, at)}[`;
  for (let from = 0; from < features.length; from += PIECE_FEATURES) {
    const piece = jsonForScript(features.slice(from, from + PIECE_FEATURES));
    yield `${from > 0 ? "," : ""}${piece.slice(1, -1)}`;
  }
  yield `]${skeleton.slice(at + marker.length)}`;
}
