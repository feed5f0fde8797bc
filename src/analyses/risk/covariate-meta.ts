/**
 * The covariate term of a run (analyses/model/covariate-risk.ts), as RiskScores carries it: which layers,
 * from which files, how they were turned into numbers, and the fitted β with its interval. Types only, so
 * risk/ does not import model/.
 */
export interface CovariateMeta {
  /** In words, with the formula: rate = b + κ·exp(Σ β_j·x_j)·s + hazard, κ recalibrated so the level is unchanged. */
  method: string;
  layers: { name: string; file: string; kind: "lines" | "polygons"; transform: string }[];
  terms: { feature: string; beta: number; standardError: number | null; low: number | null; high: number | null; standardBeta: number; heldAtZero: boolean; priorShare: number; intervalIncludesZero: boolean }[];
  confidence: number;
  ridge: number;
  windowYears: number;
  pseudoSplits: { shapeUpTo: string; targetFrom: string; targetTo: string; targetEvents: number; usedEvents: number }[];
  /** Target road incidents (by road share) the fit of β rests on. */
  targetEvents: number;
  rows: number;
  converged: boolean;
  /** κ with the term ÷ κ of the kernel model alone: the recalibration that keeps the forecast yearly count. */
  rateScaleRatio: number;
  /** Range of the per-lixel factor (incident part with the term ÷ without) over lixels the kernels reach. */
  factorMin: number | null;
  factorMax: number | null;
  /** One sentence for the summary: what β is, what it rests on, and whether the data show an effect. */
  note: string;
}

/** Per-lixel covariate values (as β multiplies them) and the factor on the incident part. */
export interface CovariateColumns {
  names: string[];
  values: Float64Array[];
  /** Incident part with the term ÷ the kernel model's incident part (1 where no kernel reaches). */
  factor: Float64Array;
}
