/**
 * Coverage of the level's 90 % prediction interval on seeded synthetic series (synthetic data): k = 5 yearly
 * counts from a known model, the next 2-year window drawn from the same model, and the share of trials whose
 * interval holds the window's count.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/core/random.ts";
import { forecastLevel } from "../../../src/analyses/level/level-forecast.ts";
import type { LevelMethod } from "../../../src/analyses/level/level-options.ts";
import { negativeBinomialSample } from "../../helpers/count-samplers.ts";

interface Scenario {
  method: LevelMethod;
  years: number;
  /** Rate per year at time t (years from asOf). */
  rate: (t: number) => number;
  /** NB size (Infinity = Poisson). */
  size: number;
}

function coverage(s: Scenario, trials: number, seed: number): number {
  const rand = seededRandom(seed);
  let covered = 0;
  for (let trial = 0; trial < trials; trial++) {
    const count = new Float64Array(s.years);
    const timeYears = Float64Array.from({ length: s.years }, (_, j) => -j - 0.5);
    for (let j = 0; j < s.years; j++) count[j] = negativeBinomialSample(rand, s.rate(timeYears[j]), s.size);
    const series = { count, sumSq: Float64Array.from(count), exposure: new Float64Array(s.years).fill(1), timeYears, undatedWeight: 0, asOf: "synthetic" };
    const f = forecastLevel(series, { sum: 0, sumDecaySq: 0, effectiveYears: 1 }, { method: s.method, years: s.years, horizonYears: 2, damping: 0.5 });
    const future = negativeBinomialSample(rand, s.rate(0.5), s.size) + negativeBinomialSample(rand, s.rate(1.5), s.size);
    if (f.low <= future && future <= f.high) covered++;
  }
  return covered / trials;
}

describe("90 % prediction interval coverage on seeded synthetic series", () => {
  // [name, scenario, lowest and highest coverage accepted]. Measured (2,000 trials, seed 17): 0.92, 0.83,
  // 0.92, 0.87, 0.80, 0.81. With Poisson noise the interval is near nominal; with NB noise and φ estimated on
  // 3–4 df it undercovers by 3–10 points (the normal z ignores the dispersion estimate's own error) — a
  // known weakness, stated in docs/risk-model.md. Too narrow or too wide intervals fail the bounds.
  const cases: [string, Scenario, number, number][] = [
    ["Poisson, constant level 30/yr, mean k=5", { method: "mean", years: 5, rate: () => 30, size: Infinity }, 0.87, 0.96],
    ["NB (size 5), constant level 40/yr, mean k=5", { method: "mean", years: 5, rate: () => 40, size: 5 }, 0.78, 0.92],
    ["Poisson, rising 25 %/yr, loglinear k=5", { method: "loglinear", years: 5, rate: (t) => 30 * Math.exp(0.25 * t), size: Infinity }, 0.87, 0.96],
    ["NB (size 10), falling 20 %/yr, loglinear k=6", { method: "loglinear", years: 6, rate: (t) => 60 * Math.exp(-0.2 * t), size: 10 }, 0.82, 0.94],
    ["NB (size 10), constant level, damped k=5", { method: "damped", years: 5, rate: () => 50, size: 10 }, 0.76, 0.92],
    ["NB (size 2: Var = μ + μ²/2), constant level 40/yr, mean k=5", { method: "mean", years: 5, rate: () => 40, size: 2 }, 0.76, 0.92],
  ];
  for (const [name, s, low, high] of cases)
    it(name, () => {
      const c = coverage(s, 2000, 17);
      expect(c).toBeGreaterThan(low);
      expect(c).toBeLessThan(high);
    });
});
