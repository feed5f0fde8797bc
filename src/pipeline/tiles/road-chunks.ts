import { join } from "node:path";
import type { RoadNetwork } from "../../core/road-network.ts";
import type { LonLat, RoadRecord } from "../../io/fields/records.ts";
import type { TilePlan } from "./plan-tiles.ts";
import { type HashedFile, readBin, writeBin } from "./run-folder.ts";
import type { TileInput } from "./tile-run.ts";
import type { RoadAttributes } from "./road-passes.ts";

/** Road records per chunk file: ≈ 100–300 MB of record objects at most while one is written or read. */
export const RECORDS_PER_CHUNK = 500_000;

/** One chunk file (records/roads-NNNN.bin): the attributes of records first … first + count − 1, by column. */
interface RoadChunk {
  first: number;
  file: string;
  record: Uint32Array;
  id: string[];
  name: string[];
  class: string[];
  bridge: Uint8Array;
  tunnel: Uint8Array;
  layer: Int8Array;
  oneway: Int8Array;
  properties: Record<string, unknown>[];
}

/** Collects record attributes in input order and writes a chunk file every RECORDS_PER_CHUNK records. */
export function roadChunkWriter(dir: string, file: string, perChunk = RECORDS_PER_CHUNK): { add(r: RoadAttributes): void; finish(): HashedFile[] } {
  const written: HashedFile[] = [];
  let rows: RoadAttributes[] = [];
  let first = 0;
  const flush = () => {
    if (rows.length === 0) return;
    const chunk: RoadChunk = {
      first,
      file,
      record: Uint32Array.from(rows, (r) => r.record),
      id: rows.map((r) => r.id),
      name: rows.map((r) => r.name),
      class: rows.map((r) => r.class),
      bridge: Uint8Array.from(rows, (r) => (r.bridge ? 1 : 0)),
      tunnel: Uint8Array.from(rows, (r) => (r.tunnel ? 1 : 0)),
      layer: Int8Array.from(rows, (r) => r.layer),
      oneway: Int8Array.from(rows, (r) => r.oneway),
      properties: rows.map((r) => r.properties),
    };
    written.push(writeBin(dir, join("records", `roads-${String(written.length).padStart(4, "0")}.bin`), chunk));
    first += rows.length;
    rows = [];
  };
  return {
    add(r) {
      rows.push(r);
      if (rows.length >= perChunk) flush();
    },
    finish() {
      flush();
      return written;
    },
  };
}

/**
 * A road record read back from a chunk file. It has no geometry: the merge takes the projected parts from
 * the tile files (wholeRoads); `parts` says so if anything asks (a class, as PackedRoad, for the GC).
 */
class ChunkRoad implements RoadRecord {
  file: string;
  record: number;
  id: string;
  name: string;
  class: string;
  bridge: boolean;
  tunnel: boolean;
  layer: number;
  oneway: -1 | 0 | 1;
  properties: Record<string, unknown>;
  constructor(c: RoadChunk, i: number) {
    this.file = c.file;
    this.record = c.record[i];
    this.id = c.id[i];
    this.name = c.name[i];
    this.class = c.class[i];
    this.bridge = c.bridge[i] === 1;
    this.tunnel = c.tunnel[i] === 1;
    this.layer = c.layer[i];
    this.oneway = c.oneway[i] as -1 | 0 | 1;
    this.properties = c.properties[i];
  }

  get parts(): LonLat[][] {
    throw new Error(`road record ${this.record} of ${this.file} was read back from a bounded plan's records and has no lon/lat geometry: use the projected roads of the run (docs/scaling.md, "The bounded plan")`);
  }
}

/** Every road record of the chunk files, in input order (what the merge needs of them: ids, names, properties). */
export function readRoadChunks(dir: string, chunks: readonly HashedFile[]): RoadRecord[] {
  const out: RoadRecord[] = [];
  chunks.forEach((f, k) => {
    const c = readBin<RoadChunk>(dir, f, `the road records, chunk ${k} (${f.file})`);
    for (let i = 0; i < c.id.length; i++) {
      out.push(new ChunkRoad(c, i));
    }
  });
  return out;
}

