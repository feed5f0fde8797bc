import type { InputIssue } from "../core/errors.ts";
import { DEVICES } from "../core/incident-set.ts";
import { decimalsOf, normaliseDevice, parseIsoDate, precisionFromDecimals, readCount } from "./normalise.ts";
import type { IncidentRecord } from "./records.ts";

/** Property names accepted for each incident field, first match wins (case-insensitive for CSV). */
export const INCIDENT_FIELDS = {
  id: ["id", "incident_id", "incidentId"],
  date: ["date", "event_date", "incident_date"],
  datePrecision: ["datePrecision", "date_precision"],
  device: ["device", "device_type", "deviceType"],
  killed: ["killed", "deaths", "fatalities"],
  injured: ["injured", "injuries"],
  activity: ["activity", "activity_or_context"],
  source: ["source", "source_urls", "sources"],
  locationPrecisionM: ["locationPrecisionM", "location_precision_m", "precision_m"],
  onRoad: ["onRoad", "on_road"],
} as const;

type Lookup = (names: readonly string[]) => unknown;

/**
 * Build an IncidentRecord from a position and a property lookup, pushing issues for values that cannot
 * be read. `coordDecimals` is how many decimals the position was written with (for inferred precision).
 * Returns undefined when any field is invalid.
 */
export function incidentFromFields(
  at: { file: string; record: number; lon: number; lat: number; coordDecimals: number },
  get: Lookup,
  properties: Record<string, unknown>,
  issues: InputIssue[],
): IncidentRecord | undefined {
  const { file, record } = at;
  const before = issues.length;
  const issue = (field: string, code: string, message: string) => issues.push({ file, record, field, code, message });
  const rawDate = get(INCIDENT_FIELDS.date);
  const date = parseIsoDate(rawDate, get(INCIDENT_FIELDS.datePrecision));
  if (!date) issue("date", "invalid-date", `date ${JSON.stringify(rawDate)} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)`);
  const rawDevice = get(INCIDENT_FIELDS.device);
  const device = normaliseDevice(rawDevice);
  if (!device) issue("device", "unknown-device", `device ${JSON.stringify(rawDevice)} is not recognised; use one of ${DEVICES.join(", ")}`);
  const killed = readCount(get(INCIDENT_FIELDS.killed));
  if (killed === undefined) issue("killed", "invalid-count", `killed must be a non-negative number, got ${JSON.stringify(get(INCIDENT_FIELDS.killed))}`);
  const injured = readCount(get(INCIDENT_FIELDS.injured));
  if (injured === undefined) issue("injured", "invalid-count", `injured must be a non-negative number, got ${JSON.stringify(get(INCIDENT_FIELDS.injured))}`);
  const rawPrec = get(INCIDENT_FIELDS.locationPrecisionM);
  const givenPrec = readCount(rawPrec);
  if (givenPrec === undefined) issue("locationPrecisionM", "invalid-precision", `locationPrecisionM must be a non-negative number of metres, got ${JSON.stringify(rawPrec)}`);
  const rawOnRoad = get(INCIDENT_FIELDS.onRoad);
  const onRoad = readFlag(rawOnRoad);
  if (onRoad === undefined) issue("onRoad", "invalid-flag", `onRoad must be true, false or empty, got ${JSON.stringify(rawOnRoad)}`);
  if (issues.length > before || onRoad === undefined || !date || !device || killed === undefined || injured === undefined || givenPrec === undefined) return undefined;
  const id = get(INCIDENT_FIELDS.id);
  const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : typeof v === "number" ? String(v) : null);
  return {
    file,
    record,
    id: text(id) ?? `incident-${record}`,
    lon: at.lon,
    lat: at.lat,
    date: date.date,
    datePrecision: date.precision,
    device,
    killed,
    injured,
    activity: text(get(INCIDENT_FIELDS.activity)),
    source: text(get(INCIDENT_FIELDS.source)),
    locationPrecisionM: givenPrec ?? precisionFromDecimals(at.coordDecimals),
    locationPrecisionSource: givenPrec === null ? "coordinate decimals" : "given",
    onRoad,
    properties,
  };
}

/** Decimals of the less precise of two coordinates. */
export function coordDecimals(lon: number, lat: number): number {
  return Math.min(decimalsOf(lon), decimalsOf(lat));
}

/** true/false from booleans, 1/0, "true"/"false", "yes"/"no"; null when empty; undefined when unreadable. */
function readFlag(v: unknown): boolean | null | undefined {
  if (v === null || v === undefined || v === "") return null;
  if (v === true || v === 1) return true;
  if (v === false || v === 0) return false;
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    if (t === "true" || t === "yes" || t === "1") return true;
    if (t === "false" || t === "no" || t === "0") return false;
  }
  return undefined;
}
