import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors.ts";
import { kernelDensity } from "../../../src/analyses/density/kernel-density.ts";
import { incidentWeights } from "../../../src/analyses/risk/incident-weights.ts";
import { riskScores } from "../../../src/analyses/risk/risk-score.ts";
import { buildAreaIndex } from "../../../src/spatial/area-index.ts";
import { incidentSet } from "../../helpers/incidents.ts";
import { NO_HAZARDS, randomNetwork } from "../../helpers/risk-fixtures.ts";

const none = buildAreaIndex(NO_HAZARDS);
const undated = (n: number) => incidentSet(Array.from({ length: n }, (_, i) => ({ x: 1000 + i * 2000, y: 15000, day: Number.NaN })));

describe("undated incidents: no date is invented", () => {
  it("with none dated there is no window (NaN), never 1970-01-01 + 1 year; each counts 1", () => {
    const w = incidentWeights(undated(5));
    expect(w.asOfDay).toBeNaN();
    expect(w.windowStartDay).toBeNaN();
    expect(w.effectiveYears).toBeNaN();
    expect(Array.from(w.weight)).toEqual([1, 1, 1, 1, 1]);
    expect(w.undated).toEqual([0, 1, 2, 3, 4]);
  });

  it("an explicit windowYears is the window: 5 undated incidents over 10 years", () => {
    expect(incidentWeights(undated(5), { windowYears: 10 }).effectiveYears).toBe(10);
    // dated ones: the window ends at the last date and is N years long; with H → ∞ T_eff = N exactly
    const dated = incidentSet([{ x: 0, y: 0, day: 1000 }, { x: 0, y: 0, day: 2000 }]);
    const w = incidentWeights(dated, { windowYears: 4, halfLifeDays: 1e12 });
    expect(w.asOfDay).toBe(2000);
    expect(w.windowStartDay).toBe(2000 - 4 * 365.25);
    expect(w.effectiveYears).toBeCloseTo(4, 6);
  });

  it("riskScores refuses a per-year rate when no target incident is dated, naming the way out", () => {
    const ix = randomNetwork(3, 20, 30000, 6000);
    const run = () => riskScores(ix, undated(8), none);
    expect(run).toThrow(InputError);
    try {
      run();
    } catch (e) {
      expect((e as InputError).issues.map((i) => i.code)).toEqual(["no-dated-incidents"]);
      expect((e as InputError).issues[0].message).toContain("none of the 8 target incidents has a date");
      expect((e as InputError).issues[0].message).toContain("--window-years");
    }
    // a dated non-target does not date the targets: still refused (target = the undated ones only)
    const mixed = incidentSet([...Array.from({ length: 3 }, (_, i) => ({ x: 1000 + i * 5000, y: 15000, day: Number.NaN })), { x: 9000, y: 15000, day: 500 }]);
    expect(() => riskScores(ix, mixed, none, { target: Uint8Array.from([1, 1, 1, 0]) })).toThrow(/none of the 3 target incidents/);
    // one dated target is a window of its own (the dated ones set it)
    expect(() => riskScores(ix, mixed, none, { target: Uint8Array.from([1, 1, 1, 1]) })).not.toThrow();
  });

  it("with windowYears the level is the cumulative count over the window: Σ rate × km = Σ road share / N", () => {
    const ix = randomNetwork(3, 20, 30000, 6000);
    const inc = undated(8);
    const risk = riskScores(ix, inc, none, { windowYears: 10 });
    let perYear = 0;
    for (let l = 0; l < ix.lixels.count; l++) perYear += risk.incidentRatePerKmYear[l] * (ix.lixels.lengthM[l] / 1000);
    const share = risk.roadShare.reduce((a, b) => a + b, 0);
    expect(share).toBeGreaterThan(0);
    expect(perYear).toBeCloseTo(share / 10, 9); // weights 1 (no age), T = 10 y
    expect(risk.meta.asOf).toBe("undated");
    expect(risk.meta.undated).toHaveLength(8);
  });

  it("analyses that need no dates still run on undated incidents (planar density)", () => {
    const d = kernelDensity(undated(4), { cellSizeM: 1000, bandwidthM: 2000, extent: [0, 10000, 10000, 20000] });
    let mass = 0;
    for (const v of d.values) mass += v; // per km², cells of 1 km²: Σ ≈ 4 incidents (edge loss aside)
    expect(mass).toBeGreaterThan(3);
    expect(mass).toBeLessThanOrEqual(4 + 1e-9);
  });
});
