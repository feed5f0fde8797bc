import { geoPath, type GeoProjection } from "d3-geo";
import { HAZARD_COLOURS, HAZARD_STATUSES } from "../../core/hazard-set.ts";
import type { ContextLayer } from "../../io/layers/context-layers.ts";
import type { OutFeature } from "../../io/write/format-geojson.ts";
import { DEVICE_STYLES } from "../../io/layers/layers.ts";
import { escapeHtml } from "../escape.ts";
import { type FramePx, forD3, type MapFeatures } from "./map-projection.ts";
import { binMarks, clusterMark, type PixelMark, placeLabels } from "./map-marks.ts";
import { symbolPath } from "./map-symbols.ts";
import type { LixelDrawing } from "./map-lixels.ts";
import type { LegendItem } from "./map-furniture.ts";

export type { LegendItem } from "./map-furniture.ts";

/** The layers a map can show, as the GeoJSON features the writers produce (WGS 84). */
export interface MapLayers {
  /** An array, the typed lixel layer (io/write/typed-layer.ts) or the blocked one (io/write/blocked-layer.ts): only its merged stretches are drawn. */
  lixels?: MapFeatures;
  /** The lixels' merged stretches (report-layers' displayStretches of `lixels`), when made already: the map and the report share one set. */
  lixelStretches?: readonly OutFeature[];
  route?: readonly OutFeature[];
  worstStretches?: readonly OutFeature[];
  incidents?: readonly OutFeature[];
  hazards?: readonly OutFeature[];
  density?: readonly OutFeature[];
  /** Context lines and areas (io/layers/context-layers.ts), drawn first, under everything else. */
  context?: readonly ContextLayer[];
}

/** A labelled place on the map, WGS 84 degrees. */
export interface MapPlace {
  name: string;
  lon: number;
  lat: number;
}

/** Incidents closer than this on the map are drawn as one counted circle. */
const CLUSTER_CELL_PX = 10;

/** Above this many marks the map thins them and redraws high-risk roads on top; then only the DENSE_LABELS largest clusters are numbered. */
const DENSE_MARKS = 150;
const DENSE_LABELS = 15;

/** Indices of the `k` largest groups of two or more (equal sizes: the earlier group first). */
function largestGroups(groups: readonly unknown[][], k: number): Set<number> {
  const idx = groups.map((_, i) => i).filter((i) => groups[i].length > 1);
  idx.sort((a, b) => groups[b].length - groups[a].length || a - b);
  return new Set(idx.slice(0, k));
}

/**
 * The incidents' marks binned on the map's pixels and how many lie off it. `dense`: more marks than a map
 * can show one by one, so they are thinned (small, translucent) and the high and very high stretches drawn
 * again on top, so the risk stays visible under thousands of records.
 */
export function incidentGroups(incidents: readonly OutFeature[], projection: GeoProjection, frame: FramePx): { groups: PixelMark[][]; incidentsOffMap: number; dense: boolean } {
  let incidentsOffMap = 0;
  const marks: PixelMark[] = [];
  incidents.forEach((f, index) => {
    if (f.geometry.type !== "Point") return;
    const xy = projection(f.geometry.coordinates as [number, number]);
    if (!xy || xy[0] < frame[0] || xy[0] > frame[2] || xy[1] < frame[1] || xy[1] > frame[3]) incidentsOffMap++;
    else marks.push({ x: xy[0], y: xy[1], index });
  });
  const groups = binMarks(marks, CLUSTER_CELL_PX);
  return { groups, incidentsOffMap, dense: groups.length > DENSE_MARKS };
}

