import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/core/random.ts";
import { polylineProximity } from "../../../src/analyses/proximity/polyline-proximity.ts";
import { buildPointIndex } from "../../../src/spatial/point-index.ts";

// Worker threads cannot load the TypeScript sources: the threaded path is tested on the compiled package
// (`npm test` builds dist/ first), against the single-threaded function of the sources.
const DIST = "../../../dist/analyses/proximity/polyline-proximity-parallel.js";

describe("polylineProximityParallel (compiled)", () => {
  it("equals polylineProximity exactly, split over two threads in chunks", async () => {
    expect(existsSync(new URL("../../../dist/analyses/proximity/polyline-proximity-worker.js", import.meta.url)), "run `npm run build` first").toBe(true);
    const { polylineProximityParallel } = (await import(DIST)) as typeof import("../../../src/analyses/proximity/polyline-proximity-parallel.ts");
    const rand = seededRandom(3);
    const n = 40_000;
    const start = new Uint32Array(n + 1);
    const xy = new Float64Array(6 * n);
    for (let i = 0; i < n; i++) {
      start[i + 1] = 3 * (i + 1);
      let x = rand() * 50_000;
      let y = rand() * 50_000;
      for (let v = 0; v < 3; v++, x += (rand() - 0.5) * 300, y += (rand() - 0.5) * 300) xy.set([x, y], 6 * i + 2 * v);
    }
    // clustered points, as incidents are: the work per polyline is uneven
    const px = Float64Array.from({ length: 3000 }, (_, k) => (k % 3 === 0 ? rand() * 50_000 : 10_000 + rand() * 2000));
    const py = Float64Array.from({ length: 3000 }, (_, k) => (k % 3 === 0 ? rand() * 50_000 : 20_000 + rand() * 2000));
    const lines = { count: n, xy, start };
    const points = buildPointIndex(px, py);
    const one = polylineProximity(lines, points, { radiiM: [100, 500] });
    const two = await polylineProximityParallel(lines, points, { radiiM: [100, 500], threads: 2, minPolylines: 0 });
    expect(Array.from(two.nearestIncidentM)).toEqual(Array.from(one.nearestIncidentM));
    expect(Array.from(two.nearestIncident)).toEqual(Array.from(one.nearestIncident));
    expect(two.countWithin.map((c) => Array.from(c))).toEqual(one.countWithin.map((c) => Array.from(c)));
    expect(one.countWithin[1].some((c) => c > 50)).toBe(true); // the clusters are there
    // inputs already in shared memory (as buildDataset packs large networks) are used without a copy
    const sharedXy = new Float64Array(new SharedArrayBuffer(xy.byteLength));
    sharedXy.set(xy);
    const sharedStart = new Uint32Array(new SharedArrayBuffer(start.byteLength));
    sharedStart.set(start);
    const three = await polylineProximityParallel({ count: n, xy: sharedXy, start: sharedStart }, points, { radiiM: [100, 500], threads: 3, minPolylines: 0 });
    expect(Array.from(three.nearestIncidentM)).toEqual(Array.from(one.nearestIncidentM));
    expect(three.countWithin.map((c) => Array.from(c))).toEqual(one.countWithin.map((c) => Array.from(c)));
  });
});
