import { describe, expect, it } from "vitest";
import { networkBandwidthCv } from "../../../src/analyses/density/network-bandwidth-cv.ts";
import { networkKernelDensity } from "../../../src/analyses/density/network-kernel-density.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { kdeNetwork, lixelAt } from "../../helpers/density-network.ts";

/*
 * Events placed at lixel midpoints, so the leave-one-out density at event i equals the midpoint density
 * of lixel(i) computed from all the other events — an independent route through networkKernelDensity.
 */
const lines: [number, number][][] = [
  [[0, 0], [1000, 0]],
  [[1000, 0], [1000, 800]],
  [[1000, 0], [1600, 0]],
  [[1000, 800], [300, 800]],
  [[300, 800], [0, 0]],
];
const net = kdeNetwork(lines, 100);
const rand = seededRandom(11);
const candidates: [number, number][] = [];
for (let i = 0; i < net.lixels.count; i++) {
  const a = 2 * net.lixels.start[i];
  const b = 2 * (net.lixels.start[i + 1] - 1);
  candidates.push([(net.lixels.xy[a] + net.lixels.xy[b]) / 2, (net.lixels.xy[a + 1] + net.lixels.xy[b + 1]) / 2]);
}
const picked = candidates.filter(() => rand() < 0.35).slice(0, 12);
const events = net.eventsAt(picked);

describe("networkBandwidthCv (likelihood cross-validation)", () => {
  for (const method of ["simple", "discontinuous", "continuous"] as const) {
    it(`${method}: scores equal Σ log of brute-force leave-one-out densities`, () => {
      const hs = [150, 400, 900];
      const cv = networkBandwidthCv(net.network, events, { candidatesM: hs, method, zeroStrategy: "min-double" });
      hs.forEach((h, c) => {
        let sum = 0;
        for (let i = 0; i < events.count; i++) {
          const others = events.weight.map((w, j) => (j === i ? 0 : w));
          const r = networkKernelDensity(net.network, { ...events, weight: others }, { method, bandwidthM: h });
          const v = r.densityPerKm[lixelAt(net.lixels, picked[i][0], picked[i][1])];
          sum += v > 0 ? Math.log(v) : Math.log(2.2250738585072014e-308);
        }
        expect(Math.abs(cv.logLikelihood[c] - sum)).toBeLessThan(1e-9 * Math.max(1, Math.abs(sum)));
      });
      expect(cv.bandwidthM).toBe(hs[cv.logLikelihood.indexOf(Math.max(...cv.logLikelihood))]);
    });
  }

  it("a too-small bandwidth isolates events and scores at the min-double floor", () => {
    const cv = networkBandwidthCv(net.network, events, { candidatesM: [10, 600] });
    expect(cv.logLikelihood[0]).toBeLessThan(-700 * events.count + 1);
    expect(cv.bandwidthM).toBe(600);
  });
});
