import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { RoadNetwork } from "../../core/road-network.ts";
import type { TileInput } from "./tile-run.ts";

/**
 * The bounded plan's tile files, built without holding the roads: pass 3 appends each road part to the
 * spool of every tile that reads it (its owner and the tiles that have it in their halo), in input order;
 * then each tile's spool is read back alone and becomes the same object tileInputOf cuts from the whole
 * dataset (same keys, same order, same arrays), so its v8 bytes and hash are the in-memory plan's
 * (test/pipeline/tiles/plan-bounded.test.ts). A spool entry is one part:
 *   u32 record (0-based), u32 part, u32 positions, u32 source record (1-based), u8 bridge, u8 tunnel,
 *   i8 layer, i8 oneway, f64 length (m), u32 n + n bytes of JSON [part id, name, class, record id],
 *   then the projected positions as f64 x, y.
 * Hand-written: a fixed little layout read back in one pass; no library is needed for it.
 */
export interface PartToSpool {
  record: number;
  part: number;
  sourceRecord: number;
  bridge: boolean;
  tunnel: boolean;
  layer: number;
  oneway: number;
  lengthM: number;
  partId: string;
  name: string;
  class: string;
  recordId: string;
  /** Projected positions of the part (x, y interleaved). */
  xy: Float64Array;
}

const HEAD = 4 * 4 + 4 + 8 + 4;

export interface TileSpool {
  append(tiles: ArrayLike<number>, from: number, to: number, part: PartToSpool): void;
  /** Flush, close, and build tile t's input (its spool is then deleted). */
  finish(): void;
  tileInput(t: number, owned: Uint32Array, sourceFile: string): Omit<TileInput, "incidents" | "hazards">;
}

export function tileSpool(dir: string, nTiles: number): TileSpool {
  mkdirSync(join(dir, "tiles"), { recursive: true });
  const path = (t: number) => join(dir, "tiles", `spool-${String(t).padStart(4, "0")}.tmp`);
  const fds = Array.from({ length: nTiles }, (_, t) => openSync(path(t), "w"));
  // about 64 MiB of buffers in all, at most 1 MiB a tile: few writes, little memory
  const cap = Math.max(64 * 1024, Math.min(2 ** 20, Math.floor(2 ** 26 / Math.max(1, nTiles))));
  const bufs = Array.from({ length: nTiles }, () => Buffer.allocUnsafe(cap));
  const used = new Uint32Array(nTiles);
  const flush = (t: number) => {
    if (used[t] > 0) writeSync(fds[t], bufs[t], 0, used[t]);
    used[t] = 0;
  };
  const write = (t: number, bytes: Uint8Array) => {
    if (used[t] + bytes.length > cap) flush(t);
    if (bytes.length > cap) writeSync(fds[t], bytes);
    else {
      bufs[t].set(bytes, used[t]);
      used[t] += bytes.length;
    }
  };
  return {
    append(tiles, from, to, p) {
      const text = Buffer.from(JSON.stringify([p.partId, p.name, p.class, p.recordId]));
      const entry = Buffer.allocUnsafe(HEAD + text.length + p.xy.byteLength);
      entry.writeUInt32LE(p.record, 0);
      entry.writeUInt32LE(p.part, 4);
      entry.writeUInt32LE(p.xy.length / 2, 8);
      entry.writeUInt32LE(p.sourceRecord, 12);
      entry.writeUInt8(p.bridge ? 1 : 0, 16);
      entry.writeUInt8(p.tunnel ? 1 : 0, 17);
      entry.writeInt8(p.layer, 18);
      entry.writeInt8(p.oneway, 19);
      entry.writeDoubleLE(p.lengthM, 20);
      entry.writeUInt32LE(text.length, 28);
      entry.set(text, HEAD);
      entry.set(new Uint8Array(p.xy.buffer, p.xy.byteOffset, p.xy.byteLength), HEAD + text.length);
      for (let k = from; k < to; k++) write(tiles[k], entry);
    },
    finish() {
      for (let t = 0; t < nTiles; t++) {
        flush(t);
        closeSync(fds[t]);
      }
    },
    tileInput(t, owned, sourceFile) {
      const bytes = readFileSync(path(t));
      const input = readSpool(bytes, t, owned, sourceFile);
      rmSync(path(t));
      return input;
    },
  };
}

/** A tile's spool as tileInputOf's object (pickPieces's network, the sources, the owned records). */
function readSpool(b: Buffer, tile: number, owned: Uint32Array, sourceFile: string): Omit<TileInput, "incidents" | "hazards"> {
  let n = 0;
  let nv = 0;
  for (let o = 0; o < b.length; n++) {
    const verts = b.readUInt32LE(o + 8);
    nv += verts;
    o += HEAD + b.readUInt32LE(o + 28) + 16 * verts;
  }
  const xy = new Float64Array(2 * nv);
  const xyBytes = new Uint8Array(xy.buffer);
  const roadStart = new Uint32Array(n + 1);
  const lengthM = new Float64Array(n);
  const featureIndex = new Uint32Array(n);
  const partIndex = new Uint32Array(n);
  // filled by push, not new Array(n): V8 serializes a holey array in its sparse form, other bytes than pickPieces's Array.from
  const [ids, names, classes, recordIds]: string[][] = [[], [], [], []];
  const [bridge, tunnel, layer, oneway] = [new Uint8Array(n), new Uint8Array(n), new Int8Array(n), new Int8Array(n)];
  const record = new Uint32Array(n);
  let v = 0;
  for (let o = 0, k = 0; k < n; k++) {
    featureIndex[k] = b.readUInt32LE(o);
    partIndex[k] = b.readUInt32LE(o + 4);
    const verts = b.readUInt32LE(o + 8);
    record[k] = b.readUInt32LE(o + 12);
    bridge[k] = b[o + 16];
    tunnel[k] = b[o + 17];
    layer[k] = b.readInt8(o + 18);
    oneway[k] = b.readInt8(o + 19);
    lengthM[k] = b.readDoubleLE(o + 20);
    const len = b.readUInt32LE(o + 28);
    const [id, name, cls, recordId] = JSON.parse(b.toString("utf8", o + HEAD, o + HEAD + len)) as string[];
    ids.push(id);
    names.push(name);
    classes.push(cls);
    recordIds.push(recordId);
    roadStart[k] = v;
    xyBytes.set(b.subarray(o + HEAD + len, o + HEAD + len + 16 * verts), 16 * v);
    v += verts;
    o += HEAD + len + 16 * verts;
  }
  roadStart[n] = v;
  const roads: RoadNetwork = { count: n, xy, roadStart, lengthM, startM: new Float64Array(n), featureIndex, partIndex, ids, names, classes, bridge, tunnel, layer, oneway };
  const sources = { file: Array.from({ length: n }, () => sourceFile), record, id: recordIds };
  return { tile, roads, sources, owned };
}
