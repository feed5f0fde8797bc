import { statSync } from "node:fs";
import { InputError } from "../../core/errors.ts";
import { createTally, type Tally } from "../intake/tally.ts";
import type { IntakeOptions, Layer } from "../intake/types.ts";
import { MAX_REPORTED_KEYS, type RepeatedKey } from "../json/json-structure.ts";
import { reportRepeatedKey, reportRepeatedKeys, tooManyRepeatedKeys } from "../json/repeated-keys.ts";
import { RepeatedFeatures } from "../json/stream/split-features.ts";
import { streamJsonLayer } from "../json/stream/stream-geojson.ts";
import { isCollection, legacyCrsOf, mixedTypes, type ScannedFeature, scanFeatures } from "../json/validate-geojson.ts";
import { streamGeoJsonSeq } from "../formats/stream-geojsonseq.ts";
import { streamGeoParquet } from "../formats/stream-geoparquet.ts";
import type { DeclaredCrs } from "../formats/loaded-layer.ts";
import { isVectorFormatFile } from "../formats/vector-formats.ts";
import { isFlatGeobufFile, streamFlatGeobuf } from "../formats/stream-flatgeobuf.ts";
import { isOsmFile } from "../osm/read-osm.ts";
import { maxInputBytes } from "./read-bounded.ts";

/** Batches of about this many bytes: 4 MiB, a few times a large feature, small against any layer worth streaming. */
export const STREAM_CHUNK_BYTES = 4 * 2 ** 20;

/** GeoJSON Text Sequences, by extension. */
export function isGeoJsonSeqFile(file: string): boolean {
  return /\.(geojsons|geojsonl|ndjson)$/i.test(file);
}

/** GeoParquet, by extension. */
export function isParquetFile(file: string): boolean {
  return /\.parquet$/i.test(file);
}

/**
 * Whether the intake streams a file (docs/intake.md "Streamed input"): a regular GeoJSON, GeoJSON-sequence
 * FlatGeobuf or GeoParquet file larger than the byte budget, or any such file when `streamInput` is true (or
 * MINERISK_STREAM_INPUT=1, set by `--stream-input`); never when it is false (or MINERISK_STREAM_INPUT=0),
 * except a GeoParquet file loadVectorFormats marked to stream (`stream` in `loaded`: read with --bbox).
 * OSM, CSV and the other binary formats are read as before.
 */
export function streamsInput(file: string, options: Pick<IntakeOptions, "streamInput" | "loaded">): boolean {
  if (isParquetFile(file) && options.loaded?.get(file)?.stream !== undefined) return true;
  if (isOsmFile(file) || (isVectorFormatFile(file) && !isGeoJsonSeqFile(file) && !isParquetFile(file) && !isFlatGeobufFile(file)) || /\.csv$/i.test(file)) return false;
  const env = process.env.MINERISK_STREAM_INPUT?.trim();
  const forced = options.streamInput ?? (env === "1" ? true : env === "0" ? false : undefined);
  if (forced === false) return false;
  try {
    const stat = statSync(file);
    return stat.isFile() && (forced === true || stat.size > maxInputBytes(true));
  } catch {
    return false; // the whole-file read reports a missing or unreadable file
  }
}

/** How a streamed read of one file ended. */
export type StreamedLayer =
  /** Read: the batches went to the callback; `legacyCrs` is the collection's legacy crs member, `declaredCrs` the format's (FlatGeobuf header, GeoParquet metadata). */
  | { kind: "streamed"; tally: Tally; read: number; legacyCrs?: string; declaredCrs?: DeclaredCrs }
  /** Refused whole (the tally says why): drop whatever the batches gave. */
  | { kind: "failed"; tally: Tally }
  /** No features array to stream: the text (within the budget) parsed whole; read it as the whole-file read does. */
  | { kind: "whole"; tally: Tally; json: unknown }
  /** A second `features` array in a file within the budget: read the file whole instead. */
  | { kind: "fallback" };

