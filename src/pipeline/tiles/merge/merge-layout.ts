import type { Lixels } from "../../../core/lixels.ts";
import type { RoadNetwork } from "../../../core/road-network.ts";
import type { TilePart } from "../tile-run.ts";

/**
 * The tiles of a merge, read one at a time: `read(k)` gives tile k's part (from memory, or from the run
 * folder, checked by hash). The merge passes over them more than once and never holds two at a time.
 */
export interface TileSource {
  readonly count: number;
  read(k: number): TilePart;
}

/** Tiles already in memory, as a source (sorted by tile). */
export function arraySource(parts: readonly TilePart[]): TileSource {
  const sorted = [...parts].sort((a, b) => a.tile - b.tile);
  return { count: sorted.length, read: (k) => sorted[k] };
}

/**
 * Where each road record's pieces, lixels and their vertices begin in the whole run (input road order,
 * then chainage: a record is owned whole by one tile). O(records): counted in one pass over the tiles.
 */
export interface MergeLayout {
  pieceFirst: Uint32Array;
  pieceVertexFirst: Uint32Array;
  lixelFirst: Uint32Array;
  lixelVertexFirst: Uint32Array;
  pieces: number;
  pieceVertices: number;
  lixels: number;
  lixelVertices: number;
}

/** Count one tile's pieces, lixels and vertices per record into `counts` (arrays of length records + 1). */
export function countTile(counts: Omit<MergeLayout, "pieces" | "pieceVertices" | "lixels" | "lixelVertices">, part: TilePart): void {
  const { pieceRecord, pieces, lixels } = part;
  for (let p = 0; p < pieces.count; p++) {
    counts.pieceFirst[pieceRecord[p]]++;
    counts.pieceVertexFirst[pieceRecord[p]] += pieces.roadStart[p + 1] - pieces.roadStart[p];
  }
  for (let l = 0; l < lixels.count; l++) {
    const r = pieceRecord[lixels.road[l]];
    counts.lixelFirst[r]++;
    counts.lixelVertexFirst[r] += lixels.start[l + 1] - lixels.start[l];
  }
}

export function emptyCounts(records: number) {
  return { pieceFirst: new Uint32Array(records + 1), pieceVertexFirst: new Uint32Array(records + 1), lixelFirst: new Uint32Array(records + 1), lixelVertexFirst: new Uint32Array(records + 1) };
}

/** The counts turned into first positions (exclusive prefix sums, in place); the totals. */
export function layoutOf(counts: ReturnType<typeof emptyCounts>): MergeLayout {
  const prefix = (a: Uint32Array) => {
    let s = 0;
    for (let r = 0; r < a.length; r++) {
      const c = a[r];
      a[r] = s;
      s += c;
    }
    return s;
  };
  return { ...counts, pieces: prefix(counts.pieceFirst), pieceVertices: prefix(counts.pieceVertexFirst), lixels: prefix(counts.lixelFirst), lixelVertices: prefix(counts.lixelVertexFirst) };
}

/**
 * Whole-run index of each of a tile's pieces and lixels. Within a tile, a record's pieces and lixels are
 * contiguous and in the whole run's order (the tile keeps input order), so each is its record's first
 * position plus its offset from the record's first one in the tile.
 */
export function tileIndices(part: TilePart, layout: MergeLayout): { piece: Uint32Array; lixel: Uint32Array } {
  const { pieceRecord, lixels } = part;
  const piece = new Uint32Array(part.pieces.count);
  for (let p = 0, at = 0; p < piece.length; p++) {
    if (p === 0 || pieceRecord[p] !== pieceRecord[p - 1]) at = p;
    piece[p] = layout.pieceFirst[pieceRecord[p]] + p - at;
  }
  const lixel = new Uint32Array(lixels.count);
  for (let l = 0, at = 0, r = -1; l < lixel.length; l++) {
    const rl = pieceRecord[lixels.road[l]];
    if (rl !== r) {
      r = rl;
      at = l;
    }
    lixel[l] = layout.lixelFirst[rl] + l - at;
  }
  return { piece, lixel };
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The whole run's pieces and lixels, allocated once (filled tile by tile by copyTile). */
export function allocateWhole(layout: MergeLayout, lixelLengthM: number): { roads: Writable<RoadNetwork> & { ids: string[]; names: string[]; classes: string[] }; lixels: Writable<Lixels> } {
  const n = layout.pieces;
  const roads = {
    count: n, xy: new Float64Array(2 * layout.pieceVertices), roadStart: new Uint32Array(n + 1), lengthM: new Float64Array(n), startM: new Float64Array(n),
    featureIndex: new Uint32Array(n), partIndex: new Uint32Array(n), ids: new Array<string>(n), names: new Array<string>(n), classes: new Array<string>(n),
    bridge: new Uint8Array(n), tunnel: new Uint8Array(n), layer: new Int8Array(n), oneway: new Int8Array(n),
  };
  roads.roadStart[n] = layout.pieceVertices;
  const m = layout.lixels;
  const start = new Uint32Array(m + 1);
  start[m] = layout.lixelVertices;
  const lixels = { count: m, xy: new Float64Array(2 * layout.lixelVertices), start, road: new Uint32Array(m), fromM: new Float64Array(m), lengthM: new Float64Array(m), lixelLengthM };
  return { roads, lixels };
}

/** Copy one tile's pieces and lixels into their whole-run places. */
export function copyTile(whole: ReturnType<typeof allocateWhole>, part: TilePart, at: ReturnType<typeof tileIndices>, layout: MergeLayout): void {
  const { roads } = whole;
  const src = part.pieces;
  for (let p = 0, v = 0, r = -1; p < src.count; p++) {
    const rec = part.pieceRecord[p];
    if (rec !== r) {
      r = rec;
      v = layout.pieceVertexFirst[rec];
    }
    const k = at.piece[p];
    const a = src.roadStart[p];
    const b = src.roadStart[p + 1];
    roads.roadStart[k] = v;
    roads.xy.set(src.xy.subarray(2 * a, 2 * b), 2 * v);
    v += b - a;
    roads.lengthM[k] = src.lengthM[p];
    roads.startM[k] = src.startM[p];
    roads.featureIndex[k] = src.featureIndex[p];
    roads.partIndex[k] = src.partIndex[p];
    roads.ids[k] = src.ids[p];
    roads.names[k] = src.names[p];
    roads.classes[k] = src.classes[p];
    roads.bridge[k] = src.bridge[p];
    roads.tunnel[k] = src.tunnel[p];
    roads.layer[k] = src.layer[p];
    roads.oneway[k] = src.oneway[p];
  }
  const L = part.lixels;
  const out = whole.lixels;
  for (let l = 0, v = 0, r = -1; l < L.count; l++) {
    const rec = part.pieceRecord[L.road[l]];
    if (rec !== r) {
      r = rec;
      v = layout.lixelVertexFirst[rec];
    }
    const g = at.lixel[l];
    out.start[g] = v;
    out.xy.set(L.xy.subarray(2 * L.start[l], 2 * L.start[l + 1]), 2 * v);
    v += L.start[l + 1] - L.start[l];
    out.road[g] = at.piece[L.road[l]];
    out.fromM[g] = L.fromM[l];
    out.lengthM[g] = L.lengthM[l];
  }
}

/** Copy a tile's per-lixel column into its whole-run places. */
export function scatter<T extends Float64Array | Int32Array | Uint32Array>(into: T, from: T, lixelAt: Uint32Array): void {
  for (let l = 0; l < lixelAt.length; l++) into[lixelAt[l]] = from[l];
}
