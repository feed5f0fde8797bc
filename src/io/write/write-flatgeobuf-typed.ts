/**
 * FlatGeobuf from a typed layer (typed-layer.ts), the same bytes as write-flatgeobuf.ts writes for its
 * features (test/io/typed-layer-bytes.test.ts), without one object per feature and without the file in
 * memory: at bench L (8.66 M lixels) lixels.fgb is ≈ 3 GB. The header and the index are built as there
 * (flatgeobuf's generated schema classes; write-flatgeobuf-index.ts), each feature by
 * write-flatgeobuf-feature.ts. The file is written in the order its content becomes known, into the
 * staged file of write-file.ts's atomic write:
 * 1. one pass over the vertices for the boxes (straight into the leaf level of the packed R-tree's node
 *    array) and the extent; the Hilbert order; the leaves permuted into it in place; magic and header;
 * 2. the features encoded in Hilbert order into a block of BLOCK_BYTES, each block written at its place
 *    after the index as it fills, each feature's offset recorded in its leaf;
 * 3. the inner nodes, and the index written in pieces of INDEX_NODES nodes into the room left for it.
 * What is held is the node array (40 B per feature and ≈ 1/15 more for the inner nodes), the order (4 B)
 * and one block, besides the layer itself.
 */
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import { roundedVertices, type TypedLayer, vertexScratch } from "./typed-layer.ts";
import { type ColumnData, layerColumnData } from "../typed/column-data.ts";
import { type StagedFile, writeAtomicWith } from "./write-file.ts";
import { typedFeatureEncoder } from "./write-flatgeobuf-feature.ts";
import { fillParents, hilbertOrder, levelBounds, NODE_BYTES, nodeBytes } from "./write-flatgeobuf-index.ts";
import { buildHeader, type ColumnKinds, columnMeta, geometryType, MAGIC, NODE_SIZE } from "./write-flatgeobuf.ts";

/** Bytes per block the encoded features are gathered in before they are written. */
const BLOCK_BYTES = 1 << 22;
/** Index nodes serialised per write (1.25 MiB). */
const INDEX_NODES = 1 << 15;

/** What a layer's column k shows: the first feature with its key, the kinds of its values, whether its numbers are 32-bit integers. */
export interface ColumnFirst {
  k: number;
  first: number;
  kinds: Set<string>;
  ints: boolean | undefined;
}

/** The column kinds write-flatgeobuf's addColumnKinds finds, read column by column (same first-seen order). */
function typedColumnKinds(layer: TypedLayer, data: readonly ColumnData[]): ColumnKinds {
  return orderedColumnKinds(layer.columns, columnFirsts(layer, data));
}

/** Each column that has its key in some feature, as {@link ColumnFirst} (write-flatgeobuf-blocked.ts merges them across blocks). */
export function columnFirsts(layer: TypedLayer, data: readonly ColumnData[]): ColumnFirst[] {
  const found: ColumnFirst[] = [];
  const n = layer.length;
  data.forEach((d, k) => {
    let first = -1;
    const kinds = new Set<string>();
    let ints: boolean | undefined;
    if (d.kind === "number") {
      // every feature has a number: the first is feature 0; NaN and ±Infinity count as no kind
      if (n > 0) first = 0;
      for (let i = 0; i < n; i++) {
        const v = d.values[i];
        if (!Number.isFinite(v)) continue;
        ints = (ints ?? true) && Number.isInteger(v) && Math.abs(v) < 2 ** 31;
      }
      if (ints !== undefined) kinds.add("number");
    } else if (d.kind === "text") {
      if (n > 0) first = 0;
      if (d.dict.some((s) => s !== null)) kinds.add("string");
    } else {
      for (let i = 0; i < n; i++) {
        const v = d.values[i];
        if (v === undefined) continue;
        if (first < 0) first = i;
        if (v === null || (typeof v === "number" && !Number.isFinite(v))) continue;
        const kind = typeof v === "object" ? "json" : typeof v;
        kinds.add(kind);
        if (kind === "number") ints = (ints ?? true) && Number.isInteger(v) && Math.abs(v as number) < 2 ** 31;
      }
    }
    if (first >= 0) found.push({ k, first, kinds, ints });
  });
  return found;
}

/** The kinds in the object path's first-seen key order. */
export function orderedColumnKinds(columns: TypedLayer["columns"], found: ColumnFirst[]): ColumnKinds {
  // a key enters the object path's map at the first feature that has it, in column order within a feature
  found.sort((a, b) => a.first - b.first || a.k - b.k);
  const seen: ColumnKinds = { kinds: new Map(), ints: new Map() };
  for (const f of found) {
    const name = columns[f.k].name;
    seen.kinds.set(name, f.kinds);
    if (f.ints !== undefined) seen.ints.set(name, f.ints);
  }
  return seen;
}

/** Write a typed layer as FlatGeobuf atomically, block by block; returns the feature count. `beat` is called after every block written. */
export function writeTypedFlatGeobuf(path: string, layer: TypedLayer, options: { name?: string; protect?: readonly string[]; beat?: () => void } = {}): number {
  writeAtomicWith(path, (file) => writeTypedFlatGeobufTo(file, layer, options), options.protect ?? []);
  return layer.length;
}

