/**
 * core/exact-sum.ts against known exact sums (values chosen so a plain sum is wrong) and against
 * CPython's math.fsum, whose algorithm it follows: the fixture values below were printed by
 * `python3 -c "import math; print(repr(math.fsum(...)))"` (Python 3.11.7) for the listed terms.
 * Then the property a tiled run relies on: any order and any grouping into merged partial sums give the
 * same double.
 */
import { describe, expect, it } from "vitest";
import { addExact, exactSum, exactValue, mergeExact } from "../../src/core/exact-sum.ts";
import { seededRandom } from "../../src/core/random.ts";

const sumOf = (xs: readonly number[]) => {
  const s = exactSum();
  for (const x of xs) addExact(s, x);
  return exactValue(s);
};

describe("exactSum", () => {
  it("gives the correctly rounded exact sum where a plain sum does not", () => {
    expect(sumOf([1e100, 1, -1e100])).toBe(1); // plain: 0
    expect(sumOf(Array(10).fill(0.1))).toBe(1); // plain: 0.9999999999999999 (math.fsum: 1.0)
    expect(sumOf([1, 1e-16, 1e-16])).toBe(1.0000000000000002); // plain: 1 (math.fsum: 1.0000000000000002)
    // half-way case: 1 + 2⁻⁵³ is a tie (rounds to even, 1), the extra 2⁻¹⁰⁶ breaks it upwards (math.fsum: 1.0000000000000002)
    expect(sumOf([1, 2 ** -53, 2 ** -106])).toBe(1.0000000000000002);
    expect(sumOf([1, 2 ** -53])).toBe(1);
    expect(sumOf([])).toBe(0);
    expect(sumOf([1, Infinity])).toBe(Infinity);
    expect(Number.isNaN(sumOf([Infinity, -Infinity]))).toBe(true);
  });

  it("does not depend on the order of the terms nor on how they are grouped and merged", () => {
    const rand = seededRandom(7);
    const xs = Array.from({ length: 2000 }, () => (rand() - 0.5) * 10 ** Math.floor(rand() * 30 - 15));
    const reference = sumOf(xs);
    let plainDiffers = false;
    for (let trial = 0; trial < 20; trial++) {
      const shuffled = [...xs].sort(() => rand() - 0.5);
      const groups = 1 + Math.floor(rand() * 16);
      const parts = Array.from({ length: groups }, () => exactSum());
      shuffled.forEach((x, k) => addExact(parts[k % groups], x));
      const total = exactSum();
      for (const p of parts.reverse()) mergeExact(total, p);
      expect(exactValue(total)).toBe(reference);
      if (shuffled.reduce((a, b) => a + b, 0) !== xs.reduce((a, b) => a + b, 0)) plainDiffers = true;
    }
    expect(plainDiffers).toBe(true); // the plain sum does depend on the order: the test is not vacuous
  });
});
