/**
 * The distance-box rule itself (src/spatial/distance-box.ts), on the case that broke: a zero-width box at
 * x = 437.123 and a query point at x = 1000. The computed distance is d = fl(1000 − 437.123) = 562.877,
 * and fl(1000 − 562.877) = 437.12300000000005, one ulp past the box, so the raw box search misses it.
 */
import Flatbush from "flatbush";
import { describe, expect, it } from "vitest";
import { DISTANCE_BOX_SLACK, indexMagnitudeM, neighboursWithin, reachM, searchNear, searchWithin } from "../../src/spatial/distance-box.ts";

const X = 437.123;

function verticalBox(): Flatbush {
  const index = new Flatbush(1);
  index.add(X, 0, X, 1000);
  index.finish();
  return index;
}

describe("distance-box rule", () => {
  it("the raw box search misses the zero-width box; the widened one finds it", () => {
    const index = verticalBox();
    const d = 1000 - X;
    expect(1000 - d).toBeGreaterThan(X); // the rounding that caused issue 14
    expect(index.search(1000 - d, 500 - d, 1000 + d, 500 + d)).toEqual([]);
    expect(searchNear(index, 1000, 500, d)).toEqual([0]);
    expect(searchWithin(index, 1000, 500, 1000, 500, d)).toEqual([0]);
  });

  it("neighbours within exactly the computed distance are not cut off", () => {
    const index = verticalBox();
    const d = 1000 - X;
    expect(neighboursWithin(index, 1000, 500, 1, d)).toEqual([0]);
    // a box truly farther than the widened reach stays out: 563 m away, asked for 562.877 m
    expect(neighboursWithin(index, X + 563, 500, 1, d)).toEqual([]);
    expect(searchNear(index, X + 563, 500, d)).toEqual([]);
  });

  it("reach = r + ε(r + M), ε = 2⁻⁴⁰; an empty index's infinite placeholder has magnitude 0", () => {
    // 2⁻⁴⁰ = 9.094947017729282e-13; at r = 100 m, M = 1e7 m the widening is 9.09e-6 m
    expect(DISTANCE_BOX_SLACK).toBe(9.094947017729282e-13);
    expect(reachM(100, 1e7) - 100).toBeCloseTo(9.094947017729282e-13 * (1e7 + 100), 18);
    expect(reachM(Infinity, 0)).toBe(Infinity);
    expect(indexMagnitudeM(verticalBox())).toBe(1000);
    const empty = new Flatbush(1);
    empty.add(Infinity, Infinity, Infinity, Infinity);
    empty.finish();
    expect(indexMagnitudeM(empty)).toBe(0);
  });
});
