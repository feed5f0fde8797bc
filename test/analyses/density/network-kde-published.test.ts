/**
 * Network KDE hand cases against the published definitions, 1e-12 relative. Kernel: the 1-D quartic
 * K(d) = 15/16 (1 − (d/h)²)² / h (Gelb 2021, spNetwork's `quartic_kernel`), h = 300 m, × 1000 per km.
 * Node rules (Okabe, Satoh & Sugihara 2009; Okabe & Sugihara 2012 §9.3):
 *   discontinuous: a walk arriving at a node of degree n goes on with 1/(n − 1) on each other edge;
 *   continuous: 2/n on each other edge and (2 − n)/n back the way it came;
 *   an event on a node of degree n starts with 2/n on each of its n edges;
 *   dead ends: the discontinuous stops; the continuous stops (spNetwork, `deadEnds: "stop"`) or reflects
 *   whole (`"reflect"`, the continuous rule at n = 1: back (2 − 1)/1 = 1).
 * Every network is cut into 100 m lixels; values are read at lixel midpoints.
 */
import { describe, expect, it } from "vitest";
import { type NetworkKernelDensityOptions, networkKernelDensity } from "../../../src/analyses/density/network-kernel-density.ts";
import { kdeNetwork, lixelAt } from "../../helpers/density-network.ts";
import type { Line } from "../../helpers/roads.ts";

const H = 300;
const K = (d: number) => (d < H ? ((15 / 16) * (1 - (d / H) ** 2) ** 2) / H : 0) * 1000;

function densities(lines: Line[], event: [number, number], mids: [number, number][], options: NetworkKernelDensityOptions) {
  const g = kdeNetwork(lines);
  const r = networkKernelDensity(g.network, g.eventsAt([event]), { bandwidthM: H, kernel: "quartic", ...options });
  const mass = r.meanDensityPerKm.reduce((a, v, i) => a + (v * g.network.lengthM[i]) / 1000, 0);
  return { at: mids.map(([x, y]) => r.densityPerKm[lixelAt(g.lixels, x, y)]), mass };
}

function expectRel(got: number[], want: number[]) {
  got.forEach((g, k) => expect(Math.abs(g - want[k]), `value ${k}: ${g} vs ${want[k]}`).toBeLessThanOrEqual(1e-12 * Math.abs(want[k])));
}

/* A dead-end line (0,0)–(400,0); lixel midpoints 50, 150, 250, 350; an event at x = 80. */
describe("a dead-end line", () => {
  const line: Line[] = [[[0, 0], [400, 0]]];
  const mids: [number, number][] = [[50, 0], [150, 0], [250, 0], [350, 0]];
  it("stop (discontinuous, continuous default): only the direct distances 30, 70, 170, 270", () => {
    // The walk towards x = 0 ends there (80 m); the one towards x = 400 would reach it at 320 ≥ h.
    for (const method of ["discontinuous", "continuous"] as const) expectRel(densities(line, [80, 0], mids, { method }).at, [K(30), K(70), K(170), K(270)]);
  });
  it("reflect: the walk comes back from x = 0 at 80 + 50 = 130 on l0 and 80 + 150 = 230 on l1 (l2: 330 ≥ h)", () => {
    const r = densities(line, [80, 0], mids, { method: "continuous", deadEnds: "reflect" });
    expectRel(r.at, [K(30) + K(130), K(70) + K(230), K(170), K(270)]);
    expect(Math.abs(r.mass - 1)).toBeLessThan(1e-12); // nothing is lost: the reflection keeps all the mass
  });
  it("an event on the dead end itself (n = 1) starts with 2/1 on its one edge: 2 K(50), 2 K(150), 2 K(250), 0; mass 1", () => {
    for (const options of [{ method: "discontinuous" }, { method: "continuous" }, { method: "continuous", deadEnds: "reflect" }] as const) {
      const r = densities(line, [0, 0], mids, options);
      expectRel(r.at, [2 * K(50), 2 * K(150), 2 * K(250), 0]);
      expect(Math.abs(r.mass - 1)).toBeLessThan(1e-12);
    }
  });
});

/*
 * A Y junction: O = (0,0) of degree 3, arms to A (0,200), B (−100,0), C (0,−300) — dead ends at 200,
 * 100 and 300 m from O. Midpoints: A1 (0,50) A2 (0,150) | B1 (−50,0) | C1 (0,−50) C2 (0,−150) C3 (0,−250).
 * The event is exactly on O: 2/3 on each arm.
 */
