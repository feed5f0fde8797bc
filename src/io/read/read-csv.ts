import { InputError } from "../../core/errors.ts";
import { parseCoordinate } from "../coords/degrees.ts";
import { positionFromMgrs, utmReader } from "../coords/grid.ts";
import { lookupPlace } from "../places/gazetteer.ts";
import type { IncidentCandidate, IncidentIntakeOptions } from "../intake/incident-layer.ts";
import { findColumns } from "../fields/csv-columns.ts";
import { placeNames } from "../intake/positions.ts";
import type { Tally } from "../intake/tally.ts";
import { type CsvDelimiter, csvRows, delimiterName, detectDelimiter, readCsvText } from "./csv-text.ts";
import { cleanCells } from "../intake/control-chars.ts";
import { printable } from "../json/binary.ts";
import type { IncidentRecord } from "../fields/records.ts";
import { mappedValue } from "../mapping/mapped-value.ts";
import { createFieldUse, csvRoles } from "../unread/field-use.ts";
import { incidentFieldPlan } from "../unread/field-plans.ts";

/** The most columns a CSV header may have, checked on its first line before the file is parsed. */
export const MAX_CSV_COLUMNS = 10_000;

/** The column limit in force: MINERISK_MAX_CSV_COLUMNS (set by --max-csv-columns, cli/input-budget.ts) or {@link MAX_CSV_COLUMNS}. */
export function maxCsvColumns(): number {
  const n = Number(process.env.MINERISK_MAX_CSV_COLUMNS);
  return Number.isSafeInteger(n) && n >= 1 ? n : MAX_CSV_COLUMNS;
}

function countChar(line: string, ch: string): number {
  let n = 0;
  for (let at = line.indexOf(ch); at >= 0; at = line.indexOf(ch, at + 1)) n++;
  return n;
}

export { LAT_COLUMNS, LON_COLUMNS } from "../fields/csv-columns.ts";


