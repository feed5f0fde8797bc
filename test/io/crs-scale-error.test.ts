/**
 * The measured scale range of a working CRS (io/crs/scale-error.ts) against GeographicLib: the ratio of
 * planar length to geodesic length (npm geographiclib-geodesic 2.2.0) of short steps in many directions at
 * many points of the box (corners, edges, centre and random) must lie inside [minScale, maxScale], and reach its ends; and the continuous
 * longitude box of data across ±180° (io/read/data-extent.ts).
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.ts";
import { fitWorkingCrs, withDistanceError, workingCrsFromDefinition } from "../../src/io/crs/crs.ts";
import { scaleRange } from "../../src/io/crs/scale-error.ts";
import type { IncidentRecord, RoadRecord } from "../../src/io/fields/records.ts";
import { dataExtent, studyAndDataExtent } from "../../src/io/read/data-extent.ts";
import { geodesicDestination, geodesicM } from "../helpers/geodesic-reference.ts";

/** min and max of planar/geodesic length over 10 m steps at 400 seeded points × 8 directions of the box. */
function sampledScale(forward: (xy: Float64Array) => Float64Array, [w, s, e, n]: [number, number, number, number]): [number, number] {
  const rand = seededRandom(5);
  let [lo, hi] = [Infinity, 0];
  for (let i = 0; i < 400; i++) {
    // a quarter of the points on the box's edges, where TM, stereographic and conic scales peak
    const edge = i % 4 === 0;
    let lon = edge && i % 8 === 0 ? (rand() < 0.5 ? w : e) : w + (e - w) * rand();
    let lat = edge && i % 8 !== 0 ? (rand() < 0.5 ? s : n) : s + (n - s) * rand();
    if (i < 4) [lon, lat] = [i % 2 ? e : w, i < 2 ? s : n]; // and the corners, where the stereographic's peaks
    if (i === 4) [lon, lat] = [(w + e) / 2, (s + n) / 2];
    for (let d = 0; d < 8; d++) {
      const [lon2, lat2] = geodesicDestination(lon, lat, d * 45 + 10, 10);
      const xy = forward(new Float64Array([lon, lat, lon2, lat2]));
      const ratio = Math.hypot(xy[2] - xy[0], xy[3] - xy[1]) / geodesicM(lon, lat, lon2, lat2);
      [lo, hi] = [Math.min(lo, ratio), Math.max(hi, ratio)];
    }
  }
  return [lo, hi];
}

describe("scaleRange against GeographicLib", () => {
  const cases: [string, string, [number, number, number, number]][] = [
    ["UTM 38N over its zone", "+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs", [42, 38, 48, 42]],
    ["UTM 38N 3° past its zone edge", "+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs", [45, -2, 51, 2]],
    ["oblique stereographic, 1,000 km box", "+proj=sterea +lat_0=50 +lon_0=10 +k_0=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs", [3, 45.5, 17, 54.5]],
    ["Lambert conic at 40°, wide box", "+proj=lcc +lat_1=40 +lat_2=40 +lat_0=40 +lon_0=0 +k_0=1 +ellps=WGS84 +units=m +no_defs", [-15, 36, 15, 44]],
    // not conformal: the scale depends on direction, so Tissot's a and b differ
    ["equirectangular (not conformal)", "+proj=eqc +lat_ts=0 +lon_0=0 +ellps=WGS84 +units=m +no_defs", [-5, 30, 5, 40]],
  ];
  it.each(cases)("%s: every sampled step ratio in [minScale, maxScale] (± 1e-7), the ends reached within 2e-6", (_, def, box) => {
    const crs = workingCrsFromDefinition(def);
    const range = scaleRange(crs.forward, box);
    const [lo, hi] = sampledScale(crs.forward, box);
    // a 10 m step from an edge point leaves the box by up to 10 m: |∇k| ≤ x/R² ≈ 1e-8 per m, so ≤ 1e-7 more
    expect(lo).toBeGreaterThanOrEqual(range.minScale - 1e-7);
    expect(hi).toBeLessThanOrEqual(range.maxScale + 1e-7);
    // 8 directions catch a and b only to within cos²(22.5°) of the anisotropy; conformal maps exactly
    const slack = def.includes("eqc") ? 0.2 * (range.maxScale - range.minScale) : 2e-6;
    expect(lo - range.minScale).toBeLessThan(slack);
    expect(range.maxScale - hi).toBeLessThan(slack);
    expect(range.bound).toBe(Math.max(range.maxScale - 1, 1 - range.minScale));
  });

  it("UTM on its central meridian: minScale is k0 = 0.9996 (hand: TM scale is k0 on the meridian)", () => {
    const range = scaleRange(workingCrsFromDefinition("+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs").forward, [44.9, 39, 45.1, 41]);
    expect(range.minScale).toBeCloseTo(0.9996, 7);
  });

  it("a CRS that cannot project the whole box has an infinite bound", () => {
    // tmerc is singular 90° from its meridian on the equator
    const crs = workingCrsFromDefinition("+proj=tmerc +lat_0=0 +lon_0=0 +k_0=1 +ellps=WGS84 +units=m +no_defs");
    expect(withDistanceError(crs, [80, -1, 100, 1]).distanceError?.bound).toBe(Infinity);
  });

  it("fitWorkingCrs keeps the closed-form TM where it meets 0.1 % and otherwise picks a smaller error", () => {
    const small = fitWorkingCrs([46.5, 39.3, 47.5, 40.1]);
    expect(small.definition).toMatch(/^\+proj=tmerc/);
    expect(small.distanceError?.bound).toBeLessThan(1e-4);
    // 20° wide, 6° tall at 45°: the conic beats TM (whose error grows with the width)
    const wide = fitWorkingCrs([0, 42, 20, 48]);
    expect(wide.definition).toMatch(/^\+proj=lcc/);
    const closedFormTm = withDistanceError(workingCrsFromDefinition("+proj=tmerc +lat_0=45 +lon_0=10 +k_0=0.99849 +ellps=WGS84 +units=m +no_defs"), [0, 42, 20, 48]);
    expect(wide.distanceError?.bound).toBeLessThan((closedFormTm.distanceError?.bound as number) / 3);
  });
});

