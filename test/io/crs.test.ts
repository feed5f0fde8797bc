import geodesic from "geographiclib-geodesic";
import { describe, expect, it } from "vitest";
import { InputError, OptionError } from "../../src/core/errors.ts";
import { seededRandom } from "../../src/core/random.ts";
import { fitWorkingCrs, workingCrsFromDefinition } from "../../src/io/crs/crs.ts";

const g = geodesic.Geodesic.WGS84;
type Bbox = [number, number, number, number];

/**
 * A box `sideM` across centred on (lon, lat), its edges found with GeographicLib's direct problem
 * (half the side due N, S, E and W of the centre), so "500 km" means 500 km of geodesic, not degrees.
 */
function boxAround(lon: number, lat: number, sideM: number): Bbox {
  const to = (azi: number) => g.Direct(lat, lon, azi, sideM / 2);
  return [to(270).lon2!, to(180).lat2!, to(90).lon2!, to(0).lat2!];
}

/**
 * Largest relative difference between planar distance in the CRS fitted to the box and the GeographicLib
 * geodesic distance, over `n` seeded random point pairs inside the box.
 */
function maxRelativeError(bbox: Bbox, n: number, seed: number): number {
  const crs = fitWorkingCrs(bbox);
  const rand = seededRandom(seed);
  const [w, s, e, nn] = bbox;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const ll = [w + rand() * (e - w), s + rand() * (nn - s), w + rand() * (e - w), s + rand() * (nn - s)];
    const xy = crs.forward(Float64Array.from(ll));
    const planar = Math.hypot(xy[2] - xy[0], xy[3] - xy[1]);
    const geo = g.Inverse(ll[1], ll[0], ll[3], ll[2]).s12!;
    if (geo < 1) continue; // coincident draws say nothing about scale
    worst = Math.max(worst, Math.abs(planar - geo) / geo);
  }
  return worst;
}

describe("fitWorkingCrs", () => {
  const bbox500 = boxAround(47, 39.7, 500_000);

  it("the test box is 500 km across (sanity check of boxAround)", () => {
    expect(g.Inverse(bbox500[1], 47, bbox500[3], 47).s12).toBeCloseTo(500_000, 3);
    expect(g.Inverse(39.7, bbox500[0], 39.7, bbox500[2]).s12).toBeGreaterThan(499_000);
  });

  it("fits a transverse Mercator centred on the box with the stated k0", () => {
    const crs = fitWorkingCrs([44.5, 37.45, 49.5, 41.95]);
    // Half-width W = 2.5° × π/180 × 6 371 008.8 m × cos(41.95°) = 206 718 m;
    // k0 = 1 / (1 + W²/(4R²)) = 1 / (1 + 2.6324e-4) = 0.9997368 (8 decimals).
    expect(crs.definition).toBe("+proj=tmerc +lat_0=39.7 +lon_0=47 +k_0=0.9997368 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs");
    expect(crs.name).toBe("Transverse Mercator fitted to the data (lon_0 47, lat_0 39.7, k_0 0.9997368)");
  });

  it("the centre of the box projects to the origin", () => {
    const xy = fitWorkingCrs([44.5, 37.45, 49.5, 41.95]).forward(Float64Array.from([47, 39.7]));
    expect(Math.abs(xy[0])).toBeLessThan(1e-6);
    expect(Math.abs(xy[1])).toBeLessThan(1e-6);
  });

  it("round trip: forward then inverse returns the input within 1e-9 degrees over a grid", () => {
    const crs = fitWorkingCrs(bbox500);
    const pts: number[] = [];
    // 21 × 21 grid over the box and a box-width beyond it on every side
    const [w, s, e, n] = bbox500;
    for (let i = 0; i <= 20; i++) {
      for (let j = 0; j <= 20; j++) pts.push(w - (e - w) + (3 * (e - w) * i) / 20, s - (n - s) + (3 * (n - s) * j) / 20);
    }
    const back = crs.inverse(crs.forward(Float64Array.from(pts)));
    let worst = 0;
    for (let k = 0; k < pts.length; k++) worst = Math.max(worst, Math.abs(back[k] - pts[k]));
    expect(worst).toBeLessThan(1e-9);
  });

  it("forward works in place on the array it is given", () => {
    const xy = Float64Array.from([47, 39.7, 48, 40]);
    const out = fitWorkingCrs(bbox500).forward(xy);
    expect(out).toBe(xy);
    expect(xy[2]).toBeGreaterThan(80_000); // 1° of longitude at 40° N ≈ 85 km east of the centre
  });

  // Reference: GeographicLib geodesics (geographiclib-geodesic 2.2.0, WGS84). The TM scale error grows as
  // x²/2R² from the central meridian; k0 splits it between centre and edge, so over 250 km it stays near
  // ±0.04 %: bound 0.05 %. Over a 100 km box the edge term is 50²/(2·6371²) ≈ 3e-5, split → ±0.0015 %.
  it("distances in a 500 km box agree with GeographicLib within 0.05 %", () => {
    expect(maxRelativeError(bbox500, 2000, 1)).toBeLessThan(5e-4);
  });

  it("short (≈85 m) east-west segments at the centre and the four corners of the 500 km box: within 0.05 %", () => {
    // Local scale is worst at the corners; random pairs average it along their length. Observed: the
    // south corners are the worst (≈ +0.046 %), the centre ≈ −0.036 % (k0 − 1).
    const crs = fitWorkingCrs(bbox500);
    const [w, s, e, n] = bbox500;
    for (const [lon, lat] of [[47, 39.7], [w, s], [w, n], [e - 0.001, s], [e - 0.001, n]]) {
      const xy = crs.forward(Float64Array.from([lon, lat, lon + 0.001, lat]));
      const rel = Math.hypot(xy[2] - xy[0], xy[3] - xy[1]) / g.Inverse(lat, lon, lat, lon + 0.001).s12! - 1;
      expect(Math.abs(rel), `at ${lon}, ${lat}`).toBeLessThan(5e-4);
    }
  });

  it("distances in a 100 km box agree with GeographicLib within 0.01 %", () => {
    expect(maxRelativeError(boxAround(47, 39.7, 100_000), 2000, 2)).toBeLessThan(1e-4);
  });

  it("refuses a bbox without finite coordinates (no data)", () => {
    expect(() => fitWorkingCrs([Infinity, Infinity, -Infinity, -Infinity])).toThrow(OptionError);
  });
});

