import { describe, expect, it } from "vitest";
import { incidentWeights } from "../../../src/analyses/risk/incident-weights.ts";
import { incidentSet } from "../../helpers/incidents.ts";

describe("incidentWeights", () => {
  it("halves the weight every half-life and integrates the decay over the window", () => {
    // window = 2 half-lives of 365.25 days; T_eff = (H/ln2)(1 − 2^-2) days = 0.75/ln2 years
    const inc = incidentSet([{ x: 0, y: 0, day: 730.5 }, { x: 0, y: 0, day: 365.25 }, { x: 0, y: 0, day: 0 }]);
    const w = incidentWeights(inc, { halfLifeDays: 365.25 });
    expect(Array.from(w.weight)).toEqual([1, 0.5, 0.25]);
    expect(w.effectiveYears).toBeCloseTo(0.75 / Math.LN2, 12);
    expect(w.asOfDay).toBe(730.5);
    expect(w.windowStartDay).toBe(0);
  });

  it("is unbiased for a constant rate: E[Σw] = rate · T_eff (dense uniform dates)", () => {
    // one incident per day for 4 years ⇒ rate 365.25 per year
    const rows = Array.from({ length: 1461 }, (_, d) => ({ x: 0, y: 0, day: d }));
    const w = incidentWeights(incidentSet(rows), { halfLifeDays: 500 });
    const sum = w.weight.reduce((a, b) => a + b, 0);
    expect(sum / w.effectiveYears).toBeCloseTo(365.25, -1); // within ±5 of 365.25 (discretisation)
  });

  it("keeps a persistent share ρ that never decays, and stays unbiased for a constant rate", () => {
    // ρ = 0.3, H = 1 year: weights 1, 0.3 + 0.7·0.5, 0.3 + 0.7·0.25; T_eff = ρ·T + (1 − ρ)(H/ln2)(1 − 2^(−T/H)), T = 2 y
    const inc = incidentSet([{ x: 0, y: 0, day: 730.5 }, { x: 0, y: 0, day: 365.25 }, { x: 0, y: 0, day: 0 }]);
    const w = incidentWeights(inc, { halfLifeDays: 365.25, persistentShare: 0.3 });
    expect(w.weight[0]).toBe(1);
    expect(w.weight[1]).toBeCloseTo(0.65, 15);
    expect(w.weight[2]).toBeCloseTo(0.475, 15);
    expect(Array.from(w.decay)).toEqual(Array.from(w.weight));
    expect(w.effectiveYears).toBeCloseTo(0.3 * 2 + (0.7 * 0.75) / Math.LN2, 12);
    const rows = Array.from({ length: 1461 }, (_, d) => ({ x: 0, y: 0, day: d }));
    const dense = incidentWeights(incidentSet(rows), { halfLifeDays: 500, persistentShare: 0.3 });
    expect(dense.weight.reduce((a, b) => a + b, 0) / dense.effectiveYears).toBeCloseTo(365.25, -1);
    // ρ = 1: no decay at all, the plain count over the window
    expect(Array.from(incidentWeights(inc, { halfLifeDays: 365.25, persistentShare: 1 }).weight)).toEqual([1, 1, 1]);
    expect(() => incidentWeights(inc, { persistentShare: 1.5 })).toThrow(/persistentShare/);
  });

  it("weights undated incidents as at the window start and zeroes those after asOf", () => {
    const inc = incidentSet([{ x: 0, y: 0, day: 0 }, { x: 0, y: 0, day: 1000 }, { x: 0, y: 0, day: Number.NaN }, { x: 0, y: 0, day: 2000 }]);
    const w = incidentWeights(inc, { halfLifeDays: 1000, asOfDay: 1000 });
    expect(w.undated).toEqual([2]);
    expect(w.afterAsOf).toEqual([3]);
    expect(w.weight[2]).toBe(w.weight[0]);
    expect(w.weight[0]).toBe(0.5);
    expect(w.weight[3]).toBe(0);
  });

  it("counts a window shorter than a year as a year", () => {
    const w = incidentWeights(incidentSet([{ x: 0, y: 0, day: 0 }]), { halfLifeDays: 1e12 });
    expect(w.effectiveYears).toBeCloseTo(1, 6);
  });

  it("applies device weights", () => {
    const w = incidentWeights(incidentSet([{ x: 0, y: 0, device: 0 }, { x: 0, y: 0, device: 1 }]), { deviceWeights: { "anti-tank": 2 } });
    expect(Array.from(w.weight)).toEqual([2, 1]);
  });
});
