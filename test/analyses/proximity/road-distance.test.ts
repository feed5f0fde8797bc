import { describe, expect, it } from "vitest";
import type { HazardSet } from "../../../src/core/hazard-set.ts";
import { lixelize } from "../../../src/core/lixels.ts";
import { segmentDistanceSq } from "../../../src/core/math.ts";
import { pointInPolygon } from "../../../src/core/polygon.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { hazardRoadDistances, pointRoadDistances, regionalReachM, roadDistanceStats } from "../../../src/analyses/proximity/road-distance.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { packRoads } from "../../helpers/roads.ts";

function randomRoads(seed: number, n: number) {
  const rand = seededRandom(seed);
  return packRoads(
    Array.from({ length: n }, () => {
      let x = rand() * 50000;
      let y = rand() * 50000;
      return Array.from({ length: 5 }, () => [(x += (rand() - 0.5) * 3000), (y += (rand() - 0.5) * 3000)] as [number, number]);
    }),
  );
}

/** Squares (4 vertices, closed) of side 200 m … 6 km, as a HazardSet. */
function randomSquares(seed: number, n: number): HazardSet {
  const rand = seededRandom(seed);
  const polygons = Array.from({ length: n }, () => {
    const x = rand() * 70000 - 10000;
    const y = rand() * 70000 - 10000;
    const s = 200 + rand() * 5800;
    return [[Float64Array.from([x, y, x + s, y, x + s, y + s, x, y + s, x, y])]];
  });
  const bbox = new Float64Array(4 * n);
  polygons.forEach(([[r]], h) => bbox.set([r[0], r[1], r[4], r[5]], 4 * h));
  return { count: n, polygons, status: new Uint8Array(n), bbox, ids: polygons.map((_, h) => `h${h}`) };
}

const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
/** Proper or touching intersection of segments ab and cd (orientation test). */
function intersects(a: number[], b: number[], c: number[], d: number[]): boolean {
  const d1 = cross(c[0], c[1], d[0], d[1], a[0], a[1]);
  const d2 = cross(c[0], c[1], d[0], d[1], b[0], b[1]);
  const d3 = cross(a[0], a[1], b[0], b[1], c[0], c[1]);
  const d4 = cross(a[0], a[1], b[0], b[1], d[0], d[1]);
  return d1 * d2 <= 0 && d3 * d4 <= 0;
}

/** Brute force: every road segment against every polygon edge (0 when they cross or the road is inside). */
function bruteHazard(xy: Float64Array, roadStart: Uint32Array, ring: Float64Array): number {
  let best = Infinity;
  for (let r = 0; r + 1 < roadStart.length; r++) {
    for (let v = roadStart[r]; v + 1 < roadStart[r + 1]; v++) {
      const a = [xy[2 * v], xy[2 * v + 1]];
      const b = [xy[2 * v + 2], xy[2 * v + 3]];
      if (pointInPolygon([ring], a[0], a[1])) return 0;
      for (let k = 0; k + 3 < ring.length; k += 2) {
        const c = [ring[k], ring[k + 1]];
        const d = [ring[k + 2], ring[k + 3]];
        if (intersects(a, b, c, d)) return 0;
        best = Math.min(best, segmentDistanceSq(a[0], a[1], c[0], c[1], d[0], d[1]), segmentDistanceSq(b[0], b[1], c[0], c[1], d[0], d[1]), segmentDistanceSq(c[0], c[1], a[0], a[1], b[0], b[1]), segmentDistanceSq(d[0], d[1], a[0], a[1], b[0], b[1]));
      }
    }
  }
  return Math.sqrt(best);
}

describe("road distances", () => {
  const roads = randomRoads(11, 40);
  const lixels = lixelize(roads, { lixelLengthM: 100 });
  const index = buildLixelIndex(lixels);

  it("points: equal brute force over every road segment (seeded, 500 points)", () => {
    const rand = seededRandom(12);
    const x = Float64Array.from({ length: 500 }, () => rand() * 90000 - 20000);
    const y = Float64Array.from({ length: 500 }, () => rand() * 90000 - 20000);
    const got = pointRoadDistances(index, x, y);
    for (let i = 0; i < x.length; i++) {
      let best = Infinity;
      for (let v = 0; v + 1 < roads.xy.length / 2; v++) {
        if (roads.roadStart.includes(v + 1)) continue; // v → v+1 spans two roads
        best = Math.min(best, segmentDistanceSq(x[i], y[i], roads.xy[2 * v], roads.xy[2 * v + 1], roads.xy[2 * v + 2], roads.xy[2 * v + 3]));
      }
      expect(got[i]).toBeCloseTo(Math.sqrt(best), 6);
    }
  });

  it("hazards: equal brute force, or at most one lixel (100 m) off where a road crosses an area with no vertex inside", () => {
    const hazards = randomSquares(13, 300);
    const got = hazardRoadDistances(index, hazards);
    let crossings = 0;
    let exact = 0;
    for (let h = 0; h < hazards.count; h++) {
      const want = bruteHazard(roads.xy, roads.roadStart, hazards.polygons[h][0][0]);
      if (Math.abs(got[h] - want) < 1e-6) exact++;
      else {
        expect(want).toBe(0);
        expect(got[h]).toBeLessThanOrEqual(100);
        crossings++;
      }
    }
    expect(exact).toBeGreaterThan(250); // the bound is the exception, not the rule
    expect(exact + crossings).toBe(300);
  });

  it("regional reach widens with location precision: √(30000² + (0.25 · 40000)²) = √(1e9) = 31,622.8 m", () => {
    expect(regionalReachM(30000, 0.25, 40000)).toBeCloseTo(31622.78, 2);
    expect(regionalReachM(30000, 0.25, 0)).toBe(30000);
  });

  it("stats: d ≥ reach is beyond (as incident-intensity.ts), range and median of the distances", () => {
    // distances 10, 30000 (= reach: out, a lixel at d ≥ G is not touched), 29999.9, Infinity (no road)
    const s = roadDistanceStats(Float64Array.from([10, 30000, 29999.9, Infinity]), () => 30000);
    expect(s.beyond).toEqual([1, 3]);
    expect(s.beyondReach).toBe(2);
    expect([s.minM, s.maxM, s.medianM]).toEqual([10, Infinity, 30000]); // sorted 10, 29999.9, 30000, ∞: index 2
  });
});
