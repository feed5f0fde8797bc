/**
 * Every distance and length a run reports, at every extent, against GeographicLib (test/helpers/
 * geodesic-reference.ts; npm geographiclib-geodesic 2.2.0). Seeded synthetic roads and incidents in lon/lat
 * (labelled synthetic) go through the public path — `analyze`, as `minerisk analyze` calls it — over study
 * areas 10, 200, 800, 1,500 and 3,000 km across, centred at latitudes 0, 40 and 60 and on the antimeridian.
 * Checked: lixel lengths, road chainage at each road's end, nearest-incident distance and radius counts per
 * lixel, incident snap offsets and chainages, and the route length. The claim (README "Working CRS"): each
 * is within b · d + 1 m of the geodesic value d, b = meta.crs.distanceErrorBound ≤ 0.1 % by default (the
 * + 1 m covers the reference's own approximations: golden-section search to 0.1 mm, polylines of ≤ 5 km
 * geodesic segments vs their straight images, whose sagitta is ≤ L²|∇ln k|/8 ≈ 0.1 m). A run whose bound
 * would exceed 0.1 % must refuse with a message naming the bound, the extent and what to do; accepted with
 * a larger maxDistanceError, it must keep the larger bound it states.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { seededRandom } from "../../src/core/random.ts";
import type { IncidentRecord, RoadRecord } from "../../src/io/fields/records.ts";
import type { Place } from "../../src/io/places/gazetteer.ts";
import { type AnalysisResult, analyze } from "../../src/pipeline/analyze.ts";
import { geodesicDestination, geodesicM, geodesicPointToPolylineM, geodesicPointToSegmentM, geodesicPolylineM } from "../helpers/geodesic-reference.ts";

interface Area {
  roads: RoadRecord[];
  incidents: IncidentRecord[];
  from: Place;
  to: Place;
  /** The spine road's vertices (the route runs along it), interleaved lon,lat. */
  spine: number[];
}

/**
 * A square study area `extentKm` across around `centre`: a wiggling spine road from the SW to the NE
 * corner, four branches leaving spine vertices, vertices ≤ 5 km apart, and 50 incidents (40 anywhere in
 * the square, 10 near roads). Positions are laid out in metres east/north of the centre and placed on the
 * ellipsoid by GeographicLib Direct (azimuth and distance from the centre).
 */
function syntheticArea(centre: [number, number], extentKm: number, seed: number): Area {
  const rand = seededRandom(seed);
  const half = (extentKm * 1000) / 2;
  const stepM = Math.min(5000, (extentKm * 1000) / 40);
  const place = (x: number, y: number): [number, number] => (x === 0 && y === 0 ? [centre[0], centre[1]] : geodesicDestination(centre[0], centre[1], (Math.atan2(x, y) * 180) / Math.PI, Math.hypot(x, y)));
  const clamp = (v: number) => Math.max(-0.97 * half, Math.min(0.97 * half, v));
  const lines: [number, number][][] = [];
  const diag = Math.SQRT2 * 1.9 * half;
  const n = Math.ceil(diag / stepM);
  const spineXy: [number, number][] = [];
  for (let i = 0; i <= n; i++) {
    const t = i / n;
    const wiggle = 0.03 * half * Math.sin(6 * Math.PI * t);
    spineXy.push([clamp(-0.95 * half + 1.9 * half * t + wiggle), clamp(-0.95 * half + 1.9 * half * t - wiggle)]);
  }
  lines.push(spineXy);
  for (const frac of [0.2, 0.4, 0.6, 0.8]) {
    let [x, y] = spineXy[Math.round(frac * n)];
    let heading = rand() * 2 * Math.PI;
    const branch: [number, number][] = [[x, y]];
    for (let k = 0; k < Math.ceil((0.8 * half) / stepM); k++) {
      heading += (rand() - 0.5) * 0.6;
      const s = stepM * (0.6 + 0.4 * rand());
      [x, y] = [clamp(x + s * Math.cos(heading)), clamp(y + s * Math.sin(heading))];
      branch.push([x, y]);
    }
    lines.push(branch);
  }
  const roads: RoadRecord[] = lines.map((xy, r) => ({
    file: "synthetic", record: r, id: `road-${r}`, name: `Road ${r}`, class: "synthetic", bridge: false, tunnel: false, layer: 0, oneway: 0,
    parts: [xy.map(([x, y]) => place(x, y))], properties: { synthetic: true },
  }));
  const incidents: IncidentRecord[] = [];
  for (let i = 0; i < 50; i++) {
    let [x, y] = [(rand() * 2 - 1) * half, (rand() * 2 - 1) * half];
    if (i >= 40) {
      const line = lines[i % lines.length];
      const v = line[Math.floor(rand() * line.length)];
      [x, y] = [clamp(v[0] + (rand() - 0.5) * 0.04 * half), clamp(v[1] + (rand() - 0.5) * 0.04 * half)];
    }
    const [lon, lat] = place(x, y);
    incidents.push({
      file: "synthetic", record: i, id: `inc-${i}`, lon, lat, date: `20${10 + (i % 14)}-06-15`, datePrecision: "day", device: "unknown", killed: 0, injured: 1,
      activity: null, source: "synthetic", locationPrecisionM: 10, locationPrecisionSource: "given", onRoad: null, properties: { synthetic: true },
    });
  }
  const spine = roads[0].parts[0].flat();
  const end = (k: number, name: string): Place => ({ name, lon: spine[2 * k], lat: spine[2 * k + 1], precisionM: 0, source: "synthetic" });
  return { roads, incidents, from: end(0, "SW"), to: end(spine.length / 2 - 1, "NE"), spine };
}

