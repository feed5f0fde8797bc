import { describe, expect, it } from "vitest";
import { lineCovariate, polygonCovariate } from "../../../src/analyses/model/covariates.ts";
import type { Lixels } from "../../../src/core/lixels.ts";

/** Two hand-built lixels (working-CRS metres): one along y = 500 inside the square, one along y = 3000, 2 km above it. */
const lixels: Lixels = {
  count: 2,
  xy: Float64Array.from([100, 500, 200, 500, 100, 3000, 200, 3000]),
  start: Uint32Array.from([0, 2, 4]),
  road: Uint32Array.from([0, 1]),
  fromM: new Float64Array(2),
  lengthM: Float64Array.from([100, 100]),
  lixelLengthM: 100,
};

describe("covariate layers", () => {
  it("a polygon gives inside 1/0 and log(1 + km) to it (0 inside)", () => {
    const square = Float64Array.from([0, 0, 1000, 0, 1000, 1000, 0, 1000, 0, 0]);
    const v = polygonCovariate("zone", { count: 1, polygons: [[[square]]], status: new Uint8Array(1), bbox: Float64Array.from([0, 0, 1000, 1000]), ids: ["0"] }).values(lixels);
    expect(Array.from(v.inside)).toEqual([1, 0]);
    expect(v.distance[0]).toBe(0);
    expect(v.distance[1]).toBeCloseTo(Math.log1p(2), 12); // midpoint (150, 3000) is 2,000 m above the top edge
  });

  it("a line gives log(1 + km) to it, within half the sample spacing of the exact distance", () => {
    // a line along x = 1150 from y = 0 to y = 10 km, 37 m off the 50 m sample grid's phase: exact distance 950 m
    const v = lineCovariate("front", { count: 1, xy: Float64Array.from([1150, 37, 1150, 10037]), start: Uint32Array.from([0, 2]) }).values(lixels);
    for (const d of v.distance) {
      const km = Math.expm1(d);
      expect(km).toBeGreaterThanOrEqual(0.95 - 1e-9);
      expect(km).toBeLessThanOrEqual(0.95 + 0.025);
    }
  });
});
