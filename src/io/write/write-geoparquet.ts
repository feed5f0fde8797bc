/**
 * GeoParquet 1.1 (https://geoparquet.org/releases/v1.1.0/) for large layers: one Parquet file with a WKB
 * `geometry` column and the `geo` file metadata (encoding, geometry types, bbox; no `crs` member, which
 * the spec reads as OGC:CRS84, i.e. WGS 84 longitude/latitude like our GeoJSON). Columns are typed from
 * the values: all integers → Int32 (or Float64 beyond its range), numbers → Float64, booleans → Bool,
 * anything else → UTF-8 text (objects as JSON). Arrow tables come from apache-arrow, Parquet bytes from
 * parquet-wasm (Rust's parquet crate compiled to WebAssembly), ZSTD-compressed. Readable by DuckDB,
 * GeoPandas and GDAL ≥ 3.5. Deterministic: the same features give the same bytes.
 */
import { createRequire } from "node:module";
import { Binary, Bool, Float64, Int32, tableToIPC, Table as ArrowTable, Utf8, vectorFromArray, type DataType, type Vector } from "apache-arrow";
import type { Geometry, OutFeature, Position } from "./format-geojson.ts";
import { rightHanded } from "./format-geojson.ts";
import { writeFileAtomic } from "./write-file.ts";

type ParquetWasm = typeof import("parquet-wasm/node");
let wasm: ParquetWasm | undefined;
const parquet = (): ParquetWasm => (wasm ??= createRequire(import.meta.url)("parquet-wasm/node") as ParquetWasm);

function columnType(values: readonly unknown[]): DataType {
  let numbers = 0;
  let ints = 0;
  let bools = 0;
  let present = 0;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    present++;
    if (typeof v === "number") {
      numbers++;
      if (Number.isInteger(v) && Math.abs(v) <= 2147483647) ints++;
    } else if (typeof v === "boolean") bools++;
  }
  if (present > 0 && numbers === present) return ints === present ? new Int32() : new Float64();
  if (present > 0 && bools === present) return new Bool();
  return new Utf8();
}

function columnValues(values: readonly unknown[], type: DataType): unknown[] {
  if (type instanceof Utf8) return values.map((v) => (v === null || v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v)));
  if (type instanceof Float64) return values.map((v) => (typeof v === "number" && Number.isFinite(v) ? v : null));
  return values.map((v) => (v === undefined ? null : v));
}

/** The layer as GeoParquet bytes. */
export function geoParquetBytes(features: readonly OutFeature[]): Uint8Array {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties)) if (!seen.has(k) && k !== "geometry") (seen.add(k), keys.push(k));
  const columns: Record<string, Vector> = {};
  for (const k of keys) {
    const raw = features.map((f) => f.properties[k]);
    const type = columnType(raw);
    columns[k] = vectorFromArray(columnValues(raw, type), type);
  }
  const bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const types = new Set<string>();
  const wkb = features.map((f) => {
    const g = rightHanded(f.geometry);
    types.add(g.type);
    extendBbox(g, bbox);
    return toWkb(g);
  });
  columns.geometry = vectorFromArray(wkb, new Binary());
  const table = new ArrowTable(columns);
  const geo = {
    version: "1.1.0",
    primary_column: "geometry",
    columns: { geometry: { encoding: "WKB", geometry_types: [...types].sort(), ...(features.length ? { bbox: bbox.map((v) => Math.round(v * 1e6) / 1e6) } : {}) } },
  };
  const p = parquet();
  const props = new p.WriterPropertiesBuilder().setCompression(p.Compression.ZSTD).setKeyValueMetadata(new Map([["geo", JSON.stringify(geo)]])).build();
  return p.writeParquet(p.Table.fromIPCStream(tableToIPC(table, "stream")), props);
}

function extendBbox(g: OutFeature["geometry"], bbox: number[]): void {
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === "number") {
      const [x, y] = c as [number, number];
      if (x < bbox[0]) bbox[0] = x;
      if (y < bbox[1]) bbox[1] = y;
      if (x > bbox[2]) bbox[2] = x;
      if (y > bbox[3]) bbox[3] = y;
    } else for (const d of c as unknown[]) visit(d);
  };
  visit(g.coordinates);
}

/** Write NAME.parquet atomically; returns the feature count. */
export function writeGeoParquet(path: string, features: readonly OutFeature[], protect: readonly string[]): number {
  writeFileAtomic(path, geoParquetBytes(features), protect);
  return features.length;
}

/**
 * Well-Known Binary (OGC Simple Features §8.2, little-endian, 2D) for the geometry types minerisk writes,
 * as GeoParquet stores them (here, beside its one user, since io/write/ keeps to 18 files).
 * Hand-written: ~40 lines for four types, where the npm WKB packages are unmaintained (wkx) or pull in a
 * whole loader framework.
 */
const TYPE_CODE = { Point: 1, LineString: 2, Polygon: 3, MultiPolygon: 6 } as const;

function byteLength(g: Geometry): number {
  switch (g.type) {
    case "Point":
      return 5 + 16;
    case "LineString":
      return 9 + 16 * g.coordinates.length;
    case "Polygon":
      return 9 + g.coordinates.reduce((n, ring) => n + 4 + 16 * ring.length, 0);
    case "MultiPolygon":
      return 9 + g.coordinates.reduce((n, p) => n + byteLength({ type: "Polygon", coordinates: p }), 0);
  }
}

/** `g` as WKB bytes; coordinates rounded to `precision` decimals as the GeoJSON writer rounds them. */
function toWkb(g: Geometry, precision = 6): Uint8Array {
  const out = new Uint8Array(byteLength(g));
  const view = new DataView(out.buffer);
  const f = 10 ** precision;
  let at = 0;
  const u32 = (v: number) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const head = (code: number) => {
    view.setUint8(at++, 1); // little-endian
    u32(code);
  };
  const points = (ps: readonly Position[]) => {
    for (const [x, y] of ps) {
      view.setFloat64(at, Math.round(x * f) / f + 0, true);
      view.setFloat64(at + 8, Math.round(y * f) / f + 0, true);
      at += 16;
    }
  };
  const polygon = (rings: readonly Position[][]) => {
    head(TYPE_CODE.Polygon);
    u32(rings.length);
    for (const r of rings) {
      u32(r.length);
      points(r);
    }
  };
  if (g.type === "Point") {
    head(TYPE_CODE.Point);
    points([g.coordinates]);
  } else if (g.type === "LineString") {
    head(TYPE_CODE.LineString);
    u32(g.coordinates.length);
    points(g.coordinates);
  } else if (g.type === "Polygon") polygon(g.coordinates);
  else {
    head(TYPE_CODE.MultiPolygon);
    u32(g.coordinates.length);
    for (const p of g.coordinates) polygon(p);
  }
  return out;
}
