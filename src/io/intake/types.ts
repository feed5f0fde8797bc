import type { LoadedLayers } from "../formats/loaded-layer.ts";
import type { InputIssue } from "../../core/errors.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";

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
  /** Distance of the file's records to the nearest road of the run, when roads were given (road-reach.ts). */
  roadDistance?: RoadDistanceReport;
  /** Properties / CSV columns with values that the reader did not read (io/unread/field-use.ts); absent when none. */
  unreadFields?: UnreadFields;
}

/**
 * The properties (GeoJSON) or columns (CSV) of a file that carry values minerisk did not read: nothing
 * about them reached any record, layer or number. Checked for road, incident and hazard files.
 */
export interface UnreadFields {
  /** At most MAX_LISTED_UNREAD names: most records first, then by name (code-unit order). */
  listed: UnreadField[];
  /** Names not listed: beyond the cap, or beyond the MAX_TRACKED_NAMES distinct names counted at all. */
  more: number;
  /** True when more names than MAX_TRACKED_NAMES appeared: `more` is then a lower bound. */
  moreIsLowerBound: boolean;
  /** Records carrying a non-empty killed or injured value that was read (a casualty total then matters less). */
  casualtyCountRecords: number;
}

/** One unread property / column: its name as written and how many records carry a non-empty value of it. */
export interface UnreadField {
  name: string;
  records: number;
  hint: UnreadHint | null;
}

/** Why an unread name looks like something minerisk reads under another name (io/unread/field-hints.ts). */
export interface UnreadHint {
  kind: "casualty-total" | "killed" | "injured" | "date" | "precision" | "device" | "place-name" | "geojson-only" | "status" | "road-class" | "shadowed";
  message: string;
}

/** How far a file's kept records lie from the nearest road, against the model's largest kernel reach. */
export interface RoadDistanceReport {
  /** Records measured (those kept), and how many lie beyond their regional kernel reach. */
  measured: number;
  beyondReach: number;
  /** The regional reach, metres (an imprecise incident's is wider: √(h_g² + (f·p)²)). */
  reachM: number;
  /** Distance range and median, metres (null for no record). */
  minM: number | null;
  medianM: number | null;
  maxM: number | null;
}

/** The roads of a run, ready for distance queries (built once by intake/road-reach.ts roadReach). */
export interface RoadReach {
  /** Project WGS84 lon/lat pairs (interleaved) in place into the metres of the index. */
  forward(xy: Float64Array): Float64Array;
  index: LixelIndex;
  /** The model's regional kernel radius h_g and precision scale f (risk-defaults.ts unless given). */
  regionalBandwidthM: number;
  precisionScale: number;
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
  /**
   * The roads of the run (intake/road-reach.ts): each kept record's distance to the nearest road is
   * measured against the model's largest kernel reach and reported (`far-from-roads`). Optional.
   */
  roadReach?: RoadReach;
  /** Shapefile and GeoPackage layers read ahead (io/formats/vector-formats.ts: loadVectorFormats). */
  loaded?: LoadedLayers;
  /**
   * Stream GeoJSON, GeoJSON-sequence and FlatGeobuf files (io/read/stream-layer.ts): true always, false never; default
   * MINERISK_STREAM_INPUT ("1" always, "0" never), else only files larger than the byte budget. Same
   * records and report either way (docs/intake.md "Streamed input").
   */
  streamInput?: boolean;
  /** Bytes per batch of a streamed read (default 4 MiB); tests make it tiny so batches split everywhere. */
  streamChunkBytes?: number;
  /** At most this many features per batch of a streamed FlatGeobuf (default: no limit but the bytes); for tests. */
  streamChunkFeatures?: number;
}