function run(area: Area, extentKm: number, options: { maxDistanceError?: number; crs?: string } = {}): AnalysisResult {
  const lixelLengthM = Math.min(2000, Math.max(100, (extentKm * 1000) / 400));
  const cellSizeM = (extentKm * 1000) / 60;
  return analyze(
    { roads: area.roads, incidents: area.incidents },
    { ...options, lixelLengthM, radiiM: [(extentKm * 1000) / 20], density: { cellSizeM, bandwidthM: 2 * cellSizeM }, route: { from: area.from, to: area.to } },
  );
}

/** Worst |ours − ref| / ref (over ref > 1 km) per quantity; every value is also asserted within b·ref + 1 m. */
type Worst = Record<"lixel" | "roadEnd" | "nearest" | "snapOffset" | "snapChainage" | "route", number>;

function checkDistances(area: Area, result: AnalysisResult): Worst {
  const b = result.meta.crs.distanceErrorBound;
  expect(b).not.toBeNull();
  const bound = b as number;
  const worst: Worst = { lixel: 0, roadEnd: 0, nearest: 0, snapOffset: 0, snapChainage: 0, route: 0 };
  const within = (what: keyof Worst, ours: number, ref: number) => {
    expect(Math.abs(ours - ref), `${what}: ours ${ours} vs GeographicLib ${ref}`).toBeLessThanOrEqual(bound * ref + 1);
    if (ref > 1000) worst[what] = Math.max(worst[what], Math.abs(ours - ref) / ref);
  };
  const { dataset, network, lixels, proximity, snaps, route } = result;
  const ll = dataset.crs.inverse(Float64Array.from(lixels.xy));
  const lixelLonLat = (i: number) => ll.subarray(2 * lixels.start[i], 2 * lixels.start[i + 1]);
  for (let i = 0; i < lixels.count; i++) within("lixel", lixels.lengthM[i], geodesicPolylineM(lixelLonLat(i)));
  // chainage at each road's end: the largest startM + lengthM over its pieces
  const roadEnd = new Float64Array(area.roads.length);
  for (let p = 0; p < network.roads.count; p++) roadEnd[network.roads.featureIndex[p]] = Math.max(roadEnd[network.roads.featureIndex[p]], network.roads.startM[p] + network.roads.lengthM[p]);
  area.roads.forEach((r, f) => within("roadEnd", roadEnd[f], geodesicPolylineM(r.parts[0].flat())));
  checkLixelSample(area, result, within, lixelLonLat, bound);
  checkSnaps(area, result, within);
  const spineM = geodesicPolylineM(area.spine);
  expect(route).toBeDefined();
  within("route", route?.path.lengthM ?? Number.NaN, spineM);
  within("route", route?.report.lengthM ?? Number.NaN, spineM);
  expect(route?.path.snapFromM).toBeLessThanOrEqual(1);
  expect(route?.path.snapToM).toBeLessThanOrEqual(1);
  return worst;
}

