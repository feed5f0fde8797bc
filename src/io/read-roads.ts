import { InputError, type InputIssue } from "../core/errors.ts";
import { parseJson, readTextFile } from "./read-json.ts";
import type { LonLat, RoadRecord } from "./records.ts";
import { dropRepeats, readPositions, scanFeatureCollection, stringProp } from "./validate-geojson.ts";

/**
 * Read a GeoJSON FeatureCollection of LineString / MultiLineString roads. Validates at the door and
 * throws one InputError listing every problem (file, feature index, field, reason). Properties read:
 * `id` (else the feature id, else "road-<index>"), `name`, `class` (else OSM `highway`), `bridge`,
 * `tunnel` ("yes"/true), `layer`.
 */
export function readRoadsGeoJson(file: string): RoadRecord[] {
  const json = parseJson(readTextFile(file), file);
  return validateRoads(json, file);
}

/** Validate an already-parsed FeatureCollection of roads (see readRoadsGeoJson). */
export function validateRoads(json: unknown, file: string): RoadRecord[] {
  const scan = scanFeatureCollection(json, file, ["LineString", "MultiLineString"]);
  const issues: InputIssue[] = [...scan.issues];
  const roads: RoadRecord[] = [];
  for (const f of scan.features) {
    const issue = (code: string, message: string, field = "geometry.coordinates") => issues.push({ file, record: f.index, field, code, message });
    const multi = f.geometry.type === "MultiLineString";
    const raw = readPositions(f.geometry.coordinates, multi ? 3 : 2, issue) as LonLat[][] | LonLat[] | undefined;
    if (raw === undefined) continue;
    const parts = (multi ? (raw as LonLat[][]) : [raw as LonLat[]]).map(dropRepeats);
    if (parts.length === 0 || parts.some((p) => p.length < 2)) {
      issue("degenerate-line", "every line (and every part of a MultiLineString) needs at least two distinct positions");
      continue;
    }
    const p = f.properties;
    const layer = Number(p.layer ?? 0);
    roads.push({
      file,
      record: f.index,
      id: stringProp(p, ["id"], typeof f.id === "string" || typeof f.id === "number" ? String(f.id) : `road-${f.index}`),
      name: stringProp(p, ["name", "ref"], ""),
      class: stringProp(p, ["class", "highway"], "unknown"),
      bridge: isYes(p.bridge),
      tunnel: isYes(p.tunnel),
      layer: Number.isFinite(layer) ? Math.max(-128, Math.min(127, Math.round(layer))) : 0,
      oneway: onewayOf(p.oneway),
      parts,
      properties: p,
    });
  }
  if (issues.length > 0) throw new InputError(issues);
  if (roads.length === 0) throw new InputError([{ file, code: "empty-layer", message: "the roads file has no features" }]);
  return roads;
}

function isYes(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === "string" && v !== "no" && v !== "false" && v !== "0" && v !== "");
}

/** OSM `oneway`: "yes"/"true"/"1"/true → 1, "-1"/"reverse" → -1, anything else (incl. "no", absent) → 0. */
function onewayOf(v: unknown): -1 | 0 | 1 {
  if (v === true || v === 1 || v === "yes" || v === "true" || v === "1") return 1;
  if (v === -1 || v === "-1" || v === "reverse") return -1;
  return 0;
}
