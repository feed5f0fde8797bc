/**
 * FlatGeobuf from a blocked layer (blocked-layer.ts: consecutive TypedLayer blocks made one at a time, e.g.
 * the lixels of a tiled run, ≈ 87 M at XL), exactly the bytes write-flatgeobuf-typed.ts writes for the
 * whole layer the blocks make up (test/io/flatgeobuf-blocked.test.ts), never holding that layer nor its
 * index. The file stores its features in Hilbert order, which jumps across blocks, so they go through
 * bucket files on disk by their rank in that order (a distribution sort: every read and write sequential,
 * each feature written and read once more than in the typed writer):
 * A. one pass over the blocks: the header's columns by write-flatgeobuf-typed.ts's rule per block
 *    (columnFirsts), merged (a key's first feature is its first block's, kinds are united, the integer flag
 *    holds only if every block's numbers are 32-bit integers: a block may hold a column as numbers, another
 *    as "any" values or only undefined); each feature's box (rounded vertices) appended to a box file, and
 *    the extent. Magic and header. The box file read back in pieces for the Hilbert keys; their order
 *    (radixOrder: the order hilbertOrder gives, by key, ties by feature) and each feature's rank in it.
 * B. a second pass: each feature encoded by typedFeatureEncoder with the whole layer's columns and
 *    appended, after its rank and box, to the bucket of its rank (bucket w: ranks [w·per, (w + 1)·per)),
 *    its size kept by rank.
 * C. bucket by bucket in rank order: read whole, its features put in rank order into one buffer and
 *    written at their place, their leaf nodes (box, offset) written into the index, their parents' boxes
 *    grown, the bucket's file removed; then the inner nodes (fillParents from the first inner level up).
 * A caller that passes over the blocks anyway can make pass A on its way (flatGeobufPrepass) and spare
 * the writer one pass over the blocks.
 * Held: 12 B per feature while the order is sorted (keys, order, radix buffer), then 8 B (ranks, sizes),
 * then ≈ 6.5 B (sizes, inner nodes); one block of the layer; the buckets' buffers (≤ 512 × 128 KiB); in C
 * one bucket twice (≈ 2 × 75 MB at 87 M lixels). On disk: 32 B per feature of boxes during A, then the
 * features once in the buckets, 36 B more each (shrinking as C copies them), besides the file. The scratch folder is
 * removed at the end, also on error.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ColumnMeta } from "flatgeobuf/lib/mjs/column-meta.js";
import { ColumnType } from "flatgeobuf/lib/mjs/flat-geobuf/column-type.js";
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import { bucketFiles, readAll, writeAll } from "../stage/bucket-files.ts";
import { type ColumnData, forgetColumnData, layerColumnData } from "../typed/column-data.ts";
import type { BlockedLayer } from "./blocked-layer.ts";
import type { TypedLayer } from "./typed-layer.ts";
import { type StagedFile, writeAtomicWith } from "./write-file.ts";
import { typedFeatureEncoder } from "./write-flatgeobuf-feature.ts";
import { fillParents, hilbertKeys, levelBounds, NODE_BYTES, nodeBytes, radixOrder } from "./write-flatgeobuf-index.ts";
import { type ColumnFirst, columnFirsts, layerBoxes, orderedColumnKinds } from "./write-flatgeobuf-typed.ts";
import { buildHeader, columnMeta, geometryType, MAGIC, NODE_SIZE } from "./write-flatgeobuf.ts";

/** At most this many bucket files (each open while the features are spooled; ≈ 75 MB each at 87 M lixels). */
const MAX_BUCKETS = 512;
/** Fewest features per bucket, so a small layer does not open hundreds of files. */
const MIN_BUCKET_FEATURES = 1 << 16;
/** Bytes gathered per bucket before they are appended to its file. */
const BUCKET_BUFFER = 1 << 17;
/** Boxes per read of the box file, inner index nodes per write. */
const PIECE = 1 << 15;
/** A bucket record before the feature: its rank (uint32) and box (4 float64). */
const RECORD_HEAD = 36;

export interface BlockedFlatGeobufOptions {
  /** The header's layer name (default "layer"). */
  name?: string;
  /** Files never to write over (the run's inputs). */
  protect?: readonly string[];
  /** Folder for the scratch folder of box and bucket files (default: the folder of `path`); they hold as many bytes as the features. */
  tmpDir?: string;
  /** Called after every block read and every bucket written. */
  beat?: () => void;
  /** Pass A already made by the caller ({@link flatGeobufPrepass}, its scratch folder used instead of tmpDir): one pass over the blocks, not two. */
  prepass?: FlatGeobufPrepass;
}

