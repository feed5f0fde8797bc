import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lixelize } from "../../../src/core/lixels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { incidentIntensity } from "../../../src/analyses/risk/incident-intensity.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { incidentSet } from "../../helpers/incidents.ts";
import { packRoads } from "../../helpers/roads.ts";

// Worker threads cannot load the TypeScript sources: the threaded path is tested on the compiled package
// (`npm test` builds dist/ first), against the single-threaded sums of the sources.
const DIST = "../../../dist/analyses/risk/incident-intensity.js";

describe("incidentIntensity on two threads (compiled)", () => {
  it("equals the single-threaded sums exactly on ≥ 50,000 lixels", async () => {
    expect(existsSync(new URL("../../../dist/analyses/risk/kernel-tree-worker.js", import.meta.url)), "run `npm run build` first").toBe(true);
    const compiled = (await import(DIST)) as typeof import("../../../src/analyses/risk/incident-intensity.ts");
    const rand = seededRandom(9);
    const lines = Array.from({ length: 700 }, () => {
      const [x, y, a] = [rand() * 80000, rand() * 80000, rand() * Math.PI];
      return [[x, y], [x + 4000 * Math.cos(a), y + 4000 * Math.sin(a)], [x + 8000 * Math.cos(a) + 900, y + 8000 * Math.sin(a)]] as [number, number][];
    });
    const lixels = lixelize(packRoads(lines));
    expect(lixels.count).toBeGreaterThan(50_000);
    const ix = buildLixelIndex(lixels);
    const inc = incidentSet(Array.from({ length: 600 }, (_, i) => ({ x: rand() * 80000, y: rand() * 80000, precisionM: i % 4 === 0 ? 20000 : 10 })));
    const w = Float64Array.from({ length: inc.count }, () => rand());
    const options = { bandwidthM: 1000, regionalBandwidthM: 30000, widenByPrecision: true, precisionScale: 0.25 };
    const one = incidentIntensity(ix, inc, w, options);
    const two = compiled.incidentIntensity(ix, inc, w, options);
    expect(Array.from(two.regional)).toEqual(Array.from(one.regional));
    expect(Array.from(two.local)).toEqual(Array.from(one.local));
  });
});