/** The FlatGeobuf bytes of a typed layer written to `file` (positions from 0), as the module's comment describes; `blockBytes` and `indexNodes` (tests) set the pieces' sizes. */
export function writeTypedFlatGeobufTo(file: StagedFile, layer: TypedLayer, options: { name?: string; beat?: () => void; blockBytes?: number; indexNodes?: number } = {}): void {
  const n = layer.length;
  const beat = options.beat ?? (() => {});
  const data = layerColumnData(layer);
  const meta: HeaderMeta = {
    geometryType: geometryType(new Set(n > 0 ? [layer.geometryType] : [])),
    columns: columnMeta(typedColumnKinds(layer, data)),
    envelope: null,
    featuresCount: n,
    indexNodeSize: NODE_SIZE,
    crs: null,
    title: null,
    description: null,
    metadata: null,
  };
  const bounds = n > 0 ? levelBounds(n, NODE_SIZE) : [];
  const numNodes = n > 0 ? bounds[0][1] : 0;
  const leaf0 = n > 0 ? bounds[0][0] : 0;
  const nodes = new Float64Array(4 * numNodes);
  const nodeOffset = new Float64Array(numNodes);
  const leaves = nodes.subarray(4 * leaf0);
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  layerBoxes(layer, leaves, 0, extent);
  const order = hilbertOrder(leaves, extent);
  permuteBoxes(leaves, order);
  const header = buildHeader(meta, n > 0 ? extent : null, options.name ?? "layer");
  file.write(MAGIC);
  file.write(header);
  const indexAt = MAGIC.length + header.length;
  const featuresAt = indexAt + numNodes * NODE_BYTES;
  const columns = meta.columns ?? [];
  const byName = new Map(layer.columns.map((c, k) => [c.name, data[k]]));
  const encode = typedFeatureEncoder(layer, columns, columns.map((c) => byName.get(c.name) as ColumnData));
  let block = new Uint8Array(options.blockBytes ?? BLOCK_BYTES);
  let used = 0;
  let size = 0; // bytes of the features before the current one
  const flush = () => {
    if (used > 0) file.writeAt(block.subarray(0, used), featuresAt + size - used);
    used = 0;
    beat();
  };
  for (let k = 0; k < n; k++) {
    const bytes = encode(order[k]);
    if (used + bytes.length > block.length) {
      flush();
      if (bytes.length > block.length) block = new Uint8Array(bytes.length);
    }
    block.set(bytes, used);
    used += bytes.length;
    nodeOffset[leaf0 + k] = size;
    size += bytes.length;
  }
  if (used > 0) flush();
  if (n === 0) return;
  writeIndex(file, nodes, nodeOffset, bounds, indexAt, options.indexNodes ?? INDEX_NODES);
  beat();
}

/** The inner nodes filled from the leaves, and the index written in pieces of `step` nodes at `indexAt`. */
export function writeIndex(file: StagedFile, nodes: Float64Array, nodeOffset: Float64Array, bounds: readonly [number, number][], indexAt: number, step = INDEX_NODES): void {
  fillParents(nodes, nodeOffset, bounds, NODE_SIZE);
  const numNodes = bounds[0][1];
  for (let from = 0; from < numNodes; from += step) {
    const to = Math.min(numNodes, from + step);
    file.writeAt(nodeBytes(nodes, nodeOffset, from, to), indexAt + from * NODE_BYTES);
  }
}

/**
 * The box of each feature of `layer` (its rounded vertices, as written) into `leaves` from box `first` on,
 * and `extent` (minX, minY, maxX, maxY) grown by them.
 */
export function layerBoxes(layer: TypedLayer, leaves: Float64Array, first: number, extent: number[]): void {
  const n = layer.length;
  const scratch = vertexScratch(layer);
  for (let i = 0; i < n; i++) {
    const m = roundedVertices(layer, i, 6, scratch);
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = 0; k < m; k++) {
      const x = scratch[2 * k];
      const y = scratch[2 * k + 1];
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
    leaves[4 * (first + i)] = x0;
    leaves[4 * (first + i) + 1] = y0;
    leaves[4 * (first + i) + 2] = x1;
    leaves[4 * (first + i) + 3] = y1;
    extent[0] = Math.min(extent[0], x0);
    extent[1] = Math.min(extent[1], y0);
    extent[2] = Math.max(extent[2], x1);
    extent[3] = Math.max(extent[3], y1);
  }
}

/**
 * Put the boxes (4 numbers each) into `order` in place: box k becomes the box that was at order[k].
 * Follows each cycle of the permutation with one box in hand, so no second array of boxes is needed.
 */
export function permuteBoxes(boxes: Float64Array, order: Uint32Array): void {
  const done = new Uint8Array(order.length);
  for (let start = 0; start < order.length; start++) {
    if (done[start]) continue;
    const x0 = boxes[4 * start];
    const y0 = boxes[4 * start + 1];
    const x1 = boxes[4 * start + 2];
    const y1 = boxes[4 * start + 3];
    let k = start;
    for (;;) {
      done[k] = 1;
      const from = order[k];
      if (from === start) {
        boxes[4 * k] = x0;
        boxes[4 * k + 1] = y0;
        boxes[4 * k + 2] = x1;
        boxes[4 * k + 3] = y1;
        break;
      }
      boxes.copyWithin(4 * k, 4 * from, 4 * from + 4);
      k = from;
    }
  }
}
