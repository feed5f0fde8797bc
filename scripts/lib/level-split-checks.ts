/**
 * Level forecasts of many candidates at a list of Colombia cut-offs, each training set built exactly as
 * `minerisk backtest` builds it (run-backtest.ts) and as scripts/tune-level-colombia.ts does: predictors
 * dated before the cut-off's end, the model's road shares πᵢ from riskScores, the decay weights of the same
 * asOf, and the test window's target incidents counted by road share. Used by scripts/level-oracle.ts.
 */
import { roadShareTotal } from "../../src/analyses/backtest/run-backtest.ts";
import { rollingSplits } from "../../src/analyses/backtest/splits.ts";
import { incidentSubset } from "../../src/analyses/backtest/subset.ts";
import { type LevelCheck, levelCheck } from "../../src/analyses/backtest/level-calibration.ts";
import { incidentWeights } from "../../src/analyses/risk/incident-weights.ts";
import type { LevelOptions } from "../../src/analyses/level/level-options.ts";
import { resolveRiskParameters } from "../../src/analyses/risk/risk-parameters.ts";
import { riskLevel } from "../../src/analyses/level/risk-level.ts";
import { riskScores } from "../../src/analyses/risk/risk-score.ts";
import { eventTypeArrays, parseRiskConfig, riskOptionsFromConfig } from "../../src/io/read/risk-config.ts";
import { loadColombiaStudy, TARGET_TYPES } from "./colombia-study.ts";

export type Study = ReturnType<typeof loadColombiaStudy>;

/** The Colombia study config of the level backtests: code defaults, targets TIPO_EVENTO 1 and 2. */
export function levelStudyConfig() {
  return parseRiskConfig({ roadBandM: 1000, targetEventTypes: TARGET_TYPES, eventTypeWeights: Object.fromEntries(TARGET_TYPES.map((t) => [t, 1])), otherEventTypeWeight: 1 });
}

/**
 * The training and test incidents of one split exactly as backtestSplit builds them (run-backtest.ts):
 * dated predictors (or targets) before the training end; dated targets in the test window.
 */
export function splitIncidents(all: { count: number; dateDay: ArrayLike<number> }, split: { trainEndDay: number; testEndDay: number }, target: Uint8Array, predictorWeight?: Float64Array) {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < all.count; i++) {
    const d = all.dateDay[i];
    if (Number.isNaN(d)) continue;
    if (d < split.trainEndDay) {
      if ((predictorWeight ? predictorWeight[i] > 0 : true) || target[i] === 1) train.push(i);
    } else if (d < split.testEndDay && target[i] === 1) test.push(i);
  }
  return { train, test };
}

export interface CutoffChecks {
  cutoff: number;
  observed: number;
  /** Σ πᵢ per year back from asOf (most recent first), as the level sees it. */
  yearlyCounts: number[];
  /** One check per candidate, in the candidates' order. */
  checks: LevelCheck[];
}

/** Every candidate's forecast of the `testYears` after each cut-off against the observed road count. */
export function levelChecksAtCutoffs(study: Study, cutoffs: readonly number[], testYears: number, candidates: readonly LevelOptions[], log: (s: string) => void = () => {}): CutoffChecks[] {
  const { incidents, dataset, lixelIndex, routes, areas } = study;
  const config = levelStudyConfig();
  const { target, predictorWeight } = eventTypeArrays(incidents, config);
  const risk0 = riskOptionsFromConfig(config);
  const params = resolveRiskParameters(risk0);
  const all = dataset.incidents;
  return rollingSplits(cutoffs, testYears).map((split) => {
    const { train, test } = splitIncidents(all, split, target, predictorWeight);
    const past = incidentSubset(all, train);
    const pastTarget = Uint8Array.from(train, (i) => target[i]);
    const pastWeight = predictorWeight ? Float64Array.from(train, (i) => predictorWeight[i]) : undefined;
    const asOfDay = split.trainEndDay - 1;
    const risk = riskScores(lixelIndex, past, areas, { ...risk0, asOfDay, target: pastTarget, predictorWeight: pastWeight, routes, level: { horizonYears: testYears } });
    const w = incidentWeights(past, { ...risk0, halfLifeDays: params.halfLifeDays, persistentShare: params.persistentShare, asOfDay, predictorWeight: pastWeight });
    const observed = roadShareTotal(lixelIndex, incidentSubset(all, test), params.roadBandM);
    let yearlyCounts: number[] = [];
    const checks = candidates.map((c) => {
      const f = riskLevel(past, risk.roadShare, w, { ...c, horizonYears: testYears });
      yearlyCounts = f.yearlyCounts;
      return levelCheck(f, observed);
    });
    log(`cut-off ${split.cutoffYear}: observed ${observed.toFixed(1)}`);
    return { cutoff: split.cutoffYear, observed, yearlyCounts, checks };
  });
}

/** Target incidents (TIPO_EVENTO 1, 2) per calendar year: all of them, and by road share (what the level counts). */
export function yearlyTargetSeries(study: Study, years: readonly number[]) {
  const { incidents, dataset, lixelIndex } = study;
  const config = levelStudyConfig();
  const { target } = eventTypeArrays(incidents, config);
  const params = resolveRiskParameters(riskOptionsFromConfig(config));
  const all = dataset.incidents;
  return years.map((year) => {
    const [from, to] = [rollingSplits([year - 1], 1)[0].trainEndDay, rollingSplits([year], 1)[0].trainEndDay];
    const ids: number[] = [];
    for (let i = 0; i < all.count; i++) if (target[i] === 1 && all.dateDay[i] >= from && all.dateDay[i] < to) ids.push(i);
    return { year, targetIncidents: ids.length, roadShare: roadShareTotal(lixelIndex, incidentSubset(all, ids), params.roadBandM) };
  });
}
