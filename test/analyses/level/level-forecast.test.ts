/**
 * The level forecast (src/analyses/level/level-*.ts): the quasi-Poisson trend fit and the Farrington
 * prediction bounds against R 4.2.2 glm (fixture from scripts/reference/level-glm-r.R), hand-derived
 * forecasts for each method, and option validation.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OptionError } from "../../../src/core/errors.ts";
import { forecastLevel } from "../../../src/analyses/level/level-forecast.ts";
import { poissonTrend } from "../../../src/analyses/level/level-glm.ts";
import { resolveLevelOptions } from "../../../src/analyses/level/level-options.ts";
import type { LevelSeries } from "../../../src/analyses/level/level-series.ts";

interface Case {
  name: string;
  countRecentFirst: number[];
  exposureRecentFirst: number[];
  slope: boolean;
  horizonYears: number;
  intercept: number;
  slopeCoef: number;
  covUnscaled: number[];
  dispersion: number;
  total: number;
  totalVariance: number;
  low90: number;
  high90: number;
}
const fixture = JSON.parse(readFileSync(new URL("../../fixtures/risk/level-glm-r.json", import.meta.url), "utf8")) as { cases: Case[] };

/** A series as level-series.ts builds it, with Σπ² = count × `squareShare` (1 = unweighted counts). */
function series(count: number[], exposure = count.map(() => 1), squareShare = 1): LevelSeries {
  return {
    count: Float64Array.from(count),
    sumSq: Float64Array.from(count, (c) => c * squareShare),
    exposure: Float64Array.from(exposure),
    timeYears: Float64Array.from(exposure, (e, j) => -j - e / 2),
    undatedWeight: 0,
    asOf: "2000-12-31",
  };
}
const noDecay = { sum: 0, sumDecaySq: 0, effectiveYears: 1 };
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("quasi-Poisson trend and prediction bounds = R glm (fixture)", () => {
  for (const c of fixture.cases) {
    it(`${c.name}: coefficients, covariance, dispersion, forecast and 90 % bounds`, () => {
      const s = series(c.countRecentFirst, c.exposureRecentFirst);
      const fit = poissonTrend(s.count, s.exposure, s.timeYears, c.slope);
      expect(rel(fit.intercept, c.intercept)).toBeLessThan(1e-9);
      expect(Math.abs(fit.slope - c.slopeCoef)).toBeLessThan(1e-9);
      for (let k = 0; k < 3; k++) expect(Math.abs(fit.covariance[k] - c.covUnscaled[k])).toBeLessThan(1e-9 * Math.abs(c.covUnscaled[0]));
      expect(rel(fit.pearson / fit.df, c.dispersion)).toBeLessThan(1e-9);
      const method = c.slope ? "loglinear" : "mean";
      const f = forecastLevel(s, noDecay, { method, years: c.countRecentFirst.length, horizonYears: c.horizonYears });
      expect(rel(f.total, c.total)).toBeLessThan(1e-9);
      // unweighted counts: the floor Σπ²/Σπ is 1, Farrington's (the fixture has series on both sides of it)
      expect(rel(f.dispersion, Math.max(1, c.dispersion))).toBeLessThan(1e-9);
      expect(rel(f.low, c.low90)).toBeLessThan(1e-7);
      expect(rel(f.high, c.high90)).toBeLessThan(1e-7);
    });
  }
});

