import { InputError, type InputIssue, recordId, recordLabel } from "../../core/errors.ts";
import type { IssueCode } from "../../core/issue-codes.ts";
import type { FieldUse } from "../unread/field-use.ts";
import type { FileReport, IntakeIssue, IntakeReport, IssueAction, Layer, RoadDistanceReport, Strictness } from "./types.ts";

/**
 * Collects the issues of one file while it is read and turns them into its FileReport. A record's outcome
 * is the strongest action of its issues: rejected > repaired > used (a "kept" warning leaves it used).
 */
export interface Tally {
  readonly file: string;
  readonly layer: Layer;
  readonly issues: IntakeIssue[];
  /** Record an error on a record: the record is rejected (in lenient mode) or repaired as `action` says. */
  error(record: number | undefined, field: string | undefined, code: IssueCode, message: string, action?: IssueAction): void;
  /** Record a warning: the record is used as given (`kept`) or was changed harmlessly (`repaired`). */
  warn(record: number | undefined, field: string | undefined, code: IssueCode, message: string, action?: IssueAction): void;
  /** Say a record's own id (a string or finite number; others are ignored): every issue about it names it. */
  name(record: number, id: unknown): void;
  /** Say where a CSV record starts in the file (1-based physical line): every issue about it gives it. */
  line(record: number, line: number): void;
  /** "file record N (line L, id X)": how a message names a record of this file (RECORD_NUMBERING). */
  label(record: number, id?: string): string;
  /** The physical line a CSV record starts on (undefined for other formats). */
  lineOf(record: number): number | undefined;
  /** True when the record has a rejecting issue. */
  isRejected(record: number): boolean;
  /** The report for `read` records. */
  report(read: number): FileReport;
  /** Set by the reader that counts the properties it does not read (field-use.ts): the report then lists them. */
  fieldUse?: FieldUse;
}

export function createTally(file: string, layer: Layer): Tally {
  const issues: IntakeIssue[] = [];
  const rejected = new Set<number>();
  const ids = new Map<number, string>();
  const lines = new Map<number, number>();
  const push = (severity: "error" | "warning", record: number | undefined, field: string | undefined, code: IssueCode, message: string, action: IssueAction) => {
    const issue: IntakeIssue = { file, code, message, severity, action };
    if (record !== undefined) issue.record = record;
    if (field !== undefined) issue.field = field;
    issues.push(issue);
    if (record !== undefined && action === "rejected") rejected.add(record);
  };
  const tally: Tally = {
    file,
    layer,
    issues,
    error: (record, field, code, message, action = "rejected") => push("error", record, field, code, message, action),
    warn: (record, field, code, message, action = "kept") => push("warning", record, field, code, message, action),
    line: (record, line) => {
      lines.set(record, line);
    },
    lineOf: (record) => lines.get(record),
    label: (record, id) => `${file} ${recordLabel({ record, line: lines.get(record), id: recordId(id) ?? ids.get(record) })}`, // ids echoed only when printable
    name: (record, id) => {
      const text = recordId(id); // ids are echoed into messages: short and printable only
      if (text !== undefined) ids.set(record, text);
    },
    isRejected: (record) => rejected.has(record),
    report: (read) => {
      for (const i of issues) {
        if (i.record === undefined) continue;
        if (lines.has(i.record)) i.line = lines.get(i.record);
        if (ids.has(i.record)) i.id = ids.get(i.record);
      }
      const out = summarise(file, layer, issues, read);
      const unread = tally.fieldUse?.result();
      return unread ? { ...out, unreadFields: unread } : out;
    },
  };
  return tally;
}

