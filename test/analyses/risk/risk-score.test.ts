import { describe, expect, it } from "vitest";
import { lixelize } from "../../../src/core/lixels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { quarticPerKm2 } from "../../../src/analyses/risk/incident-intensity.ts";
import { incidentWeights } from "../../../src/analyses/risk/incident-weights.ts";
import { weightedCountInterval } from "../../../src/analyses/level/level-interval.ts";
import { riskScores } from "../../../src/analyses/risk/risk-score.ts";
import { buildAreaIndex } from "../../../src/spatial/area-index.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { incidentSet } from "../../helpers/incidents.ts";
import { NO_HAZARDS, boxHazards, randomNetwork } from "../../helpers/risk-fixtures.ts";
import { packRoads } from "../../helpers/roads.ts";

const none = buildAreaIndex(NO_HAZARDS);

describe("riskScores", () => {
  it("is calibrated: Σ incident rate × km equals the decay-weighted yearly count of target road incidents (level decay)", () => {
    const ix = randomNetwork(5, 30, 30000, 6000);
    const rand = seededRandom(6);
    const inc = incidentSet(Array.from({ length: 200 }, () => ({ x: rand() * 30000, y: rand() * 30000, precisionM: rand() < 0.5 ? 10 : 5000, day: Math.floor(rand() * 3000) })));
    const target = Uint8Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const risk = riskScores(ix, inc, none, { halfLifeDays: 700, target, level: { method: "decay" } });
    const w = incidentWeights(inc, { halfLifeDays: 700 });
    // with the default level the same shape is scaled to the level forecast instead: Σ rate × km = its per-year count
    const forecast = riskScores(ix, inc, none, { halfLifeDays: 700, target });
    let forecastPerYear = 0;
    for (let l = 0; l < ix.lixels.count; l++) forecastPerYear += forecast.incidentRatePerKmYear[l] * (ix.lixels.lengthM[l] / 1000);
    expect(forecast.meta.level?.method).toBe("damped");
    expect(forecastPerYear).toBeCloseTo(forecast.meta.level?.perYear ?? Number.NaN, 9);
    for (let l = 0; l < ix.lixels.count; l++) expect(forecast.intensity[l]).toBe(risk.intensity[l]);
    let perYear = 0;
    for (let l = 0; l < ix.lixels.count; l++) perYear += risk.incidentRatePerKmYear[l] * (ix.lixels.lengthM[l] / 1000);
    let expected = 0;
    let counted = 0;
    for (let i = 0; i < inc.count; i++) {
      if (risk.roadShare[i] > 0) {
        expect(target[i]).toBe(1); // only targets near the network are counted, each by its road share
        expected += (risk.roadShare[i] * w.decay[i]) / w.effectiveYears;
        counted++;
      }
    }
    expect(counted).toBeGreaterThan(5);
    expect(perYear).toBeCloseTo(expected, 9);
    expect(risk.meta.calibratedIncidentsPerYear).toBeCloseTo(expected, 9);
    // κ's interval is the Fay–Feuer interval of the same weighted count (road share × decay), scaled to κ
    const level = weightedCountInterval(Array.from({ length: inc.count }, (_, i) => risk.roadShare[i] * w.decay[i]));
    const k = risk.meta.rateScaleInterval!;
    expect(k.events).toBeCloseTo(expected * w.effectiveYears, 9);
    expect(k.low / risk.meta.rateScale).toBeCloseTo(level.low / level.sum, 12);
    expect(k.high / risk.meta.rateScale).toBeCloseTo(level.high / level.sum, 12);
    expect(k.low).toBeLessThan(risk.meta.rateScale);
    expect(k.high).toBeGreaterThan(risk.meta.rateScale);
    // a given κ has no sampling interval, nor has a κ that nothing calibrates
    expect(riskScores(ix, inc, none, { halfLifeDays: 700, target, rateScale: 2 }).meta.rateScaleInterval).toBeNull();
    expect(riskScores(ix, inc, none, { halfLifeDays: 700, target: new Uint8Array(200) }).meta.rateScaleInterval).toBeNull();
  });

  it("road share: 1 for a precise point within the band or a stated road incident, the strip probability for a vague one", () => {
    // one straight 100 km road; W = roadBandM = 1000 m
    const ix = buildLixelIndex(lixelize(packRoads([[[-50000, 0], [50000, 0]]])));
    const inc = incidentSet([
      { x: 0, y: 800, precisionM: 10 }, // precise, 800 m off: inside the band → 1
      { x: 0, y: 1200, precisionM: 10 }, // precise, 1.2 km off → 0
      { x: 0, y: 0, precisionM: 20000 }, // district centroid on the road: 2W·∫K = 2·1000·16/(5π·20000)
      { x: 0, y: 30000, precisionM: 10, onRoad: 1 }, // stated on a road of the network → 1
      { x: 0, y: 0, precisionM: 10, onRoad: 2 }, // stated off the road → 0
    ]);
    const risk = riskScores(ix, inc, none);
    expect(Array.from(risk.roadShare.subarray(0, 2))).toEqual([1, 0]);
    const exact = (2 * 1000 * 16) / (5 * Math.PI * 20000);
    const rel = risk.roadShare[2] / exact - 1; // nearest-point evaluation errs high by ≤ len/p = 0.5 %
    expect(rel).toBeGreaterThanOrEqual(0);
    expect(rel).toBeLessThanOrEqual(100 / 20000);
    expect(risk.roadShare[3]).toBe(1);
    expect(risk.roadShare[4]).toBe(0);
  });

  it("hand case: one exact incident on a straight road, local kernel only, rate scale given", () => {
    // s_l = K_R(d_l) with R = √(1000² + 10²); rate = κ·s with κ = 2 → the lixel under the point has 2·3e6/(πR²)
    const ix = buildLixelIndex(lixelize(packRoads([[[-5000, 0], [5000, 0]]])));
    const risk = riskScores(ix, incidentSet([{ x: 50, y: 0 }]), none, { bandwidthM: 1000, precisionScale: 1, regionalWeight: 0, networkWeight: 0, rateScale: 2 });
    const R = Math.sqrt(1000 ** 2 + 10 ** 2);
    const under = ix.lixels.count / 2; // lixel [0, 100]
    expect(risk.ratePerKmYear[under]).toBeCloseTo((2 * 3e6) / (Math.PI * R * R), 9);
    // 450 m away: the lixel [500, 600] is at distance 450
    expect(risk.ratePerKmYear[under + 5]).toBeCloseTo(2 * quarticPerKm2(450, R), 9);
    expect(quarticPerKm2(450, R)).toBeCloseTo((3e6 / (Math.PI * R * R)) * (1 - 450 ** 2 / R ** 2) ** 2, 12);
    expect(risk.meta.rateScaleSource).toBe("given");
  });

  it("hand case: the precision scale f widens the reach to √(h² + (f·p)²)", () => {
    // p = 4000 m, f = 0.25 → R = √(1000² + 1000²); f = 0 → R = h, the recorded point taken as exact
    const ix = buildLixelIndex(lixelize(packRoads([[[-5000, 0], [5000, 0]]])));
    const inc = incidentSet([{ x: 50, y: 0, precisionM: 4000 }]);
    const at = (precisionScale: number) => riskScores(ix, inc, none, { bandwidthM: 1000, precisionScale, regionalWeight: 0, networkWeight: 0, rateScale: 1 });
    const under = ix.lixels.count / 2;
    expect(at(0.25).reachM[0]).toBeCloseTo(Math.SQRT2 * 1000, 9);
    expect(at(0.25).ratePerKmYear[under]).toBeCloseTo(3e6 / (Math.PI * 2e6), 9);
    expect(at(0).reachM[0]).toBe(1000);
    expect(at(1).reachM[0]).toBeCloseTo(Math.sqrt(1000 ** 2 + 4000 ** 2), 9);
  });

  it("components add up to the total, and the network part averages the local part along the road", () => {
    const ix = randomNetwork(11, 12, 20000, 8000);
    const rand = seededRandom(12);
    const inc = incidentSet(Array.from({ length: 40 }, () => ({ x: rand() * 20000, y: rand() * 20000 })));
    const r = riskScores(ix, inc, none, { backgroundRatePerKmYear: 0.001 });
    for (let l = 0; l < ix.lixels.count; l++) {
      const sum = 0.001 + r.localRatePerKmYear[l] + r.networkRatePerKmYear[l] + r.regionalRatePerKmYear[l] + r.hazardRatePerKmYear[l];
      expect(r.ratePerKmYear[l]).toBeCloseTo(sum, 12);
    }
  });

  it("hazard exposure: share of 10 m samples inside or within the buffer; confirmed wins; a cleared area removes exposure", () => {
    const ix = buildLixelIndex(lixelize(packRoads([[[0, 0], [100, 0]]])));
    const active = [
      { status: "confirmed" as const, box: [30, -10, 1000, 10] as [number, number, number, number] }, // samples 35…95: 7
      { status: "suspected" as const, box: [-1000, -10, 50, 10] as [number, number, number, number] }, // 5…45: 5, 2 already confirmed
    ];
    const hz = boxHazards(active);
    const r0 = riskScores(ix, incidentSet([]), buildAreaIndex(hz, (h) => hz.status[h] <= 1), { hazardBufferM: 0 });
    expect(r0.exposure.confirmedShare[0]).toBeCloseTo(0.7, 12);
    expect(r0.exposure.suspectedShare[0]).toBeCloseTo(0.3, 12);
    expect(r0.hazardRatePerKmYear[0]).toBeCloseTo(0.1 * 0.7 + 0.02 * 0.3, 12); // 0.076
    // suspected-only samples are 5, 15, 25; a cleared area over x ≤ 20 releases 5 and 15, and one over
    // 60 ≤ x ≤ 80 releases the confirmed samples 65 and 75
    const hz2 = boxHazards([...active, { status: "cleared", box: [-1000, -1000, 20, 1000] }, { status: "released", box: [60, -1000, 80, 1000] }]);
    const r1 = riskScores(ix, incidentSet([]), buildAreaIndex(hz2, (h) => hz2.status[h] <= 1), { hazardBufferM: 0 });
    expect(r1.exposure.confirmedShare[0]).toBeCloseTo(0.5, 12);
    expect(r1.exposure.suspectedShare[0]).toBeCloseTo(0.1, 12);
  });

  it("rejects bad options, naming them", () => {
    const ix = randomNetwork(1, 2, 1000, 500);
    expect(() => riskScores(ix, incidentSet([]), none, { bandwidthM: -1 })).toThrow(/bandwidthM/);
    expect(() => riskScores(ix, incidentSet([]), none, { regionalWeight: 2 })).toThrow(/regionalWeight/);
    expect(() => riskScores(ix, incidentSet([]), none, { roadBandM: 50000 })).toThrow(/roadBandM/);
    expect(() => riskScores(ix, incidentSet([]), none, { persistentShare: -0.1 })).toThrow(/persistentShare/);
    expect(() => riskScores(ix, incidentSet([]), none, { precisionScale: Number.NaN })).toThrow(/precisionScale/);
    expect(() => riskScores(ix, incidentSet([]), none, { classBreaks: [0, 1] })).toThrow(/classBreaks/);
  });
});

