/**
 * The properties the issue requires, on seeded random (synthetic) networks and incidents:
 * 1. monotone non-decreasing in each incident's weight;
 * 2. non-increasing in its distance — precisely: (a) the local component of lixel l depends on incident i
 *    only through dᵢₗ and never falls when the incident moves nearer to l; (b) the score of every lixel
 *    never rises when the incident moves so that no lixel gets nearer (here: straight away from a straight
 *    road). The rate is κ·score + b + hazard, so both hold for the rate with κ fixed (`rateScale`); a
 *    calibrated κ is one positive factor for all lixels and cannot change any ranking;
 * 3. adding a cleared area never raises a lixel's score;
 * 4. a lixel that no kernel and no network window reaches gets exactly the background rate.
 * Comparisons allow 1e-12 relative slack for the network window's running sums.
 */
import { describe, expect, it } from "vitest";
import { lixelize } from "../../../src/core/lixels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { incidentIntensity } from "../../../src/analyses/risk/incident-intensity.ts";
import { riskScores } from "../../../src/analyses/risk/risk-score.ts";
import { buildAreaIndex } from "../../../src/spatial/area-index.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { polylineDistance } from "../../../src/core/math.ts";
import { incidentSet } from "../../helpers/incidents.ts";
import { NO_HAZARDS, boxHazards, randomNetwork } from "../../helpers/risk-fixtures.ts";
import { packRoads } from "../../helpers/roads.ts";

const none = buildAreaIndex(NO_HAZARDS);
const leq = (a: number, b: number) => a <= b + 1e-12 * Math.max(1, Math.abs(b));
// precisionScale and persistentShare set to non-trivial values so the properties are checked with them active
const opts = { bandwidthM: 800, regionalBandwidthM: 6000, regionalWeight: 0.2, networkWeight: 0.3, networkWindowM: 3000, precisionScale: 0.5, persistentShare: 0.2, rateScale: 1, roadBandM: 500 };

