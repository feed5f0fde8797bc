import { OptionError } from "../../core/errors.ts";
import { isoToDay } from "../../core/incident-set.ts";
import type { Lixels } from "../../core/lixels.ts";

/** A rolling-origin split: fit on everything dated up to the end of `cutoffYear`, test on the next years. */
export interface TemporalSplit {
  cutoffYear: number;
  testYears: number;
  /** First day after the training period (days since 1970-01-01): train = date < trainEndDay. */
  trainEndDay: number;
  /** First day after the test period: test = trainEndDay ≤ date < testEndDay. */
  testEndDay: number;
}

/**
 * Rolling-origin splits (Tashman 2000, "Out-of-sample tests of forecasting accuracy"): one per cut-off
 * year, training on all incidents dated in or before it and testing on the `testYears` calendar years
 * after it. Year-only dates stand for mid-year, so they fall cleanly on one side of every cut-off.
 */
export function rollingSplits(cutoffYears: readonly number[], testYears: number): TemporalSplit[] {
  if (!(Number.isInteger(testYears) && testYears >= 1)) throw new OptionError(`test years must be a whole number ≥ 1, got ${testYears}`);
  if (cutoffYears.length === 0) throw new OptionError("give at least one cut-off year");
  return cutoffYears.map((y) => {
    if (!Number.isInteger(y) || y < 1000 || y > 9999) throw new OptionError(`cut-off must be a four-digit year, got ${y}`);
    return { cutoffYear: y, testYears, trainEndDay: isoToDay(`${y + 1}`), testEndDay: isoToDay(`${y + 1 + testYears}`) };
  });
}

/**
 * Spatial blocks for leave-one-region-out scoring: `count` west-to-east bands of (as near as lixels allow)
 * equal road length, by lixel midpoint x. Bands, not administrative regions, so any study area has them
 * and they are contiguous (Roberts et al. 2017, "Cross-validation strategies for data with temporal,
 * spatial, hierarchical, or phylogenetic structure", Ecography 40, on blocked spatial hold-outs).
 */
export function lixelBands(lixels: Lixels, count: number): Uint32Array {
  if (!(Number.isInteger(count) && count >= 1)) throw new OptionError(`region count must be a whole number ≥ 1, got ${count}`);
  const n = lixels.count;
  const mid = new Float64Array(n);
  let total = 0;
  for (let l = 0; l < n; l++) {
    const a = lixels.start[l];
    const b = lixels.start[l + 1] - 1;
    mid[l] = (lixels.xy[2 * a] + lixels.xy[2 * b]) / 2;
    total += lixels.lengthM[l];
  }
  const order = Array.from({ length: n }, (_, l) => l).sort((a, b) => mid[a] - mid[b] || a - b);
  const band = new Uint32Array(n);
  let acc = 0;
  for (const l of order) {
    band[l] = Math.min(count - 1, Math.floor(((acc + lixels.lengthM[l] / 2) / total) * count));
    acc += lixels.lengthM[l];
  }
  return band;
}
