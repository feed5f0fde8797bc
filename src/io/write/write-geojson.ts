import { type FeatureList, type FormatOptions, geoJsonChunks } from "./format-geojson.ts";
import { writeChunksAtomic } from "./write-file.ts";

/**
 * Write a layer as RFC 7946 GeoJSON (WGS 84, right-hand winding, fixed precision, keys and features in the
 * order given), streamed in chunks to a temporary file and renamed into place; refuses to overwrite any
 * path in `protect`. The bytes equal {@link formatFeatureCollection}'s. Returns the feature count.
 */
export function writeGeoJson(path: string, features: FeatureList, options: FormatOptions & { protect?: readonly string[] } = {}): number {
  writeChunksAtomic(path, geoJsonChunks(features, options), options.protect ?? []);
  return features.length;
}
