/**
 * Context layers: lines and areas drawn under the risk layers to show where the roads lie relative to what
 * shaped the contamination (a former front line, a ceasefire line, districts, borders). They are shown
 * and written as styled layers; they do not enter the risk model. The shipped corridor has five, from
 * Natural Earth (data/karabakh/context/); a user gives any GeoJSON of lines or polygons.
 */
import { basename } from "node:path";
import { InputError, type InputIssue, recordId } from "../../core/errors.ts";
import { parseJson, readTextFile } from "../json/read-json.ts";
import type { Geometry, OutFeature } from "../write/format-geojson.ts";

/** How one context layer looks, on the static map, in the report and in QGIS. */
export interface ContextStyle {
  kind: "line" | "fill";
  colour: string;
  widthPx: number;
  /** SVG dash pattern ("" = solid); QGIS gets the nearest built-in line style. */
  dash: string;
  opacity: number;
  label: string;
}

/** Known layers by their file's name (without .geojson); any other file is drawn as a thin grey context line. */
export const CONTEXT_STYLES: Record<string, ContextStyle> = {
  "line-of-contact": { kind: "line", colour: "#762a83", widthPx: 2.2, dash: "9 4", opacity: 0.9, label: "Line of Contact 1994–2020" },
  "ceasefire-2020": { kind: "line", colour: "#de77ae", widthPx: 1.4, dash: "4 3", opacity: 0.9, label: "ceasefire line 2020" },
  "area-held": { kind: "fill", colour: "#9e9ac8", widthPx: 0, dash: "", opacity: 0.18, label: "area held 1994–2020 (Armenian forces)" },
  districts: { kind: "line", colour: "#9a9a9a", widthPx: 0.8, dash: "", opacity: 0.9, label: "district boundaries" },
  borders: { kind: "line", colour: "#252525", widthPx: 1.3, dash: "7 2 2 2", opacity: 0.9, label: "international border" },
};

const DEFAULT_STYLE: ContextStyle = { kind: "line", colour: "#737373", widthPx: 1, dash: "", opacity: 0.9, label: "context" };

export interface ContextLayer {
  /** Layer key: the file name without extension (e.g. "line-of-contact"); outputs are named `context-KEY`. */
  key: string;
  style: ContextStyle;
  features: OutFeature[];
  file: string;
}

/** The style of a layer key, or the default with the key as its label. */
export const contextStyle = (key: string): ContextStyle => CONTEXT_STYLES[key] ?? { ...DEFAULT_STYLE, label: key };

/**
 * Read a GeoJSON FeatureCollection of LineString, MultiLineString, Polygon or MultiPolygon features as a
 * context layer (MultiLineStrings are split into their lines). Anything else is an InputError naming the
 * feature; nothing is dropped silently.
 */
export function readContextLayer(file: string, key = basename(file).replace(/\.(geo)?json$/i, "")): ContextLayer {
  const json = parseJson(readTextFile(file), file) as { type?: unknown; features?: unknown };
  if (json?.type !== "FeatureCollection" || !Array.isArray(json.features)) {
    throw new InputError([{ file, code: "not-feature-collection", message: "a context layer must be a GeoJSON FeatureCollection of lines or polygons" }]);
  }
  const issues: InputIssue[] = [];
  const features: OutFeature[] = [];
  json.features.forEach((f: { id?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: string; coordinates?: unknown } | null }, index: number) => {
    const record = index + 1; // 1-based, as every reader numbers records (core/errors.ts RECORD_NUMBERING)
    const g = f?.geometry;
    const properties = f?.properties ?? {};
    if (g?.type === "LineString" || g?.type === "Polygon" || g?.type === "MultiPolygon") features.push({ type: "Feature", properties, geometry: g as Geometry });
    else if (g?.type === "MultiLineString" && Array.isArray(g.coordinates)) for (const c of g.coordinates) features.push({ type: "Feature", properties, geometry: { type: "LineString", coordinates: c } });
    else {
      const id = recordId(properties.id ?? f?.id);
      issues.push({ file, record, ...(id === undefined ? {} : { id }), field: "geometry", code: "unsupported-geometry", message: `context layers take lines or polygons, got ${g?.type ?? "no geometry"}` });
    }
  });
  if (issues.length) throw new InputError(issues);
  return { key, style: contextStyle(key), features, file };
}

/** The attributions the layers' features carry (their `attribution` property), each once, in order. */
export function contextAttributions(layers: readonly ContextLayer[]): string[] {
  const seen = new Set<string>();
  for (const l of layers) for (const f of l.features) if (typeof f.properties.attribution === "string") seen.add(f.properties.attribution);
  return [...seen];
}
