/**
 * Every index query that searches a distance box, against brute force (issue 14, part 1), on the
 * geometry that broke the nearest-road search: axis-aligned pieces whose coordinate is small next to
 * the query distance, tiny coordinates near the origin, and huge ones (±1e7 m). Radii are taken equal
 * to a computed distance so that items exactly on the boundary (inclusive queries) are exercised.
 * Brute force uses the same core/math distance functions, so the results must be identical.
 */
import { describe, expect, it } from "vitest";
import type { HazardSet } from "../../src/core/hazard-set.ts";
import { polylineDistance } from "../../src/core/math.ts";
import { seededRandom } from "../../src/core/random.ts";
import { buildAreaIndex, distanceToArea, areasNear, nearestAreaDistance } from "../../src/spatial/area-index.ts";
import { buildDiscIndex, discsContaining } from "../../src/spatial/disc-index.ts";
import { distanceBandNeighbours, nearestNeighbours } from "../../src/spatial/neighbours.ts";
import { buildPointIndex, countPointsNearPolyline, nearestPointToPolyline } from "../../src/spatial/point-index.ts";
import { splitAtJunctions } from "../../src/spatial/road-junctions.ts";
import { packRoads } from "../helpers/roads.ts";

const CASES = 3000;
const logUniform = (rand: () => number, lo: number, hi: number) => 10 ** (lo + (hi - lo) * rand());

/** A base coordinate of kind k: 0 small (like 437.123), 1 tiny near the origin, 2 huge (±1e7 m). */
function baseCoordinate(rand: () => number, kind: number): number {
  if (kind === 1) return (rand() - 0.5) * logUniform(rand, -9, 0);
  const c = Math.round((rand() - 0.5) * 2e6) / 1000;
  return kind === 2 ? (rand() < 0.5 ? -1 : 1) * 1e7 + c : c;
}

/** A vertical or horizontal segment at coordinate c, and n points offset across it by log-uniform amounts. */
function axisCase(rand: () => number, kind: number, n: number) {
  const c = baseCoordinate(rand, kind);
  const s0 = (kind === 2 ? baseCoordinate(rand, 2) : 0) + (rand() - 0.5) * 200;
  const s1 = s0 + 1 + rand() * 300;
  const vertical = rand() < 0.5;
  const xy = Float64Array.from(vertical ? [c, s0, c, s1] : [s0, c, s1, c]);
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // half the points sit near the origin, where the segment's coordinate is large next to theirs
    const nearOrigin = rand() < 0.5;
    const across = nearOrigin ? (rand() - 0.5) * logUniform(rand, kind === 1 ? -12 : -3, 1) : c + (rand() < 0.5 ? -1 : 1) * logUniform(rand, kind === 1 ? -12 : -3, 4);
    const along = s0 + rand() * (s1 - s0);
    px[i] = vertical ? across : along;
    py[i] = vertical ? along : across;
  }
  return { xy, px, py, vertical, c };
}

describe("point-index queries equal brute force", () => {
  it("countPointsNearPolyline and nearestPointToPolyline, radius = a computed point distance", () => {
    const rand = seededRandom(14_101);
    let wrong = 0;
    for (let g = 0; g < CASES; g++) {
      const { xy, px, py } = axisCase(rand, g % 3, 8);
      const pi = buildPointIndex(px, py);
      const d = Array.from(px, (_, i) => polylineDistance(xy, 0, 2, px[i], py[i]));
      const radiusM = d[Math.floor(rand() * d.length)];
      const count = d.filter((v) => v <= radiusM).length;
      let best = 0;
      for (let i = 1; i < d.length; i++) if (d[i] < d[best]) best = i;
      const near = nearestPointToPolyline(pi, xy, 0, 2);
      if (countPointsNearPolyline(pi, xy, 0, 2, radiusM) !== count || near.index !== best || !Object.is(near.distanceM, d[best])) wrong++;
    }
    expect(wrong).toBe(0);
  });
});

