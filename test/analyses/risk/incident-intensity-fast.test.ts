import { describe, expect, it } from "vitest";
import { lixelize } from "../../../src/core/lixels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { EXACT_REACH_M, incidentIntensity, quarticPerKm2 } from "../../../src/analyses/risk/incident-intensity.ts";
import { incidentIntensityExact } from "../../../src/analyses/risk/incident-intensity-exact.ts";
import { incidentWeights } from "../../../src/analyses/risk/incident-weights.ts";
import { buildKernelTree, nodePolynomial } from "../../../src/analyses/risk/kernel-tree.ts";
import { networkDensity } from "../../../src/analyses/risk/network-density.ts";
import { resolveRiskParameters } from "../../../src/analyses/risk/risk-parameters.ts";
import { riskScores } from "../../../src/analyses/risk/risk-score.ts";
import { buildAreaIndex } from "../../../src/spatial/area-index.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { incidentSet } from "../../helpers/incidents.ts";
import { NO_HAZARDS } from "../../helpers/risk-fixtures.ts";
import { packRoads } from "../../helpers/roads.ts";

/** The bound docs/risk-model.md states for the fast sums: within 1e-6 of the largest value (issue 16). */
const BOUND = 1e-6;
const PRECISIONS_M = [10, 10, 10, 1000, 3000, 15000, 20000, 50000];

/** Winding roads (random walks of 20–80 m steps, so most 100 m lixels bend), some zig-zags, in a 60 km square. */
function windingNetwork(seed: number, roads: number) {
  const rand = seededRandom(seed);
  const lines = Array.from({ length: roads }, (_, r) => {
    let [x, y, heading] = [rand() * 60000, rand() * 60000, rand() * 2 * Math.PI];
    const line: [number, number][] = [[x, y]];
    for (let v = 0; v < 10 + Math.floor(rand() * 60); v++) {
      heading += r % 5 === 0 ? (v % 2 ? 2.5 : -2.5) : (rand() - 0.5) * 1.2; // every 5th road zig-zags sharply
      const step = 20 + rand() * 60;
      x += step * Math.cos(heading);
      y += step * Math.sin(heading);
      line.push([x, y]);
    }
    return line;
  });
  return buildLixelIndex(lixelize(packRoads(lines)));
}

/** Clusters on the roads, scattered points, exact duplicates, mixed precisions, day spread for the weights. */
function mixedIncidents(seed: number, count: number, ix: ReturnType<typeof windingNetwork>) {
  const rand = seededRandom(seed);
  const { xy } = ix.lixels;
  const rows = Array.from({ length: count }, (_, i) => {
    const precisionM = PRECISIONS_M[Math.floor(rand() * PRECISIONS_M.length)];
    const day = Math.floor(rand() * 5000);
    if (i % 3 === 0) return { x: rand() * 70000 - 5000, y: rand() * 70000 - 5000, precisionM, day };
    const v = Math.floor(rand() * (xy.length / 2));
    return { x: xy[2 * v] + (rand() - 0.5) * 600, y: xy[2 * v + 1] + (rand() - 0.5) * 600, precisionM, day };
  });
  for (let i = 0; i < 40; i++) rows.push({ ...rows[i] }); // coincident points: a node that cannot be split
  return incidentSet(rows);
}

/** Largest |a − b| and largest |b| over the arrays. */
function maxDiff(a: Float64Array, b: Float64Array) {
  let diff = 0;
  let max = 0;
  for (let l = 0; l < a.length; l++) {
    diff = Math.max(diff, Math.abs(a[l] - b[l]));
    max = Math.max(max, Math.abs(b[l]));
  }
  return { diff, max };
}