/** The map body as SVG groups, bottom to top, plus the legend rows for what was actually drawn; the roads are `lixels` (map-lixels.ts). */
export function drawLayers(layers: MapLayers, projection: GeoProjection, frame: FramePx, places: readonly MapPlace[], lixels: LixelDrawing): { svg: string; legend: LegendItem[]; incidentsOffMap: number; labelsDropped: number } {
  const path = geoPath(projection).digits(1);
  const d = (features: readonly OutFeature[]) => path({ type: "FeatureCollection", features: features.map((f) => ({ ...f, geometry: forD3(f.geometry) })) } as never) ?? "";
  const out: string[] = [];
  const legend: LegendItem[] = [];

  // context first: areas, then lines, so the risk layers are always drawn above them
  const context = [...(layers.context ?? [])].sort((a, b) => (a.style.kind === b.style.kind ? 0 : a.style.kind === "fill" ? -1 : 1));
  for (const c of context) {
    const st = c.style;
    if (!c.features.length) continue;
    if (st.kind === "fill") out.push(`<path class="context ${escapeHtml(c.key)}" d="${d(c.features)}" fill="${st.colour}" fill-opacity="${st.opacity}" stroke="none"/>`);
    else out.push(`<path class="context ${escapeHtml(c.key)}" d="${d(c.features)}" fill="none" stroke="${st.colour}" stroke-width="${st.widthPx}" stroke-opacity="${st.opacity}"${st.dash ? ` stroke-dasharray="${st.dash}"` : ""} stroke-linejoin="round"/>`);
    legend.push(st.kind === "fill" ? { kind: "fill", colour: st.colour, opacity: Math.max(0.3, st.opacity), label: st.label } : { kind: "line", colour: st.colour, widthPx: st.widthPx, dash: st.dash !== "", label: st.label });
  }

  for (const f of layers.density ?? []) {
    const p = f.properties;
    out.push(`<path class="density" d="${d([f])}" fill="${escapeHtml(p.fill ?? "#d7301f")}" fill-opacity="${Number(p["fill-opacity"] ?? 0.3)}" stroke="none"/>`);
  }
  if (layers.density?.length) legend.push({ kind: "fill", colour: "#d7301f", opacity: 0.5, label: "incident density (darker = more per km²)" });

  for (const s of HAZARD_STATUSES) {
    const fs = (layers.hazards ?? []).filter((f) => f.properties.status === s);
    if (!fs.length) continue;
    out.push(`<path class="hazard ${s}" d="${d(fs)}" fill="${HAZARD_COLOURS[s]}" fill-opacity="0.5" stroke="${HAZARD_COLOURS[s]}" stroke-width="1"/>`);
    legend.push({ kind: "fill", colour: HAZARD_COLOURS[s], opacity: 0.5, label: s === "confirmed" ? "confirmed hazard area (CHA)" : s === "suspected" ? "suspected hazard area (SHA)" : `${s} area` });
  }

  // the route and its worst stretches as bands *under* the lixels, so the risk colours stay readable on them
  if (layers.route?.length) {
    // the main route in blue; routes marked role "alternative" (route-outputs.ts) in purple, drawn under it
    const alternatives = layers.route.filter((f) => f.properties.role === "alternative");
    const main = layers.route.filter((f) => f.properties.role !== "alternative");
    if (alternatives.length) {
      out.push(`<path class="route alternative" d="${d(alternatives)}" fill="none" stroke="#6a3d9a" stroke-width="6" stroke-opacity="0.6" stroke-linejoin="round" stroke-linecap="round" stroke-dasharray="12 6"/>`);
      legend.push({ kind: "line", colour: "#6a3d9a", widthPx: 6, opacity: 0.6, dash: true, label: alternatives.length === 1 ? "alternative route" : `${alternatives.length} alternative routes` });
    }
    if (main.length) {
      out.push(`<path class="route" d="${d(main)}" fill="none" stroke="#1f78b4" stroke-width="10" stroke-opacity="0.35" stroke-linejoin="round" stroke-linecap="round"/>`);
      legend.push({ kind: "line", colour: "#1f78b4", widthPx: 10, opacity: 0.35, label: "route" });
    }
  }
  if (layers.worstStretches?.length) {
    out.push(`<path class="worst-stretches" d="${d(layers.worstStretches)}" fill="none" stroke="#a50026" stroke-width="14" stroke-opacity="0.45" stroke-linecap="butt"/>`);
    legend.push({ kind: "line", colour: "#a50026", widthPx: 10, opacity: 0.45, label: "worst stretches of the route" });
  }
  // one path per run of a class on one road (render/report/report-layers.ts), so dashes span whole stretches
  // instead of restarting on every 100 m piece, and a national map stays a few MB (or, past a budget, pixels: map-lixels.ts)
  for (const svg of lixels.under) out.push(svg);
  for (const item of lixels.legend) legend.push(item);

  // incidents: lone ones by device symbol; several within CLUSTER_CELL_PX of each other as one counted circle
  const incidentsAt = out.length; // place dots go under the incident marks, so counts stay readable
  const incidents = layers.incidents ?? [];
  const { groups, incidentsOffMap, dense } = incidentGroups(incidents, projection, frame);
  const labelled = dense ? largestGroups(groups, DENSE_LABELS) : undefined;
  const devicesDrawn = new Set<string>();
  let clusters = 0;
  for (const style of DEVICE_STYLES) {
    for (const g of groups) {
      if (g.length !== 1 || incidents[g[0].index].properties.device !== style.device) continue;
      devicesDrawn.add(style.device);
      out.push(`<path class="incident" transform="translate(${g[0].x.toFixed(1)},${g[0].y.toFixed(1)})" d="${symbolPath(style.shape, dense ? 6 : 11)}" fill="${style.colour}"${dense ? ' fill-opacity="0.6"' : ' stroke="#ffffff" stroke-width="1"'}><title>${escapeHtml(incidents[g[0].index].properties.id)}</title></path>`);
    }
  }
  groups.forEach((g, k) => {
    if (g.length < 2) return;
    clusters++;
    out.push(clusterMark(g, g.map((m) => String(incidents[m.index].properties.id)), { dense, label: labelled === undefined || labelled.has(k) }));
  });
  if (dense) for (const svg of lixels.over) out.push(svg);
  for (const style of DEVICE_STYLES) if (devicesDrawn.has(style.device)) legend.push({ kind: "symbol", colour: style.colour, shape: style.shape, label: `incident: ${style.device}` });
  if (clusters) legend.push({ kind: "symbol", colour: "#4d4d4d", shape: "circle", opacity: dense ? 0.4 : 1, label: dense ? "nearby incidents (size = count)" : "incidents at one spot (count)" });

  const dots: string[] = [];
  const labelPoints: { x: number; y: number; text: string }[] = [];
  for (const p of places) {
    const xy = projection([p.lon, p.lat]);
    if (!xy || xy[0] < frame[0] || xy[0] > frame[2] || xy[1] < frame[1] || xy[1] > frame[3]) continue;
    dots.push(`<circle cx="${xy[0].toFixed(1)}" cy="${xy[1].toFixed(1)}" r="2.5" fill="#222222"/>`);
    labelPoints.push({ x: xy[0], y: xy[1], text: p.name });
  }
  const labels = placeLabels(labelPoints, frame, 13);
  // place dots go in under the incidents, labels on top (array literals: no call spreads, see test/no-call-spreads.test.ts)
  const all = [...out.slice(0, incidentsAt), ...dots, ...out.slice(incidentsAt), ...labels.svg];
  return { svg: all.join("\n"), legend, incidentsOffMap, labelsDropped: labels.dropped };
}
