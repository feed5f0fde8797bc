import { describe, expect, it } from "vitest";
import { pooledComparison } from "../../../src/analyses/backtest/pooled-comparison.ts";
import { hitRates, lixelAuc } from "../../../src/analyses/backtest/ranking-metrics.ts";
import { seededRandom } from "../../../src/core/random.ts";

/** Seeded synthetic splits: 400 lixels, events more likely where the "signal" is high. */
function split(seed: number) {
  const rand = seededRandom(seed);
  const n = 400;
  const signal = Float64Array.from({ length: n }, () => rand());
  const lengthM = Float64Array.from({ length: n }, () => 50 + rand() * 50);
  const events = Float64Array.from(signal, (s) => (rand() < s * s * 0.2 ? 1 + Math.floor(rand() * 2) : 0));
  const noisy = Float64Array.from(signal, (s) => s + rand() * 3);
  return { lengthM, events, model: signal, baselines: { noisy, same: Float64Array.from(signal) } };
}

describe("pooledComparison", () => {
  const splits = [split(1), split(2), split(3)];
  const pooled = pooledComparison(splits, { resamples: 500, seed: 7 });

  it("pools hit rates as Σ events caught / Σ events and AUC as the mean of the per-split AUCs", () => {
    const total = splits.reduce((a, s) => a + s.events.reduce((x, y) => x + y, 0), 0);
    pooled.coverages.forEach((c, k) => {
      const caught = splits.reduce((a, s) => a + hitRates(s.baselines.noisy, s.lengthM, s.events, [c]).hit[0] * s.events.reduce((x, y) => x + y, 0), 0);
      expect(pooled.baselines.noisy.hit[k]).toBeCloseTo(caught / total, 12);
      expect(pooled.baselines.noisy.pai[k]).toBeCloseTo(caught / total / c, 12);
    });
    expect(pooled.model.auc).toBeCloseTo(splits.reduce((a, s) => a + lixelAuc(s.model, s.events), 0) / 3, 12);
  });

  it("a forecast compared with itself differs by exactly 0; the signal beats its noisy copy with an interval above 0", () => {
    for (const d of pooled.differences.same.hit) expect([d.diff, d.low, d.high]).toEqual([0, 0, 0]);
    expect(pooled.differences.same.auc.high).toBe(0);
    expect(pooled.differences.noisy.auc.low).toBeGreaterThan(0);
    expect(pooled.differences.noisy.hit[3].diff).toBeGreaterThan(0);
  });

  it("is deterministic for a seed", () => {
    expect(pooledComparison(splits, { resamples: 500, seed: 7 })).toEqual(pooled);
  });
});