describe("a Y junction with the event on the junction", () => {
  const O: [number, number] = [0, 0];
  const A: [number, number] = [0, 200];
  const B: [number, number] = [-100, 0];
  const C: [number, number] = [0, -300];
  const mids: [number, number][] = [[0, 50], [0, 150], [-50, 0], [0, -50], [0, -150], [0, -250]];
  // the same Y written three ways: the lixel that wins the snap at O, and its end, differ
  const orders: Line[][] = [[[O, A], [O, B], [O, C]], [[A, O], [C, O], [B, O]], [[B, O], [O, C], [A, O]]];
  const third = 1 / 3;
  const direct = [K(50), K(150), K(50), K(50), K(150), K(250)].map((v) => 2 * third * v);
  it("discontinuous and continuous-stop: 2/3 K(distance from O) on every arm, whatever the order of the lixels", () => {
    // B's dead end (100) and A's (200) absorb; C's (300) is not reached (d < h strictly).
    for (const lines of orders) for (const method of ["discontinuous", "continuous"] as const) expectRel(densities(lines, O, mids, { method }).at, direct);
  });
  it("continuous-reflect: reflections from B and A, and the B reflection split again at O", () => {
    // B's dead end at 100 (⅔): back on B1 at 150, +⅔ K(150); at O again at 200, n = 3, arriving by B:
    //   forward ⅔·⅔ = 4/9 on A1 and C1 at 250, back ⅔·(2 − 3)/3 = −2/9 on B1 at 250.
    // A's dead end at 200 (⅔): back on A2 at 250, +⅔ K(250) (A1 would be 350 ≥ h).
    const extra = [(4 / 9) * K(250), 2 * third * K(250), 2 * third * K(150) - (2 / 9) * K(250), (4 / 9) * K(250), 0, 0];
    for (const lines of orders) {
      const r = densities(lines, O, mids, { method: "continuous", deadEnds: "reflect" });
      expectRel(r.at, direct.map((v, k) => v + extra[k]));
      expect(Math.abs(r.mass - 1)).toBeLessThan(1e-12);
    }
  });
});

/*
 * A star of 4 edges: O = (0,0) of degree 4, arms of 200 m to E (200,0), N, W, S (dead ends).
 * Midpoints E1 (50,0) E2 (150,0) and X1, X2 at 50 and 150 m on each other arm (N shown; W, S equal).
 */
describe("a star of 4 edges", () => {
  const lines: Line[] = [[[0, 0], [200, 0]], [[0, 0], [0, 200]], [[0, 0], [-200, 0]], [[0, 0], [0, -200]]];
  const mids: [number, number][] = [[50, 0], [150, 0], [0, 50], [0, 150], [-50, 0], [-150, 0], [0, -50], [0, -150]];
  const others = (x1: number, x2: number) => [x1, x2, x1, x2, x1, x2];
  it("event 40 m out on E — simple: K(shortest distance), no split", () => {
    expectRel(densities(lines, [40, 0], mids, { method: "simple" }).at, [K(10), K(110), ...others(K(90), K(190))]);
  });
  it("event 40 m out on E — discontinuous: 1/(4 − 1) = ⅓ on each other arm past O (40)", () => {
    // E1 at 10, E2 at 110; E's dead end at 160 absorbs; other arms at 40 + 50 = 90 and 190, dead ends at 240.
    expectRel(densities(lines, [40, 0], mids, { method: "discontinuous" }).at, [K(10), K(110), ...others(K(90) / 3, K(190) / 3)]);
  });
  it("event 40 m out on E — continuous-stop: 2/4 = ½ forward, (2 − 4)/4 = −½ back along E", () => {
    // the −½ walk runs back over E1 (90) and E2 (190) and stops at E's dead end (240)
    expectRel(densities(lines, [40, 0], mids, { method: "continuous" }).at, [K(10) - K(90) / 2, K(110) - K(190) / 2, ...others(K(90) / 2, K(190) / 2)]);
  });
  it("event 40 m out on E — continuous-reflect: plus reflections at the dead ends; mass 1", () => {
    // E's dead end: the direct walk (1) at 160 → E2 at 210 (E1 at 310 ≥ h); the −½ walk at 240 → E2 at 290.
    // Other arms: the ½ walks at 240 → X2 at 290.
    const r = densities(lines, [40, 0], mids, { method: "continuous", deadEnds: "reflect" });
    expectRel(r.at, [K(10) - K(90) / 2, K(110) - K(190) / 2 + K(210) - K(290) / 2, ...others(K(90) / 2, K(190) / 2 + K(290) / 2)]);
    expect(Math.abs(r.mass - 1)).toBeLessThan(1e-12);
  });
  it("event on the centre: 2/4 = ½ on each arm, every arm alike; reflect adds ½ K(200 + 50) on X2", () => {
    const half = [K(50) / 2, K(150) / 2];
    for (const method of ["discontinuous", "continuous"] as const) expectRel(densities(lines, [0, 0], mids, { method }).at, [...half, ...half, ...half, ...half]);
    const r = densities(lines, [0, 0], mids, { method: "continuous", deadEnds: "reflect" });
    const arm = [K(50) / 2, K(150) / 2 + K(250) / 2];
    expectRel(r.at, [...arm, ...arm, ...arm, ...arm]);
  });
});
