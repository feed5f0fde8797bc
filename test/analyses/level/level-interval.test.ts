/**
 * The Fay & Feuer gamma interval of a weighted Poisson count against R epitools::ageadjust.direct (fixture
 * made by scripts/reference/fay-feuer-epitools.R, tool versions in the fixture), its reduction to Garwood's
 * exact interval, its scale equivariance, and its coverage on seeded synthetic Poisson data.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { weightedCountInterval } from "../../../src/analyses/level/level-interval.ts";
import { seededRandom } from "../../../src/core/random.ts";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/risk/fay-feuer-epitools.json", import.meta.url), "utf8")) as {
  tool: string;
  cases: { name: string; weights: number[]; low95: number; high95: number; low80: number; high80: number }[];
};

/** Knuth's Poisson sampler (fine for the small means used here). */
function poisson(rand: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rand(); p > limit; p *= rand()) k++;
  return k;
}

describe("weightedCountInterval (Fay & Feuer 1997)", () => {
  it(`equals R epitools ageadjust.direct (${fixture.tool}) to 1e-9 relative`, () => {
    expect(fixture.cases.length).toBe(7);
    for (const c of fixture.cases) {
      const r95 = weightedCountInterval(c.weights, 0.95);
      const r80 = weightedCountInterval(c.weights, 0.8);
      for (const [ours, ref] of [[r95.low, c.low95], [r95.high, c.high95], [r80.low, c.low80], [r80.high, c.high80]]) expect(Math.abs(ours / ref - 1)).toBeLessThan(1e-9);
    }
  });

  it("is Garwood's exact Poisson interval for unit weights (3 events: 0.619–8.767, textbook values)", () => {
    const r = weightedCountInterval([1, 1, 1]);
    expect(r.low).toBeCloseTo(0.6187, 4);
    expect(r.high).toBeCloseTo(8.7673, 4);
    expect(r.effectiveCount).toBe(3);
  });

  it("scales with the weights, and has no interval without events", () => {
    const w = [0.3, 0.9, 0.05, 1.2];
    const a = weightedCountInterval(w);
    const b = weightedCountInterval(w.map((x) => x * 7.5));
    expect(b.low / a.low).toBeCloseTo(7.5, 9);
    expect(b.high / a.high).toBeCloseTo(7.5, 9);
    const none = weightedCountInterval([0, 0]);
    expect(none.sum).toBe(0);
    expect(Number.isNaN(none.low) && Number.isNaN(none.high)).toBe(true);
    expect(() => weightedCountInterval([1, -1])).toThrow(/weight 1/);
    expect(() => weightedCountInterval([1], 1)).toThrow(/confidence/);
  });

  it("covers the true expected weighted count at the nominal 95 % up to Monte Carlo error (≥ 94 % of ≥ 1,300 seeded synthetic trials; SE ≈ 0.6 %)", () => {
    const rand = seededRandom(20230919);
    for (const [strata, meanPerStratum] of [[5, 0.6], [30, 0.3], [200, 0.05]] as const) {
      const weight = Array.from({ length: strata }, () => 0.05 + rand()); // decay × road share ∈ (0.05, 1.05)
      const truth = weight.reduce((a, w) => a + w * meanPerStratum, 0);
      let covered = 0;
      let trials = 0;
      for (let t = 0; t < 1500; t++) {
        const events: number[] = [];
        weight.forEach((w) => {
          for (let k = poisson(rand, meanPerStratum); k > 0; k--) events.push(w);
        });
        if (events.length === 0) continue; // no events: no level, and no interval is claimed
        const r = weightedCountInterval(events);
        trials++;
        if (r.low <= truth && truth <= r.high) covered++;
      }
      expect(trials).toBeGreaterThan(1300);
      expect(covered / trials).toBeGreaterThanOrEqual(0.94);
    }
  });
});
