import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { RoadNetwork } from "../../../core/road-network.ts";
import { allocateWhole, copyTile, type MergeLayout, scatter, tileIndices } from "./merge-layout.ts";
import type { TilePart } from "../tile-run.ts";

/**
 * The buckets of a bounded merge (merge-bounded.ts): consecutive road records [first[k], first[k + 1]) whose
 * lixels are a contiguous range of the whole run's lixels (input road order, then chainage: a record is
 * owned whole by one tile, merge-layout.ts), at most `maxLixels` of them unless one record alone has more.
 * O(records) to find, from the layout's per-record first lixels.
 */
export interface Buckets {
  /** Record that starts each bucket, buckets + 1 of them (the last = records). */
  first: Uint32Array;
  /** The bucket of each record. */
  of: Uint32Array;
}

export function bucketsOf(layout: MergeLayout, records: number, maxLixels: number): Buckets {
  const starts: number[] = [0];
  const of = new Uint32Array(records);
  for (let r = 0, from = 0; r < records; r++) {
    // a bucket closes before a record that would take it past maxLixels (a bucket holds at least one record)
    if (r > from && layout.lixelFirst[r + 1] - layout.lixelFirst[from] > maxLixels) {
      starts.push(r);
      from = r;
    }
    of[r] = starts.length - 1;
  }
  if (records > 0) starts.push(records);
  return { first: Uint32Array.from(starts), of };
}

/** What a bucket's spool holds of one tile: its pieces and lixels of the bucket's records (contiguous in the tile), with their per-lixel parts. */
type Slice = Pick<TilePart, "pieceRecord" | "pieces" | "lixels" | "proximity"> & { risk: Omit<TilePart["risk"], "nearestLixelM" | "strips" | "mass" | "reachM"> };

/**
 * Spool files, one per bucket, in a folder of their own: each tile's part is cut into the slices of the
 * buckets it has records in and each slice appended to its bucket's file (a length, then the v8 bytes).
 * Tiles are read once for this (with the snapping); a bucket is then read alone (readBucket). Written by
 * hand: this is a scratch format of this process, read back only by it, removed when the merge ends.
 */
