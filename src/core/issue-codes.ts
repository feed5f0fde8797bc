/**
 * Every issue code minerisk can report, one list: the intake's (src/io/intake, src/io/read, …), the
 * risk model's and the backtest guards'. `InputIssue.code` is typed by it, so a code used anywhere
 * else fails the type check; docs/intake.md gives each one's meaning and what strict and lenient mode do
 * (test/io/intake/issue-codes.test.ts checks both directions). Machines reading `--json` reports can rely
 * on these strings staying stable.
 */
export const ISSUE_CODES = [
  // whole files
  "file-unreadable",
  "binary-file",
  "invalid-json",
  "invalid-csv",
  "invalid-osm",
  "not-feature-collection",
  "empty-layer",
  "header-only",
  "missing-coordinate-columns",
  "invalid-mapping",
  "invalid-config",
  "unknown-crs",
  "legacy-crs",
  "crs-not-applied",
  "mixed-geometry-types",
  "decimal-comma",
  "osm-not-a-road",
  "out-is-a-file",
  "missing-sidecar",
  "unknown-encoding",
  "several-layers",
  "crs-overridden",
  "raster-covariate-unsupported",
  "empty-covariate",
  // features and geometry
  "not-a-feature",
  "null-geometry",
  "wrong-geometry-type",
  "invalid-geometry",
  "unsupported-geometry",
  "empty-geometry",
  "empty-part",
  "coordinates-too-deep",
  "coordinates-too-shallow",
  "malformed-coordinates",
  "non-finite-coordinate",
  "out-of-range",
  "swapped-lat-lon",
  "lost-minus-sign",
  "outlier-position",
  "far-from-roads",
  "projection-failed",
  "distance-error-bound",
  "degenerate-line",
  "unclosed-ring",
  "ring-too-short",
  "self-intersection",
  "repeated-vertex",
  "spike",
  "wrong-winding",
  // hazard attributes and duplicates
  "invalid-status",
  "missing-status",
  "duplicate-hazard",
  "possible-duplicate-hazard",
  // CSV positions and places
  "missing-coordinate",
  "invalid-grid-reference",
  "geocoded",
  "ambiguous-place",
  "unknown-place",
  "missing-name",
  "missing-column",
  // incident attributes and duplicates
  "invalid-date",
  "unknown-device",
  "invalid-count",
  "invalid-precision",
  "invalid-flag",
  "duplicate-incident",
  "possible-duplicate",
  "repeated-position",
  // the risk model and the backtest guards
  "no-dated-incidents",
  "backtest-no-dated-records",
  "backtest-test-past-data",
  "backtest-empty-training",
  "backtest-empty-test",
] as const;

/** One of ISSUE_CODES. */
export type IssueCode = (typeof ISSUE_CODES)[number];
