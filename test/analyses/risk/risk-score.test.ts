import { describe, expect, it } from "vitest";
import { HAZARD_STATUSES, type HazardSet } from "../../../src/core/hazard-set.ts";
import { lixelize } from "../../../src/core/lixels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { riskScores } from "../../../src/analyses/risk/risk-score.ts";
import { incidentWeights } from "../../../src/analyses/risk/incident-weights.ts";
import { buildAreaIndex } from "../../../src/spatial/area-index.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { packRoads } from "../../helpers/roads.ts";
import { incidentSet } from "../../helpers/incidents.ts";

const noHazards: HazardSet = { count: 0, polygons: [], status: new Uint8Array(0), bbox: new Float64Array(0), ids: [] };

function hazards(list: { status: (typeof HAZARD_STATUSES)[number]; box: [number, number, number, number] }[]): HazardSet {
  return {
    count: list.length,
    polygons: list.map(({ box: [a, b, c, d] }) => [[Float64Array.from([a, b, c, b, c, d, a, d, a, b])]]),
    status: Uint8Array.from(list, (h) => HAZARD_STATUSES.indexOf(h.status)),
    bbox: Float64Array.from(list.flatMap((h) => h.box)),
    ids: list.map((_, i) => `h${i}`),
  };
}

describe("riskScores", () => {
  it("is calibrated: Σ rate × km × T_eff equals the decay-weighted road share of the incidents", () => {
    const rand = seededRandom(5);
    const lines = Array.from({ length: 30 }, () => {
      const x = rand() * 30000;
      const y = rand() * 30000;
      return [[x, y], [x + (rand() - 0.5) * 6000, y + (rand() - 0.5) * 6000]] as [number, number][];
    });
    const lixels = lixelize(packRoads(lines));
    const inc = incidentSet(Array.from({ length: 200 }, () => ({ x: rand() * 30000, y: rand() * 30000, precisionM: rand() < 0.5 ? 10 : 5000, day: Math.floor(rand() * 3000), onRoad: rand() < 0.1 ? 1 : 0 })));
    const risk = riskScores(buildLixelIndex(lixels), inc, buildAreaIndex(noHazards), { halfLifeDays: 700 });
    const w = incidentWeights(inc, { halfLifeDays: 700 });
    let mass = 0;
    for (let l = 0; l < lixels.count; l++) mass += risk.incidentRatePerKmYear[l] * (lixels.lengthM[l] / 1000) * risk.meta.effectiveYears;
    let expected = 0;
    for (let i = 0; i < inc.count; i++) expected += w.weight[i] * risk.roadShare[i];
    expect(expected).toBeGreaterThan(5);
    expect(mass).toBeCloseTo(expected, 9);
  });

  it("road share: 1 when stated on the road, 0 when stated off it or out of reach, strip mass otherwise", () => {
    // one straight 100 km road along the x axis, cut into 100 m lixels
    const lixels = lixelize(packRoads([[[-50000, 0], [50000, 0]]]));
    const inc = incidentSet([
      { x: 0, y: 0, precisionM: 10 }, // exact, on the road: strip mass 2W·16/(5πW) = 32/(5π) > 1 → 1
      { x: 0, y: 150, precisionM: 10 }, // exact, 150 m off the road with W = 100: no mass within the strip
      { x: 0, y: 0, precisionM: 20000 }, // a district centroid on the road: 2W · 16/(5π s) = 200·16/(5π·20000)
      { x: 0, y: 20000, precisionM: 20000, onRoad: 1 }, // stated on the road
      { x: 0, y: 0, precisionM: 10, onRoad: 2 }, // stated off the road
      { x: 0, y: 90000, precisionM: 10, onRoad: 1 }, // stated on a road, but none within reach
    ]);
    const risk = riskScores(buildLixelIndex(lixels), inc, buildAreaIndex(noHazards), { roadBandM: 100 });
    expect(risk.roadShare[0]).toBe(1);
    expect(risk.roadShare[1]).toBe(0);
    // the strip sum evaluates each 100 m lixel at its nearest point: an overestimate (conservative) of at
    // most ≈ (15/16)·len/s = 0.47 % here
    const rel = risk.roadShare[2] / ((200 * 16) / (5 * Math.PI * 20000)) - 1;
    expect(rel).toBeGreaterThanOrEqual(0);
    expect(rel).toBeLessThanOrEqual(100 / 20000);
    expect(risk.roadShare[3]).toBe(1);
    expect(risk.roadShare[4]).toBe(0);
    expect(risk.roadShare[5]).toBe(0);
    expect(risk.meta.unattributed).toEqual([1, 4, 5]);
  });

  it("a lixel no incident or hazard reaches gets exactly the background rate, class 'none recorded'", () => {
    const lixels = lixelize(packRoads([[[0, 0], [1000, 0]], [[0, 50000], [1000, 50000]]]));
    const risk = riskScores(buildLixelIndex(lixels), incidentSet([{ x: 500, y: 0, onRoad: 1 }]), buildAreaIndex(noHazards), { backgroundRatePerKmYear: 0.001 });
    for (let l = 0; l < lixels.count; l++) {
      if (lixels.road[l] === 1) {
        expect(risk.ratePerKmYear[l]).toBe(0.001);
        expect(risk.riskClass[l]).toBe(0);
      } else expect(risk.ratePerKmYear[l]).toBeGreaterThan(0.001);
    }
  });

  it("hand case: one exact on-road incident on a straight road, one year of window", () => {
    // rate(l) = a_l / (0.1 km · T_eff); a_l ∝ (1 − d²/R²)² · 100 m, R = √(1000² + 10²) — the lixel under
    // the incident (d = 0) gets 1 / Σ_l (1 − d_l²/R²)² (d_l = distance to lixel l)
    const lixels = lixelize(packRoads([[[-5000, 0], [5000, 0]]]));
    const inc = incidentSet([{ x: 50, y: 0, onRoad: 1 }]);
    const risk = riskScores(buildLixelIndex(lixels), inc, buildAreaIndex(noHazards));
    const R = Math.sqrt(1000 ** 2 + 10 ** 2);
    let sum = 0;
    for (let l = 0; l < lixels.count; l++) {
      const a = -5000 + 100 * l;
      const d = 50 < a ? a - 50 : 50 > a + 100 ? 50 - a - 100 : 0;
      if (d < R) sum += (1 - (d * d) / (R * R)) ** 2;
    }
    const under = lixels.count / 2; // the lixel [0, 100]
    // a one-day window counts as one year, decayed: T_eff = (H/ln2)(1 − 2^(−365.25/H)) days
    const tEff = ((1095 / Math.LN2) * (1 - 2 ** (-365.25 / 1095))) / 365.25;
    expect(risk.meta.effectiveYears).toBeCloseTo(tEff, 12);
    expect(risk.incidentRatePerKmYear[under]).toBeCloseTo(1 / sum / 0.1 / tEff, 12);
  });

  it("never lowers any lixel's rate when an incident's weight rises (device weight 1 → 3)", () => {
    const rand = seededRandom(9);
    const lixels = lixelize(packRoads(Array.from({ length: 10 }, () => [[rand() * 5000, rand() * 5000], [rand() * 5000, rand() * 5000]] as [number, number][])));
    const inc = incidentSet(Array.from({ length: 20 }, (_, i) => ({ x: rand() * 5000, y: rand() * 5000, device: i === 0 ? 0 : 5, onRoad: 1 })));
    const ix = buildLixelIndex(lixels);
    const a = riskScores(ix, inc, buildAreaIndex(noHazards));
    const b = riskScores(ix, inc, buildAreaIndex(noHazards), { deviceWeights: { "anti-tank": 3 } });
    let raised = 0;
    for (let l = 0; l < lixels.count; l++) {
      expect(b.ratePerKmYear[l]).toBeGreaterThanOrEqual(a.ratePerKmYear[l]);
      if (b.ratePerKmYear[l] > a.ratePerKmYear[l]) raised++;
    }
    expect(raised).toBeGreaterThan(0);
  });

  it("hazard exposure: share of 10 m samples inside or within the buffer; confirmed wins; cleared adds nothing", () => {
    // lixel (0,0)–(100,0): sample midpoints at x = 5, 15, …, 95
    const lixels = lixelize(packRoads([[[0, 0], [100, 0]]]));
    const hz = hazards([
      { status: "confirmed", box: [30, -10, 1000, 10] }, // covers x ≥ 30: 7 samples (35…95)
      { status: "suspected", box: [-1000, -10, 50, 10] }, // covers x ≤ 50: 5 samples, 2 of them (35, 45) confirmed
      { status: "cleared", box: [-1000, -1000, 1000, 1000] },
    ]);
    const areas = buildAreaIndex(hz, (h) => hz.status[h] <= 1);
    const r0 = riskScores(buildLixelIndex(lixels), incidentSet([]), areas, { hazard: { bufferM: 0 } });
    expect(r0.exposure.confirmedShare[0]).toBeCloseTo(0.7, 12);
    expect(r0.exposure.suspectedShare[0]).toBeCloseTo(0.3, 12);
    expect(r0.exposure.nearestHazardM[0]).toBe(0);
    // rate = 0.1·0.7 + 0.02·0.3 = 0.076
    expect(r0.hazardRatePerKmYear[0]).toBeCloseTo(0.076, 12);
    const withoutCleared = buildAreaIndex(hazards([{ status: "cleared", box: [-1000, -1000, 1000, 1000] }]), () => false);
    const r1 = riskScores(buildLixelIndex(lixels), incidentSet([]), withoutCleared);
    expect(r1.ratePerKmYear[0]).toBe(0);
  });

  it("nearest hazard distance from the samples (≤ 5 m short of exact)", () => {
    const lixels = lixelize(packRoads([[[0, 0], [100, 0]]]));
    const hz = hazards([{ status: "suspected", box: [300, -10, 400, 10] }]);
    const r = riskScores(buildLixelIndex(lixels), incidentSet([]), buildAreaIndex(hz));
    // exact 200 m; the last sample is at x = 95 → 205 m
    expect(r.exposure.nearestHazardM[0]).toBeCloseTo(205, 9);
    expect(r.exposure.suspectedShare[0]).toBe(0);
  });
});
