import { parse } from "csv-parse/sync";
import { InputError } from "../../core/errors.ts";
import { binaryKind } from "../json/binary.ts";
import { readFileBounded } from "./read-bounded.ts";
import { readTextFile } from "../json/read-json.ts";

/** The delimiters a CSV may use, in the order ties are broken: comma, semicolon (Excel where decimals are commas), tab, pipe. */
export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** How a delimiter is named in messages: `","`, `";"`, `tab`, `"|"`. */
export const delimiterName = (d: CsvDelimiter) => (d === "\t" ? "tab" : `"${d}"`);

/** A CSV file's text (byte-order mark removed) and what was found about its encoding. */
export interface CsvText {
  text: string;
  /** The byte-order mark found and removed, if any. */
  bom: "UTF-8" | "UTF-16LE" | "UTF-16BE" | null;
}

/**
 * Read a CSV file as text, honouring a byte-order mark: UTF-8 (EF BB BF, Excel's "CSV UTF-8"), UTF-16LE
 * (FF FE, Excel's "Unicode text") or UTF-16BE (FE FF); without one, UTF-8. An unreadable file is the
 * InputError `file-unreadable` of readTextFile.
 */
export function readCsvText(file: string): CsvText {
  let bytes: Buffer;
  try {
    bytes = readFileBounded(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    return { text: readTextFile(file), bom: null }; // throws the file-unreadable InputError, naming why
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString("utf8"), bom: "UTF-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString("utf16le"), bom: "UTF-16LE" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2)); // a copy: swap16 works in place
    return { text: body.subarray(0, body.length & ~1).swap16().toString("utf16le"), bom: "UTF-16BE" };
  }
  const text = bytes.toString("utf8");
  const binary = binaryKind(bytes, text);
  // refused without quoting it, as readTextFile refuses binary GeoJSON (a spreadsheet saved as .xlsx, say)
  if (binary !== undefined) throw new InputError([{ file, code: "binary-file", message: `the file is ${binary}, not text; export the layer as CSV or GeoJSON` }]);
  return { text, bom: null };
}

/** Count `ch` in a line outside double-quoted cells. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * The delimiter of a CSV, from its first 20 non-empty lines (the idea of Python's csv.Sniffer, simplified):
 * for each candidate, the header must contain it, and the score is how many of the lines split into as
 * many cells as the header; the best score wins, then the most cells, then the order of CSV_DELIMITERS.
 * So `id;lat;lon` / `1;39,75;46,78` is semicolon-delimited even though every data row has commas. A file
 * with none of them (one column) is comma-delimited.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "").slice(0, 20);
  if (lines.length === 0) return ",";
  let best: { d: CsvDelimiter; score: number; cells: number } | undefined;
  for (const d of CSV_DELIMITERS) {
    const header = countOutsideQuotes(lines[0], d);
    if (header === 0) continue;
    const score = lines.filter((l) => countOutsideQuotes(l, d) === header).length;
    if (!best || score > best.score || (score === best.score && header > best.cells)) best = { d, score, cells: header };
  }
  return best?.d ?? ",";
}

/**
 * A CSV's rows (cells trimmed, empty lines skipped, rows of any length) and the physical line (1-based)
 * each starts on. csv-parse's `info` gives the line a row ends on (a quoted cell may span lines), so a row
 * starts on the line after the previous row's end, past the empty lines skipped between them. Throws
 * csv-parse's error on a CSV syntax error.
 */
export function csvRows(text: string, delimiter: CsvDelimiter): { rows: string[][]; lines: number[] } {
  const parsed = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as { record: string[]; info: { lines: number; empty_lines: number } }[];
  const rows: string[][] = [];
  const lines: number[] = [];
  let end = 0;
  let empty = 0;
  for (const { record, info } of parsed) {
    rows.push(record);
    lines.push(end + 1 + info.empty_lines - empty);
    end = info.lines;
    empty = info.empty_lines;
  }
  return { rows, lines };
}
