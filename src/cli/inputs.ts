import type { Command } from "commander";
import { readHazardsGeoJson } from "../io/read-hazards.ts";
import { readIncidentsCsv } from "../io/read-csv.ts";
import { readIncidentsGeoJson } from "../io/read-incidents.ts";
import { readRoadsGeoJson } from "../io/read-roads.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../io/records.ts";
import { defaultStudyArea } from "./paths.ts";

/** The input flags every analysing command shares. */
export interface InputFlags {
  roads?: string;
  incidents?: string[];
  hazards?: string;
  places?: string;
}

/** What a command reads: validated records, the files they came from, and the places file for names. */
export interface Inputs {
  roads: RoadRecord[];
  incidents: IncidentRecord[];
  hazards: HazardRecord[];
  /** Every input path, so writers can refuse to overwrite them. */
  files: string[];
  /** GeoJSON of named places for --from/--to, when there is one. */
  places?: string;
  /** True when no --roads was given and the shipped Shusha–Fuzuli study area is used. */
  isDefault: boolean;
}

/** Add --roads, --incidents, --hazards and --places to a command. */
export function addInputOptions(command: Command): Command {
  return command
    .option("--roads <file>", "roads: GeoJSON LineString/MultiLineString (default: the Shusha–Fuzuli study area in data/)")
    .option("--incidents <file...>", "incidents: GeoJSON Points or CSV with lat/lon columns (repeatable)")
    .option("--hazards <file>", "hazard areas: GeoJSON Polygon/MultiPolygon with a status property")
    .option("--places <file>", "GeoJSON of named places for --from/--to (checked before the GeoNames gazetteer)");
}

/**
 * Read and validate the inputs named by the flags (strict: any problem throws one InputError listing
 * them all). With no --roads the shipped study area is used, incidents included unless given.
 */
export function readInputs(flags: InputFlags): Inputs {
  const isDefault = flags.roads === undefined;
  const def = defaultStudyArea();
  const roadsFile = flags.roads ?? def.roads;
  const incidentFiles = flags.incidents ?? (isDefault ? [def.incidents] : []);
  const places = flags.places ?? (isDefault ? def.places : undefined);
  const roads = readRoadsGeoJson(roadsFile);
  const incidents = incidentFiles.flatMap((f) => (f.toLowerCase().endsWith(".csv") ? readIncidentsCsv(f) : readIncidentsGeoJson(f)));
  const hazards = flags.hazards ? readHazardsGeoJson(flags.hazards) : [];
  const files = [roadsFile, ...incidentFiles, ...(flags.hazards ? [flags.hazards] : []), ...(places ? [places] : [])];
  return { roads, incidents, hazards, files, places, isDefault };
}
