import { join } from "node:path";
import type { FeatureList, OutFeature } from "./format-geojson.ts";
import { csvChunks, csvColumns } from "./write-csv.ts";
import { typedCsvBytes } from "../typed/typed-text.ts";
import { blockedCsvBytes, blockedGeoJsonChunks, blockedGeoJsonSeqRecords } from "../typed/blocked-text.ts";
import { OptionError } from "../../core/errors.ts";
import { type BlockedLayer, eachBlock, inStep, isBlockedLayer } from "./blocked-layer.ts";
import { type FlatGeobufPrepass, flatGeobufPrepass } from "./write-flatgeobuf-blocked.ts";
import { type StagedFile, writeAtomicWith, writeChunksAtomic, writeFileAtomic } from "./write-file.ts";
import { writeFlatGeobuf } from "./write-flatgeobuf.ts";
import { writeGeoJson } from "./write-geojson.ts";
import { writeGeoJsonSeq } from "./write-geojsonseq.ts";
import { writeGeoParquet } from "./write-geoparquet.ts";
import { isTypedLayer } from "./typed-layer.ts";
import { writeTypedFlatGeobuf } from "./write-flatgeobuf-typed.ts";
import { fileDigest, type OutputMeta, writeMeta } from "./write-meta.ts";

/** Vector formats a layer can be written in. */
export const LAYER_FORMATS = ["geojson", "fgb", "geojsonseq", "csv", "parquet"] as const;
export type LayerFormat = (typeof LAYER_FORMATS)[number];

/** What {@link writeLayer} writes: features (objects, built on demand, a typed layer) or a blocked layer (blocked-layer.ts). */
export type LayerFeatures = FeatureList | BlockedLayer;

/** A file a run wrote, relative to the output folder, with its feature (or row) count for layers and tables. */
export interface WrittenFile {
  file: string;
  features?: number;
}

/** simplestyle-spec keys: styling for geojson.io, not data, so they stay out of CSV tables. */
const SIMPLESTYLE = ["stroke", "stroke-width", "stroke-opacity", "fill", "fill-opacity", "marker-color", "marker-size", "marker-symbol", "title", "description"];

export interface WriteLayerOptions {
  formats: readonly LayerFormat[];
  /** QGIS style text, written as NAME.qml (QGIS loads it for NAME.geojson and NAME.fgb). */
  qml?: string;
  /** Add lon and lat columns to the CSV table (point layers). */
  csvLonLat?: boolean;
  /** Files of this layer written elsewhere (e.g. a GeoTIFF of a density grid), listed in the sidecar too. */
  alsoWritten?: readonly WrittenFile[];
  /** Paths that must not be overwritten (the run's inputs). */
  protect: readonly string[];
  /** Everything of the sidecar except the list of outputs, which is filled in here. */
  meta: Omit<OutputMeta, "outputs">;
  /** Write a typed (or blocked) layer's CSV table by this instead (e.g. on a helper thread, pipeline/write-helper.ts), with the columns to leave out; it is listed as written here. */
  writeTypedCsv?: (path: string, exclude: readonly string[]) => void;
  /**
   * Write a typed layer's FlatGeobuf by this instead (as writeTypedCsv); it is listed as written here. A
   * blocked layer's FlatGeobuf is written only by this (writeBlockedFlatGeobuf); with a text format beside
   * it, its pass A is made on the text formats' pass over the blocks and handed over as `prepass`.
   */
  writeTypedFgb?: (path: string, prepass?: FlatGeobufPrepass) => void;
  /** Write the sidecar here. Default true; false when a file of the layer is still being written elsewhere (the caller writes it later; it is listed all the same). */
  sidecar?: boolean;
}

/**
 * Write one layer in each requested format, its QGIS style, and the sidecar NAME.meta.json listing those
 * files with their SHA-256, all atomically. Returns the files written, the sidecar last.
 *
 * A blocked layer (blocked-layer.ts) is written block by block as geojson, geojsonseq and csv, the same
 * bytes as its whole TypedLayer, and as fgb only through `writeTypedFgb` (the caller's blocked writer);
 * else fgb and parquet are refused before anything is written: FlatGeobuf's packed Hilbert R-tree sorts
 * every feature by the centre of its box before the first feature is written, and GeoParquet is written
 * column by column from whole arrays, so neither is built here block by block.
 */
