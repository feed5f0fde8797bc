import type { DeclaredCrs } from "../json/validate-geojson.ts";
import type { IssueCode } from "../../core/issue-codes.ts";

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
  crs?: DeclaredCrs;
  encoding?: string;
  issues: LoadIssue[];
}
