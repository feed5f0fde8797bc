import { HAZARD_STATUSES, type HazardStatus } from "../../core/hazard-set.ts";
import type { FieldMapping } from "../mapping/schema.ts";
import { mappedValue, type RawLookup } from "../mapping/mapped-value.ts";
import { normaliseHazardStatus } from "./hazard-status.ts";

/** The property names the status is read from: the mapping's columns, else the built-in "status". */
function statusNames(mapping?: FieldMapping): string[] {
  const spec = mapping?.fields.status;
  if (spec === undefined) return ["status"];
  if (typeof spec === "string") return [spec];
  if (Array.isArray(spec)) return spec;
  return spec.columns === undefined ? [] : typeof spec.columns === "string" ? [spec.columns] : spec.columns;
}

/** A hazard status as read, or the issue that refuses it. */
export type StatusRead = { status: HazardStatus } | { code: "missing-status" | "invalid-status"; field: string; message: string };

/**
 * Read a hazard area's status through the mapping (field `status`: its column(s) and value table) or the
 * built-in `status` property, then through the built-in vocabulary (hazard-status.ts). No value at all is
 * `missing-status` (the status is kept in another field: give --mapping); an unknown value is `invalid-status`.
 */
export function hazardStatusOf(get: RawLookup, mapping?: FieldMapping): StatusRead {
  const names = statusNames(mapping);
  const field = `properties.${names[0] ?? "status"}`;
  const { raw, value } = mappedValue("status", get, mapping);
  if (value === undefined || value === null || value === "") {
    const said = names.length === 0 ? "the mapping gives no status column" : `no ${names.map((n) => JSON.stringify(n)).join(" / ")} property`;
    return { code: "missing-status", field, message: `no status field: ${said}; if the status is kept in another field, name it with --mapping (fields.status, e.g. data/mappings/imsma-land.json)` };
  }
  const status = normaliseHazardStatus(value);
  if (status) return { status };
  const shown = typeof raw === "string" ? JSON.stringify(raw.slice(0, 60)) : JSON.stringify(raw)?.slice(0, 60);
  return {
    code: "invalid-status",
    field,
    message: `status ${shown} is not one of ${HAZARD_STATUSES.join(", ")} (nor CHA/SHA, their Spanish/French names or IMSMA land-release terms); map it with --mapping (fields.status.values)`,
  };
}
