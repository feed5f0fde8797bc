import { writeChunksAtomic } from "./write-file.ts";

/**
 * CSV tables (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, quote or line
 * break, quotes doubled; UTF-8 without BOM). Written by hand: RFC 4180 quoting is a dozen lines, and the
 * installed csv-parse has no writer (csv-stringify is not a dependency). Round-trips are tested with
 * csv-parse and GDAL's CSV driver.
 *
 * Cells: null, undefined and non-finite numbers → empty; numbers as JavaScript writes them; booleans as
 * `true`/`false`; objects and arrays as JSON text. A text cell that starts with `=`, `+`, `-`, `@`, tab or
 * carriage return gets a leading `'`, so a spreadsheet shows it instead of evaluating it as a formula
 * (OWASP "CSV injection"); the GeoJSON and FlatGeobuf layers keep the text unchanged.
 */
export function formatCsvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(Object.is(value, -0) ? 0 : value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  let text = typeof value === "string" ? value : JSON.stringify(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line and one line per row, each ending in CRLF. */
export function* csvLines(columns: readonly string[], rows: Iterable<Readonly<Record<string, unknown>>>): Generator<string> {
  yield `${columns.map(formatCsvCell).join(",")}\r\n`;
  for (const row of rows) yield `${columns.map((c) => formatCsvCell(row[c])).join(",")}\r\n`;
}

/**
 * {@link csvLines} joined into pieces of about 1 MiB (the same text), so writing a table costs one write
 * per piece instead of one per row (20,000 incidents: 20,000 writes before).
 */
export function* csvChunks(columns: readonly string[], rows: Iterable<Readonly<Record<string, unknown>>>): Generator<string> {
  let chunk = "";
  for (const line of csvLines(columns, rows)) {
    chunk += line;
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

/** Every key that occurs in the rows, in first-seen order (deterministic for the same rows). */
export function csvColumns(rows: Iterable<Readonly<Record<string, unknown>>>, exclude: readonly string[] = []): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k in r) if (!exclude.includes(k)) seen.add(k);
  return [...seen];
}

/**
 * Write a table atomically. `columns` default: every key of the rows in first-seen order. Returns the
 * number of data rows.
 */
export function writeCsv(path: string, rows: readonly Readonly<Record<string, unknown>>[], options: { columns?: readonly string[]; protect?: readonly string[] } = {}): number {
  writeChunksAtomic(path, csvChunks(options.columns ?? csvColumns(rows), rows), options.protect ?? []);
  return rows.length;
}
