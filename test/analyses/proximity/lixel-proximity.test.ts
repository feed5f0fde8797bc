import { describe, expect, it } from "vitest";
import { lixelize } from "../../../src/core/lixels.ts";
import { polylineDistance } from "../../../src/core/math.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { lixelProximity } from "../../../src/analyses/proximity/lixel-proximity.ts";
import { polylineProximity } from "../../../src/analyses/proximity/polyline-proximity.ts";
import { snapIncidents } from "../../../src/analyses/proximity/snap-incidents.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { buildPointIndex } from "../../../src/spatial/point-index.ts";
import type { IncidentSet } from "../../../src/core/incident-set.ts";
import { packRoads } from "../../helpers/roads.ts";

function randomRoads(seed: number, n: number) {
  const rand = seededRandom(seed);
  const lines: [number, number][][] = [];
  for (let r = 0; r < n; r++) {
    let x = rand() * 20000;
    let y = rand() * 20000;
    const line: [number, number][] = [[x, y]];
    for (let v = 0; v < 6; v++) {
      x += (rand() - 0.5) * 800;
      y += (rand() - 0.5) * 800;
      line.push([x, y]);
    }
    lines.push(line);
  }
  return packRoads(lines);
}

function points(xs: number[], ys: number[]): IncidentSet {
  const n = xs.length;
  return {
    count: n,
    x: Float64Array.from(xs),
    y: Float64Array.from(ys),
    precisionM: new Float64Array(n).fill(10),
    dateDay: new Float64Array(n),
    killed: new Float64Array(n),
    injured: new Float64Array(n),
    device: new Uint8Array(n),
    onRoad: new Uint8Array(n),
    ids: xs.map((_, i) => `p${i}`),
  };
}

