import { parse } from "csv-parse/sync";
import { InputError, type InputIssue } from "../core/errors.ts";
import { incidentFromFields } from "./incident-fields.ts";
import { readTextFile } from "./read-json.ts";
import type { IncidentRecord } from "./records.ts";

/** Column names recognised for latitude and longitude (case-insensitive), in several languages. */
export const LAT_COLUMNS = ["lat", "latitude", "latitud", "y"] as const;
export const LON_COLUMNS = ["lon", "lng", "long", "longitude", "longitud", "x"] as const;

/**
 * Read incidents from a CSV with a header row and decimal-degree latitude/longitude columns. Rows are
 * numbered from 1 (the first data row) in issues. Other columns follow INCIDENT_FIELDS.
 */
export function readIncidentsCsv(file: string): IncidentRecord[] {
  const text = readTextFile(file);
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: false, skip_empty_lines: true, trim: true });
  } catch (e) {
    // csv-parse counts the header as a record: `records` parsed before the bad one = its 1-based data row
    const err = e as Error & { records?: number };
    throw new InputError([{ file, record: err.records, code: "invalid-csv", message: `not a readable CSV: ${err.message}` }]);
  }
  if (rows.length === 0) throw new InputError([{ file, code: "empty-layer", message: "the CSV is empty" }]);
  const header = rows[0].map((h) => h.toLowerCase());
  const latCol = header.findIndex((h) => (LAT_COLUMNS as readonly string[]).includes(h));
  const lonCol = header.findIndex((h) => (LON_COLUMNS as readonly string[]).includes(h));
  if (latCol < 0 || lonCol < 0) {
    throw new InputError([{ file, record: 0, code: "missing-coordinate-columns", message: `no ${latCol < 0 ? "latitude" : "longitude"} column: name it one of ${(latCol < 0 ? LAT_COLUMNS : LON_COLUMNS).join(", ")}` }]);
  }
  const issues: InputIssue[] = [];
  const out: IncidentRecord[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const props: Record<string, unknown> = {};
    rows[0].forEach((h, c) => (props[h] = row[c]));
    const lat = Number(row[latCol]);
    const lon = Number(row[lonCol]);
    if (row[latCol] === "" || row[lonCol] === "" || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      issues.push({ file, record: r, field: row[latCol] === "" || !Number.isFinite(lat) ? rows[0][latCol] : rows[0][lonCol], code: "missing-coordinate", message: `row has no usable coordinates (lat ${JSON.stringify(row[latCol])}, lon ${JSON.stringify(row[lonCol])}); geocode it or remove it` });
      continue;
    }
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      issues.push({ file, record: r, field: rows[0][Math.abs(lat) > 90 ? latCol : lonCol], code: "out-of-range", message: `lat ${lat}, lon ${lon} are outside WGS84 ranges` });
      continue;
    }
    const get = (names: readonly string[]) => {
      for (const n of names) {
        const c = header.indexOf(n.toLowerCase());
        if (c >= 0) return row[c];
      }
      return undefined;
    };
    // decimals as written in the cell ("39.700000" has six), not as the parsed number prints
    const decimals = Math.min(textDecimals(row[lonCol]), textDecimals(row[latCol]));
    const rec = incidentFromFields({ file, record: r, lon, lat, coordDecimals: decimals }, get, props, issues);
    if (rec) out.push(rec);
  }
  if (issues.length > 0) throw new InputError(issues);
  return out;
}

/** Decimals a number was written with in text: "39.70" → 2, "46" → 0, "4.5e1" → 8 (treat as exact). */
function textDecimals(text: string): number {
  const t = text.trim();
  if (/e/i.test(t)) return 8;
  const dot = t.indexOf(".");
  return dot < 0 ? 0 : t.length - dot - 1;
}