/** Nearest-incident distance and the count within radiiM[0], on 60 lixels spread over the network, by brute force. */
function checkLixelSample(area: Area, result: AnalysisResult, within: (w: keyof Worst, ours: number, ref: number) => void, lixelLonLat: (i: number) => Float64Array, bound: number): void {
  const { lixels, proximity } = result;
  const r = proximity.radiiM[0];
  for (let s = 0; s < 60; s++) {
    const i = Math.floor(((s + 0.5) / 60) * lixels.count);
    const verts = lixelLonLat(i);
    const lenM = 1.05 * lixels.lengthM[i] + 1; // longer than the lixel's geodesic length (bound < 5 %)
    const toFirst = area.incidents.map((q) => geodesicM(q.lon, q.lat, verts[0], verts[1]));
    const nearestBound = Math.min(...toFirst) + lenM;
    let ref = Infinity;
    let [low, high] = [0, 0];
    area.incidents.forEach((q, k) => {
      // D ≥ toFirst − lenM: farther incidents can be neither the nearest nor within r(1 + b) + 1
      if (toFirst[k] - lenM > Math.max(nearestBound, r * (1 + bound) + 1)) return;
      const d = geodesicPointToPolylineM(q.lon, q.lat, verts);
      ref = Math.min(ref, d);
      if (d <= r * (1 - bound) - 1) low++;
      if (d <= r * (1 + bound) + 1) high++;
    });
    within("nearest", proximity.nearestIncidentM[i], ref);
    const count = proximity.countWithin[0][i];
    expect(count, `lixel ${i}: ${count} incidents within ${r} m in the plane; GeographicLib: ${low}–${high}`).toBeGreaterThanOrEqual(low);
    expect(count).toBeLessThanOrEqual(high);
  }
}

/** Every incident's snap offset (against the nearest point of any road) and its chainage along the road it snapped to. */
function checkSnaps(area: Area, result: AnalysisResult, within: (w: keyof Worst, ours: number, ref: number) => void): void {
  const { dataset, network, snaps } = result;
  const feet = dataset.crs.inverse(Float64Array.from(Array.from(snaps.x, (x, i) => [x, snaps.y[i]]).flat()));
  const roadsLonLat = area.roads.map((r) => r.parts[0].flat());
  area.incidents.forEach((q, i) => {
    let ref = Infinity;
    for (const line of roadsLonLat) {
      // a segment can only be nearest if min(dA, dB) − its length ≤ the nearest vertex distance
      const dv = Array.from({ length: line.length / 2 }, (_, v) => geodesicM(q.lon, q.lat, line[2 * v], line[2 * v + 1]));
      const best = Math.min(...dv);
      for (let v = 1; v < dv.length; v++) {
        const seg = geodesicM(line[2 * v - 2], line[2 * v - 1], line[2 * v], line[2 * v + 1]);
        if (Math.min(dv[v - 1], dv[v]) - seg > best) continue;
        ref = Math.min(ref, geodesicPointToSegmentM(q.lon, q.lat, [line[2 * v - 2], line[2 * v - 1]], [line[2 * v], line[2 * v + 1]]));
      }
    }
    within("snapOffset", snaps.offsetM[i], ref);
    // chainage: geodesic length of the snapped road up to the segment the foot lies on, plus the rest
    const line = roadsLonLat[network.roads.featureIndex[snaps.road[i]]];
    const [fx, fy] = [feet[2 * i], feet[2 * i + 1]];
    let [bestSeg, bestD] = [1, Infinity];
    for (let v = 1; v < line.length / 2; v++) {
      if (geodesicM(fx, fy, line[2 * v], line[2 * v + 1]) > 20_000) continue; // segments are ≤ 5 km: the foot's is within 5 km of both ends
      const d = geodesicPointToSegmentM(fx, fy, [line[2 * v - 2], line[2 * v - 1]], [line[2 * v], line[2 * v + 1]]);
      if (d < bestD) [bestSeg, bestD] = [v, d];
    }
    expect(bestD).toBeLessThan(1);
    const along = geodesicPolylineM(line.slice(0, 2 * bestSeg)) + geodesicM(line[2 * bestSeg - 2], line[2 * bestSeg - 1], fx, fy);
    within("snapChainage", snaps.chainageM[i], along);
  });
}

function expectRefusal(fn: () => unknown): InputError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InputError);
  const issue = (error as InputError).issues[0];
  expect(issue.code).toBe("distance-error-bound");
  expect(issue.message).toMatch(/off by up to [\d.]+ % over the data's extent \(≈ \d+ × \d+ km, lon /);
  expect(issue.message).toMatch(/--max-distance-error [\d.]+/);
  return error as InputError;
}

