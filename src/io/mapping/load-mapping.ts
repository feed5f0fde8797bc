import { InputError } from "../../core/errors.ts";
import { parseJson, readTextFile } from "../json/read-json.ts";
import { type FieldMapping, fieldMappingSchema } from "./schema.ts";

/**
 * Read and validate a field-mapping file. Every schema problem is one issue (code `invalid-mapping`) with
 * the JSON path as its field, e.g. `fields.device.values.1`, and what was expected there.
 */
export function loadMapping(file: string): FieldMapping {
  return validateMapping(parseJson(readTextFile(file), file), file);
}

export function validateMapping(json: unknown, file: string): FieldMapping {
  const r = fieldMappingSchema.safeParse(json);
  if (r.success) return r.data;
  throw new InputError(
    r.error.issues.map((i) => ({
      file,
      field: i.path.length > 0 ? i.path.join(".") : undefined,
      code: "invalid-mapping",
      message: i.code === "invalid_union" && i.path[0] === "fields" ? FIELD_SPEC_HELP : `${i.message}${i.code === "unrecognized_keys" ? " (the mapping format is in docs/intake.md)" : ""}`,
    })),
  );
}

const FIELD_SPEC_HELP =
  'expected a column name, a list of column names, or {"columns": name(s), "values": {raw text: mapped value}, "default": value} with mapped values text, numbers, true/false or null';
