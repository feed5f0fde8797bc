import type { InputIssue } from "../core/errors.ts";
import type { LonLat } from "./records.ts";

/** What the feature-level checks found: the usable feature objects and the issues. */
export interface FeatureScan {
  features: { index: number; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown>; id?: unknown }[];
  issues: InputIssue[];
}

/**
 * Check the FeatureCollection envelope and each feature's `type`, geometry presence and geometry type.
 * Coordinates are checked by the caller with `readPositions`, which knows the expected nesting.
 */
export function scanFeatureCollection(json: unknown, file: string, allowed: readonly string[]): FeatureScan {
  const issues: InputIssue[] = [];
  const features: FeatureScan["features"] = [];
  if (!isObject(json) || json.type !== "FeatureCollection" || !Array.isArray(json.features)) {
    const got = isObject(json) ? `type ${JSON.stringify(json.type)}` : typeof json;
    issues.push({ file, field: "type", code: "not-feature-collection", message: `expected a GeoJSON FeatureCollection, got ${got}` });
    return { features, issues };
  }
  json.features.forEach((f: unknown, index: number) => {
    if (!isObject(f) || f.type !== "Feature") {
      issues.push({ file, record: index, field: "type", code: "not-a-feature", message: `expected an object with "type": "Feature"` });
      return;
    }
    const g = f.geometry;
    if (g === null || g === undefined) {
      issues.push({ file, record: index, field: "geometry", code: "null-geometry", message: "feature has no geometry; give it one or remove the feature" });
      return;
    }
    if (!isObject(g) || typeof g.type !== "string" || !allowed.includes(g.type)) {
      const t = isObject(g) ? JSON.stringify(g.type) : typeof g;
      issues.push({ file, record: index, field: "geometry.type", code: "wrong-geometry-type", message: `geometry type ${t} is not allowed in this layer (expected ${allowed.join(" or ")})` });
      return;
    }
    const properties = isObject(f.properties) ? (f.properties as Record<string, unknown>) : {};
    features.push({ index, geometry: g as { type: string; coordinates: unknown }, properties, id: f.id });
  });
  return { features, issues };
}

/**
 * Read a nested coordinate array of the given depth (1 = one position, 2 = a line or ring, 3 = polygon,
 * 4 = multipolygon) into [lon, lat] arrays, reporting malformed nesting, non-finite numbers (NaN, and the
 * Infinity that JSON.parse makes of huge numbers) and values outside WGS84 ranges. Extra dimensions
 * (z, m) are dropped. Returns undefined when anything is wrong.
 */
export function readPositions(c: unknown, depth: number, issue: (code: string, message: string) => void): unknown {
  if (depth === 1) {
    if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== "number" || typeof c[1] !== "number") {
      issue("malformed-coordinates", `expected a position [lon, lat], got ${JSON.stringify(c)?.slice(0, 60)}`);
      return undefined;
    }
    const [lon, lat] = c as number[];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
      issue("non-finite-coordinate", `coordinate ${JSON.stringify(c)} is not a finite number`);
      return undefined;
    }
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
      const hint = Math.abs(lon) > 1000 || Math.abs(lat) > 1000 ? "; these look like projected metres: RFC 7946 GeoJSON is WGS84 lon/lat, reproject the file first" : Math.abs(lat) > 90 && Math.abs(lon) <= 90 ? "; latitude and longitude may be swapped (GeoJSON order is [lon, lat])" : "";
      issue("out-of-range", `position [${lon}, ${lat}] is outside WGS84 lon/lat ranges${hint}`);
      return undefined;
    }
    return [lon, lat] as LonLat;
  }
  if (!Array.isArray(c)) {
    issue("malformed-coordinates", `expected an array of ${depth === 2 ? "positions" : "coordinate arrays"}, got ${typeof c}`);
    return undefined;
  }
  const out: unknown[] = [];
  for (const item of c) {
    const v = readPositions(item, depth - 1, issue);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** Remove consecutive repeated positions (a zero-length segment carries no road). */
export function dropRepeats(line: LonLat[]): LonLat[] {
  return line.filter((p, i) => i === 0 || p[0] !== line[i - 1][0] || p[1] !== line[i - 1][1]);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A property as a trimmed string, or the fallback. */
export function stringProp(props: Record<string, unknown>, keys: readonly string[], fallback: string): string {
  for (const k of keys) {
    const v = props[k];
    if (typeof v === "string" && v.trim() !== "") return v.trim();
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
  }
  return fallback;
}
