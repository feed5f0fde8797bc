import { INCIDENT_MAPPING_FIELDS, type FieldMapping } from "../mapping/schema.ts";
import { mappedNames } from "../mapping/mapped-value.ts";
import { foldName, incidentHint } from "./field-hints.ts";
import type { FieldPlan } from "./field-use.ts";
import type { UnreadHint } from "../intake/types.ts";

/** Read by the credits from any layer (intake/attribution.ts), by these exact names. */
const CREDIT_NAMES = ["attribution", "source"];

/** Names placeNames (positions.ts) looks at: only to guess the UTM zone of a file in projected metres. */
const PLACE_NAME = /^(name|place|village|town|city|settlement|locality|municipio|municipality)$/i;

/**
 * What the incident readers read (fields/incident-fields.ts incidentFromFields, through the mapping when
 * given): every mapped field but the hazard status, by the same name lists; `countsInOfficialTotals` is
 * read by the completeness check (pipeline/analyze.ts) only as a JSON boolean, so not from a CSV.
 */
export function incidentFieldPlan(mapping: FieldMapping | undefined, format: "geojson" | "csv"): FieldPlan {
  const groups = INCIDENT_MAPPING_FIELDS.filter((f) => f !== "status").map((field) => ({ field, names: mappedNames(field, mapping) }));
  const always = format === "csv" ? CREDIT_NAMES : [...CREDIT_NAMES, "countsInOfficialTotals"];
  const hint = (name: string): UnreadHint | undefined => {
    const h = incidentHint(name, (field) => groups.find((g) => g.field === field)?.names ?? []);
    if (h) return h;
    if (PLACE_NAME.test(name)) return { kind: "place-name", message: `read only to guess the UTM zone of a file in projected metres; to keep it on the records as their place, map it (--mapping fields.place)` };
    if (format === "csv" && name.toLowerCase() === "countsinofficialtotals") return { kind: "geojson-only", message: "read only from GeoJSON, as true or false: a CSV's text is not read; give the incidents as GeoJSON to mark records outside the official totals" };
    return undefined;
  };
  return { groups, always, hint };
}

const STATUS_LIKE = /^((land|hazard|area|sha|cha)_?status|estado|statut|state|stato|status_(code|name|label))$/;

/** What the hazard reader reads (read/read-hazards.ts): the id and the status, through the mapping when given. */
export function hazardFieldPlan(mapping: FieldMapping | undefined): FieldPlan {
  const groups = (["id", "status"] as const).map((field) => ({ field, names: mappedNames(field, mapping) }));
  const hint = (name: string): UnreadHint | undefined =>
    STATUS_LIKE.test(foldName(name)) ? { kind: "status", message: `the status is read from ${groups[1].names.map((n) => `\`${n}\``).join(", ") || "no column (the mapping gives none)"}: map this one with --mapping (fields.status and its values)` } : undefined;
  return { groups, always: CREDIT_NAMES, hint };
}

/**
 * What the road readers read (fields/road-attributes.ts roadAttributes, the same on the checked, streamed
 * and scanned paths): id, name (else ref), class (else highway), each the first usable value; bridge,
 * tunnel, layer, oneway; `geometry_quality` (schematic roads, pipeline/scored-network.ts) and the credits'
 * `attribution` and `source`. OSM files keep only OSM_ROAD_TAGS before this (osm/read-osm.ts).
 */
export function roadFieldPlan(): FieldPlan {
  const groups = [
    { field: "id", names: ["id"], firstUsable: true },
    { field: "name", names: ["name", "ref"], firstUsable: true },
    { field: "class", names: ["class", "highway"], firstUsable: true },
    ...["bridge", "tunnel", "layer", "oneway"].map((f) => ({ field: f, names: [f] })),
  ];
  const hint = (name: string): UnreadHint | undefined =>
    ROAD_CLASS_LIKE.test(foldName(name)) ? { kind: "road-class", message: "the road class is read from `class`, else `highway`: rename the property" } : undefined;
  return { groups, always: [...CREDIT_NAMES, "geometry_quality"], hint };
}

const ROAD_CLASS_LIKE = /^(road_?class|road_?type|fclass|functional_class|highway_?type|type|category|classification)$/;
