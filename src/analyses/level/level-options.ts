import { OptionError } from "../../core/errors.ts";

/** The level forecasts on offer (docs/risk-model.md, "Forecasting the level"). */
export const LEVEL_METHODS = ["decay", "last", "mean", "loglinear", "damped"] as const;
export type LevelMethod = (typeof LEVEL_METHODS)[number];

/** The largest --level-years accepted: past a century it is a slip, not a model. */
export const MAX_LEVEL_YEARS = 100;

/**
 * Defaults of the level forecast. `method`, `years` and `damping` were chosen by rolling origin on the
 * Colombia tuning cut-offs 1996–2002 only (scripts/tune-level-colombia.ts, docs/level-tuning-colombia.md);
 * no candidate met the coverage rule there (the counts rose five-fold in four years), so the rule's fallback,
 * the lowest mean |log(predicted / observed)|, chose damped, k = 5, φ_d = 0.5. `confidence` is the 90 %; `horizonYears` 1 = the year after asOf, the "per year" a planner reads.
 */
export const LEVEL_DEFAULTS = {
  method: "damped" as LevelMethod,
  years: 5,
  damping: 0.5,
  horizonYears: 1,
  confidence: 0.9,
};

/**
 * How the level is forecast: (a) `decay`, the decay-weighted average of the training window (v1.1);
 * (b) `last`, the last year's count; (c) `mean`, the mean of the last `years` years; (d) `loglinear`, a
 * quasi-Poisson log-linear trend over the last `years` years, extrapolated over the forecast window;
 * (e) `damped`, the same trend with its slope damped by `damping` per year (Gardner & McKenzie 1985).
 */
export interface LevelOptions {
  method?: LevelMethod;
  /** k, the years the fit looks back (mean, loglinear, damped; and the dispersion of decay and last). */
  years?: number;
  /** φ_d ∈ (0, 1] of the damped trend: the slope's share kept each further year. */
  damping?: number;
  /** Years after asOf the forecast covers (the window whose count the interval is for). */
  horizonYears?: number;
  /** Coverage of the prediction interval, in (0, 1). */
  confidence?: number;
}

export type ResolvedLevelOptions = Required<LevelOptions>;

/** Fill in the defaults and check every level option, naming the one that is wrong. */
export function resolveLevelOptions(o: LevelOptions = {}): ResolvedLevelOptions {
  const r: ResolvedLevelOptions = {
    method: o.method ?? LEVEL_DEFAULTS.method,
    years: o.years ?? LEVEL_DEFAULTS.years,
    damping: o.damping ?? LEVEL_DEFAULTS.damping,
    horizonYears: o.horizonYears ?? LEVEL_DEFAULTS.horizonYears,
    confidence: o.confidence ?? LEVEL_DEFAULTS.confidence,
  };
  if (!(LEVEL_METHODS as readonly string[]).includes(r.method)) throw new OptionError(`level method (--level) must be one of ${LEVEL_METHODS.join(", ")}, got "${r.method}"`);
  const minYears = r.method === "loglinear" || r.method === "damped" ? 3 : 1;
  if (!Number.isInteger(r.years) || r.years < minYears || r.years > MAX_LEVEL_YEARS)
    throw new OptionError(`level years (--level-years) must be a whole number from ${minYears} to ${MAX_LEVEL_YEARS} for the ${r.method} level${minYears === 3 ? " (a trend and its dispersion need at least 3 years)" : ""}, got ${r.years}`);
  if (!(r.damping > 0 && r.damping <= 1)) throw new OptionError(`level damping (--level-damping) must lie in (0, 1], got ${r.damping}`);
  if (!Number.isInteger(r.horizonYears) || r.horizonYears < 1 || r.horizonYears > MAX_LEVEL_YEARS) throw new OptionError(`level horizon must be a whole number of years from 1 to ${MAX_LEVEL_YEARS}, got ${r.horizonYears}`);
  if (!(r.confidence > 0 && r.confidence < 1)) throw new OptionError(`level confidence (--level-confidence) must lie in (0, 1), got ${r.confidence}`);
  return r;
}
