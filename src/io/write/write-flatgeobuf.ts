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
import { extendBounds, formatFeature, type Geometry, type OutFeature } from "./format-geojson.ts";
import { writeFileAtomic } from "./write-file.ts";
import { hilbertOrder, packedRTree } from "./write-flatgeobuf-index.ts";

const MAGIC = Uint8Array.from([0x66, 0x67, 0x62, 0x03, 0x66, 0x67, 0x62, 0x01]);
/** Children per index node: FlatGeobuf's default. */
const NODE_SIZE = 16;

/**
 * A layer as FlatGeobuf bytes: EPSG:4326 stamped in the header (so GDAL and QGIS know the CRS), the
 * packed Hilbert R-tree spatial index, and the same rounded, right-hand-wound features as the GeoJSON
 * layer. flatgeobuf's geometry and feature encoders are used as they are; its `serialize` is not,
 * because it writes no index, types every column from the first feature only (a null there turns a
 * number column into text; a later text value in a number column is written as NaN) and fails on an
 * empty layer. Here a column's type is decided from all features: Bool, Int (32-bit integers), Double,
 * String, or Json for objects; a column mixing kinds is String (non-text values as JSON text).
 * Features are stored in Hilbert order (the spec requires it for the index); the order is deterministic.
 */
export function flatGeobufBytes(features: readonly OutFeature[], options: { name?: string } = {}): Uint8Array {
  const normal = features.map((f) => JSON.parse(formatFeature(f)) as OutFeature);
  const columns = inferColumns(normal);
  const boxes = new Float64Array(normal.length * 4);
  normal.forEach((f, i) => boxes.set(bbox(f.geometry), 4 * i));
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < boxes.length; i += 4) {
    extent[0] = Math.min(extent[0], boxes[i]);
    extent[1] = Math.min(extent[1], boxes[i + 1]);
    extent[2] = Math.max(extent[2], boxes[i + 2]);
    extent[3] = Math.max(extent[3], boxes[i + 3]);
  }
  const order = hilbertOrder(boxes, extent);
  const meta: HeaderMeta = { geometryType: geometryType(normal), columns, envelope: null, featuresCount: normal.length, indexNodeSize: NODE_SIZE, crs: null, title: null, description: null, metadata: null };
  const encoded = order.map((i) => buildFeature(parseGeometry(normal[i].geometry), coerce(normal[i].properties, columns), meta));
  const offsets: number[] = [];
  let size = 0;
  for (const e of encoded) {
    offsets.push(size);
    size += e.length;
  }
  const sortedBoxes = new Float64Array(boxes.length);
  order.forEach((i, k) => sortedBoxes.set(boxes.subarray(4 * i, 4 * i + 4), 4 * k));
  const index = normal.length > 0 ? packedRTree(sortedBoxes, offsets, NODE_SIZE) : new Uint8Array(0);
  const header = buildHeader(meta, normal.length > 0 ? extent : null, options.name ?? "layer");
  const out = new Uint8Array(MAGIC.length + header.length + index.length + size);
  out.set(MAGIC, 0);
  out.set(header, MAGIC.length);
  out.set(index, MAGIC.length + header.length);
  let at = MAGIC.length + header.length + index.length;
  for (const e of encoded) {
    out.set(e, at);
    at += e.length;
  }
  return out;
}

/** Write a FlatGeobuf layer atomically; returns the feature count. */
export function writeFlatGeobuf(path: string, features: readonly OutFeature[], options: { name?: string; protect?: readonly string[] } = {}): number {
  writeFileAtomic(path, flatGeobufBytes(features, options), options.protect ?? []);
  return features.length;
}

function buildHeader(meta: HeaderMeta, extent: number[] | null, name: string): Uint8Array {
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

function inferColumns(features: readonly OutFeature[]): ColumnMeta[] {
  const kinds = new Map<string, Set<string>>();
  const ints = new Map<string, boolean>();
  for (const f of features) {
    for (const [k, v] of Object.entries(f.properties)) {
      if (!kinds.has(k)) kinds.set(k, new Set());
      if (v === null || v === undefined) continue;
      const kind = typeof v === "object" ? "json" : typeof v;
      kinds.get(k)?.add(kind);
      if (kind === "number") ints.set(k, (ints.get(k) ?? true) && Number.isInteger(v) && Math.abs(v as number) < 2 ** 31);
    }
  }
  return [...kinds].map(([name, set]) => {
    const only = set.size === 1 ? [...set][0] : set.size === 0 ? "string" : "mixed";
    const type =
      only === "boolean" ? ColumnType.Bool : only === "number" ? (ints.get(name) ? ColumnType.Int : ColumnType.Double) : only === "json" ? ColumnType.Json : ColumnType.String;
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

function geometryType(features: readonly OutFeature[]): GeometryType {
  const types = new Set(features.map((f) => f.geometry.type));
  if (types.size !== 1) return GeometryType.Unknown;
  return GeometryType[[...types][0] as keyof typeof GeometryType];
}

function bbox(g: Geometry): [number, number, number, number] {
  return extendBounds([Infinity, Infinity, -Infinity, -Infinity], g.coordinates);
}
