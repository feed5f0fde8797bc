import { convertPositions, featureCoordinates, fileCrs, positioned, positionsOf } from "./intake/geometry.ts";
import type { Intake } from "./intake/intake.ts";
import { checkPositions, type Positioned } from "./intake/positions.ts";
import { createTally, finishLayer, type SourceFile, type Tally } from "./intake/tally.ts";
import type { IntakeOptions } from "./intake/types.ts";
import { isOsmFile, osmRoadsAsGeoJson } from "./osm/read-osm.ts";
import type { LonLat, RoadRecord } from "./records.ts";
import { dropRepeats, loadJsonFile, scanFeatureCollection, type ScannedFeature, stringProp } from "./validate-geojson.ts";

/**
 * Read road files as one layer — GeoJSON LineString/MultiLineString, OSM XML (`.osm`), Overpass JSON
 * (`{"elements": …}`) or `.osm.pbf` — at the given strictness (default strict). Properties read: `id`
 * (else the feature id, else "road-<index>"), `name` (else `ref`), `class` (else OSM `highway`), `bridge`,
 * `tunnel` ("yes"/true), `layer`, `oneway`.
 */
export function readRoads(files: readonly string[], options: IntakeOptions = {}): Intake<RoadRecord> {
  const sources: SourceFile[] = [];
  const pending: Pending[] = [];
  for (const file of files) {
    const tally = createTally(file, "roads");
    const json = isOsmFile(file) ? osmRoadsAsGeoJson(file, tally) : loadJsonFile(file, tally);
    const got = json === undefined ? { read: 0, items: [] } : roadCandidates(json, tally, options);
    sources.push({ tally, read: got.read });
    pending.push(...got.items);
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
  const scan = scanFeatureCollection(json, tally, ["LineString", "MultiLineString"]);
  if (scan.read === 0 && !tally.issues.some((i) => i.record === undefined)) tally.error(undefined, undefined, "empty-layer", "the roads file has no features");
  const crs = fileCrs(tally, scan.legacyCrs, options);
  let items: Pending[] = [];
  for (const f of scan.features) {
    const multi = f.geometry.type === "MultiLineString";
    const raw = featureCoordinates(f, multi ? 3 : 2, tally) as LonLat[][] | LonLat[] | undefined;
    if (raw === undefined) continue;
    let parts = multi ? (raw as LonLat[][]) : [raw as LonLat[]];
    if (multi && parts.some((p) => p.length === 0) && parts.some((p) => p.length > 0)) {
      tally.error(f.index, "geometry.coordinates", "empty-part", `the MultiLineString has ${parts.filter((p) => p.length === 0).length} empty part(s); lenient mode drops them`, "repaired");
      parts = parts.filter((p) => p.length > 0);
    }
    items.push({ at: positioned(tally, f.index, parts.flat() as number[][]), f, parts });
  }
  if (crs) {
    const kept = new Set(convertPositions(items.map((p) => p.at), crs));
    items = items.filter((p) => kept.has(p.at));
  }
  return { read: scan.read, items };
}

function buildRoad({ at, f, parts: given }: Pending): RoadRecord | undefined {
  const parts = given.map(dropRepeats);
  if (parts.length === 0 || parts.some((p) => p.length < 2)) {
    at.tally.error(f.index, "geometry.coordinates", "degenerate-line", "every line (and every part of a MultiLineString) needs at least two distinct positions");
    return undefined;
  }
  const p = f.properties;
  const layer = Number(p.layer ?? 0);
  return {
    file: at.tally.file,
    record: f.index,
    id: stringProp(p, ["id"], typeof f.id === "string" || typeof f.id === "number" ? String(f.id) : `road-${f.index}`),
    name: stringProp(p, ["name", "ref"], ""),
    class: stringProp(p, ["class", "highway"], "unknown"),
    bridge: isYes(p.bridge),
    tunnel: isYes(p.tunnel),
    layer: Number.isFinite(layer) ? Math.max(-128, Math.min(127, Math.round(layer))) : 0,
    oneway: onewayOf(p.oneway),
    parts,
    properties: p,
  };
}

function isYes(v: unknown): boolean {
  return v === true || v === 1 || (typeof v === "string" && v !== "no" && v !== "false" && v !== "0" && v !== "");
}

/** OSM `oneway`: "yes"/"true"/"1"/true → 1, "-1"/"reverse" → -1, anything else (incl. "no", absent) → 0. */
function onewayOf(v: unknown): -1 | 0 | 1 {
  if (v === true || v === 1 || v === "yes" || v === "true" || v === "1") return 1;
  if (v === -1 || v === "-1" || v === "reverse") return -1;
  return 0;
}
