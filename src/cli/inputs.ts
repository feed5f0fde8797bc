import type { Bbox } from "../io/formats/read-flatgeobuf.ts";
import { isVectorFormatFile, type LoadedLayers, loadVectorFormats } from "../io/formats/vector-formats.ts";
import { lstatSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { recordBounds } from "../io/read/build-dataset.ts";
import { InputError, type InputIssue, OptionError } from "../core/errors.ts";
import type { Intake } from "../io/intake/intake.ts";
import { intakeReportJson, intakeReportText } from "../io/intake/report-format.ts";
import { roadReach as buildRoadReach } from "../io/intake/road-reach.ts";
import { fileFailed, plainIssue, strictView } from "../io/intake/tally.ts";
import type { DuplicatePolicy, IntakeReport } from "../io/intake/types.ts";
import { loadMapping } from "../io/mapping/load-mapping.ts";
import type { FieldMapping } from "../io/mapping/schema.ts";
import { readHazards } from "../io/read/read-hazards.ts";
import { readIncidents } from "../io/read/read-incidents.ts";
import { readRoads } from "../io/read/read-roads.ts";
import { streamsInput } from "../io/read/stream-layer.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../io/fields/records.ts";
import { writeFileAtomic } from "../io/write/write-file.ts";
import { defaultStudyArea } from "./paths.ts";

/** The input flags every analysing command shares. */
export interface InputFlags {
  roads?: string;
  incidents?: string[];
  hazards?: string[];
  places?: string;
  area?: string;
  lenient?: boolean;
  /** CRS of the input files (--crs) when they are not WGS84 lon/lat; the working CRS is --working-crs. */
  crs?: string;
  mapping?: string;
  /** Field mapping for the hazard layer when it differs from --mapping (e.g. data/mappings/imsma-land.json). */
  hazardMapping?: string;
  duplicates?: string;
  /** --attribution: the credit line for maps and reports, replacing the one found in the data. */
  attribution?: string;
  /** --bbox minX,minY,maxX,maxY: read only the FlatGeobuf or GeoParquet features meeting this box (the file's index, or row-group statistics). */
  bbox?: string;
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
  /** The intake report of every input file (roads, incidents, hazards, in that order). */
  report: IntakeReport;
  /** The field mappings used per layer (for their `attribution`). */
  mappings?: { incidents?: FieldMapping; hazards?: FieldMapping };
}

/**
 * Add the input flags to a command: --roads, --incidents, --hazards, --places, --lenient, --crs, --mapping,
 * --duplicates. `placesHelp` replaces the --places description (commands without --from/--to use it for map labels).
 */
export function addInputOptions(command: Command, placesHelp?: string): Command {
  return command
    .option("--area <name>", "a study area shipped in data/: karabakh (the default Shusha–Fuzuli corridor) or colombia-antioquia (used when --roads is not given)")
    .option("--roads <file>", "roads: GeoJSON LineString/MultiLineString, OSM XML (.osm), Overpass JSON (.osm.json) or .osm.pbf (default: the Shusha–Fuzuli study area in data/)")
    .option("--incidents <file...>", "incidents: GeoJSON Points or CSV with lat/lon, MGRS, UTM or village columns (repeatable)")
    .option("--hazards <file...>", "hazard areas: GeoJSON Polygon/MultiPolygon with a status property (repeatable: one layer, checked across files)")
    .option("--places <file>", placesHelp ?? "GeoJSON of named places for --from/--to (checked before the GeoNames gazetteer)")
    .option("--lenient", "keep the good records, repair what can be repaired, reject the rest (all reported); default: refuse input with any error")
    .option("--crs <crs>", "CRS of the input files when not WGS84 lon/lat: EPSG:NNNN or a proj string")
    .option("--mapping <file>", "field-mapping JSON for incident (and hazard) columns/properties (see data/mappings/)")
    .option("--hazard-mapping <file>", "field-mapping JSON for the hazard layer when it differs from --mapping (e.g. data/mappings/imsma-land.json)")
    .option("--duplicates <policy>", "duplicate incidents and hazard areas: keep (report them) or merge (into the first)", "keep")
    .option("--attribution <text>", "credit line for maps and reports (default: from the data's attribution/source properties, FILE.attribution.txt sidecars and the mapping)")
    .option("--bbox <minX,minY,maxX,maxY>", BBOX_HELP);
}

export const BBOX_HELP = "read only the features whose bounding box meets this box, in the files' own coordinates, through each FlatGeobuf file's spatial index or by skipping the GeoParquet row groups whose bbox statistics lie outside it (every input must be .fgb or .parquet; e.g. one tile and its halo)";

/**
 * The --bbox box, checked: four finite numbers, min ≤ max, and every input file a FlatGeobuf or GeoParquet
 * (the formats read by box here: a box that other layers would silently ignore is refused instead).
 */
export function bboxFlag(text: string | undefined, files: readonly (string | undefined)[]): Bbox | undefined {
  if (text === undefined) return undefined;
  const v = text.split(",").map((x) => Number(x.trim()));
  if (v.length !== 4 || v.some((x) => !Number.isFinite(x)) || v[0] > v[2] || v[1] > v[3]) throw new OptionError(`--bbox must be minX,minY,maxX,maxY (four numbers, min ≤ max), got "${text}"`);
  const given = files.filter((f): f is string => typeof f === "string");
  if (given.length === 0) throw new OptionError("--bbox filters FlatGeobuf inputs: give them (e.g. --roads roads.fgb); the shipped study area is GeoJSON");
  const other = given.find((f) => !/\.(fgb|parquet)$/i.test(f));
  if (other !== undefined) throw new OptionError(`--bbox filters FlatGeobuf (.fgb) and GeoParquet (.parquet) inputs only, and ${other} is not one: convert it (ogr2ogr -f FlatGeobuf) or leave out --bbox`);
  return [v[0], v[1], v[2], v[3]];
}

/** The field mapping named by --mapping, or undefined. */
export function mappingFlag(file: string | undefined): FieldMapping | undefined {
  return file === undefined ? undefined : loadMapping(file);
}

/** --duplicates as a policy, or an OptionError. */
export function duplicatesFlag(v: string | undefined): DuplicatePolicy {
  if (v === undefined || v === "keep" || v === "merge") return v ?? "keep";
  throw new OptionError(`--duplicates must be keep or merge, got "${v}"`);
}

/** Where withVectorFormats leaves the Shapefile/GeoPackage layers it read, on the flags object itself. */
const LOADED: unique symbol = Symbol("minerisk.loadedLayers");

/** The layers withVectorFormats read for these flags, if any. */
export function loadedOf(flags: object): LoadedLayers | undefined {
  return (flags as { [LOADED]?: LoadedLayers })[LOADED];
}

/**
 * Wrap a command's action so that its Shapefile and GeoPackage inputs (--roads, --incidents, --hazards and
 * the positional files) are read first: those readers are asynchronous, the intake is not. With no such
 * file the action runs at once, synchronously, as before; with some it runs once they are read, and the
 * action's result becomes a Promise, which main.ts's parseAsync awaits.
 */
export function withVectorFormats<A extends unknown[]>(action: (...args: A) => void | Promise<void>): (...args: A) => void | Promise<void> {
  return (...args: A) => {
    const flags = args[args.length - 2] as InputFlags;
    const positional = args.slice(0, -2).flat().filter((a): a is string => typeof a === "string");
    const given = [flags.roads, ...(flags.incidents ?? []), ...(flags.hazards ?? []), ...positional];
    const bbox = bboxFlag(flags.bbox, given);
    const files = given.filter((f): f is string => typeof f === "string" && isVectorFormatFile(f));
    if (files.length === 0) return Reflect.apply(action, undefined, args);
    // layers the intake streams (a GeoJSON sequence or FlatGeobuf past the byte budget, or --stream-input) are not
    // read ahead whole, nor a GeoParquet file it streams among the positional files (validate's); hazards: FlatGeobuf only
    const streamedParquet = positional.filter((f) => /\.parquet$/i.test(f));
    const fgb = [...(flags.hazards ?? []), ...positional].filter((f) => /\.fgb$/i.test(f)); // validate's files are roads, incidents or hazards
    const streamed = new Set([flags.roads, ...(flags.incidents ?? []), ...streamedParquet, ...fgb].filter((f): f is string => typeof f === "string" && streamsInput(f, {})));
    return loadVectorFormats(files, { bbox, streamed: (f) => streamed.has(f) }).then((loaded) => {
      (flags as { [LOADED]?: LoadedLayers })[LOADED] = loaded;
      return Reflect.apply(action, undefined, args);
    });
  };
}

/**
 * Read and validate the inputs named by the flags. Strict by default: any error throws one InputError
 * listing every problem of every file; with --lenient bad records are dropped and reported. Either way the
 * intake report is written to `options.reportDir` when given (intake-report.json and .txt), before any
 * error is thrown. With no --roads the shipped study area is used, incidents included unless given.
 */
export function readInputs(flags: InputFlags, options: { reportDir?: string } = {}): Inputs {
  const isDefault = flags.roads === undefined;
  const def = defaultStudyArea(flags.area);
  const roadsFile = flags.roads ?? def.roads;
  const incidentFiles = flags.incidents ?? (isDefault ? [def.incidents] : []);
  const places = flags.places ?? (isDefault ? def.places : undefined);
  const mapping = mappingFlag(flags.mapping ?? (isDefault ? def.mapping : undefined));
  const base = { strictness: "list" as const, crs: flags.crs, duplicates: duplicatesFlag(flags.duplicates), loaded: loadedOf(flags) };
  const roads = readRoads([roadsFile], base);
  const referenceExtent = extentOf(roads.records);
  const roadReach = buildRoadReach(roads.records); // the distance-to-road check of every other layer
  const incidents = readIncidents(incidentFiles, { ...base, mapping, referenceExtent, roadReach });
  const hazardMapping = flags.hazardMapping !== undefined ? mappingFlag(flags.hazardMapping) : mapping;
  const hazards: Intake<HazardRecord> = flags.hazards?.length ? readHazards(flags.hazards, { ...base, mapping: hazardMapping, referenceExtent, roadReach }) : { records: [], report: { files: [] } };
  const read: IntakeReport = { files: [...roads.report.files, ...incidents.report.files, ...hazards.report.files] };
  const report = flags.lenient ? read : strictView(read); // strict mode never reports "repaired"
  const files = [roadsFile, ...incidentFiles, ...(flags.hazards ?? []), ...(places ? [places] : [])];
  if (options.reportDir !== undefined) writeIntakeReport(report, options.reportDir, files);
  const blocking: InputIssue[] = report.files.flatMap((f) =>
    f.issues.filter((i) => i.severity === "error" && (!flags.lenient || (i.record === undefined && fileFailed(f)))).map(plainIssue),
  );
  if (blocking.length > 0) throw new InputError(blocking);
  return { roads: roads.records, incidents: incidents.records, hazards: hazards.records, files, places, isDefault, report, mappings: { incidents: mapping, hazards: hazardMapping } };
}

/**
 * Every file the input flags name (roads, incidents, hazards, places and the field mappings, the shipped
 * study area's when no --roads is given), known before anything is read, so an --out that holds one of
 * them is refused before the first file is written (cli/staged-action.ts).
 */
export function inputFilesOf(flags: InputFlags): string[] {
  const isDefault = flags.roads === undefined;
  const def = defaultStudyArea(flags.area);
  const mapping = flags.mapping ?? (isDefault ? def.mapping : undefined);
  const places = flags.places ?? (isDefault ? def.places : undefined);
  return [flags.roads ?? def.roads, ...(flags.incidents ?? (isDefault ? [def.incidents] : [])), flags.hazards, places, mapping, flags.hazardMapping].filter((f): f is string => f !== undefined);
}

/** Write intake-report.json and intake-report.txt into `dir`, never over an input file. Returns the names written. */
export function writeIntakeReport(report: IntakeReport, dir: string, inputFiles: readonly string[]): string[] {
  writeFileAtomic(`${dir}/intake-report.json`, intakeReportJson(report), inputFiles);
  writeFileAtomic(`${dir}/intake-report.txt`, intakeReportText(report), inputFiles);
  return ["intake-report.json", "intake-report.txt"];
}

/** WGS84 bbox of the roads, for judging other layers (UTM zone guesses); undefined without roads. */
function extentOf(roads: readonly RoadRecord[]): [number, number, number, number] | undefined {
  return roads.length === 0 ? undefined : recordBounds(roads);
}

/**
 * Refuse an --out that names an existing file (not a folder) — also written `file/`, through a symbolic
 * link, or as a folder to create under a file (`file/sub`), which mkdir would only refuse after the whole
 * run: an input error (exit 2), before anything is read or written. A missing folder is fine (the writers
 * create it).
 */
export function checkOutDir(dir: string | undefined): void {
  if (dir === undefined) return;
  // /proc, /sys and /dev (but its tmpfs /dev/shm) are kernel views, not folders: a recursive mkdir there never ends.
  if (/^\/(proc|sys)(\/|$)|^\/dev(\/(?!shm(\/|$))|$)/.test(resolve(dir))) {
    throw new OptionError(`--out ${dir} is on a pseudo-filesystem (${resolve(dir).split("/")[1]}); give a folder on a disk`);
  }
  const target = resolve(dir);
  let at = target;
  for (;;) {
    const kind = pathKind(at);
    if (kind === "folder") return;
    if (kind !== "missing") break;
    const up = dirname(at);
    if (up === at) return;
    at = up;
  }
  const what = pathKind(at) === "broken link" ? "a broken symbolic link" : "an existing file";
  const message =
    at === target
      ? `--out names ${what}, not a folder; give a folder for the outputs (it is created if missing)`
      : `--out ${dir} lies under ${at}, ${what}, not a folder, so it cannot be created; give a folder for the outputs (it is created if missing)`;
  throw new InputError([{ file: at === target ? dir : at, code: "out-is-a-file", message }]);
}

/** What a path is, following symbolic links ("broken link" when one points nowhere). */
function pathKind(path: string): "folder" | "file" | "missing" | "broken link" {
  try {
    return statSync(path).isDirectory() ? "folder" : "file";
  } catch {
    try {
      lstatSync(path);
      return "broken link";
    } catch {
      return "missing";
    }
  }
}