/**
 * Road records [a, b) from the chunk files, read a chunk at a time as the ranges move forward (a bounded
 * merge asks for its buckets in order, pass after pass): one chunk's records held, not all of them.
 */
export function roadChunkRanges(dir: string, chunks: readonly HashedFile[]): (a: number, b: number) => RoadRecord[] {
  let k = -1;
  let chunk: RoadChunk | undefined;
  const load = (j: number) => {
    chunk = readBin<RoadChunk>(dir, chunks[j], `the road records, chunk ${j} (${chunks[j].file})`);
    k = j;
  };
  return (a, b) => {
    const out: RoadRecord[] = [];
    for (let r = a; r < b; r++) {
      if (!chunk || r < chunk.first) load(0);
      while (r >= (chunk as RoadChunk).first + (chunk as RoadChunk).id.length) load(k + 1);
      const c = chunk as RoadChunk;
      out.push(new ChunkRoad(c, r - c.first));
    }
    return out;
  };
}

/** Networks with at least this many vertices live in SharedArrayBuffers, as buildDataset's (build-dataset.ts). */
const SHARED_FROM_VERTICES = 1_000_000;

/**
 * The whole run's projected road network (buildDataset's `roads`: records in input order, their parts in
 * order) put together from the tile files: each part is taken from its owner's tile file, where the plan
 * wrote it with the whole run's projection. `partStart` (per record, length records + 1) and `partVertices`
 * (per part) come from the plan, so every array is allocated once at its size.
 */
export function wholeRoads(dir: string, tileFiles: readonly HashedFile[], plan: TilePlan, partStart: Uint32Array, partVertices: Uint32Array): RoadNetwork {
  const nParts = partVertices.length;
  const vStart = new Float64Array(nParts + 1);
  for (let p = 0; p < nParts; p++) vStart[p + 1] = vStart[p] + partVertices[p];
  const nv = vStart[nParts];
  const buffer = (bytes: number) => (nv >= SHARED_FROM_VERTICES ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const xy = new Float64Array(buffer(16 * nv));
  const roadStart = new Uint32Array(buffer(4 * (nParts + 1)));
  for (let p = 0; p <= nParts; p++) roadStart[p] = vStart[p];
  const [ids, names, classes] = [new Array<string>(nParts), new Array<string>(nParts), new Array<string>(nParts)];
  const out: RoadNetwork = {
    count: nParts, xy, roadStart, lengthM: new Float64Array(nParts), startM: new Float64Array(nParts),
    featureIndex: new Uint32Array(nParts), partIndex: new Uint32Array(nParts), ids, names, classes,
    bridge: new Uint8Array(nParts), tunnel: new Uint8Array(nParts), layer: new Int8Array(nParts), oneway: new Int8Array(nParts),
  };
  tileFiles.forEach((f, t) => {
    const { roads } = readBin<Omit<TileInput, "incidents" | "hazards">>(dir, f, `tile ${t}'s roads`);
    for (let k = 0; k < roads.count; k++) {
      const rec = roads.featureIndex[k];
      if (plan.ownerOf[rec] !== t) continue;
      const g = partStart[rec] + roads.partIndex[k];
      xy.set(roads.xy.subarray(2 * roads.roadStart[k], 2 * roads.roadStart[k + 1]), 2 * roadStart[g]);
      out.lengthM[g] = roads.lengthM[k];
      out.featureIndex[g] = rec;
      out.partIndex[g] = roads.partIndex[k];
      ids[g] = roads.ids[k];
      names[g] = roads.names[k];
      classes[g] = roads.classes[k];
      out.bridge[g] = roads.bridge[k];
      out.tunnel[g] = roads.tunnel[k];
      out.layer[g] = roads.layer[k];
      out.oneway[g] = roads.oneway[k];
    }
  });
  return out;
}
