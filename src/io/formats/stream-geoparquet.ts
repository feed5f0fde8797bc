import { closeSync } from "node:fs";
import type { DecodedArray, FileMetaData, SchemaTree } from "hyparquet";
import { parquetSchema } from "hyparquet";
import { assembleNested } from "hyparquet/src/assemble.js";
import { readColumn } from "hyparquet/src/column.js";
import { DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { flatten } from "hyparquet/src/utils.js";
import { compressors } from "hyparquet-compressors";
import { InputError } from "../../core/errors.ts";
import { openForReading, unreadableFile } from "../json/read-json.ts";
import type { DeclaredCrs, LoadIssue } from "./loaded-layer.ts";
import { BrokenParquet, geoText, groupOutside, readFooter, readRange } from "./parquet-footer.ts";
import { type Bbox, meets } from "./read-flatgeobuf.ts";
import { crsOf, geoColumn, geometryOf, type Kind, plain } from "./read-geoparquet.ts";

/**
 * Values as readGeoParquet's Arrow read gives them to `plain`: binary as bytes (no UTF-8 guess for an
 * unannotated BYTE_ARRAY, as Arrow reads it as Binary), a geometry-typed column as its WKB (decoded by wkx,
 * as the whole read does), dates and timestamps as hyparquet's Date, which `plain` writes as ISO text.
 */
const PARSERS = { ...DEFAULT_PARSERS, geometryFromBytes: (b: Uint8Array) => b, geographyFromBytes: (b: Uint8Array) => b };

type Group = FileMetaData["row_groups"][number];

/**
 * A GeoParquet file (1.0 / 1.1, WKB) read row group by row group, as readGeoParquet reads it whole: the
 * same features (properties in schema order, values through the same `plain`, WKB through wkx), one row
 * group's column chunks in memory at a time, each reached by a positional read (parquet-footer.ts). Parquet
 * pages are decoded by hyparquet's synchronous column reader (readColumn, assembleNested: the intake is
 * synchronous, hyparquet's public readers return promises); ZSTD, Snappy, gzip, Brotli and LZ4 pages by
 * hyparquet-compressors. Each row group's features go to `onFeatures` with the 0-based file row of the
 * first, so record numbers are file rows.
 *
 * With `bbox` (in the file's coordinates), a row group whose statistics put it outside the box is not read
 * (groupOutside), and of the rest only the rows whose geometry's bounding box meets the box are handed on
 * (meets, as the FlatGeobuf read filters), in runs of consecutive rows: record numbers stay file rows and
 * `read` counts the rows handed on. The same records as filtering the whole read, given true statistics.
 * `renumbered` only words the bbox-filtered note for a caller that collects the rows as one collection.
 *
 * Throws the InputError file-unreadable (naming the row group when the fault is in one) for a file that is
 * not GeoParquet, is truncated, or whose pages cannot be decoded, and for a CRS it cannot apply.
 */
export function streamGeoParquet(file: string, options: { bbox?: Bbox; renumbered?: boolean }, onFeatures: (features: unknown[], firstIndex: number) => void): { read: number; crs?: DeclaredCrs; issues: LoadIssue[] } {
  const fd = openForReading(file);
  let at = "";
  let handing = false; // inside the caller's onFeatures: its errors are its own, not the file's
  const hand = (features: unknown[], first: number) => {
    handing = true;
    onFeatures(features, first);
    handing = false;
  };
  try {
    const { metadata, dataEnd } = readFooter(fd);
    const tree = parquetSchema(metadata);
    const geo = geoColumn(geoText(metadata), (name) => tree.children.some((c) => c.element.name === name));
    if ("unreadable" in geo) throw new BrokenParquet(geo.unreadable);
    const issues: LoadIssue[] = [];
    const crs = crsOf(geo.meta.crs, issues);
    const refused = issues.find((i) => i.severity === "error");
    if (refused) throw new InputError([{ file, code: refused.code, message: refused.message }]);
    const box = options.bbox;
    let read = 0;
    let row = 0;
    let skipped = 0;
    for (let g = 0; g < metadata.row_groups.length; g++) {
      const group = metadata.row_groups[g];
      const rows = Number(group.num_rows);
      if (box !== undefined && groupOutside(group, geo.column, geo.meta, box)) {
        skipped++;
        row += rows;
        continue;
      }
      at = ` in row group ${g + 1} (rows ${row + 1}-${row + rows})`;
      const features = groupFeatures(fd, dataEnd, tree, group, row, geo.column);
      at = "";
      if (box === undefined) {
        if (features.length > 0) hand(features, row);
        read += features.length;
      } else read += handRuns(features, row, box, hand);
      row += rows;
    }
    if (box !== undefined) issues.push({ code: "bbox-filtered", message: `read with the box ${box.join(",")}: ${read} of its ${row} rows meet it; ${skipped} of its ${metadata.row_groups.length} row groups were skipped by their bounding-box statistics, unread; ${options.renumbered ? "record numbers count the rows read, in file order, not all the file's rows" : "record numbers are the rows' places in the file"}`, severity: "warning" });
    return { read, crs, issues };
  } catch (e) {
    if (e instanceof InputError || handing) throw e;
    // a failed read (EIO, …) carries its system call; anything else is a fault of the file's bytes
    if (typeof (e as NodeJS.ErrnoException).syscall !== "string") {
      throw new InputError([{ file, code: "file-unreadable", message: `cannot read the Parquet file${at}: ${(e as Error).message ?? String(e)}` }]);
    }
    throw unreadableFile(file, e); // a read that failed (EIO, …)
  } finally {
    closeSync(fd);
  }
}

/** The runs of consecutive rows meeting the box handed to `onFeatures`; how many rows that was. */
function handRuns(features: unknown[], firstRow: number, box: Bbox, onFeatures: (features: unknown[], firstIndex: number) => void): number {
  let n = 0;
  let run: unknown[] = [];
  let runStart = 0;
  for (let i = 0; i < features.length; i++) {
    if (meets(features[i] as { geometry: { coordinates: unknown } | null }, box)) {
      if (run.length === 0) runStart = firstRow + i;
      run.push(features[i]);
      continue;
    }
    if (run.length > 0) (onFeatures(run, runStart), (n += run.length), (run = []));
  }
  if (run.length > 0) (onFeatures(run, runStart), (n += run.length));
  return n;
}

/** One row group's rows as GeoJSON-like features, its column chunks read and decoded one after another. */
function groupFeatures(fd: number, dataEnd: number, tree: SchemaTree, group: Group, groupStart: number, geometry: string): unknown[] {
  const rows = Number(group.num_rows);
  const columns = new Map<string, DecodedArray>();
  const select = { groupStart, selectStart: 0, selectEnd: rows, groupRows: rows };
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (meta === undefined) throw new BrokenParquet("a column chunk has no metadata (an encrypted or external column chunk is not read)");
    // where the chunk starts, as hyparquet's planner takes it (a 0 dictionary offset, written by some tools, means none)
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    if (!(start >= 4 && end <= dataEnd)) throw new BrokenParquet(`column "${meta.path_in_schema.join(".")}" claims bytes ${start}-${end}, outside the file's data (bytes 4-${dataEnd}): it is truncated or corrupt`);
    const bytes = readRange(fd, start, end);
    const path = pathOf(tree, meta.path_in_schema);
    const decoder = { pathInSchema: meta.path_in_schema, element: path[path.length - 1].element, schemaPath: path, ...meta, parsers: PARSERS, compressors, utf8: false };
    const { data } = readColumn({ view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 }, select, decoder);
    columns.set(meta.path_in_schema.join("."), flatten(data));
  }
  const names: string[] = [];
  const values: DecodedArray[] = [];
  const kinds: Kind[] = [];
  const nested: boolean[] = [];
  for (const child of tree.children) {
    if (child.children.length > 0) assembleNested(columns, child, PARSERS);
    const v = columns.get(child.element.name);
    if (v === undefined || v.length !== rows) throw new BrokenParquet(`column "${child.element.name}" holds ${v?.length ?? 0} values for ${rows} rows`);
    if (child.element.name === geometry) continue;
    names.push(child.element.name);
    values.push(v);
    kinds.push(kindOfElement(child));
    nested.push(child.children.length > 0);
  }
  const wkb = columns.get(geometry) as DecodedArray;
  const features: unknown[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const properties: Record<string, unknown> = {};
    for (let k = 0; k < names.length; k++) properties[names[k]] = nested[k] ? asArrowJson(values[k][i]) : plain(values[k][i], kinds[k]);
    features[i] = { type: "Feature", properties, geometry: geometryOf((wkb[i] ?? null) as Uint8Array | null) };
  }
  return features;
}

/**
 * A struct or list cell as the whole read's `plain` gives it from Arrow's toJSON: the JSON round trip, big
 * integers as numbers, dates as ISO text (hyparquet assembles plain objects and arrays, Arrow rows).
 */
function asArrowJson(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  return JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? Number(x) : x)));
}

/** The schema path (root to leaf) of a column chunk's path_in_schema. */
function pathOf(tree: SchemaTree, names: readonly string[]): SchemaTree[] {
  const path = [tree];
  let node = tree;
  for (const name of names) {
    const next = node.children.find((c) => c.element.name === name);
    if (next === undefined) throw new BrokenParquet(`column "${names.join(".")}" is not in the file's schema`);
    path.push(next);
    node = next;
  }
  return path;
}

/** As readGeoParquet's kindOf for the Arrow type this Parquet column becomes: DATE, TIMESTAMP, or other. */
function kindOfElement(node: SchemaTree): Kind {
  const e = node.element;
  if (e.converted_type === "DATE" || e.logical_type?.type === "DATE") return "date";
  if (e.converted_type === "TIMESTAMP_MILLIS" || e.converted_type === "TIMESTAMP_MICROS" || e.logical_type?.type === "TIMESTAMP" || e.type === "INT96") return "timestamp";
  return "other";
}
