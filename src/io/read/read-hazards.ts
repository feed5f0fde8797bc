import { convertPositions, featureCoordinates, fileCrs, positioned, positionsOf } from "../intake/geometry.ts";
import type { Intake } from "../intake/intake.ts";
import { findHazardDuplicates } from "../intake/hazard-duplicates.ts";
import { repairPolygons } from "../intake/polygon-repair.ts";
import { checkPositions, type Positioned } from "../intake/positions.ts";
import { checkHazardReach } from "../intake/road-reach.ts";
import { createTally, finishLayer, type SourceFile, type Tally } from "../intake/tally.ts";
import type { IntakeOptions } from "../intake/types.ts";
import { hazardStatusOf } from "../fields/hazard-fields.ts";
import { mappedValue } from "../mapping/mapped-value.ts";
import { createFieldUse } from "../unread/field-use.ts";
import { hazardFieldPlan } from "../unread/field-plans.ts";
import type { FieldMapping } from "../mapping/schema.ts";
import type { HazardRecord, LonLat } from "../fields/records.ts";
import { scanFeatureCollection, type ScannedFeature } from "../json/validate-geojson.ts";
import { loadLayerFile } from "../formats/vector-formats.ts";
import { isFlatGeobufFile } from "../formats/stream-flatgeobuf.ts";
import { streamLayer, streamsInput } from "./stream-layer.ts";

/**
 * Read hazard-area files (GeoJSON Polygon / MultiPolygon with a `status`: confirmed/CHA, suspected/SHA,
 * cancelled, cleared, released) as one layer at the given strictness (default strict). Rings are closed,
 * self-intersections split and winding fixed in lenient mode, each reported (intake/polygon-repair.ts).
 */
export function readHazards(files: readonly string[], options: HazardIntakeOptions = {}): Intake<HazardRecord> {
  const sources: SourceFile[] = [];
  const pending: Pending[] = [];
  for (const file of files) {
    // a FlatGeobuf past the byte budget (or any with --stream-input) is read in batches; GeoJSON hazards whole
    const streamed = isFlatGeobufFile(file) && streamsInput(file, options) ? streamedHazardCandidates(file, options) : undefined;
    const tally = streamed?.tally ?? createTally(file, "hazards");
    const json = streamed !== undefined ? undefined : loadLayerFile(file, tally, options.loaded);
    const got = streamed ?? (json === undefined ? { read: 0, items: [] } : hazardCandidates(json, tally, options));
    sources.push({ tally, read: got.read });
    for (const item of got.items) pending.push(item);
  }
  checkPositions(pending.map((p) => p.at), options.referenceExtent);
  const built = pending.filter((p) => !p.at.tally.isRejected(p.at.record)).flatMap((p) => {
    const rec = buildHazard(p, options.mapping);
    return rec ? [{ rec, tally: p.at.tally }] : [];
  });
  const merged = findHazardDuplicates(
    built.map((b) => b.rec),
    (k) => built[k].tally,
    options.duplicates ?? "keep",
  );
  const records = built.filter((_, k) => !merged.has(k)).map((b) => b.rec);
  if (options.roadReach) checkHazardReach(options.roadReach, sources, records);
  return { records, report: { files: finishLayer(sources, options.strictness ?? "strict") } };
}

/** Read a GeoJSON FeatureCollection of hazard areas strictly: one InputError listing every problem. */
export function readHazardsGeoJson(file: string): HazardRecord[] {
  return readHazards([file]).records;
}

/** Validate an already-parsed FeatureCollection of hazard areas strictly (see readHazardsGeoJson). */
export function validateHazards(json: unknown, file: string): HazardRecord[] {
  const tally = createTally(file, "hazards");
  const got = hazardCandidates(json, tally, {});
  checkPositions(got.items.map((p) => p.at));
  const records = got.items.filter((p) => !tally.isRejected(p.at.record)).flatMap((p) => buildHazard(p) ?? []);
  finishLayer([{ tally, read: got.read }], "strict");
  return records;
}

/** Options of the hazard reader: intake options plus an optional field mapping (fields id, status, source). */
export interface HazardIntakeOptions extends IntakeOptions {
  mapping?: FieldMapping;
}

interface Pending {
  at: Positioned;
  f: ScannedFeature;
  polygons: LonLat[][][];
}

