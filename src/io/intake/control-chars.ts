import type { Tally } from "./tally.ts";

/** Control characters no output format carries safely: C0 except tab/LF/CR, DEL, and the non-characters U+FFFE/U+FFFF (invalid in XML). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/;

/**
 * A record's text properties (keys and string values, top level) and its id with every control character
 * replaced by U+FFFD "�", reported once per record as the repair `control-characters` (naming the fields),
 * so no map (XML), report or terminal downstream receives them. Bytes that were not valid UTF-8 are
 * already U+FFFD from decoding; they are reported as `invalid-utf8` and kept. Returns the properties as
 * given when nothing needed changing (no copy), else a cleaned copy; the input is never mutated.
 */
export function cleanRecordText(props: Record<string, unknown>, id: unknown, record: number, tally: Tally): { properties: Record<string, unknown>; id: unknown } {
  let dirty: string[] | undefined;
  let invalid: string[] | undefined;
  for (const k in props) {
    const v = props[k];
    if (HAS_CONTROL.test(k) || (typeof v === "string" && HAS_CONTROL.test(v))) (dirty ??= []).push(k);
    if (k.includes("\ufffd") || (typeof v === "string" && v.includes("\ufffd"))) (invalid ??= []).push(k);
  }
  const idDirty = typeof id === "string" && HAS_CONTROL.test(id);
  if (invalid) tally.warn(record, invalid[0].replace(CONTROL, "\ufffd"), "invalid-utf8", `text in ${names(invalid)} was not valid UTF-8 (shown as "\ufffd"); re-export the file as UTF-8`);
  if (!dirty && !idDirty) return { properties: props, id };
  const properties: Record<string, unknown> = {};
  for (const k in props) {
    const v = props[k];
    properties[k.replace(CONTROL, "\ufffd")] = typeof v === "string" ? v.replace(CONTROL, "\ufffd") : v;
  }
  const fields = [...(dirty ?? []), ...(idDirty ? ["id"] : [])];
  tally.warn(record, fields[0].replace(CONTROL, "\ufffd"), "control-characters", `control characters in ${names(fields)} were replaced by "\ufffd" (they break maps, reports and terminals)`, "repaired");
  return { properties, id: idDirty ? (id as string).replace(CONTROL, "\ufffd") : id };
}

function names(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((k) => JSON.stringify(k.replace(CONTROL, "\ufffd").slice(0, 40)));
  return shown.join(", ") + (keys.length > 5 ? ` and ${keys.length - 5} more` : "");
}

/** The CSV form of cleanRecordText: a row's cells cleaned in place (the row is the reader's own array). */
export function cleanCells(row: string[], header: readonly string[], record: number, tally: Tally): void {
  const props: Record<string, unknown> = {};
  for (let c = 0; c < row.length; c++) props[header[c]] = row[c];
  const { properties } = cleanRecordText(props, undefined, record, tally);
  if (properties === props) return;
  for (let c = 0; c < row.length; c++) row[c] = row[c].replace(CONTROL, "\ufffd");
}
