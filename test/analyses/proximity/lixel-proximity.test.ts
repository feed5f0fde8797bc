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
        let best = Infinity;
        let bestK = -1;
        const counts = radiiM.map(() => 0);
        for (let k = 0; k < xs.length; k++) {
          const d = polylineDistance(roads.xy, roads.roadStart[r], roads.roadStart[r + 1], xs[k], ys[k]);
          if (d < best) [best, bestK] = [d, k];
          radiiM.forEach((rad, j) => (counts[j] += d <= rad ? 1 : 0));
        }
        if (best > Math.max(0, ...radiiM)) beyond++;
        expect(prox.nearestIncidentM[r]).toBe(best);
        expect(prox.nearestIncident[r]).toBe(bestK);
        radiiM.forEach((_, j) => expect(prox.countWithin[j][r]).toBe(counts[j]));
      }
      expect(beyond).toBeGreaterThan(10); // the fallback search is exercised
    }
  });
});