export function bucketSpool(dir: string, buckets: Buckets): { add(part: TilePart): void; close(): void; read(k: number): Slice[]; keepLonLat(k: number, lonLat: Float64Array): void; lonLat(k: number): Float64Array | undefined; remove(): void } {
  mkdirSync(dir, { recursive: true });
  const count = buckets.first.length - 1;
  const fds = Array.from({ length: count }, (_, k) => openSync(join(dir, `bucket-${k}.bin`), "w"));
  const head = Buffer.alloc(4);
  return {
    add(part) {
      for (const s of slicesOf(part, buckets)) {
        const bytes = serialize(s.slice);
        head.writeUInt32LE(bytes.length);
        writeSync(fds[s.bucket], head);
        writeSync(fds[s.bucket], bytes);
      }
    },
    close: () => fds.forEach((fd) => closeSync(fd)),
    read(k) {
      const all = readFileSync(join(dir, `bucket-${k}.bin`));
      const out: Slice[] = [];
      for (let at = 0; at < all.length; ) {
        const n = all.readUInt32LE(at);
        out.push(deserialize(all.subarray(at + 4, at + 4 + n)) as Slice);
        at += 4 + n;
      }
      return out;
    },
    // a bucket's lixel vertices in lon/lat, kept once computed (proj4's inverse is a third of a pass over the buckets)
    keepLonLat: (k, lonLat) => writeFileSync(join(dir, `bucket-${k}.lonlat`), new Uint8Array(lonLat.buffer, lonLat.byteOffset, lonLat.byteLength)),
    lonLat(k) {
      const path = join(dir, `bucket-${k}.lonlat`);
      if (!existsSync(path)) return undefined;
      const out = new Float64Array(new SharedArrayBuffer(statSync(path).size));
      const fd = openSync(path, "r");
      try {
        for (let at = 0; at < out.byteLength; ) at += readSync(fd, new Uint8Array(out.buffer, at), 0, out.byteLength - at, at);
      } finally {
        closeSync(fd);
      }
      return out;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A tile's part cut at bucket boundaries: its pieces are in ascending record order and its lixels in piece order. */
function* slicesOf(part: TilePart, buckets: Buckets): Generator<{ bucket: number; slice: Slice }> {
  const { pieceRecord, pieces, lixels } = part;
  for (let p0 = 0, l0 = 0; p0 < pieces.count; ) {
    const bucket = buckets.of[pieceRecord[p0]];
    let p1 = p0 + 1;
    while (p1 < pieces.count && buckets.of[pieceRecord[p1]] === bucket) p1++;
    let l1 = l0;
    while (l1 < lixels.count && lixels.road[l1] < p1) l1++;
    yield { bucket, slice: sliceOf(part, p0, p1, l0, l1) };
    p0 = p1;
    l0 = l1;
  }
}

function sliceOf(part: TilePart, p0: number, p1: number, l0: number, l1: number): Slice {
  const src = part.pieces;
  const v0 = src.roadStart[p0];
  const roadStart = new Uint32Array(p1 - p0 + 1);
  for (let p = p0; p <= p1; p++) roadStart[p - p0] = src.roadStart[p] - v0;
  const pieces: RoadNetwork = {
    count: p1 - p0, xy: src.xy.subarray(2 * v0, 2 * src.roadStart[p1]), roadStart, lengthM: src.lengthM.subarray(p0, p1), startM: src.startM.subarray(p0, p1),
    featureIndex: src.featureIndex.subarray(p0, p1), partIndex: src.partIndex.subarray(p0, p1), ids: src.ids.slice(p0, p1), names: src.names.slice(p0, p1), classes: src.classes.slice(p0, p1),
    bridge: src.bridge.subarray(p0, p1), tunnel: src.tunnel.subarray(p0, p1), layer: src.layer.subarray(p0, p1), oneway: src.oneway.subarray(p0, p1),
  };
  const L = part.lixels;
  const w0 = L.start[l0];
  const start = new Uint32Array(l1 - l0 + 1);
  for (let l = l0; l <= l1; l++) start[l - l0] = L.start[l] - w0;
  const road = new Uint32Array(l1 - l0);
  for (let l = l0; l < l1; l++) road[l - l0] = L.road[l] - p0;
  const lix = { count: l1 - l0, xy: L.xy.subarray(2 * w0, 2 * L.start[l1]), start, road, fromM: L.fromM.subarray(l0, l1), lengthM: L.lengthM.subarray(l0, l1), lixelLengthM: L.lixelLengthM };
  const r = part.risk;
  const cut = (a: Float64Array) => a.subarray(l0, l1);
  return {
    pieceRecord: part.pieceRecord.subarray(p0, p1),
    pieces,
    lixels: lix,
    risk: { local: cut(r.local), network: cut(r.network), regional: cut(r.regional), total: cut(r.total), casualty: r.casualty ? cut(r.casualty) : undefined, confirmedShare: cut(r.confirmedShare), suspectedShare: cut(r.suspectedShare), nearestHazardM: cut(r.nearestHazardM) },
    proximity: { nearestIncidentM: cut(part.proximity.nearestIncidentM), nearestIncident: part.proximity.nearestIncident.subarray(l0, l1), countWithin: part.proximity.countWithin.map((c) => c.subarray(l0, l1)) },
  };
}

/** One bucket's pieces, lixels and per-lixel parts in the whole run's order; `featureIndex` counts from the bucket's first record. */
export interface BucketArrays {
  firstRecord: number;
  firstPiece: number;
  firstLixel: number;
  roads: ReturnType<typeof allocateWhole>["roads"];
  lixels: ReturnType<typeof allocateWhole>["lixels"];
  col: { local: Float64Array; network: Float64Array; regional: Float64Array; total: Float64Array; casualty: Float64Array | undefined; confirmedShare: Float64Array; suspectedShare: Float64Array; nearestHazardM: Float64Array };
  proximity: { nearestIncidentM: Float64Array; nearestIncident: Int32Array; radiiM: readonly number[]; countWithin: Uint32Array[] };
}

/**
 * Bucket k put together from its slices, by the code that puts a whole run together from its tiles
 * (merge-layout.ts allocateWhole, tileIndices, copyTile, scatter), on the layout of the bucket's records
 * alone: the same values in the same order as the whole run's lixels first[k]…, so everything computed
 * from them elementwise is the same double.
 */
export function bucketArrays(slices: readonly Slice[], layout: MergeLayout, buckets: Buckets, k: number, options: { lixelLengthM: number; radiiM: readonly number[]; casualty: boolean }): BucketArrays {
  const a = buckets.first[k];
  const b = buckets.first[k + 1];
  const shift = (arr: Uint32Array) => {
    const out = new Uint32Array(b - a + 1);
    for (let r = a; r <= b; r++) out[r - a] = arr[r] - arr[a];
    return out;
  };
  const local: MergeLayout = {
    pieceFirst: shift(layout.pieceFirst), pieceVertexFirst: shift(layout.pieceVertexFirst), lixelFirst: shift(layout.lixelFirst), lixelVertexFirst: shift(layout.lixelVertexFirst),
    pieces: layout.pieceFirst[b] - layout.pieceFirst[a], pieceVertices: layout.pieceVertexFirst[b] - layout.pieceVertexFirst[a],
    lixels: layout.lixelFirst[b] - layout.lixelFirst[a], lixelVertices: layout.lixelVertexFirst[b] - layout.lixelVertexFirst[a],
  };
  const { roads, lixels } = allocateWhole(local, options.lixelLengthM);
  const m = local.lixels;
  const col = { local: new Float64Array(m), network: new Float64Array(m), regional: new Float64Array(m), total: new Float64Array(m), casualty: options.casualty ? new Float64Array(m) : undefined, confirmedShare: new Float64Array(m), suspectedShare: new Float64Array(m), nearestHazardM: new Float64Array(m) };
  const proximity = { nearestIncidentM: new Float64Array(m), nearestIncident: new Int32Array(m), radiiM: options.radiiM, countWithin: options.radiiM.map(() => new Uint32Array(m)) };
  for (const s of slices) {
    const pieceRecord = new Uint32Array(s.pieceRecord.length);
    for (let p = 0; p < pieceRecord.length; p++) pieceRecord[p] = s.pieceRecord[p] - a;
    const part = { ...s, pieceRecord } as unknown as TilePart;
    const at = tileIndices(part, local);
    copyTile({ roads, lixels }, part, at, local);
    for (const key of ["local", "network", "regional", "total", "confirmedShare", "suspectedShare", "nearestHazardM"] as const) scatter(col[key], s.risk[key], at.lixel);
    if (col.casualty && s.risk.casualty) scatter(col.casualty, s.risk.casualty, at.lixel);
    scatter(proximity.nearestIncidentM, s.proximity.nearestIncidentM, at.lixel);
    scatter(proximity.nearestIncident, s.proximity.nearestIncident, at.lixel);
    proximity.countWithin.forEach((c, j) => scatter(c, s.proximity.countWithin[j], at.lixel));
  }
  for (let p = 0; p < roads.count; p++) roads.featureIndex[p] -= a;
  return { firstRecord: a, firstPiece: layout.pieceFirst[a], firstLixel: layout.lixelFirst[a], roads, lixels, col, proximity };
}
