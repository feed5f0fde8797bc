/**
 * The text formats of a blocked layer (io/write/blocked-layer.ts), one block at a time: each block
 * formatted by the typed layer's own formatters (typed-text.ts) from its own column data, which is let go
 * before the next block is built; the pieces run on across the blocks' ends, so the bytes are those of the
 * whole TypedLayer whatever the blocks (test/io/blocked-layer.test.ts). Never one string of the layer.
 */
import { featureCollectionPieces } from "../write/format-geojson.ts";
import { type BlockedLayer, eachBlock } from "../write/blocked-layer.ts";
import { typedCsvBytesOf, typedJsonFormatter } from "./typed-text.ts";

/** RFC 8142 record separator (as write-geojsonseq.ts). */
const RS = "\u001e";

/** The FeatureCollection text of the whole layer (format-geojson's geoJsonChunks), block by block. */
export function blockedGeoJsonChunks(layer: BlockedLayer, precision = 6, name?: string): Generator<string> {
  const parts = function* () {
    for (const block of eachBlock(layer)) yield { length: block.length, featureText: typedJsonFormatter(block, precision) };
  };
  return featureCollectionPieces(parts(), name);
}

/** The records of write-geojsonseq's typedGeoJsonSeqRecords for the whole layer, in pieces of about 1 MiB. */
export function* blockedGeoJsonSeqRecords(layer: BlockedLayer, precision = 6): Generator<string> {
  let chunk = "";
  for (const block of eachBlock(layer)) {
    if (block.length === 0) continue;
    const feature = typedJsonFormatter(block, precision);
    for (let i = 0; i < block.length; i++) {
      chunk += `${RS}${feature(i)}\n`;
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = "";
      }
    }
  }
  if (chunk) yield chunk;
}

/** The CSV bytes of typed-text's typedCsvBytes for the whole layer: the header once, then every block's rows. */
export function blockedCsvBytes(layer: BlockedLayer, exclude: readonly string[] = []): Generator<Uint8Array> {
  return typedCsvBytesOf(eachBlock(layer), layer.length > 0, exclude);
}
