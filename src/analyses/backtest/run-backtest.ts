import { OptionError } from "../../core/errors.ts";
import type { IncidentSet } from "../../core/incident-set.ts";
import type { AreaIndex } from "../../spatial/area-index.ts";
import { type LixelIndex, nearestLixel } from "../../spatial/lixel-index.ts";
import type { LixelRoutes } from "../risk/network-density.ts";
import { levelScaledInterval } from "../level/level-interval.ts";
import { type RiskOptions, riskScores } from "../risk/risk-score.ts";
import { resolveRiskParameters } from "../risk/risk-parameters.ts";
import { roadShares } from "../risk/road-share.ts";
import { BASELINES, type BaselineOptions, baselineScores } from "./baselines.ts";
import { type Calibration, calibrationByDecile } from "./calibration.ts";
import { type PairedDifference, pairedDifferences } from "./paired-difference.ts";
import { DEFAULT_COVERAGES, hitRates, lixelAuc } from "./ranking-metrics.ts";
import type { TemporalSplit } from "./splits.ts";
import { incidentSubset } from "./subset.ts";
import { incidentWeights } from "../risk/incident-weights.ts";
import { type SplitLevel, splitLevel } from "./level-calibration.ts";
import { type FittedRanking, type FittedRankingOptions, fittedRanking } from "../model/fitted-ranking.ts";
import type { CovariateLayer } from "../model/covariates.ts";
import type { RoadNetwork } from "../../core/road-network.ts";

/** What a backtest runs on: the lixels, every incident (all years), and which of them are what. */
export interface BacktestData {
  lixelIndex: LixelIndex;
  incidents: IncidentSet;
  /** 1 for incidents of the target kind (scored when in a test period; counted by the calibration). */
  target: Uint8Array;
  /** Per-incident model weight (e.g. by event type); 0 = not a predictor. Default 1 each. */
  predictorWeight?: Float64Array;
  areas: AreaIndex;
  routes?: LixelRoutes;
  /** Region of each lixel (e.g. splits.ts lixelBands) for per-region scores. */
  lixelRegion?: Uint32Array;
  /** The network the lixels were cut from (road attributes for the fitted model). */
  roads?: RoadNetwork;
  /** User covariate layers for the fitted model (model/covariates.ts). */
  covariates?: readonly CovariateLayer[];
}

export interface BacktestOptions {
  risk?: RiskOptions;
  /** A test event counts when its recorded point lies within this distance of a lixel, metres. Default: the model's roadBandM. */
  snapToleranceM?: number;
  baselines?: BaselineOptions;
  /**
   * Resamples and seed of the paired bootstrap of model − baseline differences (default 2000, seed 1);
   * false skips it (comparisons = {}), e.g. inside a tuning grid that only needs the scores.
   */
  bootstrap?: { resamples?: number; seed?: number } | false;
  /** "kernel" (v1.1, risk-score.ts; the default) or "fitted" (model/fitted-ranking.ts, window = the split's test years). */
  model?: "kernel" | "fitted";
  fitted?: FittedRankingOptions;
  /** Keep the per-lixel forecasts and test events on the result (for pooling over splits). Default false. */
  keepForecasts?: boolean;
}

/** Hit rates (1, 5, 10, 20 % of road length), length-PAI and per-lixel ROC-AUC of one forecast. */
export interface Scores {
  hit1: number;
  hit5: number;
  hit10: number;
  hit20: number;
  pai1: number;
  pai5: number;
  pai10: number;
  pai20: number;
  auc: number;
}

export interface SplitResult {
  cutoff: number;
  testYears: number;
  /** Incidents the model learnt from: predictors (weight > 0) dated up to the cut-off. */
  trainEvents: number;
  trainTargetEvents: number;
  /** Target incidents in the test period within the snap tolerance of a lixel: what is scored. */
  testEvents: number;
  /** All target incidents in the test period, however far from the roads. */
  testEventsAnyDistance: number;
  snapToleranceM: number;
  model: Scores & {
    predicted: number;
    /** Test events within the tolerance, counted by their recorded point (what the ranking scores use). */
    observed: number;
    /** predicted / observed − 1. */
    relativeError: number;
    /**
     * Test target events counted by the same road-share rule the calibration uses for training events
     * (risk/road-share.ts: a point vaguer than roadBandM counts by the probability it was near a road), so
     * predicted and this count the same thing.
     */
    observedRoadShare: number;
    /** predicted / observedRoadShare − 1: the like-for-like calibration error. */
    relativeErrorRoadShare: number;
    /**
     * 95 % interval of `predicted` from the Poisson sampling of the training incidents that set κ (risk-score.ts
     * rateScaleInterval): how far sampling alone could move the level. Null when κ has none.
     */
    predictedInterval: { low: number; high: number } | null;
    calibration: Calibration;
  };
  /**
   * The level as a forecast: the test window's target road incidents (by road share) against the model's
   * level forecast and the level baselines (a)–(c), each with its prediction interval. Null when κ was given.
   */
  level: SplitLevel | null;
  baselines: Record<string, Scores>;
  /**
   * Model − baseline, per baseline: PAI10 and AUC differences with 95 % bootstrap intervals over the test
   * lixels (paired-difference.ts), and the events only one of the two takes into its top 10 %.
   */
  comparisons: Record<string, PairedDifference>;
  /**
   * Per region (when lixelRegion is given): model and baseline scores on that region's lixels only, and (unless
   * the bootstrap is off) the paired model − baseline differences with intervals on those lixels.
   */
  regions?: { region: number; testEvents: number; model: Scores; baselines: Record<string, Scores>; comparisons: Record<string, PairedDifference> }[];
  /** The fitted model's meta (coefficients, pseudo-splits) when options.model is "fitted". */
  fitted?: FittedRanking["meta"];
  /** With options.keepForecasts: the model's and the baselines' per-lixel scores and the test events per lixel. */
  forecasts?: { model: Float64Array; baselines: Record<string, Float64Array>; events: Float64Array };
}