const POLYGONS = ["Polygon", "MultiPolygon"];

function hazardCandidates(json: unknown, tally: Tally, options: HazardIntakeOptions): { read: number; items: Pending[] } {
  const scan = scanFeatureCollection(json, tally, POLYGONS);
  const crs = fileCrs(tally, scan.legacyCrs, options, scan.declaredCrs);
  return { read: scan.read, items: converted(hazardItems(scan.features, tally, options), crs) };
}

/** hazardCandidates over a FlatGeobuf read in batches (stream-layer.ts): the same issues, in the same order. */
function streamedHazardCandidates(file: string, options: HazardIntakeOptions): { tally: Tally; read: number; items: Pending[] } | undefined {
  const items: Pending[] = [];
  const got = streamLayer(file, "hazards", POLYGONS, options, (features, tally) => {
    for (const p of hazardItems(features, tally, options)) items.push(p);
  });
  if (got.kind === "fallback" || got.kind === "whole") return undefined; // read ahead by the caller: the whole path
  if (got.kind === "failed") return { tally: got.tally, read: 0, items: [] };
  const crs = fileCrs(got.tally, got.legacyCrs, options, got.declaredCrs);
  return { tally: got.tally, read: got.read, items: converted(items, crs) };
}

function hazardItems(features: readonly ScannedFeature[], tally: Tally, options: HazardIntakeOptions): Pending[] {
  const items: Pending[] = [];
  const use = (tally.fieldUse ??= createFieldUse(hazardFieldPlan(options.mapping))); // a streamed read counts batch by batch into the same tally
  for (const f of features) {
    use.record(f.properties);
    tally.name(f.record, mappedValue("id", (names) => names.map((n) => f.properties[n]).find((v) => v !== undefined), options.mapping).value);
    const multi = f.geometry.type === "MultiPolygon";
    const raw = featureCoordinates(f, multi ? 4 : 3, tally);
    if (raw === undefined) continue;
    let polygons = multi ? (raw as LonLat[][][]) : [raw as LonLat[][]];
    if (multi && polygons.some((p) => p.length === 0) && polygons.some((p) => p.length > 0)) {
      tally.error(f.record, "geometry.coordinates", "empty-part", `the MultiPolygon has ${polygons.filter((p) => p.length === 0).length} empty polygon(s); lenient mode drops them`, "repaired");
      polygons = polygons.filter((p) => p.length > 0);
    }
    if (polygons.some((p) => p.length === 0)) {
      tally.error(f.record, "geometry.coordinates", "empty-geometry", "a polygon has no rings");
      continue;
    }
    items.push({ at: positioned(tally, f.record, positionsOf(polygons, 4)), f, polygons });
  }
  return items;
}

function converted(items: Pending[], crs: ReturnType<typeof fileCrs>): Pending[] {
  if (!crs) return items;
  const kept = new Set(convertPositions(items.map((p) => p.at), crs));
  return items.filter((p) => kept.has(p.at));
}

function buildHazard({ at, f, polygons }: Pending, mapping?: FieldMapping): HazardRecord | undefined {
  const { tally } = at;
  const repaired = repairPolygons(polygons);
  for (const x of repaired.findings) {
    if (x.code === "wrong-winding" || x.code === "repeated-vertex") tally.warn(f.record, "geometry.coordinates", x.code, x.message, "repaired");
    else tally.error(f.record, "geometry.coordinates", x.code, x.message, x.action);
  }
  const get = (names: readonly string[]) => {
    for (const n of names) if (f.properties[n] !== undefined) return f.properties[n];
    return names[0] === "id" ? f.id : undefined;
  };
  const read = hazardStatusOf(get, mapping);
  if (!("status" in read)) tally.error(f.record, read.field, read.code, read.message);
  if (!("status" in read) || tally.isRejected(f.record)) return undefined;
  const rawId = mappedValue("id", get, mapping).value;
  const id = typeof rawId === "string" && rawId.trim() !== "" ? rawId.trim() : typeof rawId === "number" && Number.isFinite(rawId) ? String(rawId) : `hazard-${f.record}`;
  return { file: tally.file, record: f.record, id, status: read.status, polygons: repaired.polygons, properties: f.properties };
}
