import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/core/random.ts";
import { calibrationByDecile } from "../../../src/analyses/backtest/calibration.ts";
import { hitRates, lixelAuc } from "../../../src/analyses/backtest/ranking-metrics.ts";
import { rollingSplits } from "../../../src/analyses/backtest/splits.ts";
import { isoToDay } from "../../../src/core/incident-set.ts";

const f = (a: number[]) => Float64Array.from(a);

describe("hit rate and length-PAI (Chainey et al. 2008)", () => {
  it("hand case: the top quarter of road length holds half the events", () => {
    // 4 lixels of 1 m: scores 4,3,2,1; events 2,0,1,1 → at 25 %: 2/4 = 0.5, PAI 2; at 50 %: 2/4; at 75 %: 3/4
    const r = hitRates(f([4, 3, 2, 1]), f([1, 1, 1, 1]), f([2, 0, 1, 1]), [0.25, 0.5, 0.75, 1]);
    expect(r.hit).toEqual([0.5, 0.5, 0.75, 1]);
    expect(r.pai).toEqual([2, 1, 1, 1]);
  });

  it("uses length, not lixel count: one long lixel fills the coverage", () => {
    // lixel 0 is 90 % of the length and holds no event; at 10 % coverage we take 1/9 of it → 0 events
    const r = hitRates(f([2, 1]), f([90, 10]), f([0, 5]), [0.1, 0.95]);
    expect(r.hit[0]).toBe(0);
    expect(r.hit[1]).toBeCloseTo(0.5, 12); // all of lixel 0, then 5 m of lixel 1's 10 m → half its events
  });

  it("a constant score gives exactly hit = coverage and PAI = 1 (ties counted pro rata)", () => {
    const rand = seededRandom(3);
    const n = 500;
    const len = Float64Array.from({ length: n }, () => 50 + rand() * 50);
    const ev = Float64Array.from({ length: n }, () => (rand() < 0.1 ? 1 : 0));
    const r = hitRates(new Float64Array(n), len, ev);
    // pro-rata within the one tie group: hit = coverage exactly
    r.hit.forEach((h, k) => expect(h).toBeCloseTo(r.coverages[k], 12));
  });
});

describe("lixelAuc", () => {
  it("equals the brute-force pairwise probability (ties ½) on random scores with ties", () => {
    const rand = seededRandom(8);
    const n = 300;
    const score = Float64Array.from({ length: n }, () => Math.floor(rand() * 20));
    const ev = Float64Array.from({ length: n }, () => (rand() < 0.2 ? 1 + Math.floor(rand() * 3) : 0));
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      if (ev[i] === 0) continue;
      for (let j = 0; j < n; j++) {
        if (ev[j] > 0) continue;
        den++;
        num += score[i] > score[j] ? 1 : score[i] === score[j] ? 0.5 : 0;
      }
    }
    expect(lixelAuc(score, ev)).toBeCloseTo(num / den, 12);
  });

  it("is 1 for a perfect ranking, 0.5 for a constant one, NaN without positives", () => {
    expect(lixelAuc(f([3, 2, 1]), f([1, 0, 0]))).toBe(1);
    expect(lixelAuc(f([1, 1, 1]), f([1, 0, 0]))).toBe(0.5);
    expect(lixelAuc(f([1, 2]), f([0, 0]))).toBeNaN();
  });
});

describe("calibrationByDecile", () => {
  it("splits by road length and totals predicted against observed", () => {
    // 10 lixels of 1 m, expected 10..1: one per decile, in order
    const expected = f([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const c = calibrationByDecile(expected, new Float64Array(10).fill(1), f([8, 0, 0, 0, 0, 0, 0, 0, 0, 2]));
    expect(c.predicted).toBe(55);
    expect(c.observed).toBe(10);
    expect(c.relativeError).toBeCloseTo(4.5, 12);
    expect(c.deciles.map((d) => d.predicted)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(c.deciles[0].observed).toBe(8);
    expect(c.deciles[9].observed).toBe(2);
  });
});

describe("rollingSplits", () => {
  it("trains through the end of the cut-off year and tests the next N calendar years", () => {
    const [s] = rollingSplits([2004], 2);
    expect(s.trainEndDay).toBe(isoToDay("2005-01-01"));
    expect(s.testEndDay).toBe(isoToDay("2007-01-01"));
    expect(() => rollingSplits([2004], 0)).toThrow(/test years/);
    expect(() => rollingSplits([204], 1)).toThrow(/four-digit year/);
  });
});
