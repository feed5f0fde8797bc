import type { IssueCode } from "./issue-codes.ts";

/**
 * One problem found in user input, located precisely enough to fix it: the file, the record (0-based
 * feature index in a GeoJSON FeatureCollection, or 1-based data row number in a CSV, header excluded),
 * the field, a stable machine code and a message that says what to do.
 */
export interface InputIssue {
  file: string;
  /** 0-based feature index (GeoJSON) or 1-based data row (CSV); absent for file-level problems. */
  record?: number;
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

/** One line per issue: `file#record field [code]: message`. */
export function formatIssues(issues: readonly InputIssue[]): string {
  return issues
    .map((i) => {
      const where = i.record === undefined ? i.file : `${i.file}#${i.record}${i.id !== undefined ? ` (id ${i.id})` : ""}`;
      const field = i.field ? ` ${i.field}` : "";
      return `${where}${field} [${i.code}]: ${i.message}`;
    })
    .join("\n");
}
