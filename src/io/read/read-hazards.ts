import { HAZARD_STATUSES } from "../../core/hazard-set.ts";
import { convertPositions, featureCoordinates, fileCrs, positioned, positionsOf } from "../intake/geometry.ts";
import type { Intake } from "../intake/intake.ts";
import { repairPolygons } from "../intake/polygon-repair.ts";
import { checkPositions, type Positioned } from "../intake/positions.ts";
import { checkHazardReach } from "../intake/road-reach.ts";
import { createTally, finishLayer, type SourceFile, type Tally } from "../intake/tally.ts";
import type { IntakeOptions } from "../intake/types.ts";
import { normaliseHazardStatus } from "../fields/normalise.ts";
import type { HazardRecord, LonLat } from "../fields/records.ts";
import { loadJsonFile, scanFeatureCollection, type ScannedFeature, stringProp } from "../json/validate-geojson.ts";

/**
 * Read hazard-area files (GeoJSON Polygon / MultiPolygon with a `status`: confirmed/CHA, suspected/SHA,
 * cancelled, cleared, released) as one layer at the given strictness (default strict). Rings are closed,
 * self-intersections split and winding fixed in lenient mode, each reported (intake/polygon-repair.ts).
 */
export function readHazards(files: readonly string[], options: IntakeOptions = {}): Intake<HazardRecord> {
  const sources: SourceFile[] = [];
  const pending: Pending[] = [];
  for (const file of files) {
    const tally = createTally(file, "hazards");
    const json = loadJsonFile(file, tally);
    const got = json === undefined ? { read: 0, items: [] } : hazardCandidates(json, tally, options);
    sources.push({ tally, read: got.read });
    pending.push(...got.items);
  }
  checkPositions(pending.map((p) => p.at), options.referenceExtent);
  const records = pending.filter((p) => !p.at.tally.isRejected(p.at.record)).flatMap((p) => buildHazard(p) ?? []);
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

interface Pending {
  at: Positioned;
  f: ScannedFeature;
  polygons: LonLat[][][];
}

function hazardCandidates(json: unknown, tally: Tally, options: IntakeOptions): { read: number; items: Pending[] } {
  const scan = scanFeatureCollection(json, tally, ["Polygon", "MultiPolygon"]);
  const crs = fileCrs(tally, scan.legacyCrs, options);
  let items: Pending[] = [];
  for (const f of scan.features) {
    const multi = f.geometry.type === "MultiPolygon";
    const raw = featureCoordinates(f, multi ? 4 : 3, tally);
    if (raw === undefined) continue;
    let polygons = multi ? (raw as LonLat[][][]) : [raw as LonLat[][]];
    if (multi && polygons.some((p) => p.length === 0) && polygons.some((p) => p.length > 0)) {
      tally.error(f.index, "geometry.coordinates", "empty-part", `the MultiPolygon has ${polygons.filter((p) => p.length === 0).length} empty polygon(s); lenient mode drops them`, "repaired");
      polygons = polygons.filter((p) => p.length > 0);
    }
    if (polygons.some((p) => p.length === 0)) {
      tally.error(f.index, "geometry.coordinates", "empty-geometry", "a polygon has no rings");
      continue;
    }
    items.push({ at: positioned(tally, f.index, positionsOf(polygons, 4)), f, polygons });
  }
  if (crs) {
    const kept = new Set(convertPositions(items.map((p) => p.at), crs));
    items = items.filter((p) => kept.has(p.at));
  }
  return { read: scan.read, items };
}

function buildHazard({ at, f, polygons }: Pending): HazardRecord | undefined {
  const { tally } = at;
  const repaired = repairPolygons(polygons);
  for (const x of repaired.findings) {
    if (x.code === "wrong-winding") tally.warn(f.index, "geometry.coordinates", x.code, x.message, "repaired");
    else tally.error(f.index, "geometry.coordinates", x.code, x.message, x.action);
  }
  const status = normaliseHazardStatus(f.properties.status);
  if (!status) tally.error(f.index, "properties.status", "invalid-status", `status ${JSON.stringify(f.properties.status)} is not one of ${HAZARD_STATUSES.join(", ")} (or CHA/SHA)`);
  if (!status || tally.isRejected(f.index)) return undefined;
  const id = stringProp(f.properties, ["id"], typeof f.id === "string" || typeof f.id === "number" ? String(f.id) : `hazard-${f.index}`);
  return { file: tally.file, record: f.index, id, status, polygons: repaired.polygons, properties: f.properties };
}
