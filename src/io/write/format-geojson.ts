/**
 * Deterministic RFC 7946 text: one feature per line (diff-friendly), keys in the order given, coordinates
 * rounded to a fixed number of decimals (6 ≈ 0.1 m), polygon rings wound right-handed (exterior
 * counter-clockwise, holes clockwise, RFC 7946 §3.1.6), NaN and ±Infinity written as null (JSON has no
 * such numbers), -0 written as 0. Same features in → same bytes out.
 */
import rewind from "@turf/rewind";

export type Position = [number, number];
export type Geometry =
  | { type: "Point"; coordinates: Position }
  | { type: "LineString"; coordinates: Position[] }
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };

export interface OutFeature {
  type: "Feature";
  properties: Record<string, unknown>;
  geometry: Geometry;
}

export interface FormatOptions {
  /** Decimals kept in coordinates. Default 6 (≈ 0.1 m). */
  precision?: number;
  /** Layer name written as the collection's `name` member (GDAL uses it as the layer name). */
  name?: string;
}

/** The whole layer as one FeatureCollection text. */
export function formatFeatureCollection(features: readonly OutFeature[], options: FormatOptions = {}): string {
  const lines = features.map((ft) => formatFeature(ft, options.precision ?? 6));
  const head = options.name ? `{"type":"FeatureCollection","name":${JSON.stringify(options.name)},"features":[` : `{"type":"FeatureCollection","features":[`;
  return `${head}\n${lines.join(",\n")}\n]}\n`;
}

/** One feature as compact JSON text (no newline), rounded and wound as described above. */
export function formatFeature(ft: OutFeature, precision = 6): string {
  const f = 10 ** precision;
  const round = (v: number) => {
    const r = Math.round(v * f) / f;
    return Object.is(r, -0) ? 0 : r;
  };
  const coords = (c: unknown): unknown => (typeof c === "number" ? round(c) : (c as unknown[]).map(coords));
  const geometry = rightHanded(ft.geometry);
  return JSON.stringify({ type: "Feature", properties: cleanNumbers(ft.properties), geometry: { type: geometry.type, coordinates: coords(geometry.coordinates) } });
}

/**
 * Polygons rewound to the RFC 7946 right-hand rule (a copy; the input is not touched). Other geometry is
 * returned as is: @turf/rewind would also reverse clockwise *lines*, which must keep their direction.
 */
export function rightHanded(g: Geometry): Geometry {
  if (g.type !== "Polygon" && g.type !== "MultiPolygon") return g;
  return rewind(g, { mutate: false }) as Geometry;
}

/** Replace non-finite numbers by null and -0 by 0, recursively (JSON.stringify would write NaN as null anyway, but say so). */
function cleanNumbers(v: unknown): unknown {
  if (typeof v === "number") return Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : null;
  if (Array.isArray(v)) return v.map(cleanNumbers);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = cleanNumbers(x);
    return out;
  }
  return v;
}

/**
 * Grow `box` ([minX, minY, maxX, maxY], start from ±Infinity) by every position in a GeoJSON coordinate
 * array of any nesting depth; returns the same box.
 */
export function extendBounds(box: [number, number, number, number], coordinates: unknown): [number, number, number, number] {
  if (typeof (coordinates as number[])[0] === "number") {
    const [x, y] = coordinates as number[];
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  } else for (const c of coordinates as unknown[]) extendBounds(box, c);
  return box;
}