/**
 * Pass A gathered by a caller that passes over the blocks anyway (e.g. writing the layer's GeoJSON): `add`
 * each block in the layer's order, then give it to {@link writeBlockedFlatGeobuf} as `prepass`, which then
 * makes only pass B over the blocks (and checks that they hold what was added). The writer removes its
 * scratch folder; `dispose` does when the writer is not called after all.
 */
export interface FlatGeobufPrepass {
  add(block: TypedLayer): void;
  dispose(): void;
}

/** Pass A's findings so far: the scratch folder and its box file, the merged column kinds, the blocks' lengths, the extent. */
interface PassA {
  scratch: string;
  fd: number;
  merged: ColumnFirst[];
  lengths: number[];
  /** The first block's column names and geometry type (not the block: it would be held the whole write). */
  columnNames: string[] | undefined;
  type: TypedLayer["geometryType"] | undefined;
  names: string;
  start: number;
  extent: number[];
}

const PREPASSES = new WeakMap<FlatGeobufPrepass, PassA>();

/** A new {@link FlatGeobufPrepass} whose scratch folder (boxes now, buckets later) is made in `tmpDir`. */
export function flatGeobufPrepass(options: { tmpDir: string }): FlatGeobufPrepass {
  const a = newPassA(options.tmpDir);
  const prepass: FlatGeobufPrepass = {
    add: (block) => addToPassA(a, block),
    dispose: () => {
      PREPASSES.delete(prepass);
      endPassA(a);
    },
  };
  PREPASSES.set(prepass, a);
  return prepass;
}

/** Write a blocked layer as FlatGeobuf atomically, the bytes of writeTypedFlatGeobuf for the whole layer; returns the feature count. */
export function writeBlockedFlatGeobuf(path: string, layer: BlockedLayer, options: BlockedFlatGeobufOptions = {}): number {
  const given = options.prepass ? PREPASSES.get(options.prepass) : undefined;
  if (options.prepass && !given) throw new Error("writeBlockedFlatGeobuf: the prepass was used or disposed already, or not made by flatGeobufPrepass");
  if (options.prepass) PREPASSES.delete(options.prepass);
  let a = given;
  try {
    writeAtomicWith(path, (file) => {
      a ??= ownPassA(layer, options.tmpDir ?? dirname(resolve(path)), options.beat);
      writeFromPassA(file, layer, a, options);
    }, options.protect ?? []);
  } finally {
    if (a) endPassA(a);
  }
  return layer.length;
}

/**
 * The bytes of {@link writeBlockedFlatGeobuf} written to `file` (both passes), through a scratch folder in
 * `tmpDir`, removed at the end. `bucketFeatures` and `bufferBytes` (tests) set the features per bucket and
 * the bytes gathered per bucket before a write.
 */
export function writeBlockedFlatGeobufTo(file: StagedFile, layer: BlockedLayer, tmpDir: string, options: { name?: string; beat?: () => void; bucketFeatures?: number; bufferBytes?: number } = {}): void {
  let a: PassA | undefined;
  try {
    a = ownPassA(layer, tmpDir, options.beat);
    writeFromPassA(file, layer, a, options);
  } finally {
    if (a) endPassA(a);
  }
}

function ownPassA(layer: BlockedLayer, tmpDir: string, beat: (() => void) | undefined): PassA {
  const a = newPassA(tmpDir);
  try {
    checkedBlocks(layer, (block) => {
      addToPassA(a, block);
      beat?.();
    });
  } catch (e) {
    endPassA(a);
    throw e;
  }
  return a;
}