describe("explainRate", async () => {
  const { explainRate } = await import("../../../src/analyses/risk/explain-lixel.ts");
  it("its components add up to the length-weighted rate of the stretch", () => {
    const ix = randomNetwork(13, 10, 10000, 6000);
    const rand = seededRandom(14);
    const r = riskScores(ix, incidentSet(Array.from({ length: 20 }, () => ({ x: rand() * 10000, y: rand() * 10000 }))), none, { backgroundRatePerKmYear: 0.002 });
    const stretch = [0, 1, 2, 3, 4];
    const e = explainRate(r, ix.lixels.lengthM, stretch);
    let num = 0;
    let den = 0;
    for (const l of stretch) {
      num += r.ratePerKmYear[l] * ix.lixels.lengthM[l];
      den += ix.lixels.lengthM[l];
    }
    expect(e.ratePerKmYear).toBeCloseTo(num / den, 12);
    expect(e.components.background).toBeCloseTo(0.002, 12);
    expect(e.mainReason.length).toBeGreaterThan(10);
    // with the part of each lixel inside a stretch (30 m of lixel 0, all of 1, 10 m of 2) the weights are those parts
    const part = explainRate(r, ix.lixels.lengthM, [0, 1, 2], [30, ix.lixels.lengthM[1], 10]);
    const w = [30, ix.lixels.lengthM[1], 10];
    const mean = (r.ratePerKmYear[0] * w[0] + r.ratePerKmYear[1] * w[1] + r.ratePerKmYear[2] * w[2]) / (w[0] + w[1] + w[2]);
    expect(part.ratePerKmYear).toBeCloseTo(mean, 12);
  });
});