/** Read a CSV's rows into incident candidates (positions read, fields not yet), reporting into the tally. */
export function csvIncidentCandidates(file: string, tally: Tally, options: IncidentIntakeOptions): { read: number; candidates: IncidentCandidate[] } {
  let rows: string[][];
  let lines: number[];
  let delimiter: CsvDelimiter = ",";
  try {
    const { text } = readCsvText(file);
    delimiter = detectDelimiter(text);
    const headerEnd = text.indexOf("\n");
    const columns = countChar(headerEnd < 0 ? text : text.slice(0, headerEnd), delimiter) + 1;
    const columnLimit = maxCsvColumns();
    if (columns > columnLimit) {
      tally.error(undefined, undefined, "too-many-columns", `the header has ${columns.toLocaleString("en-US")} columns (delimiter ${delimiterName(delimiter)}), more than the ${columnLimit.toLocaleString("en-US")} an incident table can have; keep only the columns the layer needs (or raise --max-csv-columns)`);
      return { read: 0, candidates: [] };
    }
    ({ rows, lines } = csvRows(text, delimiter));
  } catch (e) {
    if (e instanceof InputError) for (const i of e.issues) tally.error(undefined, undefined, i.code, i.message);
    else tally.error(undefined, undefined, "invalid-csv", `not a readable CSV (read with delimiter ${delimiterName(delimiter)}): ${printable((e as Error).message)}`);
    return { read: 0, candidates: [] };
  }
  if (rows.length === 0) {
    tally.error(undefined, undefined, "empty-layer", "the CSV is empty");
    return { read: 0, candidates: [] };
  }
  const header = rows[0];
  const read = rows.length - 1;
  const split = `the header split at ${delimiterName(delimiter)} into ${header.length} column(s): ${header.slice(0, 8).map((h) => JSON.stringify(h)).join(", ")}${header.length > 8 ? ", …" : ""}`;
  if (read === 0) tally.warn(undefined, undefined, "header-only", `the CSV has a header and no data rows (${split}): an empty incident layer`);
  const cols = findColumns(header, options.mapping);
  if (cols.problem) {
    tally.error(undefined, undefined, "missing-coordinate-columns", `${cols.problem} (${split})`);
    return { read, candidates: [] };
  }
  const plan = incidentFieldPlan(options.mapping, "csv");
  const use = (tally.fieldUse = createFieldUse(plan));
  const roles = csvRoles(header, plan, [cols.lat, cols.lon, cols.mgrs, cols.zone, cols.easting, cols.northing, cols.hemisphere, cols.place]);
  const utm = utmReader();
  const places = new Map<string, ReturnType<typeof lookupPlace>>();
  const country = options.mapping?.geocode?.country;
  const candidates: IncidentCandidate[] = [];
  const notations = new Set<string>();
  let decimalComma: { row: number; column: string; value: string } | undefined;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    tally.line(r, lines[r]); // r is the record number: the rth data row after the header
    if (row.length !== header.length) {
      tally.error(r, undefined, "invalid-csv", `row has ${row.length} cells but the header has ${header.length} (delimiter ${delimiterName(delimiter)}); check for an unquoted ${delimiterName(delimiter)} in a cell or a missing cell`);
      continue;
    }
    cleanCells(row, header, r, tally);
    use.row(row, roles);
    const props: Record<string, unknown> = {};
    header.forEach((h, c) => (props[h] = row[c]));
    const lower = header.map((h) => h.toLowerCase());
    const get = (names: readonly string[]) => {
      for (const n of names) {
        const c = lower.indexOf(n.toLowerCase());
        if (c >= 0) return row[c];
      }
      return undefined;
    };
    tally.name(r, mappedValue("id", get, options.mapping).value);
    const cell = (c: number | undefined) => (c === undefined ? "" : row[c]);
    const base = { tally, record: r, get, properties: props, names: placeNames(props) };
    const { lat, lon, mgrs, zone, easting, northing, hemisphere, place } = cols;
    if (lat !== undefined && lon !== undefined && (cell(lat) !== "" || cell(lon) !== "" || (cell(mgrs) === "" && cell(zone) === "" && cell(place) === ""))) {
      const y = parseCoordinate(cell(lat), "lat");
      const x = parseCoordinate(cell(lon), "lon");
      if (!x || !y) {
        tally.error(r, header[!y ? lat : lon], "missing-coordinate", `row has no usable coordinates (lat ${JSON.stringify(cell(lat))}, lon ${JSON.stringify(cell(lon))}); write decimal degrees or DMS, geocode it, or remove it`);
        continue;
      }
      notations.add(x.notation).add(y.notation);
      if (decimalComma === undefined && (x.notation === "decimal comma" || y.notation === "decimal comma")) decimalComma = { row: r, column: header[y.notation === "decimal comma" ? lat : lon], value: cell(y.notation === "decimal comma" ? lat : lon) };
      const worse = Math.max(x.precisionM, y.precisionM);
      candidates.push({ ...base, field: `${header[lat]}/${header[lon]}`, axisFields: { x: header[lon], y: header[lat] }, positions: [[x.value, y.value]], precisionM: worse, precisionSource: "coordinate decimals" });
      continue;
    }
    const grid = mgrs !== undefined && cell(mgrs) !== "" ? { col: mgrs, p: positionFromMgrs(cell(mgrs)) } : zone !== undefined && easting !== undefined && northing !== undefined && cell(zone) !== "" ? { col: easting, p: utm(cell(zone), hemisphere === undefined ? undefined : cell(hemisphere), cell(easting), cell(northing)) } : undefined;
    if (grid) {
      if (typeof grid.p === "string") tally.error(r, header[grid.col], "invalid-grid-reference", grid.p);
      else candidates.push({ ...base, field: header[grid.col], positions: [[grid.p.lon, grid.p.lat]], precisionM: grid.p.precisionM, precisionSource: "grid reference" });
      continue;
    }
    const name = cell(place);
    if (place !== undefined && name !== "") {
      const key = name.toLowerCase();
      const hit = places.get(key) ?? lookupPlace(name, { country });
      places.set(key, hit);
      if (hit.status === "unique") {
        const p = hit.place;
        tally.warn(r, header[place], "geocoded", `no coordinates: placed at "${p.name}" (${p.country}, GeoNames ${p.geonameId}) [${p.lon}, ${p.lat}] with settlement precision ${p.precisionM} m${p.foldedOnly ? `; matched only after folding case and diacritics ("${name}" → "${p.name}"): check it is the same place` : ""}`, "repaired");
        candidates.push({ ...base, field: header[place], positions: [[p.lon, p.lat]], precisionM: p.precisionM, precisionSource: "gazetteer" });
      } else if (hit.status === "ambiguous") {
        tally.error(r, header[place], "ambiguous-place", `no coordinates, and "${name}" names several GeoNames places: ${hit.candidates.join("; ")}; give coordinates${country ? "" : " or restrict the country in a field mapping (geocode.country)"}`);
      } else {
        tally.error(r, header[place], "unknown-place", `no coordinates, and "${name}" is not a GeoNames populated place${country ? ` in ${country}` : ""}; give coordinates`);
      }
      continue;
    }
    tally.error(r, cols.firstCoordinateColumn, "missing-coordinate", "row has no coordinates, grid reference or place name; geocode it or remove it");
  }
  if (decimalComma) {
    const { row, column, value } = decimalComma;
    tally.warn(undefined, undefined, "decimal-comma", `coordinates are written with decimal commas (first in record ${row}, line ${lines[row]}, ${column} ${JSON.stringify(value)}); they are read as decimals (${value.replace(",", ".")}); the file's delimiter is ${delimiterName(delimiter)}`);
  }
  return { read, candidates };
}

