import { maxInputBytes, readFileRange } from "./read-bounded.ts";
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Intake } from "../intake/intake.ts";
import { centresExtent, inside, MIN_RECORDS_FOR_EXTENT } from "../intake/positions.ts";
import { createTally, finishLayer } from "../intake/tally.ts";
import type { IntakeOptions } from "../intake/types.ts";
import { isOsmFile } from "../osm/read-osm.ts";
import { isVectorFormatFile } from "../formats/vector-formats.ts";
import { roadAttributes } from "../fields/road-attributes.ts";
import { createFieldUse } from "../unread/field-use.ts";
import { roadFieldPlan } from "../unread/field-plans.ts";
import { type LonLat, type PackedParts, packedPartRange, type RoadRecord } from "../fields/records.ts";
import { streamScan } from "../json/stream/stream-scan.ts";
import { STREAM_CHUNK_BYTES, streamsInput } from "./stream-layer.ts";
import { type ScannedGeometryType, type ScannedLayer, type ScanTail, scanGeoJson, scanHeadAndJoin } from "../json/scan-geojson.ts";

/**
 * The roads layer read by the typed-array scanner (scan-geojson.ts), or undefined when any file needs the
 * full intake: not GeoJSON, a --crs to convert from, anything the scanner does not read with certainty,
 * or a record the layer-wide position check would flag (a loner far outside the layer's extent). When
 * it returns records they are exactly the records `readRoads` would build, with an intake report of no
 * issues — and positions packed in one Float64Array per file instead of one array per position.
 */
export function readRoadsScanned(files: readonly string[], options: IntakeOptions, splitFromBytes = SPLIT_FROM_BYTES): Intake<RoadRecord> | undefined {
  if (options.crs !== undefined || files.some((f) => isOsmFile(f) || isVectorFormatFile(f))) return undefined;
  // a streamed file is scanned batch by batch (stream-scan.ts); the full intake then streams it too when a batch is declined
  const scans: ScannedLayer[][] = [];
  for (const file of files) {
    const pieces = streamsInput(file, options) ? streamScan(file, LINES, options.streamChunkBytes ?? STREAM_CHUNK_BYTES, maxInputBytes(true)) : scanFile(file, splitFromBytes);
    if (!pieces) return undefined;
    scans.push(pieces);
  }
  if (hasLoner(scans.flat())) return undefined;
  const records: RoadRecord[] = [];
  const plan = roadFieldPlan();
  const sources = files.map((file, k) => {
    let firstRecord = 0;
    const tally = createTally(file, "roads");
    const use = (tally.fieldUse = createFieldUse(plan)); // the properties no reader reads, as the full intake counts them
    for (const s of scans[k]) {
      const packed: PackedParts = { lonLat: s.lonLat, partStart: s.partStart, featurePart: s.featurePart, firstRecord };
      for (let f = 0; f < s.count; f++) {
        const record = firstRecord + f + 1; // 1-based, as the full intake numbers features
        use.record(s.properties[f]);
        records.push(new PackedRoad(file, record, roadAttributes(s.properties[f], s.ids[f], record), s.properties[f], packed));
      }
      firstRecord += s.count;
    }
    return { tally, read: firstRecord };
  });
  return { records, report: { files: finishLayer(sources, options.strictness ?? "strict") } };
}

/**
 * Files at least this large are scanned on two threads (when the compiled worker is there): on the SPEC's
 * L roads (279 MB) that reads the layer in ≈ 6.3 s instead of ≈ 7 s; below this the worker's start-up is
 * not worth it. (A parameter of readRoadsScanned only so tests can split small files.)
 */
const SPLIT_FROM_BYTES = 64 * 2 ** 20;
const WORKER = new URL("../json/scan-geojson-worker.js", import.meta.url);
/**
 * The calling thread's share of the bytes in a split scan: less than half, because after its head it parses
 * the texts of both pieces and builds every record, while the worker only scans and checks. Measured at L
 * (1 M roads, timestamps from both threads, machine at load 10): at 0.5 the worker's tail was ready
 * 0.9–1.1 s before this thread asked for it; at 0.42, from 0.2 s late to 0.6 s early; at 0.36 this thread
 * waited 0.3–0.8 s. (Not measured quiet; a profile at load 5 put the worker ≈ 0.2 s ahead at 0.5.)
 */