/** Count outcomes; issues sorted by record (file-level first), stable within a record. */
export function summarise(file: string, layer: Layer, issues: readonly IntakeIssue[], read: number): FileReport {
  const outcome = new Map<number, IssueAction>();
  for (const i of issues) {
    if (i.record === undefined) continue;
    const prev = outcome.get(i.record);
    if (i.action === "rejected" || prev === "rejected") outcome.set(i.record, "rejected");
    else if (i.action === "repaired" || prev === "repaired") outcome.set(i.record, "repaired");
    else outcome.set(i.record, "kept");
  }
  let repaired = 0;
  let rejected = 0;
  for (const a of outcome.values()) {
    if (a === "rejected") rejected++;
    else if (a === "repaired") repaired++;
  }
  const sorted = issues
    .map((issue, k) => ({ issue, k }))
    .sort((a, b) => (a.issue.record ?? -1) - (b.issue.record ?? -1) || a.k - b.k)
    .map((x) => x.issue);
  // a file refused whole (a file-level rejecting error, e.g. no coordinate columns) uses none of its records
  if (issues.some((i) => i.record === undefined && i.severity === "error" && i.action === "rejected")) return { file, layer, read, used: 0, repaired: 0, rejected: read, issues: sorted };
  return { file, layer, read, used: read - repaired - rejected, repaired, rejected, issues: sorted };
}

/**
 * The report as strict mode acts on it: strict repairs nothing and never reports "repaired". An error whose
 * lenient action is "repaired" refuses its record ("rejected") and the counts follow. A warning's
 * "repaired" (RFC 7946 rewinding, repeated vertices dropped, a row placed at its named settlement) is a
 * normalisation of valid input, not a repair of wrong data: strict reports it "kept" (the record is used,
 * the message says what was done). Messages keep saying what lenient mode would do.
 */
export function strictView(report: IntakeReport): IntakeReport {
  return {
    files: report.files.map((f) => {
      const issues = f.issues.map((i) => (i.action !== "repaired" ? i : { ...i, action: i.severity === "error" ? ("rejected" as const) : ("kept" as const) }));
      const out = summarise(f.file, f.layer, issues, f.read);
      return f.unreadFields ? { ...out, unreadFields: f.unreadFields } : out;
    }),
  };
}

/** True when the report says the whole file could not be read (a file-level rejecting error). */
export function fileFailed(report: FileReport): boolean {
  return report.issues.some((i) => i.record === undefined && i.severity === "error" && i.action === "rejected");
}

/**
 * Apply the strictness level to a finished report: strict throws an InputError with every error;
 * lenient throws only when the file could not be read at all; list never throws.
 */
export function enforce(report: FileReport, strictness: Strictness): void {
  if (strictness === "list") return;
  const errors = report.issues.filter((i) => i.severity === "error");
  if (strictness === "strict" && errors.length > 0) throw new InputError(errors.map(plainIssue));
  if (strictness === "lenient" && fileFailed(report)) throw new InputError(errors.filter((i) => i.record === undefined).map(plainIssue));
}

/** An IntakeIssue as the plain InputIssue of an InputError (file, record, field, code, message). */
export function plainIssue(i: IntakeIssue): InputIssue {
  const out: InputIssue = { file: i.file, code: i.code, message: i.message };
  if (i.record !== undefined) out.record = i.record;
  if (i.line !== undefined) out.line = i.line;
  if (i.id !== undefined) out.id = i.id;
  if (i.field !== undefined) out.field = i.field;
  return out;
}

/** One file of a layer as read: its tally and how many records it holds. */
export interface SourceFile {
  tally: Tally;
  read: number;
  /** Set by the distance-to-road check (road-reach.ts) when the run's roads were given. */
  roadDistance?: RoadDistanceReport;
}

/**
 * Finish a layer: the report of every file in order, and the strictness applied across all of them at
 * once, so strict mode throws one InputError listing the errors of every file.
 */
export function finishLayer(sources: readonly SourceFile[], strictness: Strictness): FileReport[] {
  const reports = sources.map((s) => (s.roadDistance ? { ...s.tally.report(s.read), roadDistance: s.roadDistance } : s.tally.report(s.read)));
  if (strictness === "list") return reports;
  const errors: InputIssue[] = [];
  for (const r of reports) {
    try {
      enforce(r, strictness);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      for (const issue of e.issues) errors.push(issue);
    }
  }
  if (errors.length > 0) throw new InputError(errors);
  return reports;
}
