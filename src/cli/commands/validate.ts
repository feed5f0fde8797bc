import { closeSync, openSync, readSync, statSync } from "node:fs";
import { type Command, CommanderError } from "commander";
import { OptionError } from "../../core/errors.ts";
import { intakeReportJson, intakeReportText } from "../../io/intake/report-format.ts";
import { fileFailed, strictView } from "../../io/intake/tally.ts";
import type { FileReport, IntakeReport, Layer } from "../../io/intake/types.ts";
import { MIN_RECORDS_FOR_EXTENT } from "../../io/intake/positions.ts";
import type { LoadedLayers } from "../../io/formats/vector-formats.ts";
import { isOsmFile } from "../../io/osm/read-osm.ts";
import { flatGeobufGeometryType, isFlatGeobufFile } from "../../io/formats/stream-flatgeobuf.ts";
import { geoParquetTypes } from "../../io/formats/parquet-footer.ts";
import { readHazards } from "../../io/read/read-hazards.ts";
import { readIncidents } from "../../io/read/read-incidents.ts";
import { readRoads } from "../../io/read/read-roads.ts";
import { recordBounds } from "../../io/read/build-dataset.ts";
import { roadReach as buildRoadReach } from "../../io/intake/road-reach.ts";
import { BBOX_HELP, duplicatesFlag, loadedOf, mappingFlag, withVectorFormats } from "../inputs.ts";
import { createProgress, PROGRESS_HELP } from "../progress.ts";

interface ValidateFlags {
  lenient?: boolean;
  json?: boolean;
  crs?: string;
  mapping?: string;
  layer?: string;
  duplicates?: string;
  progress?: string;
  bbox?: string;
}

const LAYERS: readonly Layer[] = ["roads", "incidents", "hazards"];

/**
 * `minerisk validate FILE…`: read the files as the analysis would, print the intake report (text, or the
 * JSON report with --json) and analyse nothing. Exit 0 when the input is acceptable — in strict mode (the
 * default) when no file has an error; with --lenient when no record was rejected and every file could be
 * read — and 2 otherwise (after printing the report).
 */
export function registerValidate(program: Command, print: (text: string) => void): void {
  program
    .command("validate")
    .description("check input files and print the intake report (used / repaired / rejected per record) without analysing")
    .argument("<files...>", "GeoJSON, CSV, OSM XML, Overpass JSON or .osm.pbf files")
    .option("--lenient", "judge as lenient mode would: exit 0 unless a record is rejected")
    .option("--json", 'print the machine-readable report {"recordNumbering","files":[{"file","read","used","repaired","rejected","issues":[…]}]} (records count from 1; CSV issues also give the line)')
    .option("--crs <crs>", "CRS of the files when not WGS84 lon/lat: EPSG:NNNN or a proj string")
    .option("--mapping <file>", "field-mapping JSON for incident and hazard columns/properties (e.g. data/mappings/imsma-land.json)")
    .option("--layer <layer>", "read every file as this layer: roads, incidents or hazards (default: from the file)")
    .option("--duplicates <policy>", "duplicate incidents and hazard areas: keep (report them) or merge (into the first)", "keep")
    .option("--progress <mode>", PROGRESS_HELP)
    .option("--bbox <minX,minY,maxX,maxY>", BBOX_HELP)
    .action(withVectorFormats((files: string[], flags: ValidateFlags) => {
      if (flags.layer !== undefined && !LAYERS.includes(flags.layer as Layer)) throw new OptionError(`--layer must be one of ${LAYERS.join(", ")}, got "${flags.layer}"`);
      const progress = createProgress({ mode: flags.progress });
      const read = validateFiles(files, flags);
      progress.onProgress("files read", 1, 1);
      const report = flags.lenient === true ? read : strictView(read); // strict mode never reports "repaired"
      print(flags.json ? intakeReportJson(report) : intakeReportText(report));
      for (const note of uncheckedAxisOrder(report)) process.stderr.write(`minerisk: note: ${note}\n`);
      if (!acceptable(report, flags.lenient === true)) throw new CommanderError(2, "minerisk.validate.rejected", "the input has problems (see the report)");
    }));
}

