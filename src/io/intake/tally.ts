import { InputError, type InputIssue } from "../../core/errors.ts";
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
  error(record: number | undefined, field: string | undefined, code: string, message: string, action?: IssueAction): void;
  /** Record a warning: the record is used as given (`kept`) or was changed harmlessly (`repaired`). */
  warn(record: number | undefined, field: string | undefined, code: string, message: string, action?: IssueAction): void;
  /** Say a record's own id (a string or finite number; others are ignored): every issue about it names it. */
  name(record: number, id: unknown): void;
  /** True when the record has a rejecting issue. */
  isRejected(record: number): boolean;
  /** The report for `read` records. */
  report(read: number): FileReport;
}

export function createTally(file: string, layer: Layer): Tally {
  const issues: IntakeIssue[] = [];
  const rejected = new Set<number>();
  const ids = new Map<number, string>();
  const push = (severity: "error" | "warning", record: number | undefined, field: string | undefined, code: string, message: string, action: IssueAction) => {
    const issue: IntakeIssue = { file, code, message, severity, action };
    if (record !== undefined) issue.record = record;
    if (field !== undefined) issue.field = field;
    issues.push(issue);
    if (record !== undefined && action === "rejected") rejected.add(record);
  };
  return {
    file,
    layer,
    issues,
    error: (record, field, code, message, action = "rejected") => push("error", record, field, code, message, action),
    warn: (record, field, code, message, action = "kept") => push("warning", record, field, code, message, action),
    name: (record, id) => {
      const text = typeof id === "string" ? id.trim() : typeof id === "number" && Number.isFinite(id) ? String(id) : "";
      // ids are echoed into messages: keep them short and printable (binary input is never echoed)
      if (text !== "" && text.length <= 80 && !/[\u0000-\u001f\u007f\ufffd]/.test(text)) ids.set(record, text);
    },
    isRejected: (record) => rejected.has(record),
    report: (read) => {
      for (const i of issues) if (i.record !== undefined && ids.has(i.record)) i.id = ids.get(i.record);
      return summarise(file, layer, issues, read);
    },
  };
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
 * The report as strict mode acts on it: strict repairs nothing, so an error whose lenient action is
 * "repaired" refuses its record ("rejected") and the counts follow. Warnings that changed nothing of
 * substance (winding, repeated vertices) stay "repaired". Messages keep saying what lenient mode would do.
 */
export function strictView(report: IntakeReport): IntakeReport {
  return {
    files: report.files.map((f) => {
      const issues = f.issues.map((i) => (i.severity === "error" && i.action === "repaired" ? { ...i, action: "rejected" as const } : i));
      return summarise(f.file, f.layer, issues, f.read);
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
