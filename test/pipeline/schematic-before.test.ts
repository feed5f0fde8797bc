import { describe, expect, it } from "vitest";
import type { RoutePath } from "../../src/analyses/routing/shortest-path.ts";
import { schematicKmBefore } from "../../src/pipeline/scored-network.ts";

// Hand-built route: lixel 0 (1 km, surveyed road 0), lixel 1 (2 km, schematic road 1) traversed over its
// second half only (1 km), lixel 2 (1 km, surveyed road 0). Chainage 0–1 km surveyed, 1–2 km schematic,
// 2–3 km surveyed again: the schematic km before chainage x is max(0, min(x, 2) − 1).
const run = {
  dataset: { roadRecords: [{ properties: {} }, { properties: { geometry_quality: "schematic" } }] },
  network: { roads: { featureIndex: Uint32Array.from([0, 1]) } },
  lixels: { lengthM: Float64Array.from([1000, 2000, 1000]), road: Uint32Array.from([0, 1, 0]) },
} as never;
const path = { steps: [{ lixel: 0, fromFrac: 0, toFrac: 1 }, { lixel: 1, fromFrac: 1, toFrac: 0.5 }, { lixel: 2, fromFrac: 0, toFrac: 1 }] } as unknown as RoutePath;

describe("schematicKmBefore", () => {
  it("counts the schematic km between the route's start and a chainage, inside a step too", () => {
    const before = schematicKmBefore(path, run);
    for (const [km, expected] of [[0, 0], [0.5, 0], [1, 0], [1.25, 0.25], [1.5, 0.5], [2, 1], [2.7, 1], [3, 1], [9, 1]]) {
      expect(before(km)).toBeCloseTo(expected, 12);
    }
  });

  it("is 0 everywhere on a route with no schematic road", () => {
    const surveyed = { ...(run as object), dataset: { roadRecords: [{ properties: {} }, { properties: {} }] } } as never;
    const before = schematicKmBefore(path, surveyed);
    expect([0, 1.5, 3].map(before)).toEqual([0, 0, 0]);
  });
});