export function writeLayer(dir: string, name: string, features: LayerFeatures, options: WriteLayerOptions): WrittenFile[] {
  if (isBlockedLayer(features)) {
    const refused = options.formats.filter((f) => f === "parquet" || (f === "fgb" && !options.writeTypedFgb));
    if (refused.length) throw new OptionError(`layer ${name}: ${refused.join(" and ")} cannot be written for a layer made a block at a time (${features.length} features): FlatGeobuf's packed Hilbert R-tree needs every feature's box before the first feature, and GeoParquet is written from whole columns; ask for geojson, geojsonseq or csv for this layer`);
    return writeBlockedLayer(dir, name, features, options);
  }
  const written: WrittenFile[] = [...(options.alsoWritten ?? [])];
  const protect = options.protect;
  for (const format of options.formats) {
    if (format === "geojson") written.push({ file: `${name}.geojson`, features: writeGeoJson(join(dir, `${name}.geojson`), features, { name, protect }) });
    if (format === "fgb") {
      const path = join(dir, `${name}.fgb`);
      if (isTypedLayer(features) && options.writeTypedFgb) options.writeTypedFgb(path);
      else if (isTypedLayer(features)) writeTypedFlatGeobuf(path, features, { name, protect });
      else writeFlatGeobuf(path, features, { name, protect });
      written.push({ file: `${name}.fgb`, features: features.length });
    }
    // GeoParquet is written column by column from whole arrays, so a lazy layer is made whole for it
    if (format === "parquet") written.push({ file: `${name}.parquet`, features: writeGeoParquet(join(dir, `${name}.parquet`), Array.from(each(features)), protect) });
    if (format === "geojsonseq") written.push({ file: `${name}.geojsons`, features: writeGeoJsonSeq(join(dir, `${name}.geojsons`), isTypedLayer(features) ? features : each(features), { protect }) });
    if (format === "csv") {
      const path = join(dir, `${name}.csv`);
      const lonLat = options.csvLonLat ?? false;
      // a typed layer's rows are read from its columns (points have no typed layer, so no lon/lat columns)
      if (isTypedLayer(features) && !(lonLat && features.length > 0)) {
        if (options.writeTypedCsv) options.writeTypedCsv(path, SIMPLESTYLE);
        else writeChunksAtomic(path, typedCsvBytes(features, SIMPLESTYLE), protect);
      }
      else {
        const rows = () => csvRows(features, lonLat);
        writeChunksAtomic(path, csvChunks(csvColumns(rows(), SIMPLESTYLE), rows()), protect);
      }
      written.push({ file: `${name}.csv`, features: features.length });
    }
  }
  return finishLayer(dir, name, written, options);
}

/**
 * {@link writeLayer} of a blocked layer, in geojson, geojsonseq, csv and (by writeTypedFgb) fgb only
 * (checked there): the text formats in ONE pass over the blocks (blocked-layer.ts inStep), each block's
 * column data read once for all of them, each file staged and renamed into place as writeChunksAtomic does.
 */
function writeBlockedLayer(dir: string, name: string, features: BlockedLayer, options: WriteLayerOptions): WrittenFile[] {
  const protect = options.protect;
  const text: { path: string; read: (view: BlockedLayer) => Iterator<string | Uint8Array> }[] = [];
  for (const format of options.formats) {
    if (format === "geojson") text.push({ path: join(dir, `${name}.geojson`), read: (v) => blockedGeoJsonChunks(v, 6, name) });
    if (format === "geojsonseq") text.push({ path: join(dir, `${name}.geojsons`), read: (v) => blockedGeoJsonSeqRecords(v, 6) });
    // lines: no lon and lat columns (csvLonLat is for points), as for a typed layer
    if (format === "csv" && !options.writeTypedCsv) text.push({ path: join(dir, `${name}.csv`), read: (v) => blockedCsvBytes(v, SIMPLESTYLE) });
  }
  // the FlatGeobuf's pass A (its boxes and column kinds) rides on the same pass, a reader that writes nothing:
  // one pass over the blocks fewer, each block made once less (write-flatgeobuf-blocked.ts)
  const prepass = options.formats.includes("fgb") && text.length > 0 ? flatGeobufPrepass({ tmpDir: dir }) : undefined;
  const readers = text.map((t) => t.read);
  if (prepass) readers.push((v) => prepassReader(v, prepass));
  // each file's staging nested in the next one's (closures, not recursion): all open during the one pass
  let fill = (files: StagedFile[]) => inStep(features, readers, (k, piece) => {
    if (k < text.length) files[k].write(typeof piece === "string" ? Buffer.from(piece, "utf8") : piece);
  });
  const staged: StagedFile[] = [];
  for (let k = text.length - 1; k >= 0; k--) {
    const inner = fill;
    fill = () => writeAtomicWith(text[k].path, (file) => {
      staged[k] = file;
      inner(staged);
    }, protect);
  }
  const written: WrittenFile[] = [...(options.alsoWritten ?? [])];
  try {
    if (text.length > 0) fill(staged);
    for (const format of options.formats) {
      if (format === "geojson") written.push({ file: `${name}.geojson`, features: features.length });
      if (format === "fgb") {
        (options.writeTypedFgb as NonNullable<WriteLayerOptions["writeTypedFgb"]>)(join(dir, `${name}.fgb`), prepass);
        written.push({ file: `${name}.fgb`, features: features.length });
      }
      if (format === "geojsonseq") written.push({ file: `${name}.geojsons`, features: features.length });
      if (format === "csv") {
        if (options.writeTypedCsv) options.writeTypedCsv(join(dir, `${name}.csv`), SIMPLESTYLE);
        written.push({ file: `${name}.csv`, features: features.length });
      }
    }
  } finally {
    prepass?.dispose(); // its scratch folder, on failure or if the FlatGeobuf writer did not take it (writeBlockedFlatGeobuf removes it)
  }
  return finishLayer(dir, name, written, options);
}

