import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { DataType, tableFromIPC } from "apache-arrow";
import wkx from "wkx";
import type { DeclaredCrs, LoadedLayer, LoadIssue } from "./loaded-layer.ts";

type ParquetWasm = typeof import("parquet-wasm/node");
let wasm: ParquetWasm | undefined;
const parquet = (): ParquetWasm => (wasm ??= createRequire(import.meta.url)("parquet-wasm/node") as ParquetWasm);

const unreadable = (message: string): LoadedLayer => ({ issues: [{ code: "file-unreadable", message, severity: "error" }] });

/**
 * Read a GeoParquet file (1.0 / 1.1, WKB geometry: as minerisk's writer, GDAL, DuckDB and GeoPandas write
 * it) into a FeatureCollection, one feature per row in file order, coordinates as stored. Parquet is
 * decoded by parquet-wasm (Rust's parquet crate) into Arrow (apache-arrow), both already used by the
 * writer; WKB by wkx, as for GeoPackage. The geometry column is the `geo` metadata's primary column; its
 * CRS is the column's PROJJSON `id` (EPSG:N), WGS 84 lon/lat when absent or null (OGC:CRS84, as the spec
 * says). A file with no `geo` metadata, a non-WKB encoding or an unreadable body is refused, naming why.
 * Rows are collected whole (one Arrow table): the intake streams large files row group by row group
 * instead (stream-geoparquet.ts), with the same records.
 */
export async function readGeoParquet(file: string): Promise<LoadedLayer> {
  let table: ReturnType<typeof tableFromIPC>;
  try {
    const p = parquet();
    table = tableFromIPC(p.readParquet(new Uint8Array(readFileSync(file))).intoIPCStream());
  } catch (e) {
    return unreadable(`cannot read the Parquet file: ${(e as Error).message ?? String(e)}`);
  }
  const geo = geoColumn(table.schema.metadata.get("geo"), (name) => table.getChild(name) !== null);
  if ("unreadable" in geo) return unreadable(geo.unreadable);
  const { column, meta } = geo;
  const issues: LoadIssue[] = [];
  const crs = crsOf(meta.crs, issues);
  const names = table.schema.fields.map((f) => f.name).filter((n) => n !== column);
  const geomVector = table.getChild(column);
  const vectors = names.map((n) => table.getChild(n));
  const kinds = names.map((n) => kindOf(table.schema.fields.find((f) => f.name === n)?.type));
  const features: unknown[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const properties: Record<string, unknown> = {};
    for (let k = 0; k < names.length; k++) properties[names[k]] = plain(vectors[k]?.get(i), kinds[k]);
    features[i] = { type: "Feature", properties, geometry: geometryOf(geomVector?.get(i) as Uint8Array | null) };
  }
  return { collection: { type: "FeatureCollection", features }, crs, issues };
}

/** A GeoParquet primary column's `geo` metadata (GeoParquet 1.0 / 1.1), as far as it is read here. */
export interface GeoColumnMeta {
  encoding?: string;
  crs?: unknown;
  /** GeoParquet 1.1: the per-row bounding box columns, e.g. { xmin: ["bbox", "xmin"], … }. */
  covering?: { bbox?: Record<"xmin" | "ymin" | "xmax" | "ymax", string[]> };
}

/**
 * The primary geometry column named by a Parquet file's `geo` metadata (`hasColumn` says whether the file
 * has a column), or why the file cannot be read as GeoParquet: no metadata, not JSON, no such column, not WKB.
 */
export function geoColumn(geoText: string | undefined, hasColumn: (name: string) => boolean): { column: string; meta: GeoColumnMeta } | { unreadable: string } {
  if (geoText === undefined) return { unreadable: "the Parquet file has no GeoParquet `geo` metadata: write it as GeoParquet (e.g. ogr2ogr -f Parquet, or GeoPandas to_parquet)" };
  let geo: { primary_column?: string; columns?: Record<string, GeoColumnMeta> };
  try {
    geo = JSON.parse(geoText) as typeof geo;
  } catch (e) {
    return { unreadable: `the GeoParquet \`geo\` metadata is not valid JSON: ${(e as Error).message}` };
  }
  const column = geo.primary_column ?? "geometry";
  const meta = geo.columns?.[column];
  if (meta === undefined || !hasColumn(column)) return { unreadable: `the GeoParquet primary column "${column}" is missing` };
  if (String(meta.encoding ?? "").toUpperCase() !== "WKB") return { unreadable: `the geometry column "${column}" is encoded as ${String(meta.encoding)}: only WKB is read (GDAL: -lco GEOMETRY_ENCODING=WKB)` };
  return { column, meta };
}

/** The declared CRS of a GeoParquet column: undefined (WGS 84) when absent or null; EPSG:N from a PROJJSON id. */
export function crsOf(crs: unknown, issues: LoadIssue[]): DeclaredCrs | undefined {
  if (crs === undefined || crs === null) return undefined;
  const id = (crs as { id?: { authority?: string; code?: number | string } }).id;
  if (id && String(id.authority).toUpperCase() === "EPSG" && Number(id.code) > 0) return { spec: `EPSG:${Number(id.code)}`, from: "GeoParquet geo metadata (PROJJSON id)" };
  if (id && String(id.authority).toUpperCase() === "OGC" && String(id.code).toUpperCase() === "CRS84") return undefined;
  issues.push({ code: "unknown-crs", message: "the GeoParquet column's CRS (PROJJSON) carries no EPSG id, so it cannot be applied: reproject the file, e.g. ogr2ogr -t_srs EPSG:4326", severity: "error" });
  return undefined;
}

export type Kind = "date" | "timestamp" | "other";
const kindOf = (t: DataType | undefined): Kind => (t === undefined ? "other" : DataType.isDate(t) ? "date" : DataType.isTimestamp(t) ? "timestamp" : "other");

/**
 * An Arrow cell as a JSON-like value: a Parquet DATE as ISO `YYYY-MM-DD` (apache-arrow gives epoch
 * milliseconds) and a TIMESTAMP as ISO text, so the intake parses them as it parses GeoJSON dates; BigInt as a
 * number when exact (else its digits as text); binary as base64.
 */
export function plain(v: unknown, kind: Kind): unknown {
  if (v === undefined || v === null) return null;
  if (kind !== "other" && (typeof v === "number" || typeof v === "bigint" || v instanceof Date)) {
    const d = v instanceof Date ? v : new Date(Number(v));
    if (Number.isFinite(d.getTime())) return kind === "date" ? d.toISOString().slice(0, 10) : d.toISOString();
  }
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? Number(x) : x)));
  return v;
}

/** GeoJSON geometry of a WKB cell; null for a null cell, a marker object (rejected by the intake) for bad WKB. */
export function geometryOf(wkb: Uint8Array | null): unknown {
  if (wkb === null || wkb === undefined) return null;
  try {
    return wkx.Geometry.parse(Buffer.from(wkb.buffer, wkb.byteOffset, wkb.byteLength)).toGeoJSON();
  } catch (e) {
    return { type: "Invalid", coordinates: `unreadable WKB: ${(e as Error).message}` };
  }
}
