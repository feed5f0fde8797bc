/**
 * Official running totals of mine victims (as in data/karabakh/official-victim-totals.csv, columns
 * as_of_date, period_start, scope, victims_total, killed, injured, …, reported_by, source_url), for
 * the record-completeness check. Rows whose scope is not "all" (e.g. civilians only) are skipped, since
 * the records count every victim; "~200" is read as 200 and marked approximate. Bad rows are an InputError
 * naming the row and field.
 */
import { parse } from "csv-parse/sync";
import { InputError, type InputIssue } from "../../core/errors.ts";
import type { OfficialTotal } from "../../analyses/risk/record-completeness.ts";
import { readTextFile } from "../json/read-json.ts";

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function readOfficialTotals(file: string): OfficialTotal[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(readTextFile(file), { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  } catch (e) {
    throw new InputError([{ file, code: "invalid-csv", message: `cannot read the official totals as CSV: ${(e as Error).message}` }]);
  }
  const issues: InputIssue[] = [];
  const out: OfficialTotal[] = [];
  rows.forEach((r, i) => {
    const record = i + 1;
    for (const field of ["as_of_date", "period_start", "scope", "victims_total"]) if (!(field in r)) issues.push({ file, record, field, code: "missing-column", message: `the official totals need a ${field} column` });
    if (issues.length) return;
    if (r.scope.trim() !== "all") return;
    if (!ISO.test(r.as_of_date) || !ISO.test(r.period_start)) {
      issues.push({ file, record, field: ISO.test(r.as_of_date) ? "period_start" : "as_of_date", code: "invalid-date", message: "dates must be YYYY-MM-DD" });
      return;
    }
    const m = /^(~)?\s*(\d+)$/.exec(r.victims_total.trim());
    if (!m) {
      issues.push({ file, record, field: "victims_total", code: "invalid-count", message: `expected a whole number (optionally "~N"), got "${r.victims_total}"` });
      return;
    }
    out.push({ asOf: r.as_of_date, periodStart: r.period_start, victims: Number(m[2]), approximate: m[1] === "~", reportedBy: r.reported_by ?? "", sourceUrl: r.source_url ?? "" });
  });
  if (issues.length) throw new InputError(issues);
  return out;
}
