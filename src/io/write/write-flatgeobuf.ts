import { Builder } from "flatbuffers";
import { ColumnType } from "flatgeobuf/lib/mjs/flat-geobuf/column-type.js";
import { Column } from "flatgeobuf/lib/mjs/flat-geobuf/column.js";
import { Crs } from "flatgeobuf/lib/mjs/flat-geobuf/crs.js";
import { GeometryType } from "flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js";
import { Header } from "flatgeobuf/lib/mjs/flat-geobuf/header.js";
import { buildFeature, type IProperties } from "flatgeobuf/lib/mjs/generic/feature.js";
import { parseGeometry } from "flatgeobuf/lib/mjs/geojson/geometry.js";
import type { ColumnMeta } from "flatgeobuf/lib/mjs/column-meta.js";
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import { extendBounds, type FeatureList, normalFeature, type OutFeature } from "./format-geojson.ts";
import { writeChunksAtomic } from "./write-file.ts";
import { hilbertOrder, packedRTree } from "./write-flatgeobuf-index.ts";

export const MAGIC = Uint8Array.from([0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x01]);
/** Children per index node: FlatGeobuf's default. */
export const NODE_SIZE = 16;

/**
 * A layer as FlatGeobuf bytes: EPSG:4326 stamped in the header (so GDAL and QGIS know the CRS), the
 * packed Hilbert R-tree spatial index, and the same rounded, right-hand-wound features as the GeoJSON
 * layer. flatgeobuf's geometry and feature encoders are used as they are; its public `serialize` is not,
 * because it writes no index, types every column from the first feature only (a null there turns a
 * number column into text; a later text value in a number column is written as NaN), fails on an
 * empty layer and builds the whole file in one buffer. Here a column's type is decided from all
 * features: Bool, Int (32-bit integers), Double, String, or Json for objects; a column mixing kinds is
 * String (non-text values as JSON text). Features are stored in Hilbert order (the spec requires it for
 * the index); the order is deterministic.
 */
export function flatGeobufBytes(features: FeatureList, options: { name?: string } = {}): Uint8Array {
  const chunks = flatGeobufChunks(features, options);
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The bytes of {@link flatGeobufBytes} as a list of pieces (magic, header, index, one per feature), for
 * writing one after the other. Two passes over the features, each building one feature at a time: the
 * first reads only properties and geometry types (the column types and the header need all of them),
 * the second rounds and encodes each feature once, in input order, and records its box; the encoded
 * features are then emitted in Hilbert order. Only typed arrays and the encoded bytes are kept, never the
 * feature objects.
 */
export function flatGeobufChunks(features: FeatureList, options: { name?: string } = {}): Uint8Array[] {
  const n = features.length;
  const seen: ColumnKinds = { kinds: new Map(), ints: new Map() };
  const types = new Set<string>();
  for (let i = 0; i < n; i++) {
    const f = features.at(i) as OutFeature;
    addColumnKinds(seen, f.properties);
    types.add(f.geometry.type);
  }
  const meta: HeaderMeta = { geometryType: geometryType(types), columns: columnMeta(seen), envelope: null, featuresCount: n, indexNodeSize: NODE_SIZE, crs: null, title: null, description: null, metadata: null };
  const boxes = new Float64Array(n * 4);
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  const encoded: Uint8Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = normalFeature(features.at(i) as OutFeature);
    encoded[i] = buildFeature(parseGeometry(f.geometry), coerce(f.properties, meta.columns ?? []), meta);
    const b = extendBounds([Infinity, Infinity, -Infinity, -Infinity], f.geometry.coordinates);
    boxes.set(b, 4 * i);
    extent[0] = Math.min(extent[0], b[0]);
    extent[1] = Math.min(extent[1], b[1]);
    extent[2] = Math.max(extent[2], b[2]);
    extent[3] = Math.max(extent[3], b[3]);
  }
  const order = hilbertOrder(boxes, extent);
  const offsets = new Float64Array(n);
  const sortedBoxes = new Float64Array(boxes.length);
  const out: Uint8Array[] = [MAGIC, new Uint8Array(0), new Uint8Array(0)];
  let size = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    offsets[k] = size;
    size += encoded[i].length;
    sortedBoxes.set(boxes.subarray(4 * i, 4 * i + 4), 4 * k);
    out.push(encoded[i]);
  }
  out[1] = buildHeader(meta, n > 0 ? extent : null, options.name ?? "layer");
  out[2] = n > 0 ? packedRTree(sortedBoxes, offsets, NODE_SIZE) : new Uint8Array(0);
  return out;
}

