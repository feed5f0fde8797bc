import { InputError, type InputIssue } from "../core/errors.ts";
import { HAZARD_STATUSES } from "../core/hazard-set.ts";
import { normaliseHazardStatus } from "./normalise.ts";
import { parseJson, readTextFile } from "./read-json.ts";
import type { HazardRecord, LonLat } from "./records.ts";
import { readPositions, scanFeatureCollection, stringProp } from "./validate-geojson.ts";

/**
 * Read a GeoJSON FeatureCollection of Polygon / MultiPolygon hazard areas with a `status` property
 * (confirmed/CHA, suspected/SHA, cancelled, cleared, released). Rings must be closed with ≥ 4 positions.
 */
export function readHazardsGeoJson(file: string): HazardRecord[] {
  return validateHazards(parseJson(readTextFile(file), file), file);
}

export function validateHazards(json: unknown, file: string): HazardRecord[] {
  const scan = scanFeatureCollection(json, file, ["Polygon", "MultiPolygon"]);
  const issues: InputIssue[] = [...scan.issues];
  const out: HazardRecord[] = [];
  for (const f of scan.features) {
    const issue = (code: string, message: string, field = "geometry.coordinates") => issues.push({ file, record: f.index, field, code, message });
    const multi = f.geometry.type === "MultiPolygon";
    const raw = readPositions(f.geometry.coordinates, multi ? 4 : 3, issue);
    if (raw === undefined) continue;
    const polygons = multi ? (raw as LonLat[][][]) : [raw as LonLat[][]];
    const bad = polygons.some((poly) => poly.length === 0 || poly.some((ring) => ring.length < 4 || ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1]));
    if (polygons.length === 0 || bad) {
      issue("unclosed-ring", "every polygon ring needs at least 4 positions and must end where it starts");
      continue;
    }
    const status = normaliseHazardStatus(f.properties.status);
    if (!status) {
      issue("invalid-status", `status ${JSON.stringify(f.properties.status)} is not one of ${HAZARD_STATUSES.join(", ")} (or CHA/SHA)`, "properties.status");
      continue;
    }
    const id = stringProp(f.properties, ["id"], typeof f.id === "string" || typeof f.id === "number" ? String(f.id) : `hazard-${f.index}`);
    out.push({ file, record: f.index, id, status, polygons, properties: f.properties });
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}
