import type { IssueCode } from "./issue-codes.ts";

/**
 * How records are numbered in every issue, report and message, the same in every format: record N is the
 * Nth feature of a GeoJSON FeatureCollection (or the Nth highway way of an OSM file) and the Nth data row of
 * a CSV after its header, counting from 1. A CSV issue also gives the file's physical line (1-based, the
 * header included), which is what a text editor or spreadsheet shows.
 */
export const RECORD_NUMBERING =
  "record N is the Nth feature of a GeoJSON FeatureCollection (or highway way of an OSM file), or the Nth data row of a CSV after its header, counting from 1; CSV issues also give the physical line the row starts on, counting every line of the file from 1";

/**
 * One problem found in user input, located precisely enough to fix it: the file, the record (1-based in
 * every format, see RECORD_NUMBERING) and for a CSV its physical line, the field, a stable machine code and
 * a message that says what to do.
 */
export interface InputIssue {
  file: string;
  /** The 1-based record number (RECORD_NUMBERING); absent for file-level problems. */
  record?: number;
  /** CSV only: the physical line (1-based, header included) where the record starts. */
  line?: number;
  /** The record's own id (its `id` property, feature id or mapped id column), when it has one. */
  id?: string;
  field?: string;
  /** Stable machine code: one of ISSUE_CODES (src/core/issue-codes.ts), documented in docs/intake.md. */
  code: IssueCode;
  message: string;
}

/** Thrown at the door when input cannot be used as given. Carries every issue found, not only the first. */
export class InputError extends Error {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[]) {
    super(formatIssues(issues));
    this.name = "InputError";
    this.issues = issues;
  }
}

/** Thrown when an option passed to a public function is invalid (a programming or CLI-flag error). */
export class OptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OptionError";
  }
}

/**
 * A record's own id as issues may echo it: a non-empty string (trimmed) or a finite number, at most 80
 * characters and printable — binary or control characters are never echoed into messages. Else undefined.
 */
export function recordId(value: unknown): string | undefined {
  const text = typeof value === "string" ? value.trim() : typeof value === "number" && Number.isFinite(value) ? String(value) : "";
  return text !== "" && text.length <= 80 && !/[\u0000-\u001f\u007f\ufffd]/.test(text) ? text : undefined;
}

/** "record 3", "record 3 (line 5, id A-7)", "record 3 (id A-7)": how every message names a record. */
export function recordLabel(at: { record: number; line?: number; id?: string }): string {
  const more = [at.line === undefined ? "" : `line ${at.line}`, at.id === undefined ? "" : `id ${at.id}`].filter((s) => s !== "");
  return `record ${at.record}${more.length > 0 ? ` (${more.join(", ")})` : ""}`;
}

/** One line per issue: `file record N (line L, id X) field [code]: message`. */
export function formatIssues(issues: readonly InputIssue[]): string {
  return issues
    .map((i) => {
      const where = i.record === undefined ? i.file : `${i.file} ${recordLabel({ record: i.record, line: i.line, id: i.id })}`;
      const field = i.field ? ` ${i.field}` : "";
      return `${where}${field} [${i.code}]: ${i.message}`;
    })
    .join("\n");
}
