import { z } from "zod";
import { DATE_FORMATS } from "../fields/dates.ts";

/**
 * A field-mapping file (JSON, validated with zod) says how a source's columns or properties map onto the
 * incident domain model. Each field is a column name, a list of names (the first one present is used),
 * or { "columns": …, "values": { raw: mapped }, "default": … }. See docs/intake.md.
 */
const columns = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const fieldSpec = z.union([
  columns,
  z.strictObject({
    columns: columns.optional(),
    values: z.record(z.string(), scalar).optional(),
    default: scalar.optional(),
  }),
]);

export const INCIDENT_MAPPING_FIELDS = [
  "id",
  "date",
  "datePrecision",
  "device",
  "killed",
  "injured",
  "activity",
  "source",
  "locationPrecisionM",
  "onRoad",
  "eventType",
  "place",
  /** Hazard layers: the status field (confirmed, suspected, cancelled, cleared, released) and its vocabulary. */
  "status",
] as const;

const fields = z.strictObject(Object.fromEntries(INCIDENT_MAPPING_FIELDS.map((f) => [f, fieldSpec.optional()])) as Record<(typeof INCIDENT_MAPPING_FIELDS)[number], z.ZodOptional<typeof fieldSpec>>);

export const fieldMappingSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  provenance: z.string().optional(),
  /** Credit line for data read through this mapping, printed on maps and reports (e.g. "IMSMA export, MAC 2024"). */
  attribution: z.string().min(1).optional(),
  fields,
  /** Column names for coordinates, when they differ from the common names. */
  coordinates: z
    .strictObject({
      lat: columns.optional(),
      lon: columns.optional(),
      mgrs: columns.optional(),
      utmZone: columns.optional(),
      utmEasting: columns.optional(),
      utmNorthing: columns.optional(),
      utmHemisphere: columns.optional(),
    })
    .optional(),
  dateFormats: z.array(z.enum(DATE_FORMATS)).min(1).optional(),
  locationPrecision: z
    .strictObject({
      /** A floor in metres for precision inferred from coordinate decimals (e.g. village-level data). */
      minimumM: z.number().positive().finite().optional(),
      note: z.string().optional(),
    })
    .optional(),
  /** Restrict place-name geocoding to one country (ISO 3166 alpha-2). */
  geocode: z.strictObject({ country: z.string().length(2) }).optional(),
  /** Human labels for coded values, e.g. { "eventType": { "1": "anti-personnel mine accident" } }. */
  labels: z.record(z.string(), z.record(z.string(), z.string())).optional(),
});

export type FieldMapping = z.infer<typeof fieldMappingSchema>;
export type FieldSpec = z.infer<typeof fieldSpec>;
export type MappedField = (typeof INCIDENT_MAPPING_FIELDS)[number];
