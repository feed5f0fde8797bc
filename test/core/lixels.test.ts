import { describe, expect, it } from "vitest";
import { lixelize } from "../../src/core/lixels.ts";
import { OptionError } from "../../src/core/errors.ts";
import { packRoads } from "../helpers/roads.ts";

describe("lixelize", () => {
  it("cuts a 250 m straight road into 3 equal lixels of 83.33 m (ceil(250/100) = 3)", () => {
    const lx = lixelize(packRoads([[[0, 0], [250, 0]]]), { lixelLengthM: 100 });
    expect(lx.count).toBe(3);
    for (let i = 0; i < 3; i++) expect(lx.lengthM[i]).toBeCloseTo(250 / 3, 9);
    expect(Array.from(lx.fromM)).toEqual([0, 250 / 3, 500 / 3]);
    // lixel 1 runs from x = 83.33 to x = 166.67
    expect(lx.xy[2 * lx.start[1]]).toBeCloseTo(250 / 3, 9);
    expect(lx.xy[2 * (lx.start[2] - 1)]).toBeCloseTo(500 / 3, 9);
  });

  it("keeps interior road vertices inside lixels and conserves length", () => {
    // an L: 0,0 → 150,0 → 150,150 (300 m) → 3 lixels of 100 m; lixel 1 bends at the corner (150,0)
    const lx = lixelize(packRoads([[[0, 0], [150, 0], [150, 150]]]));
    expect(lx.count).toBe(3);
    const v = Array.from(lx.xy.subarray(2 * lx.start[1], 2 * lx.start[2]));
    expect(v).toEqual([100, 0, 150, 0, 150, 50]);
    const total = Array.from(lx.lengthM).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(300, 9);
  });

  it("gives a road shorter than the target a single lixel, and numbers lixels road by road", () => {
    const lx = lixelize(packRoads([[[0, 0], [40, 0]], [[0, 10], [0, 210]]]), { lixelLengthM: 100 });
    expect(Array.from(lx.road)).toEqual([0, 1, 1]);
    expect(Array.from(lx.lengthM)).toEqual([40, 100, 100]);
  });

  it("rejects a non-positive lixel length", () => {
    expect(() => lixelize(packRoads([[[0, 0], [1, 0]]]), { lixelLengthM: 0 })).toThrow(OptionError);
  });
});
