/**
 * Official running totals of mine victims (as in data/karabakh/official-victim-totals.csv, columns
 * as_of_date, period_start, scope, victims_total, killed, injured, …, reported_by, source_url), for
 * the record-completeness check. Rows whose scope is not "all" (e.g. civilians only) are skipped, since
 * the records count every victim; "~200" is read as 200 and marked approximate. Bad rows are an InputError
 * naming the row (record number and physical line, core/errors.ts RECORD_NUMBERING) and field.
 */
import { InputError, type InputIssue } from "../../core/errors.ts";
import type { OfficialTotal } from "../../analyses/risk/record-completeness.ts";
import { readTextFile } from "../json/read-json.ts";
import { printable } from "../json/binary.ts";
import { csvRows } from "./csv-text.ts";
import { parseDate } from "../fields/dates.ts";

/** A calendar day written YYYY-MM-DD (2023-13-01 or 2023-02-30 are not: the format alone is not enough). */
const isDay = (s: string) => {
  const d = parseDate(s);
  return d !== undefined && d.precision === "day" && d.date === s;
};

export function readOfficialTotals(file: string): OfficialTotal[] {
  let table: { rows: string[][]; lines: number[] };
  try {
    table = csvRows(readTextFile(file).replace(/^\ufeff/, ""), ",");
  } catch (e) {
    throw new InputError([{ file, code: "invalid-csv", message: `cannot read the official totals as CSV: ${printable((e as Error).message)}` }]);
  }
  const header = table.rows[0] ?? [];
  const data = table.rows.slice(1);
  const issues: InputIssue[] = [];
  const out: OfficialTotal[] = [];
  data.forEach((cells, i) => {
    const record = i + 1; // the record numbering of every reader: the Nth data row, with its physical line
    const line = table.lines[i + 1];
    if (cells.length !== header.length) {
      issues.push({ file, record, line, code: "invalid-csv", message: `row has ${cells.length} cells but the header has ${header.length}` });
      return;
    }
    const r: Record<string, string> = Object.fromEntries(header.map((h, c) => [h, cells[c]]));
    for (const field of ["as_of_date", "period_start", "scope", "victims_total"]) if (!(field in r)) issues.push({ file, record, line, field, code: "missing-column", message: `the official totals need a ${field} column` });
    if (issues.length) return;
    if (r.scope.trim() !== "all") return;
    if (!isDay(r.as_of_date) || !isDay(r.period_start)) {
      issues.push({ file, record, line, field: isDay(r.as_of_date) ? "period_start" : "as_of_date", code: "invalid-date", message: `dates must be calendar days written YYYY-MM-DD, got "${isDay(r.as_of_date) ? r.period_start : r.as_of_date}"` });
      return;
    }
    const m = /^(~)?\s*(\d+)$/.exec(r.victims_total.trim());
    if (!m) {
      issues.push({ file, record, line, field: "victims_total", code: "invalid-count", message: `expected a whole number (optionally "~N"), got "${r.victims_total}"` });
      return;
    }
    out.push({ asOf: r.as_of_date, periodStart: r.period_start, victims: Number(m[2]), approximate: m[1] === "~", reportedBy: r.reported_by ?? "", sourceUrl: r.source_url ?? "" });
  });
  if (issues.length) throw new InputError(issues);
  return out;
}
