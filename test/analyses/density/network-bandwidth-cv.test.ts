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
const MIN_DOUBLE = 2.2250738585072014e-308;
const picked = candidates.filter(() => rand() < 0.35).slice(0, 12);
const events = net.eventsAt(picked);

describe("networkBandwidthCv (likelihood cross-validation)", () => {
  for (const method of ["simple", "discontinuous", "continuous"] as const) {
    it(`${method}: both criteria equal their formulas over brute-force leave-one-out densities`, () => {
      const hs = [150, 400, 900];
      const cv = networkBandwidthCv(net.network, events, { candidatesM: hs, method, zeroStrategy: "min-double" });
      const silverman = networkBandwidthCv(net.network, events, { candidatesM: hs, method, criterion: "silverman" });
      hs.forEach((h, c) => {
        let sum = 0;
        let meanOverH = 0;
        for (let i = 0; i < events.count; i++) {
          const others = events.weight.map((w, j) => (j === i ? 0 : w));
          const r = networkKernelDensity(net.network, { ...events, weight: others }, { method, bandwidthM: h });
          const v = r.densityPerKm[lixelAt(net.lixels, picked[i][0], picked[i][1])];
          sum += v > 0 ? Math.log(v) : Math.log(MIN_DOUBLE);
          meanOverH += Math.log((v > 0 ? v / 1000 : MIN_DOUBLE) / h) / events.count;
        }
        expect(Math.abs(cv.logLikelihood[c] - sum)).toBeLessThan(1e-9 * Math.max(1, Math.abs(sum)));
        expect(Math.abs(cv.score[c] - meanOverH)).toBeLessThan(1e-9 * Math.max(1, Math.abs(meanOverH)));
        expect(silverman.score[c]).toBe(cv.logLikelihood[c]);
      });
      expect(cv.criterion).toBe("spnetwork");
      expect(cv.bandwidthM).toBe(hs[cv.score.indexOf(Math.max(...cv.score))]);
      expect(silverman.bandwidthM).toBe(hs[cv.logLikelihood.indexOf(Math.max(...cv.logLikelihood))]);
    });
  }

  it("a too-small bandwidth isolates events and scores at the min-double floor", () => {
    const cv = networkBandwidthCv(net.network, events, { candidatesM: [10, 600] });
    expect(cv.logLikelihood[0]).toBeLessThan(-700 * events.count + 1);
    expect(cv.bandwidthM).toBe(600);
  });
});

/*
 * Hand cases on one straight road (−1000,0)–(3000,0): no junction, and no event within 700 m of its dead
 * ends, so every estimator gives f₋ᵢ(xᵢ) = Σ_{j≠i} K_h(|xᵢ − xⱼ|), K_h(d) = 15/16 (1 − (d/h)²)² / h per metre
 * (0 for d ≥ h). spnetwork = (1/N) Σ log(f₋ᵢ / h); silverman = Σ log(1000 f₋ᵢ).
 */
