import { type FeatureList, featureCollectionChunks, type FormatOptions, geoJsonChunks } from "./format-geojson.ts";
import { isTypedLayer } from "./typed-layer.ts";
import { typedJsonFormatter } from "../typed/typed-text.ts";
import { blockedGeoJsonChunks } from "../typed/blocked-text.ts";
import { type BlockedLayer, isBlockedLayer } from "./blocked-layer.ts";
import { writeChunksAtomic } from "./write-file.ts";

/**
 * Write a layer as RFC 7946 GeoJSON (WGS 84, right-hand winding, fixed precision, keys and features in the
 * order given), streamed in chunks to a temporary file and renamed into place; refuses to overwrite any
 * path in `protect`. The bytes equal {@link formatFeatureCollection}'s (a blocked layer's: the whole
 * TypedLayer's). Returns the feature count.
 */
export function writeGeoJson(path: string, features: FeatureList | BlockedLayer, options: FormatOptions & { protect?: readonly string[] } = {}): number {
  if (isBlockedLayer(features)) {
    writeChunksAtomic(path, blockedGeoJsonChunks(features, options.precision ?? 6, options.name), options.protect ?? []);
    return features.length;
  }
  // a typed layer is formatted from its columns, never as feature objects (the same text: typed-layer.ts)
  let chunks = geoJsonChunks(features, options);
  if (isTypedLayer(features)) {
    chunks = featureCollectionChunks(features.length, typedJsonFormatter(features, options.precision ?? 6), options.name);
  }
  writeChunksAtomic(path, chunks, options.protect ?? []);
  return features.length;
}