/** A reader of inStep that hands each block to the FlatGeobuf's pass A and writes nothing (one empty piece per block, so it keeps in step). */
function* prepassReader(view: BlockedLayer, prepass: FlatGeobufPrepass): Generator<string> {
  for (const block of eachBlock(view)) {
    prepass.add(block);
    yield "";
  }
}

/** The QGIS style and the sidecar of a layer whose files are `written`. */
function finishLayer(dir: string, name: string, written: WrittenFile[], options: WriteLayerOptions): WrittenFile[] {
  if (options.qml !== undefined) {
    writeFileAtomic(join(dir, `${name}.qml`), options.qml, options.protect);
    written.push({ file: `${name}.qml` });
  }
  if (options.sidecar ?? true) writeSidecar(dir, name, written, options.meta, options.protect);
  written.push({ file: `${name}.meta.json` });
  return written;
}

/** Formats {@link layerFiles} can list without writing (each names one file of `count` features). */
export const LISTED_FORMATS: readonly LayerFormat[] = ["geojson", "fgb", "geojsonseq", "csv"];

/**
 * The files {@link writeLayer} returns for a layer of `count` features in `formats` (all of
 * {@link LISTED_FORMATS}), with or without a style: for a layer written elsewhere (a helper thread,
 * pipeline/write-helper.ts), so the list of outputs is known here, in writeLayer's order.
 */
export function layerFiles(name: string, count: number, formats: readonly LayerFormat[], qml: boolean): WrittenFile[] {
  const ext: Partial<Record<LayerFormat, string>> = { geojson: "geojson", fgb: "fgb", geojsonseq: "geojsons", csv: "csv" };
  const files: WrittenFile[] = formats.map((f) => {
    if (!LISTED_FORMATS.includes(f)) throw new Error(`layerFiles: ${f} is not listed without writing`);
    return { file: `${name}.${ext[f]}`, features: count };
  });
  if (qml) files.push({ file: `${name}.qml` });
  files.push({ file: `${name}.meta.json` });
  return files;
}

/** The features one at a time (an array's, or built on demand). */
function* each(features: FeatureList): Generator<OutFeature> {
  for (let i = 0; i < features.length; i++) yield features.at(i) as OutFeature;
}

/** The CSV rows of a layer: each feature's properties, plus lon and lat for points when asked. */
function* csvRows(features: FeatureList, lonLat: boolean): Generator<Record<string, unknown>> {
  for (const f of each(features)) yield lonLat && f.geometry.type === "Point" ? { ...f.properties, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] } : f.properties;
}

/** Write NAME.meta.json describing `files` (already written in `dir`). */
export function writeSidecar(dir: string, name: string, files: readonly WrittenFile[], meta: Omit<OutputMeta, "outputs">, protect: readonly string[]): void {
  const outputs = files.map((w) => {
    const d = fileDigest(join(dir, w.file));
    const spatial = /\.(geojson|geojsons|fgb|parquet)$/.test(w.file);
    return { ...d, ...(w.features === undefined ? {} : { features: w.features }), ...(spatial ? { crs: "EPSG:4326" } : {}) };
  });
  writeMeta(join(dir, `${name}.meta.json`), { ...meta, outputs }, protect);
}