describe("networkBandwidthCv: hand cases, 1e-12 relative", () => {
  const road = kdeNetwork([[[-1000, 0], [3000, 0]]], 100);
  const Kh = (d: number, h: number) => (d < h ? ((15 / 16) * (1 - (d / h) ** 2) ** 2) / h : 0);
  const spnetwork = (f: number[], h: number) => f.reduce((a, v) => a + Math.log(v / h), 0) / f.length;
  const silverman = (f: number[]) => f.reduce((a, v) => a + Math.log(1000 * v), 0);
  const close = (got: number, want: number) => expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(1e-12 * Math.abs(want));

  it("4 events, 3 bandwidths, no zero: spNetwork's score picks 200 m, Silverman's 350 m", () => {
    // events 1000, 1100, 1250, 1300; distances 100 (1–2), 250 (1–3), 300 (1–4), 150 (2–3), 200 (2–4), 50 (3–4)
    const ev = road.eventsAt([[1000, 0], [1100, 0], [1250, 0], [1300, 0]]);
    const f = (h: number) =>
      h === 200 // only d < 200 counts: 200 itself is out
        ? [Kh(100, h), Kh(100, h) + Kh(150, h), Kh(150, h) + Kh(50, h), Kh(50, h)]
        : [Kh(100, h) + Kh(250, h) + Kh(300, h), Kh(100, h) + Kh(150, h) + Kh(200, h), Kh(250, h) + Kh(150, h) + Kh(50, h), Kh(300, h) + Kh(200, h) + Kh(50, h)];
    const hs = [200, 350, 600];
    // spnetwork: −10.8909, −11.3215, −11.9759; silverman: 5.2606, 5.7769, 5.3152
    for (const method of ["simple", "discontinuous", "continuous"] as const) {
      const sp = networkBandwidthCv(road.network, ev, { candidatesM: hs, method });
      const sv = networkBandwidthCv(road.network, ev, { candidatesM: hs, method, criterion: "silverman" });
      hs.forEach((h, c) => {
        close(sp.score[c], spnetwork(f(h), h));
        close(sv.score[c], silverman(f(h)));
      });
      expect([sp.bandwidthM, sv.bandwidthM]).toEqual([200, 350]);
    }
  });

  it("4 events, 3 bandwidths, isolated events: the zero strategies", () => {
    // events 500, 600, 800, 1400; distances 100, 300, 900, 200, 800, 600.
    // h = 150: f = [K(100), K(100), 0, 0]; h = 250: [K(100), K(100) + K(200), K(200), 0];
    // h = 700: [K(100) + K(300), K(100) + K(200), K(300) + K(200) + K(600), K(600)].
    const ev = road.eventsAt([[500, 0], [600, 0], [800, 0], [1400, 0]]);
    const hs = [150, 250, 700];
    const f: Record<number, number[]> = {
      150: [Kh(100, 150), Kh(100, 150), 0, 0],
      250: [Kh(100, 250), Kh(100, 250) + Kh(200, 250), Kh(200, 250), 0],
      700: [Kh(100, 700) + Kh(300, 700), Kh(100, 700) + Kh(200, 700), Kh(300, 700) + Kh(200, 700) + Kh(600, 700), Kh(600, 700)],
    };
    const floor = (v: number[]) => v.map((x) => (x > 0 ? x : MIN_DOUBLE));
    const kept = (v: number[]) => v.filter((x) => x > 0);
    // min-double: spnetwork −362.33, −187.45, −13.447 → 700; silverman −1415.5, −707.0, 0.0479 → 700
    // (the floor enters the Silverman sum as log 2.2e−308, not × 1000: a floor, not a density)
    const sp = networkBandwidthCv(road.network, ev, { candidatesM: hs });
    const sv = networkBandwidthCv(road.network, ev, { candidatesM: hs, criterion: "silverman" });
    hs.forEach((h, c) => {
      close(sp.score[c], spnetwork(floor(f[h]), h));
      close(sv.score[c], kept(f[h]).reduce((a, v) => a + Math.log(1000 * v), 0) + (4 - kept(f[h]).length) * Math.log(MIN_DOUBLE));
    });
    expect([sp.bandwidthM, sv.bandwidthM]).toEqual([700, 700]);
    // remove: the mean over the events left (2, 3, 4 of them): spnetwork −11.261, −11.965, −13.447 → 150;
    // silverman 1.3140, 1.3932, 0.0479 → 250
    const spr = networkBandwidthCv(road.network, ev, { candidatesM: hs, zeroStrategy: "remove" });
    const svr = networkBandwidthCv(road.network, ev, { candidatesM: hs, zeroStrategy: "remove", criterion: "silverman" });
    hs.forEach((h, c) => {
      close(spr.score[c], spnetwork(kept(f[h]), h));
      close(svr.score[c], silverman(kept(f[h])));
    });
    expect([spr.bandwidthM, svr.bandwidthM]).toEqual([150, 250]);
    // every event isolated: nothing left to score
    expect(networkBandwidthCv(road.network, ev, { candidatesM: [20], zeroStrategy: "remove" }).score[0]).toBe(-Infinity);
  });

  it("rejects an unknown criterion", () => {
    expect(() => networkBandwidthCv(road.network, road.eventsAt([[0, 0], [10, 0]]), { candidatesM: [100], criterion: "aic" as never })).toThrow(/criterion must be/);
  });
});
