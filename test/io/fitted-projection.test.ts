import proj4 from "proj4";
import { describe, expect, it } from "vitest";
import { OptionError } from "../../src/core/errors.ts";
import { seededRandom } from "../../src/core/random.ts";
import { fitWorkingCrs } from "../../src/io/crs/crs.ts";
import { type ExactMap, type FittedProjection, fitProjection } from "../../src/io/crs/fitted-projection.ts";

type Bbox = [number, number, number, number];

const UTM38N = "+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs";
const KARABAKH: Bbox = [46.4, 39.3, 47.6, 40.2]; // 1.2° × 0.9°, ≈ 100 km × 100 km
const COLOMBIA: Bbox = [-77.5, 1.0, -72.5, 5.5]; // 5° × 4.5°, ≈ 555 km × 500 km

/** proj4 straight from the package (the oracle, not crs.ts); a throw on non-finite input becomes NaN. */
function proj4Exact(definition: string): ExactMap {
  const converter = proj4("WGS84", definition);
  return (lon, lat, out) => {
    let q = [Number.NaN, Number.NaN];
    try {
      q = converter.forward([lon, lat]);
    } catch {
      // proj4 throws "coordinates must be finite numbers"; NaN is what the caller guards
    }
    out[0] = q[0];
    out[1] = q[1];
  };
}

/** Largest Euclidean distance, metres, between the fit and `exact` over n seeded random points in the box. */
function maxRandomErrorM(fit: FittedProjection, exact: ExactMap, [w, s, e, n]: Bbox, count: number, seed: number): number {
  const rand = seededRandom(seed);
  const lonLat = new Float64Array(2 * count);
  for (let i = 0; i < lonLat.length; i += 2) {
    lonLat[i] = w + rand() * (e - w);
    lonLat[i + 1] = s + rand() * (n - s);
  }
  const xy = fit.forward(lonLat.slice());
  const out = new Float64Array(2);
  let worstM = 0;
  for (let i = 0; i < lonLat.length; i += 2) {
    exact(lonLat[i], lonLat[i + 1], out);
    worstM = Math.max(worstM, Math.hypot(xy[i] - out[0], xy[i + 1] - out[1]));
  }
  return worstM;
}

