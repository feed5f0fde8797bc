import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lixelize } from "../../../src/core/lixels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { incidentIntensities, incidentIntensity } from "../../../src/analyses/risk/incident-intensity.ts";
import { incidentIntensityExact } from "../../../src/analyses/risk/incident-intensity-exact.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { incidentSet } from "../../helpers/incidents.ts";
import { packRoads } from "../../helpers/roads.ts";

// Two weight vectors summed in one pass (the rates' and the casualty-weighted ones, risk-parts.ts): each
// must equal its own single-vector sums, whichever path (index, kernel tree, both threads) computes them.

const OPTIONS = { bandwidthM: 1000, regionalBandwidthM: 30000, widenByPrecision: true, precisionScale: 0.25 };

/** Seeded bent roads in a `size` m square, and incidents on and off them with mixed precisions. */
function fixture(seed: number, roads: number, incidents: number, size: number) {
  const rand = seededRandom(seed);
  const lines = Array.from({ length: roads }, () => {
    const [x, y, a] = [rand() * size, rand() * size, rand() * Math.PI];
    return [[x, y], [x + 3000 * Math.cos(a), y + 3000 * Math.sin(a)], [x + 6000 * Math.cos(a) + 700, y + 6000 * Math.sin(a) - 300]] as [number, number][];
  });
  const ix = buildLixelIndex(lixelize(packRoads(lines)));
  const precisions = [10, 10, 500, 3000, 20000, 50000];
  const inc = incidentSet(Array.from({ length: incidents }, () => ({ x: rand() * size, y: rand() * size, precisionM: precisions[Math.floor(rand() * precisions.length)] })));
  const weight = Float64Array.from({ length: inc.count }, (_, i) => (i % 13 === 0 ? 0 : 0.1 + rand()));
  // weight × casualties: zero for most incidents, as in real records
  const casualtyWeight = Float64Array.from(weight, (w) => (rand() < 0.6 ? 0 : w * (1 + Math.floor(rand() * 5))));
  return { ix, inc, weight, casualtyWeight };
}

function maxRelativeDiff(a: Float64Array, b: Float64Array): number {
  let diff = 0;
  let max = 0;
  for (let l = 0; l < a.length; l++) {
    diff = Math.max(diff, Math.abs(a[l] - b[l]));
    max = Math.max(max, Math.abs(b[l]));
  }
  expect(max).toBeGreaterThan(0);
  return diff / max;
}

describe("incidentIntensities: two weight vectors in one pass", () => {
  const { ix, inc, weight, casualtyWeight } = fixture(41, 90, 900, 60000);

  it("gives the first vector's sums bit for bit and the second's within rounding of the pair-by-pair oracle", () => {
    const both = incidentIntensities(ix, inc, [weight, casualtyWeight], OPTIONS);
    const first = incidentIntensity(ix, inc, weight, OPTIONS);
    expect(Buffer.from(both.local[0].buffer).equals(Buffer.from(first.local.buffer))).toBe(true);
    expect(Buffer.from(both.regional[0].buffer).equals(Buffer.from(first.regional.buffer))).toBe(true);
    expect(Array.from(both.nearestLixelM)).toEqual(Array.from(first.nearestLixelM));
    const exact = incidentIntensityExact(ix, inc, casualtyWeight, OPTIONS);
    const alone = incidentIntensity(ix, inc, casualtyWeight, OPTIONS);
    for (const k of ["local", "regional"] as const) {
      expect(maxRelativeDiff(both[k][1], exact[k])).toBeLessThanOrEqual(1e-12);
      expect(maxRelativeDiff(both[k][1], alone[k])).toBeLessThanOrEqual(1e-12);
    }
  });

  it("sums as many channels as weight vectors given, and refuses more than two in the kernel tree", () => {
    expect(incidentIntensities(ix, inc, [weight], OPTIONS).regional).toHaveLength(1);
    expect(() => incidentIntensities(ix, inc, [weight, casualtyWeight, weight], OPTIONS)).toThrow(/one or two channels/);
  });
});

// Worker threads cannot load the TypeScript sources: the threaded path is tested on the compiled package.
const DIST = "../../../dist/analyses/risk/incident-intensity.js";

describe("incidentIntensities on two threads (compiled)", () => {
  it("equals the single-threaded two-channel sums exactly on ≥ 50,000 lixels", async () => {
    expect(existsSync(new URL("../../../dist/analyses/risk/kernel-tree-worker.js", import.meta.url)), "run `npm run build` first").toBe(true);
    const compiled = (await import(DIST)) as typeof import("../../../src/analyses/risk/incident-intensity.ts");
    const { ix, inc, weight, casualtyWeight } = fixture(43, 900, 500, 90000);
    expect(ix.lixels.count).toBeGreaterThan(50_000);
    const one = incidentIntensities(ix, inc, [weight, casualtyWeight], OPTIONS);
    const two = compiled.incidentIntensities(ix, inc, [weight, casualtyWeight], OPTIONS);
    for (const c of [0, 1]) {
      expect(Array.from(two.regional[c])).toEqual(Array.from(one.regional[c]));
      expect(Array.from(two.local[c])).toEqual(Array.from(one.local[c]));
    }
  });
});
