/**
 * Network KDE on small hand-built networks, against values derived by hand below (the walk each
 * contribution takes and its node factors), with the textbook 1-D quartic K(d) = 15/16 (1 − (d/h)²)² / h.
 */
import { describe, expect, it } from "vitest";
import { networkKernelDensity } from "../../../src/analyses/density/network-kernel-density.ts";
import { kdeNetwork, lixelAt } from "../../helpers/density-network.ts";

const H = 300;
const K = (d: number) => (d < H ? ((15 / 16) * (1 - (d / H) ** 2) ** 2) / H : 0) * 1000; // events per km

/*
 * Network "T+X": junction A = (0,0) of degree 3 and junction B = (0,200) of degree 4, five dead ends.
 *   W (−200,0) ── A ── S (0,−200)      (roads W→A, A→S)
 *                 │
 *                 B (0,200) ── E (100,200), W2 (−100,200), N (0,300)
 * 100 m lixels, midpoints: l0 (−150,0) l1 (−50,0) | l2 (0,−50) l3 (0,−150) | l4 (0,50) l5 (0,150) |
 * l6 (0,250) l7 (50,200) l8 (−50,200). One event at (−20,0): on l1, 20 m from A, 180 m from W.
 */
const tx = kdeNetwork([
  [[-200, 0], [0, 0]],
  [[0, 0], [0, -200]],
  [[0, 0], [0, 200]],
  [[0, 200], [0, 300]],
  [[0, 200], [100, 200]],
  [[0, 200], [-100, 200]],
]);
const mids: [number, number][] = [[-150, 0], [-50, 0], [0, -50], [0, -150], [0, 50], [0, 150], [0, 250], [50, 200], [-50, 200]];
const ids = mids.map(([x, y]) => lixelAt(tx.lixels, x, y));
const event = tx.eventsAt([[-20, 0]]);

function at(method: "simple" | "discontinuous" | "continuous"): number[] {
  const r = networkKernelDensity(tx.network, event, { method, bandwidthM: H, kernel: "quartic" });
  return ids.map((i) => r.densityPerKm[i]);
}

