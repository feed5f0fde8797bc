import { statSync } from "node:fs";
import { InputError } from "../../core/errors.ts";
import { roadLengths } from "../../core/road-network.ts";
import { roadAttributes } from "../../io/fields/road-attributes.ts";
import type { RoadRecord } from "../../io/fields/records.ts";
import { streamScan } from "../../io/json/stream/stream-scan.ts";
import type { ScannedLayer } from "../../io/json/scan-geojson.ts";
import { maxInputBytes } from "../../io/read/read-bounded.ts";
import { STREAM_CHUNK_BYTES } from "../../io/read/stream-layer.ts";

/**
 * One batch of a roads file read by the typed-array scanner (io/json/stream/stream-scan.ts): `layer` is the
 * scanner's layer of the batch's features (valid during the callback only), `first` the 0-based index of its
 * first feature in the file, so feature f of the batch is record `first + f + 1` (1-based, as the intake).
 */
export interface RoadBatch {
  layer: ScannedLayer;
  first: number;
}

/** What a pass over the roads file saw of it: its size and time stamp (a later pass must see the same) and its records. */
export interface RoadFileStamp {
  size: number;
  mtimeMs: number;
  records: number;
}

/**
 * Read the roads file once in batches of whole features through the scanner (io/json/stream/stream-scan.ts),
 * handing each to `onBatch`, in file order. Undefined when the scanner declines any batch or the text
 * around the features (then the file needs the full intake: the caller plans as before, holding every
 * record). A pass after the first (`expect`) must see the same file: the same size, time stamp and record
 * count, else an InputError (the file changed while the plan read it).
 */
export function passRoads(file: string, onBatch: (batch: RoadBatch) => void, options: { chunkBytes?: number; expect?: RoadFileStamp } = {}): RoadFileStamp | undefined {
  const before = statSync(file);
  const changed = () => new InputError([{ file, code: "tile-file-changed", message: `the roads file changed while the plan read it (it is read more than once: docs/scaling.md, "The bounded plan"); plan again once it is written` }]);
  if (options.expect && (before.size !== options.expect.size || before.mtimeMs !== options.expect.mtimeMs)) throw changed();
  let first = 0;
  const got = streamScan(file, ["LineString", "MultiLineString"], options.chunkBytes ?? STREAM_CHUNK_BYTES, maxInputBytes(true), (layer) => {
    onBatch({ layer, first });
    first += layer.count;
  });
  if (got === undefined) {
    if (options.expect) throw changed(); // the first pass read it whole: a later decline means other bytes
    return undefined;
  }
  const after = statSync(file);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || (options.expect && options.expect.records !== first)) throw changed();
  return { size: after.size, mtimeMs: after.mtimeMs, records: first };
}

/** The record attributes the scanned read gives feature f of a batch (read-roads-scanned.ts PackedRoad, without the geometry). */
export function batchAttributes(b: RoadBatch, f: number): ReturnType<typeof roadAttributes> {
  return roadAttributes(b.layer.properties[f], b.layer.ids[f], b.first + f + 1);
}

/** A road record as the merge reads it back (no geometry: the merge takes the projected parts from the tile files). */
export type RoadAttributes = Omit<RoadRecord, "parts" | "packed">;

/**
 * The batch's positions projected by `forward` (a copy; the layer keeps its lon/lat) and each part's
 * length — the same arrays, part by part, as buildDataset's packRoads and roadLengths over the whole layer.
 */
export function projectBatch(b: RoadBatch, forward: (xy: Float64Array) => Float64Array): { xy: Float64Array; partStart: Uint32Array; lengthM: Float64Array } {
  const xy = forward(b.layer.lonLat.slice());
  const partStart = b.layer.partStart;
  return { xy, partStart, lengthM: roadLengths(xy, partStart) };
}
