import { INCIDENT_FIELDS } from "../fields/field-names.ts";
import type { FieldMapping, FieldSpec, MappedField } from "./schema.ts";

/** A lookup of raw property values by property name (case handling is the reader's). */
export type RawLookup = (names: readonly string[]) => unknown;

/** Built-in names for the fields that INCIDENT_FIELDS does not list. */
const EXTRA_NAMES: Partial<Record<MappedField, readonly string[]>> = {
  eventType: ["eventType", "event_type"],
  place: ["place", "village", "settlement", "locality", "town"],
  status: ["status"],
};

/**
 * Read a domain field through the mapping (when it names the field) or through the built-in names
 * (INCIDENT_FIELDS). A `values` table maps raw values (compared as trimmed text) to domain values; a raw
 * value missing from the table passes through unchanged, so the field's own check reports it.
 * Returns `{ raw, value }`: the value as found and after mapping.
 */
export function mappedValue(field: MappedField, get: RawLookup, mapping?: FieldMapping): { raw: unknown; value: unknown } {
  const spec: FieldSpec | undefined = mapping?.fields[field];
  const names = mappedNames(field, mapping);
  if (spec === undefined) {
    const raw = get(names);
    return { raw, value: raw };
  }
  const raw = names.length > 0 ? get(names) : undefined;
  if (typeof spec === "string" || Array.isArray(spec)) return { raw, value: raw };
  const empty = raw === undefined || raw === null || raw === "";
  if (empty) return { raw, value: spec.default !== undefined ? spec.default : raw };
  const key = typeof raw === "string" ? raw.trim() : String(raw);
  if (spec.values && Object.hasOwn(spec.values, key)) return { raw, value: spec.values[key] };
  return { raw, value: raw };
}

/**
 * The property names a domain field is read from, in order (the first one present wins): the mapping's
 * columns when it names the field (none when it gives only a default), else the built-in names. The
 * unread-field report (io/unread/field-use.ts) uses the same list, so what it calls read is what is read.
 */
export function mappedNames(field: MappedField, mapping?: FieldMapping): readonly string[] {
  const spec: FieldSpec | undefined = mapping?.fields[field];
  if (spec === undefined) return (INCIDENT_FIELDS as Record<string, readonly string[]>)[field] ?? EXTRA_NAMES[field] ?? [field];
  return typeof spec === "string" ? [spec] : Array.isArray(spec) ? spec : spec.columns === undefined ? [] : typeof spec.columns === "string" ? [spec.columns] : spec.columns;
}