describe("neighbours equal brute force", () => {
  it("distanceBandNeighbours with the band equal to a computed pair distance", () => {
    const rand = seededRandom(14_102);
    let wrong = 0;
    for (let g = 0; g < CASES; g++) {
      // sites on one vertical or horizontal line at coordinate c, plus one off it
      const { px, py } = axisCase(rand, g % 3, 6);
      const n = px.length;
      const dist = (i: number, j: number) => (px[j] - px[i]) ** 2 + (py[j] - py[i]) ** 2;
      const bandM = Math.sqrt(dist(0, 1 + Math.floor(rand() * (n - 1))));
      const b2 = bandM * bandM;
      if (!(bandM > 0)) continue;
      const nb = distanceBandNeighbours(px, py, bandM);
      for (let i = 0; i < n; i++) {
        const want: number[] = [];
        for (let j = 0; j < n; j++) if (j === i || dist(i, j) <= b2) want.push(j);
        if (Array.from(nb.index.subarray(nb.start[i], nb.start[i + 1])).join() !== want.join()) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it("nearestNeighbours: the k nearest by computed distance, ties to the lower site index", () => {
    const rand = seededRandom(14_103);
    let wrong = 0;
    for (let g = 0; g < 500; g++) {
      // integer grid with duplicates: many exact ties at the k-th distance (more than k + 8 of them)
      const n = 40 + Math.floor(rand() * 40);
      const x = Float64Array.from({ length: n }, () => Math.floor(rand() * 3));
      const y = Float64Array.from({ length: n }, () => Math.floor(rand() * 3));
      const k = 1 + Math.floor(rand() * 5);
      const nb = nearestNeighbours(x, y, k, { includeSelf: false });
      for (let i = 0; i < n; i++) {
        const d = (j: number) => (x[j] - x[i]) ** 2 + (y[j] - y[i]) ** 2;
        const want = Array.from({ length: n }, (_, j) => j)
          .filter((j) => j !== i)
          .sort((a, b) => d(a) - d(b) || a - b)
          .slice(0, k)
          .sort((a, b) => a - b);
        if (Array.from(nb.index.subarray(nb.start[i], nb.start[i + 1])).join() !== want.join()) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });
});

/** One square hazard area [x0, x0 + s] × [y0, y0 + s] per entry (axis-aligned edges). */
function squares(rows: readonly [number, number, number][]): HazardSet {
  return {
    count: rows.length,
    polygons: rows.map(([x0, y0, s]) => [[Float64Array.from([x0, y0, x0 + s, y0, x0 + s, y0 + s, x0, y0 + s, x0, y0])]]),
    status: new Uint8Array(rows.length),
    bbox: Float64Array.from(rows.flatMap(([x0, y0, s]) => [x0, y0, x0 + s, y0 + s])),
    ids: rows.map((_, i) => `h${i}`),
  };
}

describe("area and disc queries equal brute force", () => {
  it("areasNear (radius = a computed distance) and nearestAreaDistance", () => {
    const rand = seededRandom(14_104);
    let wrong = 0;
    for (let g = 0; g < CASES; g++) {
      const kind = g % 3;
      const rows: [number, number, number][] = [];
      for (let h = 0; h < 3; h++) rows.push([baseCoordinate(rand, kind), baseCoordinate(rand, kind), kind === 1 ? logUniform(rand, -9, -3) : 1 + rand() * 100]);
      const hz = squares(rows);
      const ai = buildAreaIndex(hz);
      const [x0, y0, s] = rows[0];
      const x = rand() < 0.5 ? x0 + s + logUniform(rand, kind === 1 ? -12 : -3, 4) : x0 + rand() * s;
      const y = rand() < 0.5 ? y0 - logUniform(rand, kind === 1 ? -12 : -3, 4) : y0 + rand() * s;
      const d = rows.map((_, h) => distanceToArea(hz, h, x, y));
      const radiusM = d[Math.floor(rand() * d.length)];
      const got: number[] = [];
      areasNear(ai, x, y, radiusM, (h) => got.push(h));
      const want = d.flatMap((v, h) => (v <= radiusM ? [h] : []));
      if (got.sort().join() !== want.join() || !Object.is(nearestAreaDistance(ai, x, y), Math.min(d[0], d[1], d[2]))) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it("discsContaining: a point just inside a disc on an axis is found", () => {
    const rand = seededRandom(14_105);
    let wrong = 0;
    for (let g = 0; g < CASES; g++) {
      const kind = g % 3;
      const n = 4;
      const x = Float64Array.from({ length: n }, () => baseCoordinate(rand, kind));
      const y = Float64Array.from({ length: n }, () => baseCoordinate(rand, kind));
      const r = Float64Array.from({ length: n }, () => logUniform(rand, kind === 1 ? -9 : -3, 4));
      // a point on the x axis through disc 0's centre, at the largest offset that is still inside by the
      // filter's own test, found by stepping down one ulp at a time from the rounded x + r
      let px = x[0] + r[0] * (1 + 1e-12);
      for (let step = 0; step < 4096 && !((px - x[0]) ** 2 < r[0] * r[0]); step++) px = px - Math.max(Math.abs(px) * 2 ** -52, Number.MIN_VALUE);
      const py = y[0];
      const want: number[] = [];
      for (let i = 0; i < n; i++) if ((x[i] - px) ** 2 + (y[i] - py) ** 2 < r[i] * r[i]) want.push(i);
      if (discsContaining(buildDiscIndex(x, y, r), px, py).join() !== want.join()) wrong++;
    }
    expect(wrong).toBe(0);
  });
});

describe("junction clustering equals brute force", () => {
  it("two collinear axis-aligned roads whose ends are exactly snapToleranceM apart are joined", () => {
    const rand = seededRandom(14_106);
    let wrong = 0;
    for (let g = 0; g < CASES; g++) {
      const kind = g % 3;
      const c = baseCoordinate(rand, kind);
      const yA = baseCoordinate(rand, kind);
      const yB = yA + logUniform(rand, kind === 1 ? -12 : -3, 4);
      // the tolerance is the computed gap, so the pair is joined by the exact test (dy² ≤ tol²)
      const tol = Math.abs(yB - yA);
      const vertical = rand() < 0.5;
      const at = (s: number): [number, number] => (vertical ? [c, s] : [s, c]);
      // either road first: the pair is tested from the lower-index vertex only
      const a: [number, number][] = [at(yA - 100), at(yA)];
      const b: [number, number][] = [at(yB), at(yB + 100)];
      const roads = packRoads(rand() < 0.5 ? [a, b] : [b, a]);
      if (splitAtJunctions(roads, { snapToleranceM: tol }).nodeCount !== 3) wrong++;
    }
    expect(wrong).toBe(0);
  });
});
