/**
 * FlatGeobuf from a blocked layer (blocked-layer.ts: consecutive TypedLayer blocks made one at a time, e.g.
 * the lixels of a tiled run, ≈ 87 M at XL), exactly the bytes write-flatgeobuf-typed.ts writes for the
 * whole layer the blocks make up (test/io/flatgeobuf-blocked.test.ts), never holding that layer. The file
 * stores its features in Hilbert order, which jumps across blocks, so they are encoded in feature order
 * into a scratch file first and copied from there in Hilbert order:
 * A. one pass over the blocks for the header's columns: write-flatgeobuf-typed.ts's rule per block
 *    (columnFirsts), merged: a key's first feature is its first block's, kinds are united, the integer
 *    flag is true only if every block's numbers are 32-bit integers (a block may hold a column as numbers
 *    and another as "any" values, or only undefined);
 * B. a second pass: each feature's box (rounded vertices) into the leaf level of the node array and the
 *    extent; each feature encoded by typedFeatureEncoder with the whole layer's columns, appended to the
 *    scratch file, its start recorded;
 * C. the Hilbert order, the leaves permuted into it, magic and header; the features read back from the
 *    scratch file in Hilbert order (a run of features that follow each other in the scratch file too, as
 *    neighbours along a road mostly do, in one read) into blocks of BLOCK_BYTES written at their place;
 *    the inner nodes and the index as write-flatgeobuf-typed.ts writes them.
 * Held: the node array (40 B per feature and ≈ 1/15 more), the order (4 B), the scratch starts (8 B),
 * one block of the layer and one buffer. The scratch file is removed at the end, also on error.
 */
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { ColumnMeta } from "flatgeobuf/lib/mjs/column-meta.js";
import { ColumnType } from "flatgeobuf/lib/mjs/flat-geobuf/column-type.js";
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import { type ColumnData, forgetColumnData, layerColumnData } from "../typed/column-data.ts";
import type { BlockedLayer } from "./blocked-layer.ts";
import type { TypedLayer } from "./typed-layer.ts";
import { type StagedFile, writeAtomicWith } from "./write-file.ts";
import { typedFeatureEncoder } from "./write-flatgeobuf-feature.ts";
import { hilbertOrder, levelBounds, NODE_BYTES } from "./write-flatgeobuf-index.ts";
import { type ColumnFirst, columnFirsts, layerBoxes, orderedColumnKinds, permuteBoxes, writeIndex } from "./write-flatgeobuf-typed.ts";
import { buildHeader, columnMeta, geometryType, MAGIC, NODE_SIZE } from "./write-flatgeobuf.ts";

/** Bytes per buffer the features are gathered in, for the scratch file and for the copy. */
const BLOCK_BYTES = 1 << 22;

export interface BlockedFlatGeobufOptions {
  /** The header's layer name (default "layer"). */
  name?: string;
  /** Files never to write over (the run's inputs). */
  protect?: readonly string[];
  /** Folder of the scratch file of encoded features (default: the folder of `path`); as large as the features. */
  tmpDir?: string;
  /** Called after every block read and every buffer written. */
  beat?: () => void;
}

/** Write a blocked layer as FlatGeobuf atomically, the bytes of writeTypedFlatGeobuf for the whole layer; returns the feature count. */
export function writeBlockedFlatGeobuf(path: string, layer: BlockedLayer, options: BlockedFlatGeobufOptions = {}): number {
  const target = resolve(path);
  const dir = options.tmpDir ?? dirname(target);
  const scratch = join(dir, `${basename(target)}.${process.pid}.features.tmp`);
  try {
    writeAtomicWith(path, (file) => {
      mkdirSync(dir, { recursive: true });
      writeBlockedFlatGeobufTo(file, layer, scratch, options);
    }, options.protect ?? []);
  } finally {
    rmSync(scratch, { force: true });
  }
  return layer.length;
}