/** Write a FlatGeobuf layer atomically, piece by piece; returns the feature count. */
export function writeFlatGeobuf(path: string, features: FeatureList, options: { name?: string; protect?: readonly string[] } = {}): number {
  writeChunksAtomic(path, flatGeobufChunks(features, options), options.protect ?? []);
  return features.length;
}

export function buildHeader(meta: HeaderMeta, extent: number[] | null, name: string): Uint8Array {
  const b = new Builder(1024);
  const cols = (meta.columns ?? []).map((c) => {
    const n = b.createString(c.name);
    Column.startColumn(b);
    Column.addName(b, n);
    Column.addType(b, c.type);
    Column.addNullable(b, true);
    return Column.endColumn(b);
  });
  const columnsOffset = Header.createColumnsVector(b, cols);
  const nameOffset = b.createString(name);
  const orgOffset = b.createString("EPSG");
  Crs.startCrs(b);
  Crs.addOrg(b, orgOffset);
  Crs.addCode(b, 4326);
  const crsOffset = Crs.endCrs(b);
  const envelopeOffset = extent ? Header.createEnvelopeVector(b, Float64Array.from(extent)) : 0;
  Header.startHeader(b);
  Header.addName(b, nameOffset);
  if (envelopeOffset) Header.addEnvelope(b, envelopeOffset);
  Header.addGeometryType(b, meta.geometryType);
  Header.addColumns(b, columnsOffset);
  Header.addFeaturesCount(b, BigInt(meta.featuresCount));
  Header.addIndexNodeSize(b, meta.featuresCount > 0 ? NODE_SIZE : 0);
  Header.addCrs(b, crsOffset);
  b.finishSizePrefixed(Header.endHeader(b));
  return b.asUint8Array();
}

/** Column kinds seen so far, in first-seen key order, and whether each number column held only 32-bit integers. */
export interface ColumnKinds {
  kinds: Map<string, Set<string>>;
  ints: Map<string, boolean>;
}

/**
 * Add one feature's properties as written (normalFeature): an undefined value is no key at all, a
 * non-finite number is null.
 */
function addColumnKinds(seen: ColumnKinds, properties: Record<string, unknown>): void {
  for (const k in properties) {
    const v = properties[k];
    if (v === undefined) continue;
    let set = seen.kinds.get(k);
    if (!set) seen.kinds.set(k, (set = new Set()));
    if (v === null || (typeof v === "number" && !Number.isFinite(v))) continue;
    const kind = typeof v === "object" ? "json" : typeof v;
    set.add(kind);
    if (kind === "number") seen.ints.set(k, (seen.ints.get(k) ?? true) && Number.isInteger(v) && Math.abs(v as number) < 2 ** 31);
  }
}

/** Each column's type from every value seen (see {@link flatGeobufBytes}). */
export function columnMeta(seen: ColumnKinds): ColumnMeta[] {
  return [...seen.kinds].map(([name, set]) => {
    const only = set.size === 1 ? [...set][0] : set.size === 0 ? "string" : "mixed";
    const type =
      only === "boolean" ? ColumnType.Bool : only === "number" ? (seen.ints.get(name) ? ColumnType.Int : ColumnType.Double) : only === "json" ? ColumnType.Json : ColumnType.String;
    return { name, type, title: null, description: null, width: -1, precision: -1, scale: -1, nullable: true, unique: false, primary_key: false };
  });
}

/** Property values in the column's type; absent keys become null (FlatGeobuf stores no value for them). */
function coerce(props: Record<string, unknown>, columns: readonly ColumnMeta[]): IProperties {
  const out: IProperties = {};
  for (const c of columns) {
    const v = props[c.name];
    out[c.name] = v === undefined || v === null ? null : c.type === ColumnType.String && typeof v !== "string" ? JSON.stringify(v) : (v as IProperties[string]);
  }
  return out;
}

export function geometryType(types: ReadonlySet<string>): GeometryType {
  if (types.size !== 1) return GeometryType.Unknown;
  return GeometryType[[...types][0] as keyof typeof GeometryType];
}