/** The scores of a forecast `score` against per-lixel test `events`, optionally on a subset of lixels. */
export function scoreForecast(score: Float64Array, lengthM: Float64Array, events: Float64Array): Scores {
  const hr = hitRates(score, lengthM, events, DEFAULT_COVERAGES);
  return { hit1: hr.hit[0], hit5: hr.hit[1], hit10: hr.hit[2], hit20: hr.hit[3], pai1: hr.pai[0], pai5: hr.pai[1], pai10: hr.pai[2], pai20: hr.pai[3], auc: lixelAuc(score, events) };
}

/**
 * One rolling-origin split: fit the model on the predictors dated before the cut-off (asOf = the last day
 * of the cut-off year), forecast each lixel's expected target events in the test years (rate × km ×
 * years), snap every target event of the test period to its nearest lixel within the tolerance, and
 * score the model and every baseline on the same events.
 */
export function backtestSplit(data: BacktestData, split: TemporalSplit, options: BacktestOptions = {}): SplitResult {
  const { lixelIndex, incidents, target } = data;
  const { lixels } = lixelIndex;
  if (target.length !== incidents.count) throw new OptionError(`target has ${target.length} values for ${incidents.count} incidents`);
  const params = resolveRiskParameters(options.risk ?? {});
  const tol = options.snapToleranceM ?? params.roadBandM;
  if (!(tol >= 0) || !Number.isFinite(tol)) throw new OptionError(`snapToleranceM must be a non-negative number of metres, got ${tol}`);
  const train: number[] = [];
  const testTargets: number[] = [];
  const events = new Float64Array(lixels.count);
  let testAll = 0;
  let testEvents = 0;
  let trainTargets = 0;
  for (let i = 0; i < incidents.count; i++) {
    const day = incidents.dateDay[i];
    if (Number.isNaN(day)) continue; // undated: cannot be placed on either side of a cut-off
    const weight = data.predictorWeight ? data.predictorWeight[i] : 1;
    if (day < split.trainEndDay) {
      if (weight > 0 || target[i] === 1) train.push(i);
      if (target[i] === 1) trainTargets++;
    } else if (day < split.testEndDay && target[i] === 1) {
      testAll++;
      testTargets.push(i);
      const hit = nearestLixel(lixelIndex, incidents.x[i], incidents.y[i], tol);
      if (hit) {
        events[hit.lixel]++;
        testEvents++;
      }
    }
  }
  const past = incidentSubset(incidents, train);
  const pick = <T extends Float64Array | Uint8Array>(a: T | undefined, make: new (n: number) => T): T | undefined => {
    if (!a) return undefined;
    const out = new make(train.length);
    train.forEach((i, k) => (out[k] = a[i]));
    return out;
  };
  const predictorWeight = pick(data.predictorWeight, Float64Array);
  const levelOptions = { ...options.risk?.level, horizonYears: split.testYears };
  const risk = riskScores(lixelIndex, past, data.areas, {
    ...options.risk,
    level: levelOptions,
    asOfDay: split.trainEndDay - 1,
    target: pick(target, Uint8Array),
    predictorWeight,
    routes: data.routes,
  });
  const fitted =
    options.model === "fitted"
      ? fittedRanking(
          { lixelIndex, incidents: past, predictorWeight, target: pick(target, Uint8Array) as Uint8Array, trainEndDay: split.trainEndDay, areas: data.areas, routes: data.routes, roads: data.roads, covariates: data.covariates },
          { snapToleranceM: tol, windowYears: split.testYears, ...options.fitted },
        )
      : undefined;
  const rate = fitted ? fitted.ratePerKmYear : risk.ratePerKmYear;
  const expected = new Float64Array(lixels.count);
  let incidentPart = 0;
  for (let l = 0; l < lixels.count; l++) {
    expected[l] = rate[l] * (lixels.lengthM[l] / 1000) * split.testYears;
    incidentPart += risk.incidentRatePerKmYear[l] * (lixels.lengthM[l] / 1000) * split.testYears;
  }
  const predictors = predictorWeight ? incidentSubset(past, train.map((_, k) => k).filter((k) => predictorWeight[k] > 0)) : past;
  const base = baselineScores(lixelIndex, predictors, options.baselines);
  const calibration = calibrationByDecile(expected, lixels.lengthM, events);
  const observedRoadShare = roadShareTotal(lixelIndex, incidentSubset(incidents, testTargets), params.roadBandM);
  const baselines: Record<string, Scores> = {};
  for (const name of BASELINES) baselines[name] = scoreForecast(base[name], lixels.lengthM, events);
  const compare = (model: Float64Array, others: Record<string, Float64Array>, lengthM: Float64Array, ev: Float64Array): Record<string, PairedDifference> =>
    options.bootstrap === false ? {} : pairedDifferences(model, others, lengthM, ev, { coverage: 0.1, ...options.bootstrap });
  const comparisons = compare(rate, base, lixels.lengthM, events);
  const weights = () => incidentWeights(past, { ...options.risk, halfLifeDays: params.halfLifeDays, persistentShare: params.persistentShare, asOfDay: split.trainEndDay - 1, predictorWeight });
  const level = risk.meta.level ? splitLevel(risk.meta.level, past, risk.roadShare, weights(), levelOptions, observedRoadShare) : null;
  return {
    cutoff: split.cutoffYear,
    testYears: split.testYears,
    trainEvents: predictors.count,
    trainTargetEvents: trainTargets,
    testEvents,
    testEventsAnyDistance: testAll,
    snapToleranceM: tol,
    model: { ...scoreForecast(rate, lixels.lengthM, events), predicted: calibration.predicted, observed: calibration.observed, relativeError: calibration.relativeError, observedRoadShare, relativeErrorRoadShare: observedRoadShare > 0 ? calibration.predicted / observedRoadShare - 1 : Number.NaN, predictedInterval: fitted ? null : levelScaledInterval(calibration.predicted, incidentPart, risk.meta.rateScale, risk.meta.rateScaleInterval), calibration },
    level,
    baselines,
    comparisons,
    regions: data.lixelRegion ? regionScores(data.lixelRegion, lixels.lengthM, events, rate, base, compare) : undefined,
    ...(fitted ? { fitted: fitted.meta } : {}),
    ...(options.keepForecasts ? { forecasts: { model: rate, baselines: base, events } } : {}),
  };
}