const HEAD_SHARE = 0.45;
const LINES: ScannedGeometryType[] = ["LineString", "MultiLineString"];

/**
 * One file scanned, in one piece or — for a large file — in two: the calling thread reads and scans the
 * head while a worker reads the second half of the same shared buffer and scans the tail from a feature
 * start past the middle. Undefined when the full intake must read it (unreadable, or not simple in
 * either piece).
 */
function scanFile(file: string, splitFromBytes: number): ScannedLayer[] | undefined {
  let size: number;
  try {
    const stat = statSync(file);
    // a pipe or device can be read only once: the full intake reads it (and applies the byte budget)
    if (!stat.isFile() || stat.size > maxInputBytes(true)) return undefined;
    size = stat.size;
    if (size < splitFromBytes || !existsSync(fileURLToPath(WORKER))) return whole(readFileSync(file));
  } catch {
    return undefined; // the full intake reports the unreadable file (missing, a folder, …)
  }
  return scanSplit(file, size);
}

function whole(bytes: Uint8Array): ScannedLayer[] | undefined {
  const scan = scanGeoJson(bytes, LINES);
  return scan && [scan];
}

/**
 * The split scan. The worker starts first and reads the second half while this thread reads the first
 * (≈ 3.7 ms per MB first touched on the benchmark VM, so reading is worth sharing too); it publishes its
 * split point once its half is in (ctl[0] = 1), and its tail (ctl[0] = 2). It reports through the port and
 * the shared flag, so this stays synchronous like readRoads; a worker that never answers (it could not
 * even load) costs a wait, then this thread reads and scans the file in one piece.
 */
function scanSplit(file: string, size: number): ScannedLayer[] | undefined {
  const bytes = new Uint8Array(new SharedArrayBuffer(size));
  const half = Math.floor(size * HEAD_SHARE);
  const { port1, port2 } = new MessageChannel();
  const ctl = new Int32Array(new SharedArrayBuffer(4));
  const splitAt = new Float64Array(new SharedArrayBuffer(8));
  const worker = new Worker(WORKER, { workerData: { bytes, allowed: LINES, file, from: half, port: port2, ctl, splitAt }, transferList: [port2] });
  worker.unref();
  const patience = 30_000 + size / 5_000;
  try {
    if (!readInto(file, bytes, 0, half)) return undefined; // the full intake reports the unreadable file
    const answered = Atomics.wait(ctl, 0, 0, patience) !== "timed-out";
    const split = answered ? splitAt[0] : -1;
    // no split (or the worker's read failed): one piece, read here
    if (split < 0) return readInto(file, bytes, half, size) ? whole(bytes) : undefined;
    const pieces = scanHeadAndJoin(bytes, LINES, split, () => {
      if (Atomics.wait(ctl, 0, 1, patience) === "timed-out") return "serial";
      const reply = receiveMessageOnPort(port1)?.message as { tail?: ScanTail; error?: string } | undefined;
      if (reply?.error !== undefined) throw new Error(`scanning the second half of ${file} failed: ${reply.error}`);
      return reply?.tail ?? undefined;
    });
    return pieces === "serial" ? whole(bytes) : pieces;
  } finally {
    void worker.terminate();
    port1.close();
  }
}

/** Bytes [start, end) of the file read into `bytes`; false when it cannot be read whole (changed, vanished). */
function readInto(file: string, bytes: Uint8Array, start: number, end: number): boolean {
  try {
    readFileRange(file, bytes, start, end);
    return true;
  } catch {
    return false;
  }
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
    this.#parts ??= unpack(this.packed, packedPartRange(this));
    return this.#parts;
  }
}

/** Parts as arrays of [lon, lat], for callers that want them (buildDataset reads `packed` directly). */
function unpack({ lonLat, partStart }: PackedParts, [first, end]: [number, number]): LonLat[][] {
  const parts: LonLat[][] = [];
  for (let k = first; k < end; k++) {
    const part: LonLat[] = [];
    for (let v = partStart[k]; v < partStart[k + 1]; v++) part.push([lonLat[2 * v], lonLat[2 * v + 1]]);
    parts.push(part);
  }
  return parts;
}