describe("workingCrsFromDefinition", () => {
  it.each([
    "+proj=longlat +datum=WGS84 +no_defs",
    "+proj=latlong +ellps=WGS84",
    "EPSG:4326",
    "WGS84",
    "+proj=tmerc +lon_0=47 +ellps=WGS84 +units=ft",
    "+proj=utm +zone=38 +datum=WGS84 +units=us-ft",
    "+proj=utm +zone=38 +datum=WGS84 +units=km",
  ])("refuses %s with an OptionError", (def) => {
    expect(() => workingCrsFromDefinition(def)).toThrow(OptionError);
  });

  it("accepts a projected proj string in metres and names itself by it", () => {
    const def = "+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs";
    const crs = workingCrsFromDefinition(def);
    expect(crs.definition).toBe(def);
    expect(crs.name).toBe(def);
    // UTM 38N: central meridian 45°E, false easting 500 000 m, false northing 0 in the north.
    const xy = crs.forward(Float64Array.from([45, 0]));
    expect(xy[0]).toBeCloseTo(500_000, 6);
    expect(xy[1]).toBeCloseTo(0, 6);
  });

  it("an unreadable proj string is an OptionError, not a proj4 exception", () => {
    expect(() => workingCrsFromDefinition("+proj=nosuchprojection +units=m")).toThrow(OptionError);
  });
});

describe("non-finite proj4 output becomes an InputError", () => {
  const crs = fitWorkingCrs([44.5, 37.45, 49.5, 41.95]);

  function issueOf(fn: () => unknown) {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).issues;
    }
    throw new Error("no error thrown");
  }

  it("forward: a point on the equator 90° from the central meridian (tmerc's singularity)", () => {
    // proj4's tmerc returns [Infinity, Infinity] for (137, 0); the guard must turn it into an issue.
    expect(issueOf(() => crs.forward(Float64Array.from([137, 0])))).toEqual([
      {
        file: "(reprojection)",
        code: "projection-failed",
        message: "point (137, 0) cannot be projected to Transverse Mercator fitted to the data (lon_0 47, lat_0 39.7, k_0 0.9997368)",
      },
    ]);
  });

  it("inverse: an easting of 100 000 km", () => {
    expect(issueOf(() => crs.inverse(Float64Array.from([1e8, 0])))[0].code).toBe("projection-failed");
  });

  it("points 90° off the meridian away from the equator are projected (finite) and round-trip", () => {
    // What proj4 actually does: only the equator is singular; (137, 39.7) gets finite coordinates.
    const xy = crs.forward(Float64Array.from([137, 39.7]));
    expect(xy.every(Number.isFinite)).toBe(true);
    const back = crs.inverse(xy);
    expect(back[0]).toBeCloseTo(137, 9);
    expect(back[1]).toBeCloseTo(39.7, 9);
  });
});

describe("WorkingCrs.forward on large arrays (fitted polynomial)", () => {
  const crs = fitWorkingCrs([46.4, 39.3, 47.6, 40.2]);
  const rand = seededRandom(5);
  const n = 60_000; // above the size where the fitted polynomial takes over
  const lonLat = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    lonLat[2 * i] = 46.4 + 1.2 * rand();
    lonLat[2 * i + 1] = 39.3 + 0.9 * rand();
  }

  it("agrees with proj4 point by point within 0.1 mm", () => {
    const big = crs.forward(lonLat.slice());
    let worst = 0;
    for (let i = 0; i < n; i += 1000) {
      const one = crs.forward(lonLat.slice(2 * i, 2 * i + 2)); // one point: proj4 itself
      worst = Math.max(worst, Math.hypot(big[2 * i] - one[0], big[2 * i + 1] - one[1]));
    }
    expect(worst).toBeLessThanOrEqual(1e-4);
    expect(worst).toBeGreaterThan(0); // it really is the polynomial, not proj4
  });

  it("still reports a point that cannot be projected", () => {
    const bad = lonLat.slice();
    bad[2 * 777] = Number.NaN;
    expect(() => crs.forward(bad)).toThrowError(/cannot be projected/);
  });
});
