import type { UnreadHint } from "../intake/types.ts";

/**
 * Hints for incident properties minerisk does not read but whose name says they hold a quantity it reads
 * under another name: a casualty total, killed or injured counts, a date, a location precision, a device.
 * Names are compared folded (lower case, diacritics dropped, every run of other characters one "_"), and
 * anchored, so a `victimCategory`, `dateBasis` or `locationMethod` (words about the quantity, not the
 * quantity) gets no hint. A hint names what minerisk reads instead; it never says how to derive a value.
 */
type Names = (field: "killed" | "injured" | "date" | "locationPrecisionM" | "device") => string;

const HINTS: readonly { kind: UnreadHint["kind"]; pattern: RegExp; message: (names: Names) => string }[] = [
  {
    kind: "casualty-total",
    pattern: /^(total_|num_|number_of_|n_|no_of_|nb_)?(casualt(y|ies)|victims?|victimas|victimes|opfer)(_(count|total|number|n|no|nb))?$|^(casualty|victim)_?count$/,
    message: (names) => `a casualty total: minerisk reads killed (${names("killed")}) and injured (${names("injured")}) separately and never splits a total; give them, or map them with --mapping (fields.killed, fields.injured)`,
  },
  {
    kind: "killed",
    pattern: /^(total_|num_|number_of_|n_|no_of_)?(dead|deceased|killed|deaths?|fatalit(y|ies)|muertos|fallecidos|morts|tues)(_(count|total|number|n|no))?$/,
    message: (names) => `killed is read from ${names("killed")}: rename the property or map it (--mapping fields.killed)`,
  },
  {
    kind: "injured",
    pattern: /^(total_|num_|number_of_|n_|no_of_)?(wounded|injur(ed|y|ies)|heridos|lesionados|blesses)(_(count|total|number|n|no))?$/,
    message: (names) => `injured is read from ${names("injured")}: rename the property or map it (--mapping fields.injured)`,
  },
  {
    kind: "date",
    pattern: /^((event|incident|accident|occurrence)_)?(date|fecha|datum)$|^date_of_|_date$|^(year|ano|anio|annee|jahr)$/,
    message: (names) => `the date is read from ${names("date")} (ISO YYYY, YYYY-MM or YYYY-MM-DD; a year alone is a date of year precision): rename the property or map it (--mapping fields.date, dateFormats)`,
  },
  {
    kind: "precision",
    pattern: /^(location_|position_|gps_|spatial_)?(precision|accuracy|uncertainty)(_(m|meters|metres|radius))?$/,
    message: (names) => `location precision is read from ${names("locationPrecisionM")} (metres): rename the property or map it (--mapping fields.locationPrecisionM)`,
  },
  {
    kind: "device",
    pattern: /^(device|ordnance|munition|weapon|explosive|uxo|erw)(_(type|category|class|kind))?$|^type_of_(device|ordnance|munition)$/,
    message: (names) => `the device is read from ${names("device")}: rename the property or map it (--mapping fields.device)`,
  },
];

/** A property name folded for the hints: "Total Casualties" → "total_casualties", "AÑO" → "ano". */
export function foldName(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

/**
 * The hint for an incident property minerisk does not read, or undefined when its name says nothing.
 * `readFrom(field)` lists the names the field is read from in this run (the mapping's, else the built-in ones).
 */
export function incidentHint(name: string, readFrom: (field: string) => readonly string[]): UnreadHint | undefined {
  const folded = foldName(name);
  const names: Names = (field) => {
    const list = readFrom(field);
    return list.length ? list.map((n) => `\`${n}\``).join(", ") : "no property (the mapping gives only a default)";
  };
  for (const h of HINTS) if (h.pattern.test(folded)) return { kind: h.kind, message: h.message(names) };
  return undefined;
}
