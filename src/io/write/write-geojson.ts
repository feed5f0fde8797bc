import { type FeatureList, featureCollectionChunks, type FormatOptions, geoJsonChunks } from "./format-geojson.ts";
import { isTypedLayer, typedFeatureJson, vertexScratch } from "./typed-layer.ts";
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
    const scratch = vertexScratch(features);
    const precision = options.precision ?? 6;
    chunks = featureCollectionChunks(features.length, (i) => typedFeatureJson(features, i, precision, scratch), options.name);
  }
  writeChunksAtomic(path, chunks, options.protect ?? []);
  return features.length;
}
