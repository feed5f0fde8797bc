import { InputError, type InputIssue } from "../core/errors.ts";
import { coordDecimals, incidentFromFields } from "./incident-fields.ts";
import { parseJson, readTextFile } from "./read-json.ts";
import type { IncidentRecord, LonLat } from "./records.ts";
import { readPositions, scanFeatureCollection } from "./validate-geojson.ts";

/**
 * Read a GeoJSON FeatureCollection of Point incidents. Properties (see INCIDENT_FIELDS for accepted
 * names): id, date (ISO), datePrecision, device, killed, injured, activity, source, locationPrecisionM
 * (metres; inferred from the coordinates' decimals when absent, and marked so).
 */
export function readIncidentsGeoJson(file: string): IncidentRecord[] {
  return validateIncidents(parseJson(readTextFile(file), file), file);
}

export function validateIncidents(json: unknown, file: string): IncidentRecord[] {
  const scan = scanFeatureCollection(json, file, ["Point"]);
  const issues: InputIssue[] = [...scan.issues];
  const out: IncidentRecord[] = [];
  for (const f of scan.features) {
    const issue = (code: string, message: string) => issues.push({ file, record: f.index, field: "geometry.coordinates", code, message });
    const pos = readPositions(f.geometry.coordinates, 1, issue) as LonLat | undefined;
    if (!pos) continue;
    const props = f.properties;
    const get = (names: readonly string[]) => {
      for (const n of names) if (props[n] !== undefined) return props[n];
      return names[0] === "id" ? f.id : undefined;
    };
    const rec = incidentFromFields({ file, record: f.index, lon: pos[0], lat: pos[1], coordDecimals: coordDecimals(pos[0], pos[1]) }, get, props, issues);
    if (rec) out.push(rec);
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}
