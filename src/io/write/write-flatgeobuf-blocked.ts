/**
 * FlatGeobuf from a blocked layer (blocked-layer.ts: consecutive TypedLayer blocks made one at a time, e.g.
 * the lixels of a tiled run, ≈ 87 M at XL), exactly the bytes write-flatgeobuf-typed.ts writes for the
 * whole layer the blocks make up (test/io/flatgeobuf-blocked.test.ts), never holding that layer. The file
 * stores its features in Hilbert order, which jumps across blocks, so they go through bucket files on disk
 * (a distribution sort: every read and write sequential, each feature written and read once):
 * A. one pass over the blocks: the header's columns by write-flatgeobuf-typed.ts's rule per block
 *    (columnFirsts), merged (a key's first feature is its first block's, kinds are united, the integer flag
 *    holds only if every block's numbers are 32-bit integers: a block may hold a column as numbers, another
 *    as "any" values or only undefined); each feature's box (rounded vertices) into the leaf level of the
 *    node array, and the extent. Then the Hilbert order, the leaves permuted into it, each feature's rank
 *    in it; magic and header.
 * B. a second pass: each feature encoded by typedFeatureEncoder with the whole layer's columns and
 *    appended, after its rank, to the bucket file of its rank (bucket w: ranks [w·per, (w + 1)·per)), its
 *    size kept in its leaf's offset.
 * C. the sizes summed into offsets in Hilbert order; each bucket read whole, its features put in rank
 *    order into one buffer, written at their place, the bucket's file removed; the inner nodes and the
 *    index as write-flatgeobuf-typed.ts writes them.
 * Held: the node array (40 B per feature and ≈ 1/15 more), the ranks (4 B; the order, 4 B more, only
 * while they are made), one block of the layer, the buckets' buffers (≤ 512 × 128 KiB) and, in C, one
 * bucket twice (≈ 2 × 60 MB at 87 M lixels). On disk: the features once in the buckets (shrinking as C
 * copies them) besides the file. The scratch folder is removed at the end, also on error.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
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

/** At most this many bucket files (each open while the features are spooled; ≈ 60 MB each at 87 M lixels). */
const MAX_BUCKETS = 512;
/** Fewest features per bucket, so a small layer does not open hundreds of files. */
const MIN_BUCKET_FEATURES = 1 << 16;
/** Bytes gathered per bucket before they are appended to its file. */
const BUCKET_BUFFER = 1 << 17;

export interface BlockedFlatGeobufOptions {
  /** The header's layer name (default "layer"). */
  name?: string;
  /** Files never to write over (the run's inputs). */
  protect?: readonly string[];
  /** Folder for the scratch folder of bucket files (default: the folder of `path`); they hold as many bytes as the features. */
  tmpDir?: string;
  /** Called after every block read and every bucket written. */
  beat?: () => void;
}

