import { Buffer } from "node:buffer";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { parquetMetadata } from "hyparquet";
import type { FileMetaData, RowGroup } from "hyparquet";
import type { Bbox } from "./read-flatgeobuf.ts";
import type { GeoColumnMeta } from "./read-geoparquet.ts";

/** "PAR1", little-endian: the four bytes a Parquet file starts and ends with. */
const MAGIC = 0x31524150;

/** Why a Parquet file cannot be read: the message of a file-unreadable issue. */
export class BrokenParquet extends Error {}

/**
 * The bytes [start, end) of an open file, through one positional read (readSync at an offset): how the
 * streamed reader reaches the footer and each column chunk without holding the file. A short read is a
 * truncated file.
 */
export function readRange(fd: number, start: number, end: number): Uint8Array {
  const buf = Buffer.allocUnsafe(end - start);
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, start + got);
    if (n === 0) throw new BrokenParquet(`the file ends at byte ${start + got}, inside a column chunk that runs to byte ${end}: it is truncated`);
    got += n;
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/**
 * The file's Parquet footer (hyparquet's parquetMetadata, geometry left as WKB bytes), read from its last
 * bytes: the metadata length and magic in the last 8, then the metadata. The leading magic is checked too,
 * and `dataEnd` (where the footer starts) bounds every column chunk. Throws BrokenParquet naming the fault.
 * Only the two reads are written here, by hand: hyparquet's own footer fetch (parquetMetadataAsync) returns
 * a promise and the intake is synchronous; the decoding is hyparquet's.
 */
export function readFooter(fd: number): { metadata: FileMetaData; dataEnd: number } {
  const size = fstatSync(fd).size;
  if (size < 12) throw new BrokenParquet(`the file has ${size} bytes, fewer than a Parquet file's 12 (magic, footer length, magic): it is not Parquet or it is truncated`);
  const head = readRange(fd, 0, 4);
  const tail = readRange(fd, size - 8, size);
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (view(head).getUint32(0, true) !== MAGIC) throw new BrokenParquet("the file does not start with the Parquet magic bytes PAR1: it is not a Parquet file");
  if (view(tail).getUint32(4, true) !== MAGIC) throw new BrokenParquet("the file does not end with the Parquet magic bytes PAR1: it is truncated, or not a Parquet file");
  const length = view(tail).getUint32(0, true);
  if (length > size - 12) throw new BrokenParquet(`the footer claims ${length} bytes in a file of ${size}: it is truncated or corrupt`);
  const dataEnd = size - 8 - length;
  try {
    return { metadata: parquetMetadata(readRange(fd, dataEnd, size), { geoparquet: false }), dataEnd };
  } catch (e) {
    throw new BrokenParquet(`the Parquet footer cannot be decoded: ${(e as Error).message}`);
  }
}

/** The file-level `geo` key-value metadata, as text. */
export function geoText(metadata: FileMetaData): string | undefined {
  return metadata.key_value_metadata?.find((kv) => kv.key === "geo")?.value ?? undefined;
}

/**
 * Whether no row of a row group can meet the box, judged from statistics only: the GeoParquet 1.1
 * `covering.bbox` columns' min/max (a row's xmin ≥ the group's min xmin, and so on), else the geometry
 * column's Parquet geospatial statistics (its bbox; a box crossing the antimeridian, xmin > xmax, is not
 * judged). False when neither is there: the group is read and filtered row by row.
 */
export function groupOutside(group: RowGroup, column: string, meta: GeoColumnMeta, box: Bbox): boolean {
  const chunk = (path: readonly string[]) => group.columns.find((c) => c.meta_data?.path_in_schema.join("\u0000") === path.join("\u0000"))?.meta_data;
  const cover = meta.covering?.bbox;
  if (cover !== undefined) {
    const stat = (key: "xmin" | "ymin" | "xmax" | "ymax", end: "min" | "max") => {
      const s = Array.isArray(cover[key]) ? chunk(cover[key])?.statistics : undefined;
      const v = end === "min" ? (s?.min_value ?? s?.min) : (s?.max_value ?? s?.max);
      return typeof v === "number" || typeof v === "bigint" ? Number(v) : undefined;
    };
    const xmin = stat("xmin", "min");
    const ymin = stat("ymin", "min");
    const xmax = stat("xmax", "max");
    const ymax = stat("ymax", "max");
    if (xmin !== undefined && ymin !== undefined && xmax !== undefined && ymax !== undefined) return xmin > box[2] || ymin > box[3] || xmax < box[0] || ymax < box[1];
  }
  const g = chunk([column])?.geospatial_statistics?.bbox;
  if (g === undefined || !(g.xmin <= g.xmax)) return false;
  return g.xmin > box[2] || g.ymin > box[3] || g.xmax < box[0] || g.ymax < box[1];
}

/**
 * The geometry types a GeoParquet file's `geo` metadata lists for its primary column (e.g. ["LineString"]),
 * read from its footer alone; empty when the file or its metadata cannot say (its reader reports why).
 */
export function geoParquetTypes(file: string): string[] {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const geo = JSON.parse(geoText(readFooter(fd).metadata) ?? "{}") as { primary_column?: string; columns?: Record<string, { geometry_types?: unknown }> };
    const types = geo.columns?.[geo.primary_column ?? "geometry"]?.geometry_types;
    return Array.isArray(types) ? types.map(String) : [];
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
