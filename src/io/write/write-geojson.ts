import { formatFeatureCollection, type FormatOptions, type OutFeature } from "./format-geojson.ts";
import { writeFileAtomic } from "./write-file.ts";

/**
 * Write a layer as RFC 7946 GeoJSON (WGS 84, right-hand winding, fixed precision, keys and features in the
 * order given), atomically; refuses to overwrite any path in `protect`. Returns the feature count.
 */
export function writeGeoJson(path: string, features: readonly OutFeature[], options: FormatOptions & { protect?: readonly string[] } = {}): number {
  writeFileAtomic(path, formatFeatureCollection(features, options), options.protect ?? []);
  return features.length;
}