function expectClose(got: number[], want: number[]) {
  got.forEach((g, k) => expect(Math.abs(g - want[k]), `lixel ${mids[k]}: ${g} vs ${want[k]}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want[k]))));
}

describe("networkKernelDensity on the T+X network (hand-derived, 1e-9)", () => {
  it("simple: K(shortest distance) on every branch, no split", () => {
    // distances from the event: l0 130, l1 30, l2 20+50 = 70, l3 170, l4 70, l5 170, l6/l7/l8 20+200+50 = 270
    expectClose(at("simple"), [K(130), K(30), K(70), K(170), K(70), K(170), K(270), K(270), K(270)]);
  });

  it("discontinuous: ½ past A (degree 3), ⅙ past B (degree 4), absorbed at dead ends", () => {
    // towards W: l1 30, l0 130, stop at W (180). Towards A (20): factor 1/(3−1) on l2/l3 and l4/l5;
    // at B (220) a further 1/(4−1) on l6, l7, l8 at 270.
    expectClose(at("discontinuous"), [K(130), K(30), K(70) / 2, K(170) / 2, K(70) / 2, K(170) / 2, K(270) / 6, K(270) / 6, K(270) / 6]);
  });

  // The continuous estimator's node rule (Okabe & Sugihara 2012 §9.3): 2/n forward on each other edge,
  // (2 − n)/n back the way it came. Towards W: l1 K(30), l0 K(130). At A (20), n = 3: forward ⅔ on l2 and
  // l4, back −⅓ on l1 (20+50 = 70), on to l0 (170). AS branch ⅔: l2 70, l3 170. AB branch ⅔: l4 70, l5 170;
  // at B (220), n = 4: forward ⅔·½ = ⅓ on l6, l7, l8 (270), back ⅔·(−½) = −⅓ on l5 (270).
  // deadEnds "stop" (spNetwork, the default since the dead-end option was added; before it this test
  // expected the reflected terms below): walks end at W (180 and 220) and S (220).
  // deadEnds "reflect": at W (180) l0 again at 180+50 = 230 (l1 would be 330 ≥ h); the −⅓ walk at W (220)
  //   onto l0 again (270); the ⅔ walk at S (220) onto l3 again (270).
  const t = 1 / 3;
  const stopped = [K(130) - t * K(170), K(30) - t * K(70), 2 * t * K(70), 2 * t * K(170), 2 * t * K(70), 2 * t * K(170) - t * K(270), t * K(270), t * K(270), t * K(270)];
  it("continuous, deadEnds stop (default): 2/n forward and (2−n)/n back at junctions, walks end at dead ends", () => {
    expectClose(at("continuous"), stopped);
  });

  it("continuous, deadEnds reflect: the same plus whole reflections at dead ends", () => {
    const r = networkKernelDensity(tx.network, event, { method: "continuous", bandwidthM: H, deadEnds: "reflect" });
    const reflected = [K(230) - t * K(270), 0, 0, 2 * t * K(270), 0, 0, 0, 0, 0];
    expectClose(ids.map((i) => r.densityPerKm[i]), stopped.map((v, k) => v + reflected[k]));
    expect(r.deadEnds).toBe("reflect");
  });

  it("continuous conserves mass with reflect, and with stop loses exactly what reached the dead ends (1e-9)", () => {
    const mass = (deadEnds: "stop" | "reflect") => {
      const r = networkKernelDensity(tx.network, event, { method: "continuous", bandwidthM: H, deadEnds });
      expect(r.truncatedWalks).toBe(0);
      return r.meanDensityPerKm.reduce((a, v, i) => a + (v * tx.network.lengthM[i]) / 1000, 0);
    };
    expect(Math.abs(mass("reflect") - 1)).toBeLessThan(1e-9);
    // quartic one-sided mass G(u) = 15/16 (u − 2u³/3 + u⁵/5); a walk with multiplier m stopping at
    // distance d loses m (½ − G(d/h)): 1 at W (180), −⅓ at W (220), ⅔ at S (220).
    const G = (u: number) => (15 / 16) * (u - (2 * u ** 3) / 3 + u ** 5 / 5);
    const lost = 0.5 - G(180 / H) + t * (0.5 - G(220 / H));
    expect(Math.abs(mass("stop") - (1 - lost))).toBeLessThan(1e-9);
  });

  it("the other estimators do not: simple gains mass at junctions, discontinuous loses it at dead ends", () => {
    const mass = (method: "simple" | "discontinuous") => {
      const r = networkKernelDensity(tx.network, event, { method, bandwidthM: H });
      return r.meanDensityPerKm.reduce((a, v, i) => a + (v * tx.network.lengthM[i]) / 1000, 0);
    };
    expect(mass("simple")).toBeGreaterThan(1.05);
    expect(mass("discontinuous")).toBeLessThan(0.95);
  });
});

/*
 * A ring of 400 m (four 100 m lixels) closed at (0,0), and an event on it: no node of degree ≠ 2, so
 * discontinuous = continuous = the kernel taken both ways round, while simple takes the shorter way.
 * Ring: (0,0) → (100,0) → (100,100) → (0,100) → (0,0); event at (30,0).
 * Midpoint (50,100) of the top lixel: 70 + 100 + 50 = 220 one way, 30 + 100 + 50 = 180 the other.
 */
describe("networkKernelDensity on a ring (a cycle shorter than 2h)", () => {
  const ring = kdeNetwork([[[0, 0], [100, 0], [100, 100], [0, 100], [0, 0]]]);
  const ev = ring.eventsAt([[30, 0]]);
  const top = lixelAt(ring.lixels, 50, 100);
  it("walk estimators add both ways round; simple keeps the shortest", () => {
    for (const method of ["discontinuous", "continuous"] as const) {
      const r = networkKernelDensity(ring.network, ev, { method, bandwidthM: H });
      expect(Math.abs(r.densityPerKm[top] - (K(220) + K(180)))).toBeLessThan(1e-9);
    }
    const s = networkKernelDensity(ring.network, ev, { method: "simple", bandwidthM: H });
    expect(Math.abs(s.densityPerKm[top] - K(180))).toBeLessThan(1e-9);
  });
});

describe("networkKernelDensity: weights, mass on a larger network, options", () => {
  it("is linear in event weights", () => {
    const two = tx.eventsAt([[-20, 0], [0, 120]], [2, 0.5]);
    const a = networkKernelDensity(tx.network, tx.eventsAt([[-20, 0]]), { method: "continuous", bandwidthM: H });
    const b = networkKernelDensity(tx.network, tx.eventsAt([[0, 120]]), { method: "continuous", bandwidthM: H });
    const ab = networkKernelDensity(tx.network, two, { method: "continuous", bandwidthM: H });
    ab.densityPerKm.forEach((v, i) => expect(Math.abs(v - (2 * a.densityPerKm[i] + 0.5 * b.densityPerKm[i]))).toBeLessThan(1e-12));
  });

  it("continuous mass = number of events on a grid of streets with many junctions (1e-6)", () => {
    const lines: [number, number][][] = [];
    for (let k = 0; k <= 4; k++) {
      lines.push([[0, k * 150], [600, k * 150]]);
      lines.push([[k * 150, 0], [k * 150, 600]]);
    }
    // streets cross at shared vertices only if the vertices exist: add them
    const withVertices = lines.map((l) => {
      const [[x0, y0], [x1, y1]] = l;
      return Array.from({ length: 5 }, (_, s) => [x0 + ((x1 - x0) * s) / 4, y0 + ((y1 - y0) * s) / 4] as [number, number]);
    });
    const g = kdeNetwork(withVertices, 50);
    const ev = g.eventsAt([[75, 0], [310, 300], [600, 599], [150, 20]]);
    const r = networkKernelDensity(g.network, ev, { method: "continuous", bandwidthM: 400, maxDepth: 40 });
    const mass = r.meanDensityPerKm.reduce((a, v, i) => a + (v * g.network.lengthM[i]) / 1000, 0);
    expect(r.truncatedWalks).toBe(0);
    expect(Math.abs(mass - 4)).toBeLessThan(1e-6);
    // cut the walks short and the missing mass is reported, not hidden
    const cut = networkKernelDensity(g.network, ev, { method: "continuous", bandwidthM: 400, maxDepth: 2 });
    const cutMass = cut.meanDensityPerKm.reduce((a, v, i) => a + (v * g.network.lengthM[i]) / 1000, 0);
    expect(cut.truncatedWalks).toBeGreaterThan(0);
    expect(Math.abs(cutMass - 4)).toBeGreaterThan(1e-3);
  });

  it("rejects a Gaussian kernel, events off the network, and reflection for a method that stops", () => {
    expect(() => networkKernelDensity(tx.network, event, { method: "discontinuous", deadEnds: "reflect" })).toThrow(/continuous estimator only/);
    expect(() => networkKernelDensity(tx.network, event, { method: "continuous", deadEnds: "bounce" as never })).toThrow(/deadEnds must be/);
    expect(() => networkKernelDensity(tx.network, event, { kernel: "gaussian" as never })).toThrow(/finite reach/);
    expect(() => networkKernelDensity(tx.network, { ...event, alongM: Float64Array.of(500) }, {})).toThrow(/not on the network/);
  });
});