describe("lixelProximity", () => {
  it("equals brute force (every lixel × every incident) for nearest distance and counts", () => {
    const lixels = lixelize(randomRoads(7, 80));
    const rand = seededRandom(8);
    const xs = Array.from({ length: 300 }, () => rand() * 20000);
    const ys = Array.from({ length: 300 }, () => rand() * 20000);
    const prox = lixelProximity(lixels, buildPointIndex(Float64Array.from(xs), Float64Array.from(ys)), { radiiM: [250, 1000] });
    for (let i = 0; i < lixels.count; i++) {
      let best = Infinity;
      let bestK = -1;
      let n250 = 0;
      let n1000 = 0;
      for (let k = 0; k < xs.length; k++) {
        const d = polylineDistance(lixels.xy, lixels.start[i], lixels.start[i + 1], xs[k], ys[k]);
        if (d < best) {
          best = d;
          bestK = k;
        }
        if (d <= 250) n250++;
        if (d <= 1000) n1000++;
      }
      expect(prox.nearestIncidentM[i]).toBe(best);
      expect(prox.nearestIncident[i]).toBe(bestK);
      expect(prox.countWithin[0][i]).toBe(n250);
      expect(prox.countWithin[1][i]).toBe(n1000);
    }
  });

  it("equals polylineProximity (a box search per lixel) where the grid's whole cells and rim meet: dense points, exact radii, far coordinates", () => {
    // synthetic, seeded: 400 winding roads cut into 50 m lixels around (4.5e5, 4.9e6) m (UTM-like magnitudes),
    // 6,000 points, clustered half of them, plus points placed exactly 1,000 m and 250 m from axis-aligned lixels
    const rand = seededRandom(31);
    const lines: [number, number][][] = [];
    for (let r = 0; r < 400; r++) {
      let [x, y] = [450000 + rand() * 30000, 4900000 + rand() * 30000];
      const line: [number, number][] = [[x, y]];
      for (let v = 0; v < 5; v++) line.push([(x += (rand() - 0.5) * 600), (y += (rand() - 0.5) * 600)]);
      lines.push(line);
    }
    lines.push([[460000, 4910000], [460400, 4910000]], [[470000, 4905000], [470000, 4905300]]);
    const lixels = lixelize(packRoads(lines), { lixelLengthM: 50 });
    const xs: number[] = [];
    const ys: number[] = [];
    for (let k = 0; k < 6000; k++) {
      const clustered = k % 2 === 0;
      xs.push(clustered ? 455000 + rand() * 3000 : 450000 + rand() * 30000);
      ys.push(clustered ? 4905000 + rand() * 3000 : 4900000 + rand() * 30000);
    }
    for (let k = 0; k <= 40; k++) {
      xs.push(460000 + k * 10, 460000 + k * 10, 470000 + 1000, 470000 - 250);
      ys.push(4910000 + 1000, 4910000 - 250, 4905000 + k * 7.5, 4905000 + k * 7.5);
    }
    const pts = buildPointIndex(Float64Array.from(xs), Float64Array.from(ys));
    const radiiM = [0, 250, 1000, 5000];
    const fast = lixelProximity(lixels, pts, { radiiM });
    const box = polylineProximity(lixels, pts, { radiiM });
    expect(Array.from(fast.nearestIncidentM)).toEqual(Array.from(box.nearestIncidentM));
    expect(Array.from(fast.nearestIncident)).toEqual(Array.from(box.nearestIncident));
    radiiM.forEach((_, k) => expect(Array.from(fast.countWithin[k])).toEqual(Array.from(box.countWithin[k])));
    expect(fast.countWithin[3].reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(1000); // dense enough that whole cells are counted, not only rims
  });

  it("reports Infinity and -1 when there are no incidents", () => {
    const lixels = lixelize(packRoads([[[0, 0], [100, 0]]]));
    const prox = lixelProximity(lixels, buildPointIndex(new Float64Array(0), new Float64Array(0)));
    expect(prox.nearestIncidentM[0]).toBe(Infinity);
    expect(prox.nearestIncident[0]).toBe(-1);
    expect(prox.countWithin[0][0]).toBe(0);
  });
});

describe("snapIncidents", () => {
  it("gives offset and chainage along the source road (hand case)", () => {
    // road 0: (0,0) → (1000,0) → (1000,1000); an incident at (1030, 400) is 30 m from the second leg,
    // 400 m along it: chainage = 1000 + 400 = 1400 m
    const roads = packRoads([[[0, 0], [1000, 0], [1000, 1000]]]);
    const lixels = lixelize(roads);
    const snap = snapIncidents(points([1030, -5000], [400, -5000]), buildLixelIndex(lixels), roads, { maxSnapM: 1000 });
    expect(snap.road[0]).toBe(0);
    expect(snap.offsetM[0]).toBeCloseTo(30, 9);
    expect(snap.chainageM[0]).toBeCloseTo(1400, 9);
    expect(snap.x[0]).toBeCloseTo(1000, 9);
    expect(snap.y[0]).toBeCloseTo(400, 9);
    // the second incident is > 1 km from every road: left unsnapped, not dropped
    expect(snap.road[1]).toBe(-1);
    expect(Number.isNaN(snap.chainageM[1])).toBe(true);
  });

  it("adds the piece's startM so chainage survives splitting at junctions", () => {
    const roads = { ...packRoads([[[0, 0], [500, 0]]]), startM: Float64Array.from([2500]) };
    const snap = snapIncidents(points([200], [10]), buildLixelIndex(lixelize(roads)), roads);
    expect(snap.chainageM[0]).toBeCloseTo(2700, 9);
  });
});

describe("polylineProximity on whole roads", () => {
  it("equals brute force with ties (repeated points) and with roads that have no point within the largest radius", () => {
    const roads = randomRoads(21, 120);
    const rand = seededRandom(22);
    // few points over a wide area: most roads need the nearest-first search beyond 300 m
    const xs = Array.from({ length: 40 }, () => rand() * 20000);
    const ys = Array.from({ length: 40 }, () => rand() * 20000);
    xs.push(xs[3], xs[3]); // the same position three times: the lowest index must win
    ys.push(ys[3], ys[3]);
    const lines = { count: roads.count, xy: roads.xy, start: roads.roadStart };
    for (const radiiM of [[300], [], [0, 300, 2000]]) {
      const prox = polylineProximity(lines, buildPointIndex(Float64Array.from(xs), Float64Array.from(ys)), { radiiM });
      let beyond = 0;
      for (let r = 0; r < roads.count; r++) {
        const { best, bestK, counts } = bruteForce(roads, r, xs, ys, radiiM);
        if (best > Math.max(0, ...radiiM)) beyond++;
        expect(prox.nearestIncidentM[r]).toBe(best);
        expect(prox.nearestIncident[r]).toBe(bestK);
        radiiM.forEach((_, j) => expect(prox.countWithin[j][r]).toBe(counts[j]));
      }
      expect(beyond).toBeGreaterThan(10); // the fallback search is exercised
    }
  });

  it("the grid's candidates miss nothing: equals brute force at UTM magnitudes, with points exactly R from axis-aligned roads, on cell edges and repeated", () => {
    // synthetic, seeded: 300 winding roads around (4.5e5, 4.9e6) m, 8,000 points (half clustered), plus
    // points exactly 500 m beside and beyond the ends of two axis-aligned roads, and a column of points on
    // the grid's cell edges (the grid starts at the smallest x and y, 430000 and 4890000; cells of 500 m)
    const rand = seededRandom(41);
    const lines: [number, number][][] = [[[460000, 4910000], [460400, 4910000]], [[470000, 4905000], [470000, 4905300]]];
    for (let r = 0; r < 300; r++) {
      let [x, y] = [450000 + rand() * 20000, 4900000 + rand() * 20000];
      const line: [number, number][] = [[x, y]];
      for (let v = 0; v < 6; v++) line.push([(x += (rand() - 0.5) * 500), (y += (rand() - 0.5) * 500)]);
      lines.push(line);
    }
    const roads = packRoads(lines);
    const xs: number[] = [430000, 490000];
    const ys: number[] = [4890000, 4930000];
    for (let k = 0; k < 8000; k++) {
      const clustered = k % 2 === 0;
      xs.push(clustered ? 455000 + rand() * 3000 : 450000 + rand() * 20000);
      ys.push(clustered ? 4905000 + rand() * 3000 : 4900000 + rand() * 20000);
    }
    for (let k = 0; k <= 40; k++) {
      xs.push(460000 + k * 10, 460000 + k * 10, 470000 + 500, 470000 - 500, 459500, 460900, 460000 + 500 * (k % 8), 470000);
      ys.push(4910000 + 500, 4910000 - 500, 4905000 + k * 7.5, 4905000 + k * 7.5, 4910000, 4910000, 4909000 + 500 * Math.floor(k / 8), 4905800);
    }
    const lineSet = { count: roads.count, xy: roads.xy, start: roads.roadStart };
    const radiiM = [0, 120, 500];
    const prox = polylineProximity(lineSet, buildPointIndex(Float64Array.from(xs), Float64Array.from(ys)), { radiiM });
    let atRadius = 0;
    for (let r = 0; r < roads.count; r++) {
      const { best, bestK, counts } = bruteForce(roads, r, xs, ys, radiiM, (d) => {
        if (d === 500) atRadius++;
      });
      expect(prox.nearestIncidentM[r]).toBe(best);
      expect(prox.nearestIncident[r]).toBe(bestK);
      radiiM.forEach((_, j) => expect(prox.countWithin[j][r]).toBe(counts[j]));
    }
    expect(atRadius).toBeGreaterThan(150); // the boundary cases are there
    expect(prox.countWithin[2].reduce((a, b) => Math.max(a, b), 0)).toBeGreaterThan(200);
  });

  it("counts a point exactly the radius from a road whose unwidened box rounds one ulp short of it (issue 14, on the grid)", () => {
    // a vertical and a horizontal road at 1000 m, points at 437.123 m: the computed distance is
    // d = fl(1000 − 437.123) = 562.877, and fl(1000 − d) = 437.12300000000005 lies one ulp past the point
    const X = 437.123;
    const d = 1000 - X;
    expect(1000 - d).toBeGreaterThan(X);
    const roads = packRoads([[[1000, 0], [1000, 300]], [[0, 1000], [300, 1000]]]);
    const lineSet = { count: roads.count, xy: roads.xy, start: roads.roadStart };
    const prox = polylineProximity(lineSet, buildPointIndex(Float64Array.from([X, 150, 2000]), Float64Array.from([150, X, 2000])), { radiiM: [d] });
    expect(Array.from(prox.countWithin[0])).toEqual([1, 1]);
    expect(Array.from(prox.nearestIncident)).toEqual([0, 1]);
    expect(Array.from(prox.nearestIncidentM)).toEqual([d, d]);
  });
});

/** Every point's distance to road r, one by one: the nearest (lowest index on ties), and the counts within each radius. */
function bruteForce(roads: ReturnType<typeof packRoads>, r: number, xs: readonly number[], ys: readonly number[], radiiM: readonly number[], onDistance?: (d: number) => void) {
  let best = Infinity;
  let bestK = -1;
  const counts = radiiM.map(() => 0);
  for (let k = 0; k < xs.length; k++) {
    const d = polylineDistance(roads.xy, roads.roadStart[r], roads.roadStart[r + 1], xs[k], ys[k]);
    if (d < best) [best, bestK] = [d, k];
    radiiM.forEach((rad, j) => (counts[j] += d <= rad ? 1 : 0));
    onDistance?.(d);
  }
  return { best, bestK, counts };
}
