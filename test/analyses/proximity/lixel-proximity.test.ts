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
