import { RECORD_NUMBERING, recordLabel } from "../../core/errors.ts";
import type { FileReport, IntakeReport, UnreadFields } from "./types.ts";

/**
 * The machine-readable intake report (docs/intake.md): `{"recordNumbering","files":[{"file","layer","read",
 * "used","repaired","rejected","issues":[{"code","record","line","id","field","message","severity",
 * "action"}],"roadDistance"?,"unreadFields"?:{"listed":[{"name","records","hint"}],"more","moreIsLowerBound",
 * "casualtyCountRecords"}}]}`, with `record`, `line` (CSV only), `id` and `field` null when an issue has none, and
 * `recordNumbering` saying how records are counted (RECORD_NUMBERING: 1-based in every format).
 * Deterministic: files in the order given, issues in record order.
 */
export function intakeReportJson(report: IntakeReport): string {
  const files = report.files.map((f) => ({
    file: f.file,
    layer: f.layer,
    read: f.read,
    used: f.used,
    repaired: f.repaired,
    rejected: f.rejected,
    issues: f.issues.map((i) => ({ code: i.code, record: i.record ?? null, line: i.line ?? null, id: i.id ?? null, field: i.field ?? null, message: i.message, severity: i.severity, action: i.action })),
    ...(f.roadDistance ? { roadDistance: f.roadDistance } : {}),
    ...(f.unreadFields ? { unreadFields: f.unreadFields } : {}),
  }));
  return `${JSON.stringify({ recordNumbering: RECORD_NUMBERING, files }, null, 2)}\n`;
}

/**
 * A readable summary: per file the counts, then the issues grouped by code (errors first) with how many
 * records each touches and the first `examples` of them. Every issue is in the JSON report.
 */
export function intakeReportText(report: IntakeReport, examples = 5): string {
  const lines: string[] = [`Record numbers: ${RECORD_NUMBERING}.`];
  let read = 0;
  let used = 0;
  let repaired = 0;
  let rejected = 0;
  for (const f of report.files) {
    read += f.read;
    used += f.used;
    repaired += f.repaired;
    rejected += f.rejected;
    lines.push(`${f.file} (${f.layer}): read ${f.read} — used ${f.used}, repaired ${f.repaired}, rejected ${f.rejected}`);
    if (f.roadDistance) lines.push(`  ${roadDistanceLine(f.roadDistance)}`);
    if (f.unreadFields) for (const l of unreadFieldLines(f.unreadFields)) lines.push(`  ${l}`);
    const byCode = new Map<string, typeof f.issues>();
    for (const i of f.issues) {
      const list = byCode.get(i.code);
      if (list) list.push(i);
      else byCode.set(i.code, [i]);
    }
    const groups = [...byCode].sort((a, b) => (a[1][0].severity === b[1][0].severity ? a[0].localeCompare(b[0]) : a[1][0].severity === "error" ? -1 : 1));
    for (const [code, list] of groups) {
      const actions = [...new Set(list.map((i) => i.action))].join("/");
      lines.push(`  [${code}] ${list[0].severity}, ${actions}: ${list.length} issue(s)`);
      for (const i of list.slice(0, examples)) lines.push(`    ${i.record === undefined ? "(file)" : recordLabel({ record: i.record, line: i.line, id: i.id })}${i.field ? ` ${i.field}` : ""}: ${i.message}`);
      if (list.length > examples) lines.push(`    … and ${list.length - examples} more (all of them are in the JSON report)`);
    }
  }
  if (report.files.length > 1) lines.push(`total: read ${read} — used ${used}, repaired ${repaired}, rejected ${rejected}`);
  return `${lines.join("\n")}\n`;
}

/** "nearest road 0.0–12.3 km (median 1.2 km); 0 of 40 beyond the 30 km kernel reach". */
export function roadDistanceLine(d: NonNullable<FileReport["roadDistance"]>): string {
  const km = (m: number | null) => (m === null ? "n/a" : (m / 1000).toFixed(1));
  return `nearest road ${km(d.minM)}–${km(d.maxM)} km (median ${km(d.medianM)} km); ${d.beyondReach} of ${d.measured} beyond the ${km(d.reachM)} km kernel reach`;
}

/** The properties a file carries values in that nothing read: a heading, one line per listed name, then the count of the rest. */
export function unreadFieldLines(u: UnreadFields): string[] {
  const n = (v: number) => v.toLocaleString("en-US");
  const total = u.listed.length + u.more;
  const lines = [`not read: ${u.moreIsLowerBound ? "at least " : ""}${n(total)} field${total === 1 ? "" : "s"} (properties or CSV columns) with values that no record, layer or number uses:`];
  for (const f of u.listed) lines.push(`  \`${f.name}\`: ${n(f.records)} record(s)${f.hint ? ` — ${f.hint.message}` : ""}`);
  if (u.more > 0) lines.push(`  … and ${u.moreIsLowerBound ? "at least " : ""}${n(u.more)} more name(s), not listed`);
  return lines;
}
