import { DECLARED_CRS } from "../json/validate-geojson.ts";
import { loadJsonFile } from "../json/validate-geojson.ts";
import type { Tally } from "../intake/tally.ts";
import type { LoadedLayer, LoadedLayers } from "./loaded-layer.ts";
import { readGeoPackage } from "./read-geopackage.ts";
import { type Bbox, planFlatGeobuf, readFlatGeobuf } from "./read-flatgeobuf.ts";
import { isFlatGeobufFile } from "./stream-flatgeobuf.ts";
import { readGeoParquet } from "./read-geoparquet.ts";
import { readGeoJsonSeq } from "./read-geojsonseq.ts";
import { readShapefile } from "./read-shapefile.ts";
import { streamGeoParquet } from "./stream-geoparquet.ts";
import { InputError } from "../../core/errors.ts";

export type { LoadedLayers } from "./loaded-layer.ts";

/**
 * A Shapefile (`.shp`, or a `.zip` holding one), a GeoPackage (`.gpkg`), a FlatGeobuf (`.fgb`), a GeoParquet
 * (`.parquet`) or GeoJSON Text Sequences (`.geojsons`, `.geojsonl`, `.ndjson`): read by io/formats/, not as one JSON document.
 */
export function isVectorFormatFile(file: string): boolean {
  return /\.(shp|zip|gpkg|fgb|parquet|geojsons|geojsonl|ndjson)$/i.test(file);
}

/**
 * Read every Shapefile and GeoPackage among `files` (others are skipped), for the intake to take like
 * GeoJSON (`IntakeOptions.loaded`). Asynchronous because both readers are (sql.js starts WebAssembly;
 * `shapefile` reads through promises); the rest of the intake stays synchronous. With `bbox` (in each file's
 * own coordinates), FlatGeobuf files are read through their spatial index for the features meeting that box
 * only (readFlatGeobuf), and GeoParquet files are left to the intake to stream with that box (`stream`);
 * other formats are read whole. Files for which `streamed` is true are left to the intake's streamed read:
 * GeoJSON sequences and FlatGeobuf skipped, or for a FlatGeobuf with a box only its hits found (planFlatGeobuf).
 */
export async function loadVectorFormats(files: readonly string[], options: { bbox?: Bbox; streamed?: (file: string) => boolean } = {}): Promise<LoadedLayers> {
  const out = new Map<string, LoadedLayer>();
  for (const file of files) {
    if (!isVectorFormatFile(file) || out.has(file)) continue;
    // a GeoJSON sequence or FlatGeobuf the intake streams (io/read/stream-layer.ts) is not read whole here;
    // for a streamed FlatGeobuf with a box only the features meeting it are found, for the intake to read
    if ((isSeq(file) || isFlatGeobufFile(file)) && options.streamed?.(file)) {
      if (isFlatGeobufFile(file) && options.bbox !== undefined) out.set(file, await planFlatGeobuf(file, options.bbox));
      continue;
    }
    // nor a GeoParquet file it streams, or one read with a box (its row groups skipped by their statistics)
    if (/\.parquet$/i.test(file) && (options.bbox !== undefined || options.streamed?.(file))) {
      out.set(file, { issues: [], stream: { bbox: options.bbox } });
      continue;
    }
    out.set(file, options.bbox !== undefined && /\.fgb$/i.test(file) ? await readFlatGeobuf(file, { bbox: options.bbox }) : await readerOf(file)(file));
  }
  return out;
}

function readerOf(file: string): (file: string) => Promise<LoadedLayer> {
  if (/\.gpkg$/i.test(file)) return readGeoPackage;
  if (/\.fgb$/i.test(file)) return readFlatGeobuf;
  if (/\.parquet$/i.test(file)) return readGeoParquet;
  if (isSeq(file)) return readGeoJsonSeq;
  return readShapefile;
}

/**
 * A layer file's content for the intake: a GeoJSON/JSON file parsed (loadJsonFile), or a Shapefile or
 * GeoPackage from `loaded` as a FeatureCollection carrying its declared CRS, its readers' findings recorded
 * in the tally. Undefined when the file cannot be used (the tally says why).
 */
export function loadLayerFile(file: string, tally: Tally, loaded: LoadedLayers | undefined): unknown {
  if (!isVectorFormatFile(file)) return loadJsonFile(file, tally);
  const layer = streamedWhole(file, loaded?.get(file));
  if (layer === undefined) {
    tally.error(undefined, undefined, "file-unreadable", "Shapefile, GeoPackage, FlatGeobuf, GeoParquet and GeoJSON-sequence files are read ahead of the intake: call loadVectorFormats(files) and pass its result as the `loaded` option (the CLI does this)");
    return undefined;
  }
  for (const i of layer.issues) {
    if (i.severity === "error") tally.error(undefined, undefined, i.code, i.message);
    else tally.warn(undefined, undefined, i.code, i.message);
  }
  if (layer.collection === undefined || layer.issues.some((i) => i.severity === "error")) return undefined;
  return Object.assign({ type: "FeatureCollection", features: layer.collection.features }, { [DECLARED_CRS]: layer.crs });
}

const isSeq = (file: string) => /\.(geojsons|geojsonl|ndjson)$/i.test(file);

/**
 * A layer marked to stream (a GeoParquet file read with --bbox) that reaches the whole-file intake (hazards,
 * which do not stream): its rows meeting the box collected into one collection, numbered in order.
 */
function streamedWhole(file: string, layer: LoadedLayer | undefined): LoadedLayer | undefined {
  if (layer?.stream === undefined) return layer;
  const features: unknown[] = [];
  try {
    const got = streamGeoParquet(file, { bbox: layer.stream.bbox, renumbered: true }, (list) => {
      for (const f of list) features.push(f);
    });
    return { collection: { type: "FeatureCollection", features }, crs: got.crs, issues: got.issues };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { issues: e.issues.map((i) => ({ code: i.code, message: i.message, severity: "error" as const })) };
  }
}