const EXTENTS_KM = [10, 200, 800, 1500, 3000];
/** Accepted when the default refuses: above every measured bound here (3,000 km at 60°: 1.7 %). */
const ACCEPT = 0.03;
const measured: string[] = [];

describe.each([0, 40, 60])("study areas at latitude %d°, against GeographicLib", (lat) => {
  it.each(EXTENTS_KM)("%d km across: every reported distance within the stated bound, or the run refuses", (extentKm) => {
    const area = syntheticArea([20, lat], extentKm, 1000 * lat + extentKm);
    let result: AnalysisResult;
    try {
      result = run(area, extentKm);
      // fitted conformal maps keep a square ≤ 800 km across near 0.1 % (measured 0.99e-3 at 0°)
      expect(extentKm).toBeLessThanOrEqual(800);
      expect(result.meta.crs.distanceErrorBound as number).toBeLessThanOrEqual(1e-3);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      expectRefusal(() => run(area, extentKm));
      expect(e.issues[0].message).toMatch(/split the study area/);
      expect(extentKm).toBeGreaterThanOrEqual(800);
      result = run(area, extentKm, { maxDistanceError: ACCEPT });
      expect(result.meta.crs.distanceErrorBound as number).toBeGreaterThan(1e-3);
    }
    const worst = checkDistances(area, result);
    measured.push(`lat ${lat} ${extentKm} km: bound ${result.meta.crs.distanceErrorBound} worst ${JSON.stringify(worst)} ${result.meta.crs.name}`);
    if (extentKm <= 200) expect(result.meta.crs.distanceErrorBound as number).toBeLessThan(1e-4);
  }, 120_000);
});

describe("study areas across the antimeridian, against GeographicLib", () => {
  it.each([
    [0, 200],
    [40, 10],
    [40, 800],
    [60, 1500],
  ])("latitude %d°, %d km across, centred on 180°: a projection centred in the data, distances within the bound", (lat, extentKm) => {
    const area = syntheticArea([180, lat], extentKm, 7 * extentKm + lat);
    const lons = area.roads.flatMap((r) => r.parts[0].map((p) => p[0]));
    expect(Math.min(...lons)).toBeLessThan(-179); // the data really is on both sides of ±180°
    expect(Math.max(...lons)).toBeGreaterThan(179);
    const result = run(area, extentKm, { maxDistanceError: ACCEPT });
    // the central meridian lies in the middle half of the data's (continuous) longitude range
    const east = lons.map((lon) => (lon < 0 ? lon + 360 : lon));
    const [west, eastMost] = [Math.min(...east), Math.max(...east)];
    const lon0 = Number(/\+lon_0=(-?[\d.]+)/.exec(result.meta.crs.definition)?.[1]);
    const lon0East = lon0 < 0 ? lon0 + 360 : lon0;
    expect(lon0East).toBeGreaterThan(west + (eastMost - west) / 4);
    expect(lon0East).toBeLessThan(eastMost - (eastMost - west) / 4);
    const worst = checkDistances(area, result);
    measured.push(`antimeridian lat ${lat} ${extentKm} km: bound ${result.meta.crs.distanceErrorBound} worst ${JSON.stringify(worst)}`);
    if (extentKm <= 800 && lat < 60) expect(result.meta.crs.distanceErrorBound as number).toBeLessThanOrEqual(1.01e-3);
  }, 120_000);
});

describe("a user-given working CRS is checked over the data's extent", () => {
  const utm38 = "+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs";
  it("UTM 38N over data inside its zone (42–48° E): runs, bound stated (UTM's 0.9996 at the meridian)", () => {
    const area = syntheticArea([45, 40], 200, 38);
    const result = run(area, 200, { crs: utm38 });
    // k = 0.9996 on the central meridian: the bound is at least 4e-4
    expect(result.meta.crs.distanceErrorBound as number).toBeGreaterThanOrEqual(3.99e-4);
    checkDistances(area, result);
  }, 60_000);
  it("UTM 38N over data reaching 5° past its central meridian: refused, advice names the CRS", () => {
    const area = syntheticArea([50, 0], 200, 39);
    const error = expectRefusal(() => run(area, 200, { crs: utm38 }));
    expect(error.issues[0].message).toMatch(/EPSG|utm|give a working CRS centred on the data/);
  });
  it("prints the measured numbers when H4_PRINT is set", () => {
    if (process.env.H4_PRINT) console.info(measured.join("\n"));
    expect(measured.length).toBeGreaterThan(0);
  });
});