describe("hand-derived forecasts", () => {
  it("mean, last and decay of a constant series: the level itself", () => {
    // 10, 10, 10, 10 (unweighted): mean = last = 10/yr; a 2-year window holds 20; Pearson χ² = 0 → φ = floor 1
    const s = series([10, 10, 10, 10]);
    for (const method of ["mean", "last"] as const) {
      const f = forecastLevel(s, noDecay, { method, years: 4, horizonYears: 2 });
      expect(f.total).toBeCloseTo(20, 12);
      expect(f.dispersion).toBe(1);
    }
    const d = forecastLevel(s, { sum: 30, sumDecaySq: 25, effectiveYears: 3 }, { method: "decay", years: 4 });
    expect(d.perYear).toBeCloseTo(10, 12);
  });

  it("an exact exponential series: loglinear recovers it, damped with φ_d = 1 equals it, φ_d < 1 damps it", () => {
    // y_j = 8·2^(t_j) at t = −0.5, −1.5, −2.5, −3.5: the fit is exact (a = ln 8, b = ln 2), and the next
    // year (s = 0.5) has 8·√2 = 11.3137…; damped: log μ₁ = a + b(−0.5 + φ_d), φ_d = 0.5 → 8 (no growth past −0.5 + 0.5 = 0)
    const t = [-0.5, -1.5, -2.5, -3.5];
    const s = series(t.map((x) => 8 * 2 ** x));
    const lin = forecastLevel(s, noDecay, { method: "loglinear", years: 4 });
    expect(lin.intercept).toBeCloseTo(Math.log(8), 9);
    expect(lin.slope).toBeCloseTo(Math.LN2, 9);
    expect(lin.total).toBeCloseTo(8 * Math.SQRT2, 8);
    expect(forecastLevel(s, noDecay, { method: "damped", years: 4, damping: 1 }).total).toBeCloseTo(8 * Math.SQRT2, 8);
    expect(forecastLevel(s, noDecay, { method: "damped", years: 4, damping: 0.5 }).total).toBeCloseTo(8, 8);
    // two years, φ_d = 0.5: log₂ μ_m = 3 + (−0.5 + Σ_{i ≤ m} 0.5^i) → 2³·2⁰ + 2³·2^0.25
    expect(forecastLevel(s, noDecay, { method: "damped", years: 4, damping: 0.5, horizonYears: 2 }).total).toBeCloseTo(8 + 8 * 2 ** 0.25, 8);
  });

  it("road-share weights: the dispersion floor is Σπ²/Σπ, not 1", () => {
    const f = forecastLevel(series([5, 5, 5], undefined, 0.3), noDecay, { method: "mean", years: 3 });
    expect(f.dispersion).toBeCloseTo(0.3, 12);
  });

  it("uses only the last k years, and says how many it had", () => {
    const f = forecastLevel(series([2, 4, 100, 100]), noDecay, { method: "mean", years: 2 });
    expect(f.perYear).toBeCloseTo(3, 12);
    expect(forecastLevel(series([2, 4]), noDecay, { method: "mean", years: 5 }).yearsUsed).toBe(2);
  });

  it("no count in the years looked at: 0, with the upper bound of a zero Poisson count (−ln 0.05 ≈ 3.0)", () => {
    const f = forecastLevel(series([0, 0, 0]), noDecay, { method: "mean", years: 3 });
    expect(f.total).toBe(0);
    expect(f.low).toBe(0);
    expect(f.high).toBeCloseTo((-Math.log(0.05)) / 3, 9);
  });

  it("a trend with every count in the last year has no finite slope: fitted as a level, df says so", () => {
    const f = forecastLevel(series([9, 0, 0, 0]), noDecay, { method: "loglinear", years: 4 });
    expect(f.slope).toBe(0);
    expect(f.dispersionDf).toBe(3);
    expect(f.perYear).toBeCloseTo(9 / 4, 12);
  });
});

describe("option validation", () => {
  const bad: [object, RegExp][] = [
    [{ method: "holt" }, /--level\) must be one of decay, last, mean, loglinear, damped, got "holt"/],
    [{ method: "loglinear", years: 2 }, /--level-years\) must be a whole number from 3 to 100 for the loglinear level/],
    [{ years: 2.5, method: "mean" }, /--level-years/],
    [{ damping: 0 }, /--level-damping\) must lie in \(0, 1\], got 0/],
    [{ damping: 1.2 }, /--level-damping/],
    [{ confidence: 1 }, /--level-confidence\) must lie in \(0, 1\)/],
    [{ horizonYears: 0 }, /level horizon/],
  ];
  for (const [o, message] of bad) it(`refuses ${JSON.stringify(o)}`, () => {
    expect(() => resolveLevelOptions(o as never)).toThrow(OptionError);
    expect(() => resolveLevelOptions(o as never)).toThrow(message);
  });
  it("fills the defaults", () => expect(resolveLevelOptions({})).toEqual({ method: "damped", years: 5, damping: 0.5, horizonYears: 1, confidence: 0.9 }));
});
