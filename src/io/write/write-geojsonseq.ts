import { formatFeature, type OutFeature } from "./format-geojson.ts";
import { writeChunksAtomic } from "./write-file.ts";

/** RFC 8142 record separator: every GeoJSON text in a sequence starts with it. */
const RS = "\u001e";

/**
 * GeoJSON Text Sequences (RFC 8142, media type application/geo+json-seq, extension `.geojsons`): one
 * feature per record, `RS feature LF`, so a consumer can stream and a truncated file loses only its
 * last record. Features are formatted exactly as in the GeoJSON layer (same rounding and winding).
 */
export function* geoJsonSeqRecords(features: Iterable<OutFeature>, precision = 6): Generator<string> {
  for (const ft of features) yield `${RS}${formatFeature(ft, precision)}\n`;
}

/**
 * Write features from any iterable (an array, or a generator that builds them lazily) as a GeoJSON
 * Text Sequence, streamed to a temporary file and renamed into place. Returns the feature count.
 */
export function writeGeoJsonSeq(path: string, features: Iterable<OutFeature>, options: { precision?: number; protect?: readonly string[] } = {}): number {
  let count = 0;
  const counted = function* () {
    for (const ft of features) {
      count++;
      yield ft;
    }
  };
  writeChunksAtomic(path, geoJsonSeqRecords(counted(), options.precision ?? 6), options.protect ?? []);
  return count;
}
