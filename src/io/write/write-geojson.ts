import { type FeatureList, featureCollectionChunks, type FormatOptions, geoJsonChunks } from "./format-geojson.ts";
import { isTypedLayer } from "./typed-layer.ts";
import { typedJsonFormatter } from "../typed/typed-text.ts";
import { writeChunksAtomic } from "./write-file.ts";

/**
 * Write a layer as RFC 7946 GeoJSON (WGS 84, right-hand winding, fixed precision, keys and features in the
 * order given), streamed in chunks to a temporary file and renamed into place; refuses to overwrite any
 * path in `protect`. The bytes equal {@link formatFeatureCollection}'s. Returns the feature count.
 */
export function writeGeoJson(path: string, features: FeatureList, options: FormatOptions & { protect?: readonly string[] } = {}): number {
  // a typed layer is formatted from its columns, never as feature objects (the same text: typed-layer.ts)
  let chunks = geoJsonChunks(features, options);
  if (isTypedLayer(features)) {
    chunks = featureCollectionChunks(features.length, typedJsonFormatter(features, options.precision ?? 6), options.name);
  }
  writeChunksAtomic(path, chunks, options.protect ?? []);
  return features.length;
}