/** Scores restricted to each region's lixels (the region's share of road length and of the test events). */
function regionScores(
  region: Uint32Array,
  lengthM: Float64Array,
  events: Float64Array,
  model: Float64Array,
  base: Record<string, Float64Array>,
  compare: (model: Float64Array, others: Record<string, Float64Array>, lengthM: Float64Array, events: Float64Array) => Record<string, PairedDifference>,
): NonNullable<SplitResult["regions"]> {
  let count = 0;
  for (const r of region) count = Math.max(count, r + 1);
  const out: NonNullable<SplitResult["regions"]> = [];
  for (let r = 0; r < count; r++) {
    const idx: number[] = [];
    for (let l = 0; l < region.length; l++) if (region[l] === r) idx.push(l);
    const sub = (a: Float64Array) => Float64Array.from(idx, (l) => a[l]);
    const ev = sub(events);
    const len = sub(lengthM);
    const baselines: Record<string, Scores> = {};
    const others: Record<string, Float64Array> = {};
    for (const name of Object.keys(base)) {
      others[name] = sub(base[name]);
      baselines[name] = scoreForecast(others[name], len, ev);
    }
    const m = sub(model);
    out.push({ region: r, testEvents: ev.reduce((a, b) => a + b, 0), model: scoreForecast(m, len, ev), baselines, comparisons: compare(m, others, len, ev) });
  }
  return out;
}

/** Σ πᵢ over a set of events, with the risk model's road-share rule (nearest lixel at any distance). */
export function roadShareTotal(index: LixelIndex, events: IncidentSet, roadBandM: number): number {
  const nearestM = new Float64Array(events.count);
  for (let i = 0; i < events.count; i++) nearestM[i] = nearestLixel(index, events.x[i], events.y[i])?.distanceM ?? Infinity;
  return roadShares(index, events, nearestM, roadBandM).reduce((a, b) => a + b, 0);
}
