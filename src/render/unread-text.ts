import type { UnreadFieldsNote } from "../io/unread/unread-summary.ts";

const n = (v: number) => v.toLocaleString("en-US");

/**
 * The line that says a file's casualty total went unread while no killed or injured was: those records
 * count no casualty (the model never splits a total: docs/intake.md "Fields minerisk does not read").
 * Printed to stderr by `analyze` as soon as the inputs are read, and first in the summary.
 */
export function casualtyTotalLine(note: UnreadFieldsNote): string | undefined {
  const c = note.casualtyTotal;
  if (!c) return undefined;
  return `WARNING: ${note.file}: ${n(c.records)} records carry \`${c.name}\`, which minerisk does not read — ${c.hint} — so these records count no casualty in the casualty rate (casualtyRatePerKmYear), any severity weighting or the record completeness`;
}

/** The casualty-total warnings of a run's files, in file order (what `analyze` and `plan` write to stderr). */
export function casualtyTotalLines(notes: readonly UnreadFieldsNote[]): string[] {
  return notes.flatMap((note) => casualtyTotalLine(note) ?? []);
}

/** One line per file with values nothing read: "Not read: f: `notes` (28 records), … and 4 more — …". */
export function unreadFieldLine(note: UnreadFieldsNote): string {
  const shown = note.names.map((x, k) => `\`${x.name}\` (${n(x.records)}${k === 0 ? " records" : ""})`).join(", ");
  const rest = note.total - note.names.length;
  return `Not read: ${note.file}: ${shown}${rest > 0 ? ` and ${note.totalIsLowerBound ? "at least " : ""}${n(rest)} more` : ""} — values no record, layer or number uses (intake-report.txt lists them, with hints)`;
}

/** The summary's lines about unread fields: the casualty warnings first, then one line per file. */
export function unreadFieldLines(notes: readonly UnreadFieldsNote[]): string[] {
  const lines = casualtyTotalLines(notes);
  for (const note of notes) lines.push(unreadFieldLine(note));
  return lines;
}