describe("incidentIntensity (kernel tree) against incidentIntensityExact (one distance per pair)", () => {
  const ix = windingNetwork(16, 120);
  const inc = mixedIncidents(17, 1500, ix);
  const rand = seededRandom(18);
  const weight = Float64Array.from({ length: inc.count }, (_, i) => (i % 11 === 0 ? 0 : 0.2 + 3 * rand()));

  for (const [name, options] of [
    ["defaults (h 1 km, h_g 30 km, f 0.25)", { bandwidthM: 1000, regionalBandwidthM: 30000, widenByPrecision: true, precisionScale: 0.25 }],
    ["f = 1: district kernels of 15–50 km locally", { bandwidthM: 1000, regionalBandwidthM: 30000, widenByPrecision: true, precisionScale: 1 }],
    ["no widening, h = h_g = 5 km", { bandwidthM: 5000, regionalBandwidthM: 5000, widenByPrecision: false }],
  ] as const) {
    it(`agrees within ${BOUND} of the largest value, per component: ${name}`, () => {
      const fast = incidentIntensity(ix, inc, weight, options);
      const exact = incidentIntensityExact(ix, inc, weight, options);
      // the fixture exercises both paths: short reaches by the index, wide ones by the tree
      expect(Array.from(fast.regionalReachM).some((r) => r > EXACT_REACH_M)).toBe(true);
      for (const k of ["local", "regional"] as const) {
        const { diff, max } = maxDiff(fast[k], exact[k]);
        expect(max).toBeGreaterThan(0);
        expect(diff).toBeLessThanOrEqual(BOUND * max);
        // measured: rounding only, ≤ 1e-13 of the largest value (the scheme has no approximation)
        expect(diff).toBeLessThanOrEqual(1e-12 * max);
      }
      expect(Array.from(fast.nearestLixelM)).toEqual(Array.from(exact.nearestLixelM));
      expect(Array.from(fast.reachM)).toEqual(Array.from(exact.reachM));
      expect(Array.from(fast.regionalReachM)).toEqual(Array.from(exact.regionalReachM));
    });
  }

  it("riskScores' rates equal those built from the exact components within 1e-6 of the largest rate", () => {
    const risk = riskScores(ix, inc, buildAreaIndex(NO_HAZARDS));
    const p = resolveRiskParameters({});
    const w = incidentWeights(inc, { halfLifeDays: p.halfLifeDays, persistentShare: p.persistentShare });
    const ex = incidentIntensityExact(ix, inc, w.weight, { bandwidthM: p.bandwidthM, regionalBandwidthM: p.regionalBandwidthM, widenByPrecision: true, precisionScale: p.precisionScale });
    const net = networkDensity(ix.lixels, ex.local, p.networkWindowM);
    const [ag, an] = [p.regionalWeight, p.networkWeight];
    const s = Float64Array.from(ex.local, (loc, l) => (1 - ag) * ((1 - an) * loc + an * net[l]) + ag * ex.regional[l]);
    let mass = 0;
    for (let l = 0; l < s.length; l++) mass += s[l] * (ix.lixels.lengthM[l] / 1000);
    const kappa = risk.meta.calibratedIncidentsPerYear / mass; // the calibration target does not depend on the sums
    const rate = Float64Array.from(s, (v) => p.backgroundRatePerKmYear + kappa * v);
    const { diff, max } = maxDiff(risk.ratePerKmYear, rate);
    expect(max).toBeGreaterThan(0);
    expect(diff).toBeLessThanOrEqual(BOUND * max);
  });
});

describe("buildKernelTree", () => {
  it("each node's polynomial is the brute-force kernel sum of its incidents wherever all are within reach", () => {
    const rand = seededRandom(3);
    const n = 300;
    const x = Float64Array.from({ length: n }, () => 1e5 + rand() * 4000);
    const y = Float64Array.from({ length: n }, () => 4.4e6 + rand() * 4000);
    const w = Float64Array.from({ length: n }, () => rand() * 2);
    const R = Float64Array.from({ length: n }, () => 20000 + rand() * 20000);
    const tree = buildKernelTree(x, y, w, R, Uint32Array.from({ length: n }, (_, i) => i));
    expect(tree.nodeCount).toBeGreaterThan(20);
    for (let k = 0; k < tree.nodeCount; k += 7) {
      // a point ~10 km from the node: every incident (spread ≤ 4 km, reach ≥ 20 km) is inside its kernel
      const px = tree.originX[k] + 6000;
      const py = tree.originY[k] - 8000;
      let brute = 0;
      for (let j = tree.first[k]; j < tree.first[k] + tree.size[k]; j++) {
        const i = tree.order[j];
        brute += w[i] * quarticPerKm2(Math.hypot(px - x[i], py - y[i]), R[i]);
      }
      const poly = nodePolynomial(tree.coef, 9 * k, px - tree.originX[k], py - tree.originY[k]);
      expect(Math.abs(poly - brute)).toBeLessThanOrEqual(1e-12 * brute);
    }
  });
});
