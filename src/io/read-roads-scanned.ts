import { readFileSync } from "node:fs";
import type { Intake } from "./intake/intake.ts";
import { centresExtent, inside, MIN_RECORDS_FOR_EXTENT } from "./intake/positions.ts";
import { createTally, finishLayer } from "./intake/tally.ts";
import type { IntakeOptions } from "./intake/types.ts";
import { isOsmFile } from "./osm/read-osm.ts";
import { roadAttributes } from "./road-attributes.ts";
import type { LonLat, PackedParts, RoadRecord } from "./records.ts";
import { type ScannedLayer, scanGeoJson } from "./scan-geojson.ts";

/**
 * The roads layer read by the typed-array scanner (scan-geojson.ts), or undefined when any file needs the
 * full intake: not GeoJSON, a --crs to convert from, anything the scanner does not read with certainty,
 * or a record the layer-wide position check would flag (a loner far outside the layer's extent). When
 * it returns records they are exactly the records `readRoads` would build, with an intake report of no
 * issues — and positions packed in one Float64Array per file instead of one array per position.
 */
export function readRoadsScanned(files: readonly string[], options: IntakeOptions): Intake<RoadRecord> | undefined {
  if (options.crs !== undefined || files.some(isOsmFile)) return undefined;
  const scans: ScannedLayer[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch {
      return undefined; // the full intake reports the unreadable file
    }
    const scan = scanGeoJson(bytes, ["LineString", "MultiLineString"]);
    if (!scan) return undefined;
    scans.push(scan);
  }
  if (hasLoner(scans)) return undefined;
  const records: RoadRecord[] = [];
  const sources = files.map((file, k) => {
    const s = scans[k];
    const packed: PackedParts = { lonLat: s.lonLat, partStart: s.partStart, featurePart: s.featurePart };
    for (let f = 0; f < s.count; f++) records.push(new PackedRoad(file, f, roadAttributes(s.properties[f], s.ids[f], f), s.properties[f], packed));
    return { tally: createTally(file, "roads"), read: s.count };
  });
  return { records, report: { files: finishLayer(sources, options.strictness ?? "strict") } };
}

/** True when some record lies outside the widened robust extent of the layer (checkPositions' loner test). */
function hasLoner(scans: readonly ScannedLayer[]): boolean {
  const total = scans.reduce((n, s) => n + s.count, 0);
  if (total < MIN_RECORDS_FOR_EXTENT) return false;
  const xs = new Float64Array(total);
  const ys = new Float64Array(total);
  let k = 0;
  for (const s of scans) {
    for (let f = 0; f < s.count; f++, k++) {
      xs[k] = s.centre[2 * f];
      ys[k] = s.centre[2 * f + 1];
    }
  }
  const { widened } = centresExtent(xs, ys);
  return scans.some((s) => {
    for (let f = 0; f < s.count; f++) {
      const b = s.box;
      if (!inside(widened, b[4 * f], b[4 * f + 1]) || !inside(widened, b[4 * f + 2], b[4 * f + 3])) return true;
    }
    return false;
  });
}

/**
 * A road record whose geometry stays packed: `parts` is built on first use. A class, not a literal with a
 * getter, because a million records would otherwise carry a million getter closures for the GC to trace.
 */
class PackedRoad implements RoadRecord {
  id: string;
  name: string;
  class: string;
  bridge: boolean;
  tunnel: boolean;
  layer: number;
  oneway: -1 | 0 | 1;
  #parts: LonLat[][] | undefined;
  constructor(
    public file: string,
    public record: number,
    a: ReturnType<typeof roadAttributes>,
    public properties: Record<string, unknown>,
    public packed: PackedParts,
  ) {
    this.id = a.id;
    this.name = a.name;
    this.class = a.class;
    this.bridge = a.bridge;
    this.tunnel = a.tunnel;
    this.layer = a.layer;
    this.oneway = a.oneway;
  }

  get parts(): LonLat[][] {
    this.#parts ??= unpack(this.packed, this.record);
    return this.#parts;
  }
}

/** Parts as arrays of [lon, lat], for callers that want them (buildDataset reads `packed` directly). */
function unpack({ lonLat, partStart, featurePart }: PackedParts, f: number): LonLat[][] {
  const parts: LonLat[][] = [];
  for (let k = featurePart[f]; k < featurePart[f + 1]; k++) {
    const part: LonLat[] = [];
    for (let v = partStart[k]; v < partStart[k + 1]; v++) part.push([lonLat[2 * v], lonLat[2 * v + 1]]);
    parts.push(part);
  }
  return parts;
}
