/**
 * FlatGeobuf from a typed layer (typed-layer.ts), the same bytes as write-flatgeobuf.ts writes for its
 * features (test/io/typed-layer-bytes.test.ts), without one object per feature. The header and the
 * index are built as there (flatgeobuf's generated schema classes; write-flatgeobuf-index.ts). Each
 * feature is encoded by hand, with flatgeobuf's own generated `Feature` class and `buildGeometry`,
 * into ONE flatbuffers Builder that is cleared and reused: flatgeobuf's public `buildFeature` allocates
 * a fresh Builder (and a 1 KiB property buffer) per feature, which at 864k lixels was most of the
 * layer's time and garbage. Its property encoding (column index as uint16, then the value: uint8 for
 * Bool, int32 Int, float64 Double, uint32 length + UTF-8 for String and Json) is copied from
 * flatgeobuf 4.5.0 lib/mjs/generic/feature.js, buildFeature. A Builder's bytes depend only on the
 * calls made since its last clear(), never on its capacity, so reuse changes no byte.
 */
import { Builder } from "flatbuffers";
import { ColumnType } from "flatgeobuf/lib/mjs/flat-geobuf/column-type.js";
import { Feature } from "flatgeobuf/lib/mjs/flat-geobuf/feature.js";
import { GeometryType } from "flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js";
import { buildGeometry } from "flatgeobuf/lib/mjs/generic/geometry.js";
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import { cleanNumbers } from "./format-geojson.ts";
import { roundedVertices, type TypedLayer, vertexScratch } from "./typed-layer.ts";
import { type ColumnData, layerColumnData } from "../typed/column-data.ts";
import { writeChunksAtomic } from "./write-file.ts";
import { hilbertOrder, packedRTree } from "./write-flatgeobuf-index.ts";
import { buildHeader, type ColumnKinds, columnMeta, geometryType, MAGIC, NODE_SIZE } from "./write-flatgeobuf.ts";

/** Bytes per block the encoded features are gathered in. */
const BLOCK_BYTES = 1 << 22;
const textEncoder = new TextEncoder();

/** The column kinds write-flatgeobuf's addColumnKinds finds, read column by column (same first-seen order). */
function typedColumnKinds(layer: TypedLayer, data: readonly ColumnData[]): ColumnKinds {
  const found: { k: number; first: number; kinds: Set<string>; ints: boolean | undefined }[] = [];
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
  // a key enters the object path's map at the first feature that has it, in column order within a feature
  found.sort((a, b) => a.first - b.first || a.k - b.k);
  const seen: ColumnKinds = { kinds: new Map(), ints: new Map() };
  for (const f of found) {
    const name = layer.columns[f.k].name;
    seen.kinds.set(name, f.kinds);
    if (f.ints !== undefined) seen.ints.set(name, f.ints);
  }
  return seen;
}