/**
 * Read one GeoJSON or GeoJSON-sequence file in batches, running the whole-file intake's envelope checks
 * (scanFeatures) on each batch and handing its features to `onFeatures`, in file order. The tally gets
 * what the whole-file read puts there before coordinates are read, in the same order within each record
 * (repeated keys, then the envelope checks) and at file level (the file's own repeated keys, the
 * sequence's unparsed records, mixed geometry types), so the report is the same.
 */
export function streamLayer(file: string, layer: Layer, allowed: readonly string[], options: IntakeOptions, onFeatures: (features: ScannedFeature[], tally: Tally) => void): StreamedLayer {
  const chunk = options.streamChunkBytes ?? STREAM_CHUNK_BYTES;
  const budget = maxInputBytes(true);
  const tally = createTally(file, layer);
  const types = new Map<string, number>();
  const records: RepeatedKey[] = [];
  try {
    if (isFlatGeobufFile(file)) {
      const loaded = options.loaded?.get(file);
      if (loaded?.collection !== undefined) return { kind: "fallback" }; // read ahead whole (or by a box) by the caller: use that
      const got = streamFlatGeobuf(file, loaded, chunk, options.streamChunkFeatures ?? Number.POSITIVE_INFINITY, (list, first) => onFeatures(scanFeatures(list, first, tally, allowed, types), tally));
      // the whole read records these before the features: among file-level issues the order is the same
      for (const i of got.issues) tally.warn(undefined, undefined, i.code, i.message);
      mixedTypes(types, tally, allowed);
      return { kind: "streamed", tally, read: got.read, declaredCrs: got.crs };
    }
    if (isParquetFile(file)) {
      const bbox = options.loaded?.get(file)?.stream?.bbox;
      const got = streamGeoParquet(file, { bbox }, (list, first) => onFeatures(scanFeatures(list, first, tally, allowed, types), tally));
      for (const i of got.issues) tally.warn(undefined, undefined, i.code, i.message);
      mixedTypes(types, tally, allowed);
      return { kind: "streamed", tally, read: got.read, declaredCrs: got.crs };
    }
    if (isGeoJsonSeqFile(file)) {
      const got = streamGeoJsonSeq(file, chunk, budget, (list, first) => onFeatures(scanFeatures(list, first, tally, allowed, types), tally));
      for (const i of got.issues) tally.warn(undefined, undefined, i.code, i.message);
      mixedTypes(types, tally, allowed);
      return { kind: "streamed", tally, read: got.read };
    }
    const got = streamJsonLayer(file, chunk, budget, (b) => {
      for (const r of b.repeated) {
        records.push(r);
        reportRepeatedKey(r, tally);
      }
      onFeatures(scanFeatures(b.features, b.firstIndex, tally, allowed, types), tally);
    });
    if (!got.streamed) {
      reportRepeatedKeys(got.repeated, tally);
      return { kind: "whole", tally, json: got.value };
    }
    if (!Array.isArray(got.collection.features) || got.collection.type !== "FeatureCollection") {
      const fresh = createTally(file, layer); // as the whole-file read: the repeated keys, then the envelope, and no record read
      reportRepeatedKeys([...got.fileRepeated, ...records], fresh);
      isCollection(got.collection, fresh);
      return { kind: "failed", tally: fresh };
    }
    for (const r of got.fileRepeated) reportRepeatedKey(r, tally);
    if (records.length + got.fileRepeated.length >= MAX_REPORTED_KEYS) tooManyRepeatedKeys(tally);
    mixedTypes(types, tally, allowed);
    return { kind: "streamed", tally, read: got.read, legacyCrs: legacyCrsOf(got.collection) };
  } catch (e) {
    if (e instanceof RepeatedFeatures && statSync(file).size <= budget) return { kind: "fallback" };
    const fresh = createTally(file, layer);
    if (e instanceof RepeatedFeatures) fresh.error(undefined, "features", "duplicate-key", `the file's "features" key appears more than once in a file larger than the input budget, which is streamed: merge them into one`);
    else if (e instanceof InputError) for (const i of e.issues) fresh.error(undefined, i.field, i.code, i.message);
    else throw e;
    return { kind: "failed", tally: fresh };
  }
}
