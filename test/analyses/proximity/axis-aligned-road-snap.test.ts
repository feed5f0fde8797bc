/**
 * Regression for issue 14, part 1, as reported: one vertical road at x = 437.123 m (working CRS) and
 * 2,000 seeded points. Before the fix 530 of these points were left unsnapped (the box [x − d, x + d]
 * rounded one ulp short of the road's zero-width box), the same events were dropped from network KDE,
 * and a route endpoint 563 m from the road was refused as "not near any road". Expected values here come
 * from the closed form for a vertical road, not from our projection code: offset = |px − 437.123|,
 * chainage = py − y₀ (the foot of the perpendicular lies inside the road for every point).
 */
import geodesic from "geographiclib-geodesic";
import { describe, expect, it } from "vitest";
import { snapEventsToLixels } from "../../../src/analyses/density/network-events.ts";
import { networkKernelDensity } from "../../../src/analyses/density/network-kernel-density.ts";
import { lixelProximity } from "../../../src/analyses/proximity/lixel-proximity.ts";
import { snapIncidents } from "../../../src/analyses/proximity/snap-incidents.ts";
import { prepareRouteQuery } from "../../../src/analyses/routing/route-query.ts";
import { lixelize } from "../../../src/core/lixels.ts";
import { polylineDistance } from "../../../src/core/math.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { buildDataset } from "../../../src/io/build-dataset.ts";
import type { IncidentRecord, RoadRecord } from "../../../src/io/records.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { buildPointIndex } from "../../../src/spatial/point-index.ts";
import { kdeNetwork } from "../../helpers/density-network.ts";
import { incidentSet } from "../../helpers/incidents.ts";
import { routingSetup } from "../../helpers/routing-networks.ts";
import { packRoads } from "../../helpers/roads.ts";

const X = 437.123;
const Y0 = -5000;
const Y1 = 5000;
const ROAD: [number, number][] = [[X, Y0], [X, Y1]];

/** 2,000 seeded points within 2 km either side of the road, never past its ends. */
function points(): { x: number; y: number }[] {
  const rand = seededRandom(437_123);
  return Array.from({ length: 2000 }, () => ({ x: (rand() - 0.5) * 4000, y: -4500 + rand() * 9000 }));
}

describe("one vertical road at x = 437.123 m (issue 14 as reported)", () => {
  it("all 2,000 points snap, with the closed-form offset and chainage", () => {
    const roads = packRoads([ROAD]);
    const lixels = lixelize(roads, { lixelLengthM: 100 });
    const pts = points();
    const snap = snapIncidents(incidentSet(pts), buildLixelIndex(lixels), roads);
    let unsnapped = 0;
    let offsetWrong = 0;
    let chainageWrong = 0;
    pts.forEach((p, i) => {
      if (snap.lixel[i] < 0) unsnapped++;
      // offset |px − X|; chainage py − Y0 (foot inside the road); both to 1e-9 relative or 1e-9 m
      if (!(Math.abs(snap.offsetM[i] - Math.abs(p.x - X)) <= 1e-9 * Math.abs(p.x - X) + 1e-9)) offsetWrong++;
      if (!(Math.abs(snap.chainageM[i] - (p.y - Y0)) <= 1e-9 * (p.y - Y0) + 1e-9)) chainageWrong++;
    });
    expect({ unsnapped, offsetWrong, chainageWrong }).toEqual({ unsnapped: 0, offsetWrong: 0, chainageWrong: 0 });
  });

  it("network KDE keeps all 2,000 events and their mass", () => {
    const net = kdeNetwork([ROAD], 100);
    const pts = points();
    const { events, dropped } = snapEventsToLixels(incidentSet(pts), buildLixelIndex(net.lixels));
    expect(dropped).toEqual([]);
    expect(events.count).toBe(2000);
    // continuous NKDE conserves mass away from the ends: with h = 200 m and every event ≥ 500 m from an
    // end, ∫ f = Σ wⱼ = 2000 events, i.e. Σ meanDensityPerKm × lengthKm = 2000
    const kde = networkKernelDensity(net.network, events, { method: "continuous", bandwidthM: 200 });
    let mass = 0;
    for (let i = 0; i < net.lixels.count; i++) mass += (kde.meanDensityPerKm[i] * net.lixels.lengthM[i]) / 1000;
    expect(mass).toBeCloseTo(2000, 6);
  });

  it("a route endpoint 563 m from the road is accepted, snapped 563 m away", () => {
    const { graph, index } = routingSetup([ROAD], 100);
    const q = prepareRouteQuery(graph, index, { x: X + 563, y: 0 }, { x: X - 563, y: 3000 });
    // 437.123 + 563 = 1000.123 and 437.123 − 563 = −125.877 are rounded; the offsets differ from 563 by
    // at most an ulp of 1000 (1.1e-13 m)
    expect(Math.abs(q.s.distanceM - 563)).toBeLessThan(1e-9);
    expect(Math.abs(q.t.distanceM - 563)).toBeLessThan(1e-9);
    expect(q.s.x).toBe(X);
  });

  it("lixel proximity: each lixel's nearest point and counts equal brute force", () => {
    const lixels = lixelize(packRoads([ROAD]), { lixelLengthM: 100 });
    const pts = points();
    const x = Float64Array.from(pts, (p) => p.x);
    const y = Float64Array.from(pts, (p) => p.y);
    const radiiM = [Math.abs(x[0] - X), 563];
    const prox = lixelProximity(lixels, buildPointIndex(x, y), { radiiM });
    for (let i = 0; i < lixels.count; i++) {
      const d = Array.from(x, (_, q) => polylineDistance(lixels.xy, lixels.start[i], lixels.start[i + 1], x[q], y[q]));
      let best = 0;
      for (let q = 1; q < d.length; q++) if (d[q] < d[best]) best = q;
      expect(prox.nearestIncident[i]).toBe(best);
      expect(prox.nearestIncidentM[i]).toBe(d[best]);
      radiiM.forEach((r, k) => expect(prox.countWithin[k][i]).toBe(d.filter((v) => v <= r).length));
    }
  });
});

