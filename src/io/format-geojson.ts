/**
 * Deterministic RFC 7946 text: one feature per line (diff-friendly), keys in the order given, coordinates
 * rounded to a fixed number of decimals (6 ≈ 0.1 m), NaN and ±Infinity written as null (JSON has no such
 * numbers), -0 written as 0. Same features in → same bytes out.
 */

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

export function formatFeatureCollection(features: readonly OutFeature[], options: { precision?: number; name?: string } = {}): string {
  const precision = options.precision ?? 6;
  const f = 10 ** precision;
  const round = (v: number) => {
    const r = Math.round(v * f) / f;
    return Object.is(r, -0) ? 0 : r;
  };
  const coords = (c: unknown): unknown => (typeof c === "number" ? round(c) : (c as unknown[]).map(coords));
  const lines = features.map((ft) =>
    JSON.stringify({ type: "Feature", properties: cleanNumbers(ft.properties), geometry: { type: ft.geometry.type, coordinates: coords(ft.geometry.coordinates) } }),
  );
  const head = options.name ? `{"type":"FeatureCollection","name":${JSON.stringify(options.name)},"features":[` : `{"type":"FeatureCollection","features":[`;
  return `${head}\n${lines.join(",\n")}\n]}\n`;
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
