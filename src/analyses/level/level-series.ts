import { dayToIso } from "../../core/incident-set.ts";

/**
 * The yearly series of target road incidents the level is forecast from: block j = 1, 2, … is the year
 * (asOf − j years, asOf − (j − 1) years] by the calendar (same month and day), so with asOf on 31 December
 * the blocks are calendar years, and "last year" is the twelve months before asOf. Each incident counts
 * its road-share weight πᵢ (road-share.ts; 0 for non-targets), the quantity κ is calibrated on.
 */
export interface LevelSeries {
  /** Σ πᵢ per block, index 0 = the most recent block (j = 1). */
  count: Float64Array;
  /** Σ πᵢ² per block: the Poisson variance of a weighted count (the floor of the dispersion). */
  sumSq: Float64Array;
  /** Share of the block inside the observation window (1 = a whole year; the oldest block may be partial). */
  exposure: Float64Array;
  /** Midpoint of the observed part of each block, in years relative to asOf (negative: before it). */
  timeYears: Float64Array;
  /** Weighted target incidents with no date: they cannot be placed in a year and are left out of the series. */
  undatedWeight: number;
  asOf: string;
}

/** Day number of the calendar date `years` years before `day` (29 February falls to 1 March). */
function yearsBefore(day: number, years: number): number {
  const [y, m, d] = dayToIso(day).split("-").map(Number);
  return Math.round(Date.UTC(y - years, m - 1, d) / 86_400_000);
}

/**
 * Build the yearly series from incident days and weights over the window (windowStartDay, asOfDay]: blocks
 * from the most recent back to the one holding the window start; incidents after asOf or before the window
 * start are not counted (they carry no weight in the level either). Day arithmetic keeps leap days: block j
 * ends on the same month and day as asOf, j − 1 years earlier.
 */
export function levelSeries(dateDay: Float64Array, weight: Float64Array, options: { asOfDay: number; windowStartDay: number }): LevelSeries {
  const { asOfDay, windowStartDay } = options;
  const bounds = [asOfDay];
  while (bounds[bounds.length - 1] > windowStartDay) bounds.push(yearsBefore(asOfDay, bounds.length));
  const blocks = Math.max(1, bounds.length - 1);
  const count = new Float64Array(blocks);
  const sumSq = new Float64Array(blocks);
  const exposure = new Float64Array(blocks);
  const timeYears = new Float64Array(blocks);
  for (let j = 0; j < blocks; j++) {
    const end = bounds[j];
    const start = bounds[j + 1] ?? end - 365;
    const observed = Math.max(0, end - Math.max(start, windowStartDay));
    exposure[j] = Math.min(1, observed / (end - start));
    if (j === 0 && exposure[j] === 0) exposure[j] = 1; // a window of one day still forecasts from one block
    timeYears[j] = -j - exposure[j] / 2;
  }
  let undatedWeight = 0;
  for (let i = 0; i < dateDay.length; i++) {
    const w = weight[i];
    if (!(w > 0)) continue;
    const d = dateDay[i];
    if (Number.isNaN(d)) {
      undatedWeight += w;
      continue;
    }
    if (d > asOfDay || d < windowStartDay) continue;
    // bounds decrease; the block is the first j with d > bounds[j + 1]
    let j = 0;
    while (j < blocks - 1 && d <= bounds[j + 1]) j++;
    count[j] += w;
    sumSq[j] += w * w;
  }
  return { count, sumSq, exposure, timeYears, undatedWeight, asOf: dayToIso(asOfDay) };
}