/** Pass A's end (the box file closed), steps B and C; the scratch folder's files removed as they are read. */
function writeFromPassA(file: StagedFile, layer: BlockedLayer, a: PassA, options: { name?: string; beat?: () => void; bucketFeatures?: number; bufferBytes?: number }): void {
  const n = layer.length;
  const beat = options.beat ?? (() => {});
  if (a.fd >= 0) closeSync(a.fd);
  a.fd = -1;
  if (a.start !== n) throw new Error(`blocked layer: its ${a.lengths.length} block(s) hold ${a.start} features, the layer says ${n}`);
  const { extent, scratch } = a;
  const boxFile = join(scratch, "boxes");
  const type = a.type;
  const columns = columnMeta(orderedColumnKinds((a.columnNames ?? []).map((name) => ({ name, value: () => undefined })), a.merged.filter((m) => m !== undefined)));
  const meta: HeaderMeta = { geometryType: geometryType(new Set(n > 0 && type ? [type] : [])), columns, envelope: null, featuresCount: n, indexNodeSize: NODE_SIZE, crs: null, title: null, description: null, metadata: null };
  const header = buildHeader(meta, n > 0 ? extent : null, options.name ?? "layer");
  file.write(MAGIC);
  file.write(header);
  if (n === 0) return;
  const bounds = levelBounds(n, NODE_SIZE);
  const leaf0 = bounds[0][0];
  const indexAt = MAGIC.length + header.length;
  const featuresAt = indexAt + bounds[0][1] * NODE_BYTES;
  const per = options.bucketFeatures ?? Math.max(MIN_BUCKET_FEATURES, Math.ceil(n / MAX_BUCKETS));
  const buckets = bucketFiles(scratch, Math.ceil(n / per), options.bufferBytes ?? BUCKET_BUFFER, RECORD_HEAD);
  let rank: Uint32Array | undefined = hilbertRanks(boxFile, n, extent);
  rmSync(boxFile);
  const sizes = new Uint32Array(n); // by rank
  try {
    passB(layer, rank, a, columns, (r, boxes, j, bytes) => {
      sizes[r] = bytes.length;
      buckets.add(Math.floor(r / per), r, boxes, j, bytes);
    }, beat);
  } finally {
    buckets.close();
  }
  rank = undefined; // let the ranks go before C
  // C: the inner levels (node indices below leaf0), the first of them grown from the leaves as they pass
  const inner = new Float64Array(4 * leaf0);
  const innerOffset = new Float64Array(leaf0);
  const parent0 = bounds[1][0];
  for (let p = parent0; p < leaf0; p++) {
    inner[4 * p] = inner[4 * p + 1] = Infinity;
    inner[4 * p + 2] = inner[4 * p + 3] = -Infinity;
  }
  let size = 0; // bytes of the features before the bucket's
  let window = new Uint8Array(0);
  for (let w = 0, from = 0; from < n; w++, from += per) {
    const count = Math.min(n, from + per) - from;
    const offsets = new Float64Array(count);
    let end = size;
    for (let k = 0; k < count; k++) {
      offsets[k] = end;
      end += sizes[from + k];
    }
    if (window.length < end - size) window = new Uint8Array(end - size);
    const boxes = new Float64Array(4 * count);
    const data = buckets.take(w);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let p = 0; p < data.length; ) {
      const k = view.getUint32(p, true) - from;
      for (let c = 0; c < 4; c++) boxes[4 * k + c] = view.getFloat64(p + 4 + 8 * c, true);
      const length = 4 + view.getUint32(p + RECORD_HEAD, true); // a size-prefixed feature: its size, then the feature
      window.set(data.subarray(p + RECORD_HEAD, p + RECORD_HEAD + length), offsets[k] - size);
      p += RECORD_HEAD + length;
    }
    file.writeAt(window.subarray(0, end - size), featuresAt + size);
    file.writeAt(nodeBytes(boxes, offsets, 0, count), indexAt + (leaf0 + from) * NODE_BYTES);
    for (let k = 0; k < count; k++) {
      // as fillParents: each parent bounds its NODE_SIZE children, its offset the node index of the first
      const p = parent0 + Math.floor((from + k) / NODE_SIZE);
      if ((from + k) % NODE_SIZE === 0) innerOffset[p] = leaf0 + from + k;
      inner[4 * p] = Math.min(inner[4 * p], boxes[4 * k]);
      inner[4 * p + 1] = Math.min(inner[4 * p + 1], boxes[4 * k + 1]);
      inner[4 * p + 2] = Math.max(inner[4 * p + 2], boxes[4 * k + 2]);
      inner[4 * p + 3] = Math.max(inner[4 * p + 3], boxes[4 * k + 3]);
    }
    size = end;
    beat();
  }
  fillParents(inner, innerOffset, bounds.slice(1), NODE_SIZE);
  for (let from = 0; from < leaf0; from += PIECE) file.writeAt(nodeBytes(inner, innerOffset, from, Math.min(leaf0, from + PIECE)), indexAt + from * NODE_BYTES);
  beat();
}

function newPassA(tmpDir: string): PassA {
  mkdirSync(tmpDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpDir, `.fgb-scratch-${process.pid}-`)); // the pid: whose it is, if a killed run leaves it
  return { scratch, fd: openSync(join(scratch, "boxes"), "w"), merged: [], lengths: [], columnNames: undefined, type: undefined, names: "", start: 0, extent: [Infinity, Infinity, -Infinity, -Infinity] };
}

