import type { IssueCode } from "../../core/issue-codes.ts";

/** A layer's CRS as its own format declares it: the spec (WKT or EPSG:N) and where it came from. */
export interface DeclaredCrs {
  spec: string;
  from: string;
}

/** A file-level finding of a format reader, recorded in the file's tally by the intake. */
export interface LoadIssue {
  code: IssueCode;
  message: string;
  severity: "error" | "warning";
}

/**
 * A Shapefile or GeoPackage layer read into the shape the GeoJSON intake takes: a FeatureCollection with
 * coordinates as stored, the CRS the format declares, the text encoding used, and what the reader found.
 * No collection when the file could not be read (the issues say why).
 */
export interface LoadedLayer {
  collection?: { type: "FeatureCollection"; features: unknown[] };
  /** A FlatGeobuf read with a box for the streamed intake: the features to read (fgb-file.ts), instead of a collection. */
  hits?: FgbHits;
  crs?: DeclaredCrs;
  encoding?: string;
  issues: LoadIssue[];
  /** A GeoParquet file left for the intake to stream (io/read/stream-layer.ts), with the box to filter by. */
  stream?: { bbox?: readonly [number, number, number, number] };
}

/** Shapefile and GeoPackage layers read ahead of the intake, by file name as given. */
export type LoadedLayers = ReadonlyMap<string, LoadedLayer>;

/** FlatGeobuf features chosen by a box: byte offsets from the first feature and 0-based feature numbers, in file order. */
export interface FgbHits {
  offsets: Float64Array;
  ids: Float64Array;
}