/** Write a blocked layer as FlatGeobuf atomically, the bytes of writeTypedFlatGeobuf for the whole layer; returns the feature count. */
export function writeBlockedFlatGeobuf(path: string, layer: BlockedLayer, options: BlockedFlatGeobufOptions = {}): number {
  const target = resolve(path);
  const dir = options.tmpDir ?? dirname(target);
  let scratch: string | undefined;
  try {
    writeAtomicWith(path, (file) => {
      mkdirSync(dir, { recursive: true });
      scratch = mkdtempSync(join(dir, `.${basename(target)}.buckets-`));
      writeBlockedFlatGeobufTo(file, layer, scratch, options);
    }, options.protect ?? []);
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
  return layer.length;
}

/**
 * The bytes of {@link writeBlockedFlatGeobuf} written to `file`, through bucket files in the folder
 * `scratch` (each removed once copied; the folder left for the caller). `bucketFeatures` and
 * `bufferBytes` (tests) set the features per bucket and the bytes gathered per bucket before a write.
 */
export function writeBlockedFlatGeobufTo(file: StagedFile, layer: BlockedLayer, scratch: string, options: { name?: string; beat?: () => void; bucketFeatures?: number; bufferBytes?: number } = {}): void {
  const n = layer.length;
  const beat = options.beat ?? (() => {});
  const bounds = n > 0 ? levelBounds(n, NODE_SIZE) : [];
  const numNodes = n > 0 ? bounds[0][1] : 0;
  const leaf0 = n > 0 ? bounds[0][0] : 0;
  const nodes = new Float64Array(4 * numNodes);
  const nodeOffset = new Float64Array(numNodes);
  const leaves = nodes.subarray(4 * leaf0);
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  // A: the header's columns, the boxes and the extent; the Hilbert order and each feature's rank in it
  const { columns, type } = passA(layer, leaves, extent, beat);
  const meta: HeaderMeta = { geometryType: geometryType(new Set(n > 0 && type ? [type] : [])), columns, envelope: null, featuresCount: n, indexNodeSize: NODE_SIZE, crs: null, title: null, description: null, metadata: null };
  const rank = new Uint32Array(n);
  {
    const order = hilbertOrder(leaves, extent);
    permuteBoxes(leaves, order);
    for (let k = 0; k < n; k++) rank[order[k]] = k;
  }
  const header = buildHeader(meta, n > 0 ? extent : null, options.name ?? "layer");
  file.write(MAGIC);
  file.write(header);
  if (n === 0) return;
  const indexAt = MAGIC.length + header.length;
  const featuresAt = indexAt + numNodes * NODE_BYTES;
  // B: each feature encoded, appended to the bucket of its rank with the rank in front; its size kept in its leaf's offset
  const per = options.bucketFeatures ?? Math.max(MIN_BUCKET_FEATURES, Math.ceil(n / MAX_BUCKETS));
  const buckets = bucketFiles(scratch, Math.ceil(n / per), options.bufferBytes ?? BUCKET_BUFFER);
  try {
    let i0 = 0;
    checkedBlocks(layer, (block) => {
      const encode = typedFeatureEncoder(block, columns, sourcesFor(block, columns));
      for (let j = 0; j < block.length; j++) {
        const bytes = encode(j);
        const r = rank[i0 + j];
        nodeOffset[leaf0 + r] = bytes.length;
        buckets.add(Math.floor(r / per), r, bytes);
      }
      i0 += block.length;
      beat();
    });
  } finally {
    buckets.close();
  }
  // C: the sizes in Hilbert order summed into offsets; each bucket read, its features put in rank order, written at their place
  let size = 0;
  for (let k = 0; k < n; k++) {
    const bytes = nodeOffset[leaf0 + k];
    nodeOffset[leaf0 + k] = size;
    size += bytes;
  }
  let window = new Uint8Array(0);
  for (let w = 0; w * per < n; w++) {
    const data = buckets.take(w);
    const start = nodeOffset[leaf0 + w * per];
    const end = (w + 1) * per < n ? nodeOffset[leaf0 + (w + 1) * per] : size;
    if (window.length < end - start) window = new Uint8Array(end - start);
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    for (let p = 0; p < data.length; ) {
      const r = view.getUint32(p, true);
      const length = 4 + view.getUint32(p + 4, true); // a size-prefixed feature: its size, then the feature
      window.set(data.subarray(p + 4, p + 4 + length), nodeOffset[leaf0 + r] - start);
      p += 4 + length;
    }
    file.writeAt(window.subarray(0, end - start), featuresAt + start);
    beat();
  }
  writeIndex(file, nodes, nodeOffset, bounds, indexAt);
  beat();
}

/**
 * Bucket files 0 … count − 1 in `dir`, appended to through a buffer of `bufferBytes` each (made when the
 * bucket gets its first feature); `take(w)` reads bucket w whole (into a buffer the next take reuses) and
 * removes its file.
 */
function bucketFiles(dir: string, count: number, bufferBytes: number) {
  const fds = new Int32Array(count).fill(-1);
  const sizes = new Float64Array(count);
  const buffers: (Uint8Array | undefined)[] = new Array(count);
  const used = new Int32Array(count);
  const path = (w: number) => join(dir, `bucket-${w}`);
  const put = (w: number, bytes: Uint8Array) => {
    if (fds[w] < 0) fds[w] = openSync(path(w), "w");
    for (let done = 0; done < bytes.length; ) done += writeSync(fds[w], bytes, done, bytes.length - done, sizes[w] + done);
    sizes[w] += bytes.length;
  };
  const flush = (w: number) => {
    if (used[w] > 0) put(w, (buffers[w] as Uint8Array).subarray(0, used[w]));
    used[w] = 0;
  };
  const rankBytes = new Uint8Array(4);
  let room = new Uint8Array(0); // one read buffer for every bucket: a fresh one each would leave the GC tens of MB per bucket
  return {
    add(w: number, r: number, bytes: Uint8Array): void {
      const buf = (buffers[w] ??= new Uint8Array(bufferBytes));
      if (used[w] + 4 + bytes.length > buf.length) flush(w);
      if (4 + bytes.length > buf.length) {
        new DataView(rankBytes.buffer).setUint32(0, r, true);
        put(w, rankBytes);
        put(w, bytes);
        return;
      }
      new DataView(buf.buffer).setUint32(used[w], r, true);
      buf.set(bytes, used[w] + 4);
      used[w] += 4 + bytes.length;
    },
    close(): void {
      try {
        for (let w = 0; w < count; w++) flush(w);
      } finally {
        for (let w = 0; w < count; w++) if (fds[w] >= 0) closeSync(fds[w]);
        fds.fill(-1);
        buffers.fill(undefined);
      }
    },
    take(w: number): Uint8Array {
      if (room.length < sizes[w]) room = new Uint8Array(sizes[w]);
      const data = room.subarray(0, sizes[w]);
      if (sizes[w] === 0) return data;
      const fd = openSync(path(w), "r");
      try {
        for (let done = 0; done < data.length; ) {
          const got = readSync(fd, data, done, data.length - done, done);
          if (got === 0) throw new Error(`the bucket file ${path(w)} ended at byte ${done} of the ${sizes[w]} written to it`);
          done += got;
        }
      } finally {
        closeSync(fd);
      }
      rmSync(path(w));
      return data;
    },
  };
}

/** Pass A: the header's columns over the whole layer (the module comment's step A), the boxes and extent, and the blocks' geometry type. */
function passA(layer: BlockedLayer, leaves: Float64Array, extent: number[], beat: () => void): { columns: ColumnMeta[]; type: TypedLayer["geometryType"] | undefined } {
  const merged: ColumnFirst[] = [];
  let names: TypedLayer["columns"] = [];
  let type: TypedLayer["geometryType"] | undefined;
  let start = 0;
  checkedBlocks(layer, (block) => {
    if (type === undefined) [names, type] = [block.columns, block.geometryType];
    layerBoxes(block, leaves, start, extent);
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
