import { formatFeature, type OutFeature } from "./format-geojson.ts";
import { writeChunksAtomic } from "./write-file.ts";
import { isTypedLayer, type TypedLayer } from "./typed-layer.ts";
import { typedJsonFormatter } from "../typed/typed-text.ts";
import { blockedGeoJsonSeqRecords } from "../typed/blocked-text.ts";
import { type BlockedLayer, isBlockedLayer } from "./blocked-layer.ts";

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

/** The records of {@link geoJsonSeqRecords} for a typed layer, formatted from its columns, in pieces of about 1 MiB. */
export function* typedGeoJsonSeqRecords(layer: TypedLayer, precision = 6): Generator<string> {
  const feature = typedJsonFormatter(layer, precision);
  let chunk = "";
  for (let i = 0; i < layer.length; i++) {
    chunk += `${RS}${feature(i)}\n`;
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

/**
 * Write features from any iterable (an array, or a generator that builds them lazily) as a GeoJSON
 * Text Sequence, streamed to a temporary file and renamed into place (a typed layer from its columns, a
 * blocked layer block by block: the same bytes). Returns the feature count.
 */
export function writeGeoJsonSeq(path: string, features: Iterable<OutFeature> | TypedLayer | BlockedLayer, options: { precision?: number; protect?: readonly string[] } = {}): number {
  if (isBlockedLayer(features)) {
    writeChunksAtomic(path, blockedGeoJsonSeqRecords(features, options.precision ?? 6), options.protect ?? []);
    return features.length;
  }
  if (isTypedLayer(features)) {
    writeChunksAtomic(path, typedGeoJsonSeqRecords(features, options.precision ?? 6), options.protect ?? []);
    return features.length;
  }
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
