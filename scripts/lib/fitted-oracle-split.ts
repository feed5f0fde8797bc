/**
 * One Colombia cut-off of scripts/fitted-oracle.ts: the fitted ranking model (src/analyses/model) refitted for
 * many settings from feature tables computed once per period. It rebuilds exactly what
 * fitted-ranking.ts's fittedRanking does inside `minerisk backtest --model fitted` (same training incidents,
 * pseudo-splits t = T, T − w, …, targets snapped within the tolerance, one Poisson fit of all rows, scored
 * with features at T); only the feature tables are cached, since they do not depend on ridge or on which
 * columns are kept. The oracle checks that it reproduces docs/backtest-colombia-fitted.json's chosen
 * setting bit for bit.
 */
import { dayToIso, isoToDay } from "../../src/core/incident-set.ts";
import { incidentSubset } from "../../src/analyses/backtest/subset.ts";
import type { TemporalSplit } from "../../src/analyses/backtest/splits.ts";
import type { BacktestData } from "../../src/analyses/backtest/run-backtest.ts";
import { type FeatureTable, lixelModelFeatures } from "../../src/analyses/model/features.ts";
import { fitPoisson } from "../../src/analyses/model/poisson-fit.ts";
import { scoreWithParts, snapTargets } from "../../src/analyses/model/fitted-ranking.ts";

/** A setting of the fitted model: pseudo-split window w (years), K pseudo-splits, ridge λ, which columns. */
export interface FittedSetting {
  windowYears: number;
  pseudoSplits: number;
  ridge: number;
  featureSet: string;
}

/** Which feature columns each named set keeps. */
export const FEATURE_SETS: Record<string, (name: string) => boolean> = {
  all: () => true,
  "no recency": (name) => !name.includes("recent"),
};

/** The training incidents of a split as backtestSplit selects them (dated before the cut-off's end; predictors or targets). */
function trainingSet(data: BacktestData, split: TemporalSplit) {
  const { incidents, target, predictorWeight } = data;
  const train: number[] = [];
  for (let i = 0; i < incidents.count; i++) {
    const day = incidents.dateDay[i];
    if (Number.isNaN(day)) continue;
    if (day < split.trainEndDay && ((predictorWeight ? predictorWeight[i] : 1) > 0 || target[i] === 1)) train.push(i);
  }
  return { past: incidentSubset(incidents, train), target: Uint8Array.from(train, (i) => target[i]), predictorWeight: predictorWeight ? Float64Array.from(train, (i) => predictorWeight[i]) : undefined };
}

/** The fitted model's per-lixel rate for every setting at one split (in the settings' order), and the pseudo-split target counts. */
export function fittedRatesAtSplit(data: BacktestData, split: TemporalSplit, settings: readonly FittedSetting[], toleranceM: number, onRate: (k: number, rate: Float64Array) => void): { fitSeconds: number; featureSeconds: number } {
  const { lixelIndex } = data;
  const n = lixelIndex.lixels.count;
  const { past, target, predictorWeight } = trainingSet(data, split);
  const inputs = { lixelIndex, incidents: past, predictorWeight, areas: data.areas, routes: data.routes, roads: data.roads, covariates: data.covariates };
  const endYear = Number(dayToIso(split.trainEndDay).slice(0, 4));
  const tables = new Map<number, FeatureTable>();
  let featureSeconds = 0;
  let fitSeconds = 0;
  const features = (asOfDay: number) => {
    let t = tables.get(asOfDay);
    if (!t) {
      const c0 = process.cpuUsage();
      t = lixelModelFeatures({ ...inputs, asOfDay });
      const c = process.cpuUsage(c0);
      featureSeconds += (c.user + c.system) / 1e6;
      tables.set(asOfDay, t);
    }
    return t;
  };
  const now = features(split.trainEndDay - 1);
  const offsetOne = Float64Array.from(lixelIndex.lixels.lengthM, Math.log);
  settings.forEach((s, k) => {
    const keep = now.names.map((name, j) => (FEATURE_SETS[s.featureSet](name) ? j : -1)).filter((j) => j >= 0);
    const p = keep.length;
    const K = s.pseudoSplits;
    const x = new Float64Array(K * n * p);
    const y = new Float64Array(K * n);
    const offset = new Float64Array(K * n);
    for (let q = 0; q < K; q++) {
      const t = isoToDay(`${endYear - q * s.windowYears}`);
      const from = isoToDay(`${endYear - (q + 1) * s.windowYears}`);
      const table = features(from - 1);
      const yq = snapTargets(lixelIndex, past, target, from, Math.min(t, split.trainEndDay), toleranceM).counts;
      for (let l = 0; l < n; l++) {
        const r = q * n + l;
        for (let j = 0; j < p; j++) x[r * p + j] = table.columns[keep[j]][l];
        y[r] = yq[l];
        offset[r] = offsetOne[l];
      }
    }
    const c0 = process.cpuUsage();
    const fit = fitPoisson({ n: K * n, p, x }, y, offset, { ridge: s.ridge });
    const c = process.cpuUsage(c0);
    fitSeconds += (c.user + c.system) / 1e6;
    const nowKept = { names: keep.map((j) => now.names[j]), columns: keep.map((j) => now.columns[j]) };
    onRate(k, scoreWithParts(fit, nowKept, s.windowYears).ratePerKmYear);
  });
  return { fitSeconds, featureSeconds };
}