const road = (lons: number[], lat = 10): RoadRecord => ({
  file: "t", record: 0, id: "r", name: "", class: "", bridge: false, tunnel: false, layer: 0, oneway: 0, parts: [lons.map((lon) => [lon, lat] as [number, number])], properties: {},
});

describe("dataExtent: continuous longitudes", () => {
  it("data on both sides of ±180° gets a box past 180 (179° E … 179° W is 2° wide, not 358°)", () => {
    expect(dataExtent([road([179, 179.5, -179.5, -179])]).bbox).toEqual([179, 10, 181, 10]);
  });
  it("data spanning ≤ 180° keeps its raw longitudes", () => {
    expect(dataExtent([road([-90, 0, 90])]).bbox).toEqual([-90, 10, 90, 10]);
    expect(dataExtent([road([-10, 10])]).crossesAntimeridian).toBe(false);
  });
  it("data whose widest gap holds ±180° is not shifted, even spanning > 180°", () => {
    expect(dataExtent([road([-120, -60, 0, 60, 120])]).bbox).toEqual([-120, 10, 120, 10]);
  });
  it("incidents count when given, and are unwrapped with the rest", () => {
    const inc = { lon: -170, lat: 12 } as IncidentRecord;
    const e = dataExtent([road([175, 179])], [], [inc]);
    expect(e.bbox).toEqual([175, 10, 190, 12]);
    expect(e.crossesAntimeridian).toBe(true);
  });
});

/** The rule in two plain passes (the implementation before the one-pass summary): bins, cut, then the box. */
function twoPassExtent(positions: [number, number][]): { bbox: number[]; crossesAntimeridian: boolean } {
  const occupied = new Uint8Array(3600);
  let [minLon, maxLon] = [Infinity, -Infinity];
  for (const [lon] of positions) {
    if (!(Math.abs(lon) <= 180)) continue;
    occupied[Math.min(3599, Math.floor(((lon + 180) / 360) * 3600))] = 1;
    [minLon, maxLon] = [Math.min(minLon, lon), Math.max(maxLon, lon)];
  }
  let cut = -180;
  if (maxLon - minLon > 180) {
    // the widest circular run of empty bins; a run touching bin 0 or 3599 means no cut
    let [best, bestLen] = [0, 0];
    for (let s = 0; s < 3600; s++) {
      if (occupied[s] || !occupied[(s + 3599) % 3600]) continue;
      let len = 0;
      while (len < 3600 && !occupied[(s + len) % 3600]) len++;
      if (len > bestLen) [best, bestLen] = [s, len];
    }
    const inRun = (bin: number) => (((bin - best) % 3600) + 3600) % 3600 < bestLen;
    if (bestLen > 0 && !inRun(0) && !inRun(3599)) cut = -180 + (((best + bestLen / 2) % 3600) * 360) / 3600;
  }
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of positions) {
    const x = lon < cut ? lon + 360 : lon;
    [b[0], b[1], b[2], b[3]] = [Math.min(b[0], x), Math.min(b[1], lat), Math.max(b[2], x), Math.max(b[3], lat)];
  }
  return { bbox: b, crossesAntimeridian: cut > -180 };
}

describe("studyAndDataExtent: one pass when nothing crosses ±180°", () => {
  it("equals the two-pass rule for the roads alone and with the incidents (500 seeded layers, some across ±180°)", () => {
    const rand = seededRandom(16);
    let crossing = 0;
    for (let k = 0; k < 500; k++) {
      // centres anywhere, spreads from 1° to 300°: some layers cross the antimeridian, some span > 180°
      const centre = -180 + 360 * rand();
      const spread = k % 3 === 0 ? 300 * rand() : 20 * rand();
      const wrap = (lon: number) => ((((lon + 180) % 360) + 360) % 360) - 180;
      const lons = Array.from({ length: 2 + Math.floor(rand() * 6) }, () => wrap(centre + spread * (rand() - 0.5)));
      const incidents = Array.from({ length: Math.floor(rand() * 4) }, () => ({ lon: wrap(centre + (k % 5 === 0 ? 200 : spread) * (rand() - 0.5)), lat: -60 + 120 * rand() }) as IncidentRecord);
      const roads = [road(lons, -30 + 60 * rand())];
      const got = studyAndDataExtent(roads, [], incidents);
      const roadPositions = lons.map((lon) => [lon, roads[0].parts[0][0][1]] as [number, number]);
      expect(got.study).toEqual(twoPassExtent(roadPositions));
      expect(got.data).toEqual(twoPassExtent([...roadPositions, ...incidents.map((q) => [q.lon, q.lat] as [number, number])]));
      if (got.study.crossesAntimeridian || got.data.crossesAntimeridian) crossing++;
    }
    expect(crossing).toBeGreaterThan(20); // the second pass was exercised too
  });
});