const G = geodesic.Geodesic.WGS84;
const LON0 = 46.9;
// A user-given transverse Mercator on the road's meridian with a false easting of 437.123 m: the road
// projects to x = 437.123 exactly at every vertex (a zero-width box), as in the reported case. (With the
// fitted CRS a road exactly on the central meridian lands on x = 0, where x ± d is exact, and a meridian
// off the centre is not exactly vertical in TM, so neither reproduces the miss.)
const CRS = "+proj=tmerc +lat_0=39.7 +lon_0=46.9 +k_0=1 +x_0=437.123 +y_0=0 +ellps=WGS84 +units=m +no_defs";

/** Geodesic distance from (lat, lon) to the meridian LON0 between latA and latB, and the foot's arc length. */
function toMeridian(lat: number, lon: number, latA: number, latB: number): { distanceM: number; alongM: number } {
  const line = G.InverseLine(latA, LON0, latB, LON0);
  const f = (s: number) => G.Inverse(lat, lon, line.Position(s).lat2 as number, LON0).s12 as number;
  // golden-section search on s ∈ [0, s13]: the distance to a geodesic is unimodal along it here
  let lo = 0;
  let hi = line.s13;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let k = 0; k < 80 && hi - lo > 1e-5; k++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (f(a) < f(b)) hi = b;
    else lo = a;
  }
  const s = (lo + hi) / 2;
  return { distanceM: f(s), alongM: s };
}

describe("lon/lat input with a road on the working CRS's central meridian", () => {
  it("offsets and chainages agree with GeographicLib within 0.1 % + 1 m", () => {
    const road: RoadRecord = { file: "t", record: 0, id: "m", name: "meridian", class: "primary", bridge: false, tunnel: false, layer: 0, oneway: 0, parts: [[[LON0, 39.5], [LON0, 39.9]]], properties: {} };
    const rand = seededRandom(14_014);
    const incidents: IncidentRecord[] = Array.from({ length: 400 }, (_, i) => ({
      file: "t", record: i, id: `i${i}`, lon: LON0 + (rand() - 0.5) * 0.1, lat: 39.52 + rand() * 0.36, date: null, datePrecision: "unknown",
      device: "unknown", killed: null, injured: null, activity: null, source: null, locationPrecisionM: 10, locationPrecisionSource: "given", onRoad: null, properties: {},
    }));
    const ds = buildDataset({ roads: [road], incidents }, { crs: CRS });
    expect(ds.roads.xy[0]).toBe(X);
    const lixels = lixelize(ds.roads, { lixelLengthM: 100 });
    const snap = snapIncidents(ds.incidents, buildLixelIndex(lixels), ds.roads);
    incidents.forEach((q, i) => {
      const ref = toMeridian(q.lat, q.lon, 39.5, 39.9);
      expect(snap.lixel[i]).toBeGreaterThanOrEqual(0);
      expect(Math.abs(snap.offsetM[i] - ref.distanceM)).toBeLessThanOrEqual(0.001 * ref.distanceM + 1);
      expect(Math.abs(snap.chainageM[i] - ref.alongM)).toBeLessThanOrEqual(0.001 * ref.alongM + 1);
    });
  });
});