describe("fitProjection", () => {
  it("reproduces a map that is itself a polynomial of degree 2 (x = 3 + 2·lon + lat², y = lon·lat)", () => {
    const exact: ExactMap = (lon, lat, out) => {
      out[0] = 3 + 2 * lon + lat * lat;
      out[1] = lon * lat;
    };
    const fit = fitProjection(exact, [10, 20, 12, 21], { toleranceM: 1e-9 });
    expect(fit?.degree).toBe(2);
    // (11, 20.5): x = 3 + 22 + 420.25 = 445.25, y = 225.5
    const xy = fit!.forward(Float64Array.of(11, 20.5));
    expect(xy[0]).toBeCloseTo(445.25, 9);
    expect(xy[1]).toBeCloseTo(225.5, 9);
  });

  it("fits UTM 38N over the Karabakh box within 0.1 mm, and its maxErrorM holds on 20,000 random points", () => {
    const exact = proj4Exact(UTM38N);
    const fit = fitProjection(exact, KARABAKH);
    expect(fit).toBeDefined();
    expect(fit!.maxErrorM).toBeLessThanOrEqual(1e-4);
    const errorM = maxRandomErrorM(fit!, exact, KARABAKH, 20_000, 38);
    expect(errorM).toBeLessThanOrEqual(1e-4);
    expect(errorM).toBeLessThanOrEqual(fit!.maxErrorM * 1.5);
    // degree 3 misses by 60× (≈ 6 mm) and 4 passes by 7× (≈ 15 µm): a higher degree means a broken fit or transform
    expect(fit!.degree).toBe(4);
  });

  it("fits the transverse Mercator of fitWorkingCrs over a 500 km box (Colombia) within 0.1 mm", () => {
    const exact = proj4Exact(fitWorkingCrs(COLOMBIA).definition);
    const fit = fitProjection(exact, COLOMBIA);
    expect(fit).toBeDefined();
    expect(fit!.maxErrorM).toBeLessThanOrEqual(1e-4);
    const errorM = maxRandomErrorM(fit!, exact, COLOMBIA, 20_000, 57);
    expect(errorM).toBeLessThanOrEqual(1e-4);
    expect(errorM).toBeLessThanOrEqual(fit!.maxErrorM * 1.5);
    expect(fit!.degree).toBe(6); // degree 5 ≈ 0.2 mm, 6 ≈ 24 µm
  });

  it("hands points outside the box and non-finite points to the exact map, unchanged, bit for bit", () => {
    const oracle = proj4Exact(UTM38N);
    const calls: [number, number][] = [];
    const exact: ExactMap = (lon, lat, out) => {
      calls.push([lon, lat]);
      oracle(lon, lat, out);
    };
    const fit = fitProjection(exact, KARABAKH)!;
    // in and out of the box at both places of a pair, and an odd last point (9 points)
    const lonLat = [47, 39.5, 45.1, 39.5, 47, 41.0, 46.4, 39.3, Number.NaN, 40, 47.6, 40.2, 47, Number.NaN, Infinity, 39.5, 46.39999, 39.5];
    const outside = new Set([1, 2, 4, 6, 7, 8]); // point indexes
    calls.length = 0;
    const xy = fit.forward(Float64Array.from(lonLat));
    expect(calls).toEqual([...outside].map((p) => [lonLat[2 * p], lonLat[2 * p + 1]]));
    const out = new Float64Array(2);
    for (let p = 0; p < lonLat.length / 2; p++) {
      oracle(lonLat[2 * p], lonLat[2 * p + 1], out);
      if (outside.has(p)) {
        expect(Object.is(xy[2 * p], out[0]) && Object.is(xy[2 * p + 1], out[1])).toBe(true);
      } else {
        expect(Math.hypot(xy[2 * p] - out[0], xy[2 * p + 1] - out[1])).toBeLessThanOrEqual(fit.maxErrorM);
      }
    }
    expect(Number.isNaN(xy[8]) && Number.isNaN(xy[13])).toBe(true); // NaN stays NaN for the caller to guard
  });

  it("returns undefined when no degree reaches the tolerance, and checks its options", () => {
    expect(fitProjection(proj4Exact(UTM38N), KARABAKH, { toleranceM: 1e-15 })).toBeUndefined();
    expect(fitProjection(proj4Exact(UTM38N), KARABAKH, { maxDegree: 3 })).toBeUndefined(); // degree 3 ≈ 6 mm
    expect(() => fitProjection(proj4Exact(UTM38N), [47, 39, 46, 40])).toThrow(OptionError);
    expect(() => fitProjection(proj4Exact(UTM38N), KARABAKH, { toleranceM: 0 })).toThrow(OptionError);
    expect(() => fitProjection(proj4Exact(UTM38N), KARABAKH, { maxDegree: 2.5 })).toThrow(OptionError);
  });

  it("returns undefined when the exact map fails anywhere in the box, even at one check point only", () => {
    const failsEast: ExactMap = (lon, lat, out) => {
      out[0] = lon > 47 ? Number.NaN : lon;
      out[1] = lat;
    };
    expect(fitProjection(failsEast, KARABAKH)).toBeUndefined();
    // the south-west corner is the first check point and no fitting node: its NaN must not be outvoted
    const failsAtCorner: ExactMap = (lon, lat, out) => {
      out[0] = lon === 46.4 && lat === 39.3 ? Number.NaN : lon;
      out[1] = lat;
    };
    expect(fitProjection(failsAtCorner, KARABAKH)).toBeUndefined();
  });
});
