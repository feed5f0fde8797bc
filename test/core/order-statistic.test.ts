import { describe, expect, it } from "vitest";
import { valuesAtRanks } from "../../src/core/order-statistic.ts";
import { seededRandom } from "../../src/core/random.ts";

/** The definition: the values at those ranks after a full sort. */
const bySort = (values: ArrayLike<number>, ranks: number[]) => {
  const s = Float64Array.from(values).sort();
  return ranks.map((k) => s[k]);
};

describe("valuesAtRanks", () => {
  it("equals the sorted array's values at the ranks (Object.is: −0 and +0 told apart), on seeded data with ties, zeros of both signs and NaN", () => {
    const rand = seededRandom(7);
    let selected = 0;
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + Math.floor(rand() * (trial < 300 ? 60 : 5000));
      const kind = trial % 5;
      const values = Array.from({ length: n }, () => {
        const u = rand();
        if (kind === 1) return Math.floor(u * 4) - 2; // few distinct values: ties
        if (kind === 2) return u < 0.3 ? -0 : u < 0.6 ? 0 : u - 0.5; // zeros of both signs
        if (kind === 3 && u < 0.02) return Number.NaN;
        return (u - 0.5) * 1e3;
      });
      const a = Math.floor(rand() * n);
      const b = a + Math.floor(rand() * (n - a));
      const ranks = [a, b];
      const got = valuesAtRanks(values, ranks);
      const want = bySort(values, ranks);
      for (let k = 0; k < ranks.length; k++) expect(Object.is(got[k], want[k]), `trial ${trial}: rank ${ranks[k]} of ${n}: ${got[k]} ≠ ${want[k]}`).toBe(true);
      if (kind === 0) selected++;
    }
    expect(selected).toBeGreaterThan(50);
  });

  it("a million values: the 5 % and 95 % ranks equal the sort's, and the input is left as it was", () => {
    const rand = seededRandom(11);
    const xs = Float64Array.from({ length: 1_000_000 }, () => 40 + rand() * 10);
    const copy = xs.slice();
    const ranks = [Math.round(0.05 * 999_999), Math.round(0.95 * 999_999)];
    expect(valuesAtRanks(xs, ranks)).toEqual(bySort(xs, ranks));
    expect(xs).toEqual(copy);
  });
});