describe("risk model properties", () => {
  it("never lowers a lixel's score or rate when one incident's weight rises", () => {
    const ix = randomNetwork(21, 25, 20000, 8000);
    const rand = seededRandom(22);
    for (let trial = 0; trial < 20; trial++) {
      const inc = incidentSet(Array.from({ length: 30 }, () => ({ x: rand() * 20000, y: rand() * 20000, precisionM: rand() < 0.3 ? 3000 : 10, day: Math.floor(rand() * 2000) })));
      const k = Math.floor(rand() * 30);
      const w0 = Float64Array.from({ length: 30 }, () => 0.5 + rand());
      const w1 = Float64Array.from(w0);
      w1[k] *= 1 + 3 * rand();
      const a = riskScores(ix, inc, none, { ...opts, predictorWeight: w0 });
      const b = riskScores(ix, inc, none, { ...opts, predictorWeight: w1 });
      let raised = 0;
      for (let l = 0; l < ix.lixels.count; l++) {
        expect(leq(a.intensity[l], b.intensity[l])).toBe(true);
        expect(leq(a.ratePerKmYear[l], b.ratePerKmYear[l])).toBe(true);
        if (b.intensity[l] > a.intensity[l] * (1 + 1e-9)) raised++;
      }
      if (a.reachM.length > 0) expect(raised).toBeGreaterThan(0);
    }
  });

  it("the local component of the lixel an incident approaches never falls (random moves)", () => {
    const ix = randomNetwork(31, 25, 20000, 8000);
    const { xy, start } = ix.lixels;
    const rand = seededRandom(32);
    const kOpts = { bandwidthM: 1500, regionalBandwidthM: 6000, widenByPrecision: true };
    for (let trial = 0; trial < 60; trial++) {
      const x0 = rand() * 20000;
      const y0 = rand() * 20000;
      const x1 = x0 + (rand() - 0.5) * 3000;
      const y1 = y0 + (rand() - 0.5) * 3000;
      const before = incidentIntensity(ix, incidentSet([{ x: x0, y: y0 }]), Float64Array.of(1), kOpts).local;
      const after = incidentIntensity(ix, incidentSet([{ x: x1, y: y1 }]), Float64Array.of(1), kOpts).local;
      for (let l = 0; l < ix.lixels.count; l++) {
        const d0 = polylineDistance(xy, start[l], start[l + 1], x0, y0);
        const d1 = polylineDistance(xy, start[l], start[l + 1], x1, y1);
        if (d1 <= d0) expect(after[l]).toBeGreaterThanOrEqual(before[l]);
        else expect(after[l]).toBeLessThanOrEqual(before[l]);
      }
    }
  });

  it("no lixel's score rises when an incident moves straight away from a straight road", () => {
    const ix = buildLixelIndex(lixelize(packRoads([[[0, 0], [20000, 0]]])));
    const others = [{ x: 3000, y: 400 }, { x: 12000, y: -900 }];
    for (const x of [0, 5000, 10000, 19000]) {
      let prev: Float64Array | undefined;
      for (const y of [0, 100, 300, 700, 1500, 4000, 8000]) {
        const r = riskScores(ix, incidentSet([...others, { x, y, precisionM: 200 }]), none, opts);
        if (prev) for (let l = 0; l < ix.lixels.count; l++) expect(leq(r.intensity[l], prev[l])).toBe(true);
        prev = r.intensity;
      }
    }
  });

  it("adding a cleared (or released, cancelled) area never raises a lixel's rate", () => {
    const ix = randomNetwork(41, 20, 10000, 6000);
    const rand = seededRandom(42);
    const box = (): [number, number, number, number] => {
      const x = rand() * 10000;
      const y = rand() * 10000;
      return [x, y, x + 200 + rand() * 3000, y + 200 + rand() * 3000];
    };
    let lowered = 0;
    for (let trial = 0; trial < 15; trial++) {
      const active = Array.from({ length: 4 }, (_, k) => ({ status: k % 2 === 0 ? ("confirmed" as const) : ("suspected" as const), box: box() }));
      const withCleared = [...active, { status: (["cleared", "released", "cancelled"] as const)[trial % 3], box: box() }];
      const inc = incidentSet([{ x: 5000, y: 5000 }]);
      const h0 = boxHazards(active);
      const h1 = boxHazards(withCleared);
      const a = riskScores(ix, inc, buildAreaIndex(h0, (h) => h0.status[h] <= 1), opts);
      const b = riskScores(ix, inc, buildAreaIndex(h1, (h) => h1.status[h] <= 1), opts);
      for (let l = 0; l < ix.lixels.count; l++) {
        expect(leq(b.ratePerKmYear[l], a.ratePerKmYear[l])).toBe(true);
        if (b.ratePerKmYear[l] < a.ratePerKmYear[l] - 1e-12) lowered++;
      }
    }
    expect(lowered).toBeGreaterThan(0); // the cleared areas did overlap exposed lixels
  });

  it("a lixel no kernel or network window reaches gets exactly the background rate", () => {
    // road 0 carries the incident; road 1 is 50 km away (beyond the 6 km regional reach) and separate
    const ix = buildLixelIndex(lixelize(packRoads([[[0, 0], [10000, 0]], [[0, 50000], [10000, 50000]]])));
    const r = riskScores(ix, incidentSet([{ x: 500, y: 0, precisionM: 2000 }]), none, { ...opts, rateScale: undefined, backgroundRatePerKmYear: 0.001 });
    let reached = 0;
    for (let l = 0; l < ix.lixels.count; l++) {
      if (ix.lixels.road[l] === 1) {
        expect(r.ratePerKmYear[l]).toBe(0.001);
        expect(r.riskClass[l]).toBe(0);
      } else if (r.ratePerKmYear[l] > 0.001) reached++;
    }
    expect(reached).toBeGreaterThan(0);
  });
});
