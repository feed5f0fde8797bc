import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/core/random.ts";
import { coverageShares, pairedDifference } from "../../../src/analyses/backtest/paired-difference.ts";
import { hitRates, lixelAuc } from "../../../src/analyses/backtest/ranking-metrics.ts";

const f = (a: number[]) => Float64Array.from(a);

/** Seeded synthetic split: n lixels, events where a hidden risk is high; scores = risk + noise, rounded so ties occur. */
function synthetic(seed: number, n = 3000, noiseA = 0.3, noiseB = 1.5) {
  const rand = seededRandom(seed);
  const risk = Float64Array.from({ length: n }, () => rand());
  const lengthM = Float64Array.from({ length: n }, () => 20 + rand() * 80);
  const events = Float64Array.from(risk, (r) => (rand() < r ** 6 * 0.4 ? 1 + Math.floor(rand() * 2) : 0));
  const a = Float64Array.from(risk, (r) => Math.round((r + noiseA * rand()) * 20) / 20);
  const b = Float64Array.from(risk, (r) => Math.round((r + noiseB * rand()) * 20) / 20);
  return { a, b, lengthM, events };
}

describe("paired difference of two forecasts (bootstrap over test lixels)", () => {
  it("its point estimates are exactly the differences of hitRates' PAI10 and lixelAuc, ties included", () => {
    const { a, b, lengthM, events } = synthetic(7);
    const d = pairedDifference(a, b, lengthM, events, { resamples: 200 });
    const pai = (s: Float64Array) => hitRates(s, lengthM, events, [0.1]).pai[0];
    expect(d.pai.diff).toBeCloseTo(pai(a) - pai(b), 10);
    expect(d.auc.diff).toBeCloseTo(lixelAuc(a, events) - lixelAuc(b, events), 12);
  });

  it("hand case: events taken only by A and only by B, and the PAI difference they make", () => {
    // 4 lixels of 1 m, coverage 25 %: A takes lixel 0 (2 events), B takes lixel 3 (1 event); 4 events in all.
    const d = pairedDifference(f([4, 3, 2, 1]), f([1, 2, 3, 4]), f([1, 1, 1, 1]), f([2, 0, 1, 1]), { coverage: 0.25, resamples: 50 });
    expect(d.eventsOnlyA).toBe(2);
    expect(d.eventsOnlyB).toBe(1);
    expect(d.pai.diff).toBeCloseTo((2 / 4 - 1 / 4) / 0.25, 12);
  });

  it("a forecast against itself differs by exactly 0, interval [0, 0]", () => {
    const { a, lengthM, events } = synthetic(8);
    const d = pairedDifference(a, a, lengthM, events, { resamples: 100 });
    expect([d.pai.diff, d.pai.low, d.pai.high, d.auc.diff, d.auc.low, d.auc.high]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it("separates a sharp forecast from a blurred one, and says so with an interval above 0", () => {
    const { a, b, lengthM, events } = synthetic(9, 6000, 0.1, 3);
    const d = pairedDifference(a, b, lengthM, events);
    expect(d.auc.low).toBeGreaterThan(0);
    expect(d.pai.low).toBeGreaterThan(0);
    expect(d.pai.low).toBeLessThanOrEqual(d.pai.diff);
    expect(d.pai.high).toBeGreaterThanOrEqual(d.pai.diff);
    // swapping the forecasts mirrors everything
    const r = pairedDifference(b, a, lengthM, events);
    expect(r.auc.diff).toBeCloseTo(-d.auc.diff, 12);
    expect(r.eventsOnlyA).toBeCloseTo(d.eventsOnlyB, 9);
  });

  it("covers 0 about 95 % of the time when both forecasts carry the same information (equal noise)", () => {
    // 60 seeded splits; a and b are the same risk plus independent noise of the same size, so the true
    // difference is 0 and a 95 % interval should contain it in ≈ 57 of 60 (binomial 5th percentile ≈ 54).
    let coveredPai = 0;
    let coveredAuc = 0;
    const runs = 60;
    for (let seed = 100; seed < 100 + runs; seed++) {
      const { a, b, lengthM, events } = synthetic(seed, 2000, 0.6, 0.6);
      const d = pairedDifference(a, b, lengthM, events, { resamples: 400, seed });
      if (d.pai.low <= 0 && d.pai.high >= 0) coveredPai++;
      if (d.auc.low <= 0 && d.auc.high >= 0) coveredAuc++;
    }
    expect(coveredPai).toBeGreaterThanOrEqual(52);
    expect(coveredAuc).toBeGreaterThanOrEqual(52);
  });

  it("is deterministic for a seed", () => {
    const { a, b, lengthM, events } = synthetic(11);
    expect(pairedDifference(a, b, lengthM, events, { seed: 5 })).toEqual(pairedDifference(a, b, lengthM, events, { seed: 5 }));
  });

  it("coverageShares takes exactly the coverage of road length, a straddling tie group pro rata", () => {
    const { a, lengthM } = synthetic(12);
    const share = coverageShares(a, lengthM, 0.1);
    let taken = 0;
    let total = 0;
    for (let l = 0; l < a.length; l++) {
      taken += share[l] * lengthM[l];
      total += lengthM[l];
    }
    expect(taken / total).toBeCloseTo(0.1, 12);
  });

  it("refuses a bad coverage or resample count", () => {
    const x = f([1, 2]);
    expect(() => pairedDifference(x, x, x, f([0, 1]), { coverage: 0 })).toThrow(/coverage/);
    expect(() => pairedDifference(x, x, x, f([0, 1]), { resamples: 0.5 })).toThrow(/resamples/);
  });
});
