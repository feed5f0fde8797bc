import type { InputIssue } from "../../core/errors.ts";

/**
 * How a reader treats problems (the three levels of placemark/check-geojson):
 * - "list": never throws, not even for an unreadable file; returns what lenient would keep and the report;
 * - "strict": throws one InputError listing every error (the default; warnings never throw);
 * - "lenient": keeps the good records, repairs what can be repaired, rejects the rest, and reports each;
 *   throws only when a whole file cannot be read (unreadable, not JSON/CSV, not a FeatureCollection).
 */
export type Strictness = "list" | "strict" | "lenient";
export const STRICTNESS_LEVELS: readonly Strictness[] = ["list", "strict", "lenient"];

/** The three layers an input file can feed. */
export type Layer = "roads" | "incidents" | "hazards";

/**
 * What happened to the record an issue is about: "rejected" (dropped from the analysis in lenient
 * mode), "repaired" (changed, and the message says how) or "kept" (used as given; a warning).
 */
export type IssueAction = "rejected" | "repaired" | "kept";

/**
 * One issue of the intake report. `severity` "error" means the record is wrong as given: strict mode
 * throws; "warning" means worth knowing (possible duplicate, winding, repeated positions) and never throws.
 */
export interface IntakeIssue extends InputIssue {
  severity: "error" | "warning";
  action: IssueAction;
}

/** The intake report of one file: every record read ends up used, repaired or rejected. */
export interface FileReport {
  file: string;
  layer: Layer;
  /** Records (features or CSV data rows) found in the file; 0 when the file itself could not be read. */
  read: number;
  used: number;
  repaired: number;
  rejected: number;
  /** File-level issues (no `record`) and record issues, in record order. */
  issues: IntakeIssue[];
}

/** The intake report of a run: one entry per input file, in the order given. */
export interface IntakeReport {
  files: FileReport[];
}

/** What to do with records that are duplicates of an earlier one (same place within precision, same date). */
export type DuplicatePolicy = "keep" | "merge";

/** Options every intake reader takes. */
export interface IntakeOptions {
  /** Default "strict". */
  strictness?: Strictness;
  /**
   * CRS of the input coordinates when they are not WGS84 lon/lat: "EPSG:NNNN" or a proj string. Overrides
   * a legacy GeoJSON `crs` member (which is otherwise honoured and reported).
   */
  crs?: string;
  /** Duplicate incidents: "keep" (default; each one reported) or "merge" (later ones merged into the first). */
  duplicates?: DuplicatePolicy;
  /**
   * WGS84 extent [minLon, minLat, maxLon, maxLat] of other layers of the same run, used to suggest the UTM
   * zone of a file in projected metres and to judge lone far-away points. Optional.
   */
  referenceExtent?: readonly [number, number, number, number];
}
