import type { IncidentSet } from "../../core/incident-set.ts";
import type { IncidentWeights } from "../risk/incident-weights.ts";
import type { LevelForecast } from "../level/level-forecast.ts";
import type { LevelMethod, LevelOptions } from "../level/level-options.ts";
import { riskLevel } from "../level/risk-level.ts";

/** The level baselines every backtest reports beside the model's level: (a) decay, (b) last year, (c) mean of k years. */
export const LEVEL_BASELINES: readonly LevelMethod[] = ["decay", "last", "mean"];

/** One level forecast of a split's test window against the observed road count. */
export interface LevelCheck {
  method: LevelMethod;
  years: number;
  /** Forecast target road incidents in the test window, and its prediction interval. */
  predicted: number;
  low: number;
  high: number;
  confidence: number;
  /** Whether low ≤ observed ≤ high; |log(predicted / observed)| (null when either is 0). */
  covered: boolean;
  absLogRatio: number | null;
}

/** The level part of one split: the observed road count (by road share) and each method's forecast. */
export interface SplitLevel {
  observed: number;
  model: LevelCheck;
  baselines: Record<string, LevelCheck>;
}

/** Check one level forecast against the observed count. */
export function levelCheck(f: LevelForecast, observed: number): LevelCheck {
  return {
    method: f.method,
    years: f.yearsUsed,
    predicted: f.total,
    low: f.low,
    high: f.high,
    confidence: f.confidence,
    covered: f.low <= observed && observed <= f.high,
    absLogRatio: f.total > 0 && observed > 0 ? Math.abs(Math.log(f.total / observed)) : null,
  };
}

/**
 * The level of a split for the model's method and for the baselines (a)–(c) with the same k and horizon,
 * all from the same yearly series of the training period (risk-level.ts), against `observed`, the test
 * window's target road incidents counted by road share (what κ is calibrated on).
 */
export function splitLevel(model: LevelForecast, past: IncidentSet, roadShare: Float64Array, w: IncidentWeights, level: LevelOptions, observed: number): SplitLevel {
  const baselines: Record<string, LevelCheck> = {};
  for (const method of LEVEL_BASELINES) baselines[method] = levelCheck(riskLevel(past, roadShare, w, { ...level, method }), observed);
  return { observed, model: levelCheck(model, observed), baselines };
}

/** Across splits: how often the interval covered the observed count, and the mean |log(predicted / observed)|. */
export interface LevelSummary {
  splits: number;
  covered: number;
  meanAbsLogRatio: number | null;
}

/** Summarise one method's checks over the splits (a null |log| ratio — a zero count — makes the mean null). */
export function summariseLevel(checks: readonly LevelCheck[]): LevelSummary {
  let covered = 0;
  let sum = 0;
  let defined = true;
  for (const c of checks) {
    if (c.covered) covered++;
    if (c.absLogRatio === null) defined = false;
    else sum += c.absLogRatio;
  }
  return { splits: checks.length, covered, meanAbsLogRatio: defined && checks.length > 0 ? sum / checks.length : null };
}

/** The model's and each baseline's summary over a backtest's splits. */
export function levelSummaries(levels: readonly SplitLevel[]): { model: LevelSummary; baselines: Record<string, LevelSummary> } {
  const baselines: Record<string, LevelSummary> = {};
  for (const m of LEVEL_BASELINES) baselines[m] = summariseLevel(levels.map((l) => l.baselines[m]));
  return { model: summariseLevel(levels.map((l) => l.model)), baselines };
}