/** Read each file as its layer (files of one layer together, so cross-file checks apply); report in the order given. */
export function validateFiles(files: readonly string[], flags: ValidateFlags): IntakeReport {
  const mapping = mappingFlag(flags.mapping);
  const base = { strictness: "list" as const, crs: flags.crs, duplicates: duplicatesFlag(flags.duplicates), loaded: loadedOf(flags) };
  const byLayer = new Map<Layer, string[]>(LAYERS.map((l) => [l, []]));
  const loaded = loadedOf(flags);
  for (const f of files) byLayer.get((flags.layer as Layer | undefined) ?? guessLayer(f, loaded))!.push(f);
  const roads = readRoads(byLayer.get("roads")!, base);
  // with roads among the files, the other layers are judged against them (axis order), as analyze does
  const referenceExtent = roads.records.length > 0 ? recordBounds(roads.records) : undefined;
  const roadReach = buildRoadReach(roads.records);
  const reports: FileReport[] = [
    ...roads.report.files,
    ...readIncidents(byLayer.get("incidents")!, { ...base, mapping, referenceExtent, roadReach }).report.files,
    ...readHazards(byLayer.get("hazards")!, { ...base, mapping, referenceExtent, roadReach }).report.files,
  ];
  return { files: files.map((f) => reports.find((r) => r.file === f)!).filter((r, k, all) => all.indexOf(r) === k) };
}

/**
 * Files whose axis order nothing could check: with no roads among the files, a point or area layer of
 * fewer than MIN_RECORDS_FOR_EXTENT records has no extent of its own to judge a swapped [lat, lon] by
 * (positions.ts), so a swap inside the WGS84 ranges passes. Say so rather than imply it was checked.
 */
export function uncheckedAxisOrder(report: IntakeReport): string[] {
  if (report.files.some((f) => f.layer === "roads" && f.used + f.repaired > 0)) return [];
  return report.files
    .filter((f) => f.layer !== "roads" && f.read > 0 && f.used + f.repaired > 0 && f.read < MIN_RECORDS_FOR_EXTENT)
    .map((f) => `${f.file} has ${f.read} record(s), too few to check their axis order on their own: give the roads file as well (minerisk validate ROADS ${f.file}) so that positions written [lat, lon] are found`);
}

/** Strict: no errors at all. Lenient: nothing rejected and every file readable. */
export function acceptable(report: IntakeReport, lenient: boolean): boolean {
  return report.files.every((f) => (lenient ? f.rejected === 0 && !fileFailed(f) : !f.issues.some((i) => i.severity === "error")));
}

/** The layer a file most likely feeds: OSM → roads, CSV → incidents, GeoJSON by its commonest geometry type. */
const layerOfType = (type: string): Layer => (/LineString/.test(type) ? "roads" : /Polygon/.test(type) ? "hazards" : "incidents");

export function guessLayer(file: string, loaded?: LoadedLayers): Layer {
  if (isOsmFile(file)) return "roads";
  if (file.toLowerCase().endsWith(".csv")) return "incidents";
  const layer = loaded?.get(file)?.collection;
  if (layer === undefined && isFlatGeobufFile(file)) return layerOfType(flatGeobufGeometryType(file)); // streamed: not read ahead
  // a GeoParquet file left to the intake to stream: the geometry types its footer's `geo` metadata lists
  if (!layer && /\.parquet$/i.test(file)) return layerOfType(geoParquetTypes(file).join(" "));
  if (layer) {
    // a Shapefile or GeoPackage holds one geometry type: its first geometry says which layer
    const type = (layer.features.find((f) => (f as { geometry?: unknown }).geometry) as { geometry: { type: string } } | undefined)?.geometry.type ?? "";
    return layerOfType(type);
  }
  let text = "";
  try {
    // a guess from the first 1 MiB: a regular file only, so a pipe is left whole for its reader
    if (!statSync(file).isFile()) return "incidents";
    const fd = openSync(file, "r");
    const head = Buffer.alloc(2 ** 20);
    text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString("utf8");
    closeSync(fd);
  } catch {
    return "incidents"; // the reader reports the unreadable file
  }
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  const lines = count(/"type"\s*:\s*"(Multi)?LineString"/g);
  const points = count(/"type"\s*:\s*"(Multi)?Point"/g);
  const polygons = count(/"type"\s*:\s*"(Multi)?Polygon"/g);
  if (lines > points && lines >= polygons) return "roads";
  if (polygons > points && polygons > lines) return "hazards";
  return "incidents";
}