/** The pieces of the file (magic, header, index, feature blocks), as write-flatgeobuf's flatGeobufChunks writes them for `at(i)`. */
export function typedFlatGeobufChunks(layer: TypedLayer, options: { name?: string } = {}): Uint8Array[] {
  const n = layer.length;
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
  const scratch = vertexScratch(layer);
  const boxes = new Float64Array(n * 4);
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
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
    boxes[4 * i] = x0;
    boxes[4 * i + 1] = y0;
    boxes[4 * i + 2] = x1;
    boxes[4 * i + 3] = y1;
    extent[0] = Math.min(extent[0], x0);
    extent[1] = Math.min(extent[1], y0);
    extent[2] = Math.max(extent[2], x1);
    extent[3] = Math.max(extent[3], y1);
  }
  const order = hilbertOrder(boxes, extent);
  const columns = meta.columns ?? [];
  const byName = new Map(layer.columns.map((c, k) => [c.name, data[k]]));
  const sources = columns.map((c) => byName.get(c.name) as ColumnData);
  // each distinct text of a text column encoded to UTF-8 once (a road's id and name, a class, a colour)
  const utf8 = sources.map((d) => (d.kind === "text" ? d.dict.map((t) => (t === null ? null : textEncoder.encode(t))) : null));
  const builder = new Builder(1024);
  let props = new Uint8Array(1024);
  let view = new DataView(props.buffer);
  const blocks: Uint8Array[] = [];
  let block = new Uint8Array(BLOCK_BYTES);
  let used = 0;
  const offsets = new Float64Array(n);
  const sortedBoxes = new Float64Array(boxes.length);
  let size = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    let at = 0;
    const room = (bytes: number) => {
      if (at + bytes < props.length) return;
      const bigger = new Uint8Array(Math.max(props.length + bytes, props.length * 2));
      bigger.set(props);
      props = bigger;
      view = new DataView(props.buffer);
    };
    for (let c = 0; c < columns.length; c++) {
      const d = sources[c];
      const type = columns[c].type;
      if (d.kind === "number") {
        const x = d.values[i];
        if (!Number.isFinite(x)) continue;
        room(10);
        view.setUint16(at, c, true);
        if (type === ColumnType.Int) {
          view.setInt32(at + 2, x, true);
          at += 6;
        } else {
          view.setFloat64(at + 2, x === 0 ? 0 : x, true); // -0 as the object path's cleanNumbers writes it
          at += 10;
        }
        continue;
      }
      if (d.kind === "text") {
        const bytes = (utf8[c] as (Uint8Array | null)[])[d.codes[i]];
        if (bytes === null) continue;
        room(6 + bytes.length);
        view.setUint16(at, c, true);
        view.setUint32(at + 2, bytes.length, true);
        props.set(bytes, at + 6);
        at += 6 + bytes.length;
        continue;
      }
      let v = d.values[i];
      if (v === undefined || v === null || (typeof v === "number" && !Number.isFinite(v))) continue;
      if (v === 0) v = 0; // -0 as the object path's cleanNumbers writes it
      room(2);
      view.setUint16(at, c, true);
      at += 2;
      if (type === ColumnType.Bool) {
        room(1);
        view.setUint8(at, v ? 1 : 0);
        at += 1;
      } else if (type === ColumnType.Int) {
        room(4);
        view.setInt32(at, v as number, true);
        at += 4;
      } else if (type === ColumnType.Double) {
        room(8);
        view.setFloat64(at, v as number, true);
        at += 8;
      } else {
        const text = type === ColumnType.String && typeof v === "string" ? v : JSON.stringify(cleanNumbers(v));
        // UTF-8 straight into the scratch buffer (at most 3 bytes per UTF-16 unit), no array per string
        room(4 + 3 * text.length);
        const { written } = textEncoder.encodeInto(text, props.subarray(at + 4));
        view.setUint32(at, written, true);
        at += 4 + written;
      }
    }
    builder.clear();
    // flatbuffers' createByteVector writes the bytes Feature.createPropertiesVector writes one addInt8 at a
    // time (the same startVector, the bytes at the same place, the same endVector), in one copy
    const propsOffset = at > 0 ? builder.createByteVector(props.subarray(0, at)) : 0;
    const m = roundedVertices(layer, i, 6, scratch);
    const type = layer.geometryType === "LineString" ? GeometryType.LineString : GeometryType.Polygon;
    const geometryOffset = buildGeometry(builder, { xy: scratch.subarray(0, 2 * m) as unknown as number[], type, ends: undefined, parts: undefined } as never);
    Feature.startFeature(builder);
    Feature.addGeometry(builder, geometryOffset);
    if (propsOffset) Feature.addProperties(builder, propsOffset);
    builder.finishSizePrefixed(Feature.endFeature(builder));
    const bytes = builder.asUint8Array();
    if (used + bytes.length > block.length) {
      blocks.push(block.subarray(0, used));
      block = new Uint8Array(Math.max(BLOCK_BYTES, bytes.length));
      used = 0;
    }
    block.set(bytes, used);
    used += bytes.length;
    offsets[k] = size;
    size += bytes.length;
    sortedBoxes.set(boxes.subarray(4 * i, 4 * i + 4), 4 * k);
  }
  if (used > 0) blocks.push(block.subarray(0, used));
  const header = buildHeader(meta, n > 0 ? extent : null, options.name ?? "layer");
  const index = n > 0 ? packedRTree(sortedBoxes, offsets, NODE_SIZE) : new Uint8Array(0);
  return [MAGIC, header, index, ...blocks];
}

/** Write a typed layer as FlatGeobuf atomically, piece by piece; returns the feature count. */
export function writeTypedFlatGeobuf(path: string, layer: TypedLayer, options: { name?: string; protect?: readonly string[] } = {}): number {
  writeChunksAtomic(path, typedFlatGeobufChunks(layer, options), options.protect ?? []);
  return layer.length;
}
