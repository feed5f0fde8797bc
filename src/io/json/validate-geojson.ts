import type { DeclaredCrs } from "../formats/loaded-layer.ts";
import { InputError } from "../../core/errors.ts";
import type { Tally } from "../intake/tally.ts";
import { cleanRecordText } from "../intake/control-chars.ts";
import { parseJsonChecked, readTextFile } from "./read-json.ts";
import { reportRepeatedKeys } from "./repeated-keys.ts";
import type { LonLat } from "../fields/records.ts";
import type { IssueCode } from "../../core/issue-codes.ts";

/** A feature that passed the envelope checks: its geometry has an allowed type (coordinates unchecked). */
export interface ScannedFeature {
  /** 0-based position in the `features` array. */
  index: number;
  /** The record number of issues and records: 1-based (the Nth feature), as CSV data rows (core/errors.ts). */
  record: number;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
  id?: unknown;
}

/** What the feature-level checks found. */
export interface FeatureScan {
  features: ScannedFeature[];
  /** Number of features in the file (0 when the envelope is wrong). */
  read: number;
  /** The legacy (GeoJSON 2008) `crs` member's name, when there is one. */
  legacyCrs?: string;
  /** The CRS a Shapefile's .prj or a GeoPackage declares (io/formats/): a real one, not a legacy member. */
  declaredCrs?: DeclaredCrs;
}

/**
 * Where io/formats/ puts the declared CRS of a layer it converted to a FeatureCollection: a symbol, so no
 * JSON input can set it.
 */
export const DECLARED_CRS: unique symbol = Symbol("minerisk.declaredCrs");

/**
 * Read and parse a JSON file, turning an unreadable file or a syntax error (with line and column) into a
 * file-level error in the tally. Returns undefined when the file cannot be used.
 */
export function loadJsonFile(file: string, tally: Tally): unknown {
  try {
    const { value, repeated } = parseJsonChecked(readTextFile(file), file);
    reportRepeatedKeys(repeated, tally);
    return value;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    for (const i of e.issues) tally.error(undefined, i.field, i.code, i.message);
    return undefined;
  }
}

/**
 * Check the FeatureCollection envelope and each feature's `type`, geometry presence and geometry type,
 * and note a legacy `crs` member. Coordinates are checked by the caller with `readCoordinates`.
 */
export function scanFeatureCollection(json: unknown, tally: Tally, allowed: readonly string[]): FeatureScan {
  if (!isCollection(json, tally)) return { features: [], read: 0 };
  const types = new Map<string, number>();
  const features = scanFeatures(json.features as unknown[], 0, tally, allowed, types);
  mixedTypes(types, tally, allowed);
  const declaredCrs = (json as { [DECLARED_CRS]?: DeclaredCrs })[DECLARED_CRS];
  return { features, read: (json.features as unknown[]).length, legacyCrs: legacyCrsOf(json), declaredCrs };
}

/** True for an object with type "FeatureCollection" and a `features` array; else the file-level error not-feature-collection. */
export function isCollection(json: unknown, tally: Tally): json is Record<string, unknown> {
  if (isObject(json) && json.type === "FeatureCollection" && Array.isArray(json.features)) return true;
  const got = isObject(json) ? `type ${JSON.stringify(json.type)}` : Array.isArray(json) ? "an array" : typeof json;
  tally.error(undefined, "type", "not-feature-collection", `expected a GeoJSON FeatureCollection, got ${got}`);
  return false;
}

/**
 * The per-feature envelope checks of scanFeatureCollection on `list`, whose first element is the file's
 * feature number `firstIndex` + 1 (a streamed read checks its batches one by one); geometry types are
 * counted into `types` for {@link mixedTypes}.
 */
