import { describe, expect, it } from "vitest";
import { segmentDistanceSq } from "../../../src/core/math.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { distanceHistogram, networkLineDistances, pointLineDistances } from "../../../src/analyses/proximity/line-distance.ts";
import { packRoads } from "../../helpers/roads.ts";

type Line = [number, number][];
const bruteForce = (lines: Line[], x: number, y: number) => {
  let best = Infinity;
  for (const l of lines) for (let k = 0; k + 1 < l.length; k++) best = Math.min(best, segmentDistanceSq(x, y, l[k][0], l[k][1], l[k + 1][0], l[k + 1][1]));
  return Math.sqrt(best);
};

describe("pointLineDistances", () => {
  it("equals a brute-force point–segment scan on seeded lines and points", () => {
    const rand = seededRandom(19);
    const lines: Line[] = Array.from({ length: 12 }, () => {
      let x = rand() * 80000;
      let y = rand() * 80000;
      return Array.from({ length: 8 }, () => [(x += (rand() - 0.5) * 9000), (y += (rand() - 0.5) * 9000)] as [number, number]);
    });
    const n = 2000;
    const x = Float64Array.from({ length: n }, () => rand() * 100000 - 10000);
    const y = Float64Array.from({ length: n }, () => rand() * 100000 - 10000);
    const d = pointLineDistances(packRoads(lines), x, y);
    for (let i = 0; i < n; i++) expect(Math.abs(d[i] - bruteForce(lines, x[i], y[i]))).toBeLessThan(1e-6);
  });
});

describe("networkLineDistances", () => {
  it("measures each piece from its midpoint: a 1 km road parallel to a line 300 m away, and one crossing it", () => {
    // road A runs y = 300 from x 0 to 1000 (pieces of 250 m, midpoints at 125, 375, 625, 875): all 300 m
    // from the line y = 0; road B runs x = 5000 from y −500 to 500 with a bend at (5000, 0): its 4 pieces'
    // midpoints lie at |y| = 125 and 375 m from the line it crosses
    const roads = packRoads([[[0, 300], [1000, 300]], [[5000, -500], [5000, 0], [5000, 500]]]);
    const line = packRoads([[[-10000, 0], [20000, 0]]]);
    const { distanceM, lengthM } = networkLineDistances(roads, line, { lixelLengthM: 250 });
    expect(Array.from(lengthM)).toEqual([250, 250, 250, 250, 250, 250, 250, 250]);
    expect(Array.from(distanceM).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([300, 300, 300, 300, 375, 125, 125, 375]);
  });
});

describe("distanceHistogram", () => {
  it("bins [b_k, b_k+1) with weights, the last bin open, infinite distances in it, negative ones left out", () => {
    const d = Float64Array.from([0, 999, 1000, 4999, 5000, 1e7, Infinity, -1]);
    const w = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 100]);
    const bins = distanceHistogram(d, [0, 1000, 5000], w);
    expect(bins.map((b) => [b.fromM, b.toM, b.weight])).toEqual([[0, 1000, 3], [1000, 5000, 7], [5000, Infinity, 18]]);
    expect(bins.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 12);
    expect(distanceHistogram(d, [0, 1000]).map((b) => b.weight)).toEqual([2, 5]);
    expect(() => distanceHistogram(d, [0, 0])).toThrow(/ascending/);
  });
});
