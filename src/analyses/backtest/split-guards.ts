import { InputError, type InputIssue } from "../../core/errors.ts";
import { datedDayRange, dayToIso, type IncidentSet } from "../../core/incident-set.ts";
import type { TemporalSplit } from "./splits.ts";

/** What the guards read: every incident, which are targets, and which are predictors (weight > 0). */
export interface GuardData {
  incidents: IncidentSet;
  target: Uint8Array;
  predictorWeight?: Float64Array;
}

/**
 * The input problems that would make a backtest print metrics of nothing (each an issue whose message says
 * what to change; `file` names the incident input, default "incidents"):
 * - `backtest-no-dated-records`: no incident has a date, so none can fall on either side of a cut-off;
 * - `backtest-test-past-data`: a split's test window ends after the last dated incident's year;
 * - `backtest-empty-training`: no dated predictor or target incident before the cut-off;
 * - `backtest-empty-test`: no dated target incident in the test window.
 * Returns them all (splits in order); empty when every split can be scored.
 */
export function backtestInputIssues(data: GuardData, splits: readonly TemporalSplit[], file = "incidents"): InputIssue[] {
  const { incidents, target, predictorWeight } = data;
  const { first, last } = datedDayRange(incidents);
  if (!Number.isFinite(last)) {
    return [{ file, code: "backtest-no-dated-records", message: `none of the ${incidents.count} incidents has a date, so none can be placed before or after a cut-off: give dates (a date field, or --mapping naming it) — a backtest needs dated records` }];
  }
  const lastYear = Number(dayToIso(last).slice(0, 4));
  const firstYear = Number(dayToIso(first).slice(0, 4));
  const issues: InputIssue[] = [];
  for (const s of splits) {
    const endYear = s.cutoffYear + s.testYears;
    if (endYear > lastYear) {
      issues.push({ file, code: "backtest-test-past-data", message: `cut-off ${s.cutoffYear} with --test-years ${s.testYears} tests ${s.cutoffYear + 1}–${endYear}, but the last dated incident is from ${lastYear}: use a cut-off ≤ ${lastYear - s.testYears} or fewer test years` });
      continue;
    }
    let train = 0;
    let test = 0;
    for (let i = 0; i < incidents.count; i++) {
      const d = incidents.dateDay[i];
      if (Number.isNaN(d)) continue;
      if (d < s.trainEndDay && ((predictorWeight ? predictorWeight[i] > 0 : true) || target[i] === 1)) train++;
      else if (d >= s.trainEndDay && d < s.testEndDay && target[i] === 1) test++;
    }
    if (train === 0) issues.push({ file, code: "backtest-empty-training", message: `cut-off ${s.cutoffYear}: no dated incident to learn from up to its end (the data start in ${firstYear}): use a cut-off ≥ ${firstYear}` });
    if (test === 0) issues.push({ file, code: "backtest-empty-test", message: `cut-off ${s.cutoffYear}: no dated target incident in the test years ${s.cutoffYear + 1}–${endYear}: move the cut-off, add test years, or check --target-types` });
  }
  return issues;
}

/** Throw one InputError listing every backtestInputIssues problem; no-op when there is none. */
export function assertBacktestInputs(data: GuardData, splits: readonly TemporalSplit[], file?: string): void {
  const issues = backtestInputIssues(data, splits, file);
  if (issues.length > 0) throw new InputError(issues);
}