export function scanFeatures(list: readonly unknown[], firstIndex: number, tally: Tally, allowed: readonly string[], types: Map<string, number>): ScannedFeature[] {
  const features: ScannedFeature[] = [];
  for (let k = 0; k < list.length; k++) {
    const f = list[k];
    const index = firstIndex + k;
    const record = index + 1; // the Nth feature: record numbers are 1-based in every format
    if (!isObject(f) || f.type !== "Feature") {
      tally.error(record, "type", "not-a-feature", `expected an object with "type": "Feature"`);
      continue;
    }
    const props = isObject(f.properties) ? f.properties : {};
    tally.name(record, props.id ?? f.id);
    const g = f.geometry;
    if (g === null || g === undefined) {
      tally.error(record, "geometry", "null-geometry", "feature has no geometry; give it one or remove the feature");
      continue;
    }
    const t = isObject(g) && typeof g.type === "string" ? g.type : JSON.stringify(isObject(g) ? g.type : typeof g);
    types.set(t, (types.get(t) ?? 0) + 1);
    if (!isObject(g) || typeof g.type !== "string" || !allowed.includes(g.type)) {
      tally.error(record, "geometry.type", "wrong-geometry-type", `geometry type ${isObject(g) ? JSON.stringify(g.type) : typeof g} is not allowed in this layer (expected ${allowed.join(" or ")})`);
      continue;
    }
    const clean = cleanRecordText(isObject(f.properties) ? (f.properties as Record<string, unknown>) : {}, f.id, record, tally);
    features.push({ index, record, geometry: g as ScannedFeature["geometry"], properties: clean.properties, id: clean.id });
  }
  return features;
}

/** The file-level warning mixed-geometry-types, from the geometry types counted by scanFeatures. */
export function mixedTypes(types: ReadonlyMap<string, number>, tally: Tally, allowed: readonly string[]): void {
  const kinds = [...types.keys()];
  if (kinds.some((k) => allowed.includes(k)) && kinds.some((k) => !allowed.includes(k))) {
    const list = [...types].map(([k, n]) => `${n} ${k}`).join(", ");
    tally.warn(undefined, "geometry.type", "mixed-geometry-types", `the layer mixes geometry types (${list}); only ${allowed.join("/")} belong in it, the others are listed as wrong-geometry-type`);
  }
}

/** The legacy (GeoJSON 2008) `crs` member's name (or its JSON), when the collection has one. */
export function legacyCrsOf(json: Record<string, unknown>): string | undefined {
  const crs = json.crs;
  return isObject(crs) && isObject(crs.properties) && typeof crs.properties.name === "string" ? crs.properties.name : crs === undefined ? undefined : JSON.stringify(crs);
}

/**
 * Read a nested coordinate array of the given depth (1 = one position, 2 = a line or ring, 3 = polygon,
 * 4 = multipolygon) into fresh [x, y] arrays, checking shape and finiteness only (NaN, and the Infinity
 * that JSON.parse makes of huge numbers); ranges are checked layer-wide later (intake/positions.ts).
 * Extra dimensions (z, m) are dropped. Calls `issue` and returns undefined when anything is wrong.
 */
export function readCoordinates(c: unknown, depth: number, issue: (code: IssueCode, message: string) => void): unknown {
  if (depth === 1) {
    if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== "number" || typeof c[1] !== "number") {
      issue("malformed-coordinates", `expected a position [lon, lat], got ${JSON.stringify(c)?.slice(0, 60)}`);
      return undefined;
    }
    const [x, y] = c as number[];
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1e15 || Math.abs(y) > 1e15) {
      issue("non-finite-coordinate", `coordinate ${JSON.stringify(c)} is not a finite number (NaN, Infinity or a number too large to be a coordinate)`);
      return undefined;
    }
    return [x, y];
  }
  if (!Array.isArray(c)) {
    issue("malformed-coordinates", `expected an array of ${depth === 2 ? "positions" : "coordinate arrays"}, got ${typeof c}`);
    return undefined;
  }
  const out: unknown[] = [];
  for (const item of c) {
    const v = readCoordinates(item, depth - 1, issue);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** Nesting depth of the first element chain of an array: [[1,2]] → 2, [1,2] → 1, 5 → 0. */
export function nestingDepth(c: unknown): number {
  let d = 0;
  let v = c;
  while (Array.isArray(v)) {
    d++;
    v = v[0];
  }
  return typeof v === "number" ? d : -1;
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