/** The bytes of {@link writeBlockedFlatGeobuf} written to `file`, through the scratch file `scratch` (left for the caller to remove); `blockBytes` (tests) sets the buffer. */
export function writeBlockedFlatGeobufTo(file: StagedFile, layer: BlockedLayer, scratch: string, options: { name?: string; beat?: () => void; blockBytes?: number } = {}): void {
  const n = layer.length;
  const beat = options.beat ?? (() => {});
  const { columns, type } = headerColumns(layer, beat);
  const meta: HeaderMeta = { geometryType: geometryType(new Set(n > 0 && type ? [type] : [])), columns, envelope: null, featuresCount: n, indexNodeSize: NODE_SIZE, crs: null, title: null, description: null, metadata: null };
  const bounds = n > 0 ? levelBounds(n, NODE_SIZE) : [];
  const numNodes = n > 0 ? bounds[0][1] : 0;
  const leaf0 = n > 0 ? bounds[0][0] : 0;
  const nodes = new Float64Array(4 * numNodes);
  const nodeOffset = new Float64Array(numNodes);
  const leaves = nodes.subarray(4 * leaf0);
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  const starts = new Float64Array(n + 1); // feature i is the bytes [starts[i], starts[i + 1]) of the scratch file
  let buf = new Uint8Array(options.blockBytes ?? BLOCK_BYTES);
  const fd = openSync(scratch, "w+");
  try {
    // B: boxes, and the features encoded in feature order into the scratch file
    let used = 0;
    let size = 0;
    const spill = () => {
      for (let done = 0; done < used; ) done += writeSync(fd, buf, done, used - done, size - used + done);
      used = 0;
    };
    let i0 = 0;
    checkedBlocks(layer, (block) => {
      layerBoxes(block, leaves, i0, extent);
      const encode = typedFeatureEncoder(block, columns, sourcesFor(block, columns));
      for (let j = 0; j < block.length; j++) {
        const bytes = encode(j);
        if (used + bytes.length > buf.length) {
          spill();
          if (bytes.length > buf.length) buf = new Uint8Array(bytes.length);
        }
        buf.set(bytes, used);
        used += bytes.length;
        starts[i0 + j] = size;
        size += bytes.length;
      }
      i0 += block.length;
      beat();
    });
    spill();
    starts[n] = size;
    // C: Hilbert order, header, the features copied in that order, the index
    const order = hilbertOrder(leaves, extent);
    permuteBoxes(leaves, order);
    const header = buildHeader(meta, n > 0 ? extent : null, options.name ?? "layer");
    file.write(MAGIC);
    file.write(header);
    const indexAt = MAGIC.length + header.length;
    const featuresAt = indexAt + numNodes * NODE_BYTES;
    size = 0; // bytes of the features placed so far (the buffer's included)
    const flush = () => {
      if (used > 0) file.writeAt(buf.subarray(0, used), featuresAt + size - used);
      used = 0;
      beat();
    };
    for (let k = 0; k < n; ) {
      const from = starts[order[k]];
      const first = starts[order[k] + 1] - from;
      if (used + first > buf.length) {
        flush();
        if (first > buf.length) buf = new Uint8Array(first);
      }
      let end = k + 1;
      while (end < n && order[end] === order[end - 1] + 1 && starts[order[end] + 1] - from <= buf.length - used) end++;
      const bytes = starts[order[end - 1] + 1] - from;
      readFully(fd, buf, used, bytes, from, scratch);
      for (let r = k; r < end; r++) nodeOffset[leaf0 + r] = size + starts[order[r]] - from;
      used += bytes;
      size += bytes;
      k = end;
    }
    if (used > 0) flush();
    if (n === 0) return;
    writeIndex(file, nodes, nodeOffset, bounds, indexAt);
    beat();
  } finally {
    closeSync(fd);
  }
}

/** Pass A: the header's columns over the whole layer (the module comment's step A) and the blocks' geometry type. */
function headerColumns(layer: BlockedLayer, beat: () => void): { columns: ColumnMeta[]; type: TypedLayer["geometryType"] | undefined } {
  const merged: ColumnFirst[] = [];
  let names: TypedLayer["columns"] = [];
  let type: TypedLayer["geometryType"] | undefined;
  let start = 0;
  checkedBlocks(layer, (block) => {
    if (type === undefined) [names, type] = [block.columns, block.geometryType];
    for (const f of columnFirsts(block, layerColumnData(block))) {
      const m = merged[f.k];
      if (!m) {
        merged[f.k] = { k: f.k, first: start + f.first, kinds: f.kinds, ints: f.ints };
        continue;
      }
      for (const kind of f.kinds) m.kinds.add(kind);
      m.ints = m.ints === undefined ? f.ints : f.ints === undefined ? m.ints : m.ints && f.ints;
    }
    start += block.length;
    beat();
  });
  return { columns: columnMeta(orderedColumnKinds(names, merged.filter((m) => m !== undefined))), type };
}

/**
 * One pass over the blocks, each handed to `use` and its column data let go after it. A block whose
 * geometry type or columns differ from the first block's, or blocks that do not hold the layer's `length`
 * features, are a defect of whoever made the blocks (not of user data): a plain Error that says which.
 */
function checkedBlocks(layer: BlockedLayer, use: (block: TypedLayer) => void): void {
  let first: TypedLayer | undefined;
  let names = "";
  let features = 0;
  let k = 0;
  for (const block of layer.blocks()) {
    k++;
    const these = block.columns.map((c) => c.name).join("\u0000");
    if (!first) [first, names] = [block, these];
    if (block.geometryType !== first.geometryType) throw new Error(`blocked layer: block ${k} holds ${block.geometryType}s, block 1 ${first.geometryType}s`);
    if (these !== names) throw new Error(`blocked layer: block ${k} has the columns ${block.columns.map((c) => c.name).join(", ")}, not those of block 1`);
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

function readFully(fd: number, buf: Uint8Array, at: number, length: number, position: number, path: string): void {
  for (let done = 0; done < length; ) {
    const got = readSync(fd, buf, at + done, length - done, position + done);
    if (got === 0) throw new Error(`the scratch file ${path} ended at byte ${position + done}, before the features written to it`);
    done += got;
  }
}