/** Pass A for one block (the module comment's step A): its boxes appended to the box file, its column kinds merged. */
function addToPassA(a: PassA, block: TypedLayer): void {
  if (a.fd < 0) throw new Error("flatGeobufPrepass: a block added after the writer took the prepass, or after dispose");
  const k = a.lengths.length + 1;
  const these = block.columns.map((c) => c.name).join("\u0000");
  if (!a.columnNames) [a.columnNames, a.type, a.names] = [block.columns.map((c) => c.name), block.geometryType, these];
  // a defect of whoever made the blocks (not of user data): a plain Error that says which block
  if (block.geometryType !== a.type) throw new Error(`blocked layer: block ${k} holds ${block.geometryType}s, block 1 ${a.type}s`);
  if (these !== a.names) throw new Error(`blocked layer: block ${k} has the columns ${block.columns.map((c) => c.name).join(", ")}, not those of block 1`);
  const boxes = new Float64Array(4 * block.length);
  layerBoxes(block, boxes, 0, a.extent);
  writeAll(a.fd, new Uint8Array(boxes.buffer), 32 * a.start);
  for (const f of columnFirsts(block, layerColumnData(block))) {
    const m = a.merged[f.k];
    if (!m) {
      a.merged[f.k] = { k: f.k, first: a.start + f.first, kinds: f.kinds, ints: f.ints };
      continue;
    }
    for (const kind of f.kinds) m.kinds.add(kind);
    m.ints = m.ints === undefined ? f.ints : f.ints === undefined ? m.ints : m.ints && f.ints;
  }
  a.lengths.push(block.length);
  a.start += block.length;
}

function endPassA(a: PassA): void {
  if (a.fd >= 0) closeSync(a.fd);
  a.fd = -1;
  rmSync(a.scratch, { recursive: true, force: true });
}

/** Each feature's rank in the Hilbert order of the boxes in `boxFile` (read in pieces): hilbertOrder's order, by key, ties by feature. */
function hilbertRanks(boxFile: string, n: number, extent: readonly number[]): Uint32Array {
  const keys = new Uint32Array(n);
  const piece = new Float64Array(4 * PIECE);
  const fd = openSync(boxFile, "r");
  try {
    for (let at = 0; at < n; at += PIECE) {
      const m = Math.min(PIECE, n - at);
      readAll(fd, new Uint8Array(piece.buffer, 0, 32 * m), 32 * at, boxFile);
      hilbertKeys(piece.subarray(0, 4 * m), extent, keys, at);
    }
  } finally {
    closeSync(fd);
  }
  const order = radixOrder(keys);
  for (let k = 0; k < n; k++) keys[order[k]] = k; // the keys are done with: they become the ranks
  return keys;
}

/** Pass B (step B): each feature's rank, box and encoded bytes handed to `put`; the blocks must be pass A's (`lengths`). */
function passB(layer: BlockedLayer, rank: Uint32Array, a: PassA, columns: readonly ColumnMeta[], put: (r: number, boxes: Float64Array, j: number, bytes: Uint8Array) => void, beat: () => void): void {
  let i0 = 0;
  let k = 0;
  checkedBlocks(layer, (block) => {
    k++;
    if (block.length !== a.lengths[k - 1]) throw new Error(`blocked layer: block ${k} holds ${block.length} features in the second pass, ${a.lengths[k - 1]} in the first`);
    if (block.columns.map((c) => c.name).join("\u0000") !== a.names || block.geometryType !== a.type) throw new Error(`blocked layer: block ${k} has other columns or geometry in the second pass than in the first`);
    const boxes = new Float64Array(4 * block.length);
    layerBoxes(block, boxes, 0, [Infinity, Infinity, -Infinity, -Infinity]);
    const encode = typedFeatureEncoder(block, columns, sourcesFor(block, columns));
    for (let j = 0; j < block.length; j++) put(rank[i0 + j], boxes, j, encode(j));
    i0 += block.length;
    beat();
  });
}


/**
 * One pass over the blocks, each handed to `use` and its column data let go after it; blocks that hold
 * more or fewer features than the layer's `length` are a defect of whoever made them: a plain Error.
 */
function checkedBlocks(layer: BlockedLayer, use: (block: TypedLayer) => void): void {
  let features = 0;
  let k = 0;
  for (const block of layer.blocks()) {
    k++;
    if (features + block.length > layer.length) throw new Error(`blocked layer: block ${k} ends at feature ${features + block.length}, past the layer's ${layer.length}`);
    features += block.length;
    use(block);
    forgetColumnData(block);
  }
  if (features !== layer.length) throw new Error(`blocked layer: its ${k} block(s) hold ${features} features, the layer says ${layer.length}`);
}

/**
 * The block's column data for the header's columns. A block whose values of a column are all numbers holds
 * them as "number" data, which the encoder writes as Int or Double; when other blocks make that column a
 * String (numbers and texts: "mixed"), the whole layer holds it as "any" values, which the encoder writes
 * as JSON text, so the block's numbers are handed over as such values.
 */
function sourcesFor(block: TypedLayer, columns: readonly ColumnMeta[]): ColumnData[] {
  const data = layerColumnData(block);
  const byName = new Map(block.columns.map((c, k) => [c.name, data[k]]));
  return columns.map((c) => {
    const d = byName.get(c.name) as ColumnData;
    if (d.kind !== "number" || c.type === ColumnType.Int || c.type === ColumnType.Double) return d;
    return { kind: "any", values: Array.from(d.values) };
  });
}
