import { DEVICES } from "../../core/incident-set.ts";
import { parseDate } from "./dates.ts";
import type { FieldMapping, MappedField } from "../mapping/schema.ts";
import { INCIDENT_FIELDS } from "./field-names.ts";
import { mappedValue } from "../mapping/mapped-value.ts";
import { decimalsOf, normaliseDevice, readCount } from "./normalise.ts";
import type { IncidentRecord } from "./records.ts";
import type { IssueCode } from "../../core/issue-codes.ts";

export { INCIDENT_FIELDS };


type Lookup = (names: readonly string[]) => unknown;

/** Where an incident's position came from and how precise that makes it (before the field mapping's floor). */
export interface PositionInfo {
  file: string;
  record: number;
  lon: number;
  lat: number;
  /** Inferred precision of the position as written, metres, and how it was inferred. */
  precisionM: number;
  precisionSource: IncidentRecord["locationPrecisionSource"];
}

/**
 * Build an IncidentRecord from a position and a property lookup, reporting each value that cannot be
 * read through `issue(field, code, message)` (field = the domain field name). Fields are read through the
 * field mapping when given (mapping/mapped-value.ts), else through INCIDENT_FIELDS. Returns undefined
 * when any field is invalid.
 */
export function incidentFromFields(
  at: PositionInfo,
  get: Lookup,
  properties: Record<string, unknown>,
  issue: (field: string, code: IssueCode, message: string) => void,
  mapping?: FieldMapping,
): IncidentRecord | undefined {
  let bad = false;
  const fail = (field: string, code: IssueCode, message: string) => {
    bad = true;
    issue(field, code, message);
  };
  const read = (f: MappedField) => mappedValue(f, get, mapping);
  const formats = mapping?.dateFormats ?? ["iso"];
  const rawDate = read("date").value;
  const date = parseDate(rawDate, formats, read("datePrecision").value);
  if (!date) fail("date", "invalid-date", `date ${JSON.stringify(rawDate)} is not ${formats.length === 1 && formats[0] === "iso" ? "an ISO date (YYYY, YYYY-MM or YYYY-MM-DD); for day/month/year or spreadsheet dates, say so in a field mapping (--mapping, dateFormats)" : `a date in the mapping's formats (${formats.join(", ")})`}`);
  const d = read("device");
  const device = normaliseDevice(d.value);
  if (!device) fail("device", "unknown-device", `device ${JSON.stringify(d.raw)} is not recognised; use one of ${DEVICES.join(", ")} (or map it in a field mapping)`);
  const k = read("killed");
  const killed = readCount(k.value);
  if (killed === undefined) fail("killed", "invalid-count", `killed must be a non-negative number, got ${JSON.stringify(k.raw)}`);
  const j = read("injured");
  const injured = readCount(j.value);
  if (injured === undefined) fail("injured", "invalid-count", `injured must be a non-negative number, got ${JSON.stringify(j.raw)}`);
  const p = read("locationPrecisionM");
  const givenPrec = readCount(p.value);
  if (givenPrec === undefined) fail("locationPrecisionM", "invalid-precision", `locationPrecisionM must be a non-negative number of metres, got ${JSON.stringify(p.raw)}`);
  const o = read("onRoad");
  const onRoad = readFlag(o.value);
  if (onRoad === undefined) fail("onRoad", "invalid-flag", `onRoad must be true, false or empty, got ${JSON.stringify(o.raw)}`);
  if (bad || !date || !device || killed === undefined || injured === undefined || givenPrec === undefined || onRoad === undefined) return undefined;
  const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : typeof v === "number" ? String(v) : null);
  const floor = mapping?.locationPrecision?.minimumM;
  const useFloor = givenPrec === null && floor !== undefined && floor > at.precisionM;
  const rec: IncidentRecord = {
    file: at.file,
    record: at.record,
    id: text(read("id").value) ?? `incident-${at.record}`,
    lon: at.lon,
    lat: at.lat,
    date: date.date,
    datePrecision: date.precision,
    device,
    killed,
    injured,
    activity: text(read("activity").value),
    source: text(read("source").value),
    locationPrecisionM: givenPrec ?? (useFloor ? floor : at.precisionM),
    locationPrecisionSource: givenPrec !== null ? "given" : useFloor ? "mapping default" : at.precisionSource,
    onRoad,
    properties,
  };
  const eventType = text(read("eventType").value);
  if (eventType !== null || mapping?.fields.eventType !== undefined) rec.eventType = eventType;
  const place = text(read("place").value);
  if (place !== null || mapping?.fields.place !== undefined) rec.place = place;
  return rec;
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
