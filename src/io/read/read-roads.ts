import { convertPositions, featureCoordinates, fileCrs, positioned, positionsOf } from "../intake/geometry.ts";
import type { Intake } from "../intake/intake.ts";
import { checkPositions, type Positioned } from "../intake/positions.ts";
import { createTally, finishLayer, type SourceFile, type Tally } from "../intake/tally.ts";
import type { IntakeOptions } from "../intake/types.ts";
import { isOsmFile, osmRoadsAsGeoJson } from "../osm/read-osm.ts";
import type { LonLat, RoadRecord } from "../fields/records.ts";
import { readRoadsScanned } from "./read-roads-scanned.ts";
import { dropRepeats, scanFeatureCollection, type ScannedFeature } from "../json/validate-geojson.ts";
import { loadLayerFile } from "../formats/vector-formats.ts";
import { roadAttributes } from "../fields/road-attributes.ts";
import type { DeclaredCrs } from "../formats/loaded-layer.ts";
import { streamLayer, streamsInput } from "./stream-layer.ts";
import { createFieldUse } from "../unread/field-use.ts";
import { roadFieldPlan } from "../unread/field-plans.ts";

/**
 * Read road files as one layer — GeoJSON LineString/MultiLineString, OSM XML (`.osm`), Overpass JSON
 * (`{"elements": …}`) or `.osm.pbf` — at the given strictness (default strict). Properties read: `id`
 * (else the feature id, else "road-<record>", the 1-based feature number), `name` (else `ref`), `class`
 * (else OSM `highway`), `bridge`, `tunnel` ("yes"/true), `layer`, `oneway`.
 */
export function readRoads(files: readonly string[], options: IntakeOptions = {}): Intake<RoadRecord> {
  return readRoadsScanned(files, options) ?? readRoadsChecked(files, options);
}

/**
 * readRoads through the full intake, record by record: every issue found, reported and (lenient) repaired
 * or rejected. readRoads takes this path whenever the typed-array scanner declines a layer.
 */
export function readRoadsChecked(files: readonly string[], options: IntakeOptions = {}): Intake<RoadRecord> {
  const sources: SourceFile[] = [];
  const pending: Pending[] = [];
  for (const file of files) {
    const streamed = streamsInput(file, options) ? streamedRoadCandidates(file, options) : undefined;
    const tally = streamed?.tally ?? createTally(file, "roads");
    const json = streamed !== undefined ? undefined : isOsmFile(file) ? osmRoadsAsGeoJson(file, tally) : loadLayerFile(file, tally, options.loaded);
    const got = streamed ?? (json === undefined ? { read: 0, items: [] } : roadCandidates(json, tally, options));
    sources.push({ tally, read: got.read });
    for (const item of got.items) pending.push(item);
  }
  checkPositions(pending.map((p) => p.at), options.referenceExtent);
  const records: RoadRecord[] = [];
  for (const p of pending) {
    if (p.at.tally.isRejected(p.at.record)) continue;
    const rec = buildRoad(p);
    if (rec) records.push(rec);
  }
  return { records, report: { files: finishLayer(sources, options.strictness ?? "strict") } };
}

/** Read a GeoJSON FeatureCollection of roads strictly: one InputError listing every problem. */
export function readRoadsGeoJson(file: string): RoadRecord[] {
  return readRoads([file]).records;
}

/** Validate an already-parsed FeatureCollection of roads strictly (see readRoadsGeoJson). */
export function validateRoads(json: unknown, file: string): RoadRecord[] {
  const tally = createTally(file, "roads");
  const got = roadCandidates(json, tally, {});
  checkPositions(got.items.map((p) => p.at));
  const records = got.items.filter((p) => !tally.isRejected(p.at.record)).flatMap((p) => buildRoad(p) ?? []);
  finishLayer([{ tally, read: got.read }], "strict");
  return records;
}

interface Pending {
  at: Positioned;
  f: ScannedFeature;
  parts: LonLat[][];
}

function roadCandidates(json: unknown, tally: Tally, options: IntakeOptions): { read: number; items: Pending[] } {
  const scan = scanFeatureCollection(json, tally, LINES);
  return finishCandidates(tally, scan.read, roadItems(scan.features, tally), options, scan.legacyCrs, scan.declaredCrs);
}

/** roadCandidates over a file read in batches (stream-layer.ts): the same issues, in the same order within each record. */
function streamedRoadCandidates(file: string, options: IntakeOptions): { tally: Tally; read: number; items: Pending[] } | undefined {
  const items: Pending[] = [];
  const got = streamLayer(file, "roads", LINES, options, (features, tally) => {
    for (const p of roadItems(features, tally)) items.push(p);
  });
  if (got.kind === "fallback") return undefined;
  if (got.kind === "failed") return { tally: got.tally, read: 0, items: [] };
  if (got.kind === "whole") return { tally: got.tally, ...roadCandidates(got.json, got.tally, options) };
  return { tally: got.tally, ...finishCandidates(got.tally, got.read, items, options, got.legacyCrs, got.declaredCrs) };
}

const LINES = ["LineString", "MultiLineString"];

function roadItems(features: readonly ScannedFeature[], tally: Tally): Pending[] {
  const items: Pending[] = [];
  const use = (tally.fieldUse ??= createFieldUse(roadFieldPlan())); // a streamed read counts batch by batch into the same tally
  for (const f of features) {
    use.record(f.properties);
    const multi = f.geometry.type === "MultiLineString";
    const raw = featureCoordinates(f, multi ? 3 : 2, tally) as LonLat[][] | LonLat[] | undefined;
    if (raw === undefined) continue;
    let parts = multi ? (raw as LonLat[][]) : [raw as LonLat[]];
    if (multi && parts.some((p) => p.length === 0) && parts.some((p) => p.length > 0)) {
      tally.error(f.record, "geometry.coordinates", "empty-part", `the MultiLineString has ${parts.filter((p) => p.length === 0).length} empty part(s); lenient mode drops them`, "repaired");
      parts = parts.filter((p) => p.length > 0);
    }
    items.push({ at: positioned(tally, f.record, parts.flat() as number[][]), f, parts });
  }
  return items;
}

/** The file-level checks after the features: an empty layer, the CRS (legacy member or --crs) and the conversion. */
function finishCandidates(tally: Tally, read: number, candidates: Pending[], options: IntakeOptions, legacyCrs: string | undefined, declaredCrs: DeclaredCrs | undefined): { read: number; items: Pending[] } {
  if (read === 0 && !tally.issues.some((i) => i.record === undefined)) tally.error(undefined, undefined, "empty-layer", "the roads file has no features");
  const crs = fileCrs(tally, legacyCrs, options, declaredCrs);
  let items = candidates;
  if (crs) {
    const kept = new Set(convertPositions(items.map((p) => p.at), crs));
    items = items.filter((p) => kept.has(p.at));
  }
  return { read, items };
}

function buildRoad({ at, f, parts: given }: Pending): RoadRecord | undefined {
  const parts = given.map(dropRepeats);
  if (parts.length === 0 || parts.some((p) => p.length < 2)) {
    at.tally.error(f.record, "geometry.coordinates", "degenerate-line", "every line (and every part of a MultiLineString) needs at least two distinct positions");
    return undefined;
  }
  return { file: at.tally.file, record: f.record, ...roadAttributes(f.properties, f.id, f.record), parts, properties: f.properties };
}
