/**
 * The yearly series the level is forecast from (level-series.ts) and the run-level wrapper (risk-level.ts):
 * hand-built dates with the expected blocks derived in comments.
 */
import { describe, expect, it } from "vitest";
import { OptionError } from "../../../src/core/errors.ts";
import { isoToDay } from "../../../src/core/incident-set.ts";
import { incidentWeights } from "../../../src/analyses/risk/incident-weights.ts";
import { levelSeries } from "../../../src/analyses/level/level-series.ts";
import { riskLevel } from "../../../src/analyses/level/risk-level.ts";
import { incidentSet } from "../../helpers/incidents.ts";

describe("levelSeries", () => {
  it("with asOf on 31 December the blocks are calendar years, leap days included", () => {
    // asOf 2004-12-31 (2004 is a leap year): block 1 = 2004-01-01 … 2004-12-31, block 2 = 2003, block 3 = 2002
    const days = ["2004-01-01", "2004-02-29", "2004-12-31", "2003-12-31", "2003-01-01", "2002-06-15"].map(isoToDay);
    const s = levelSeries(Float64Array.from(days), Float64Array.of(1, 1, 0.5, 1, 0.25, 1), { asOfDay: isoToDay("2004-12-31"), windowStartDay: isoToDay("2002-01-01") });
    expect(Array.from(s.count)).toEqual([2.5, 1.25, 1]);
    expect(Array.from(s.sumSq)).toEqual([2.25, 1.0625, 1]);
    // the window starts on 2002-01-01, one day into block 3 (2001-12-31 … 2002-12-31]: exposure 364/365
    expect(s.exposure[0]).toBe(1);
    expect(s.exposure[2]).toBeCloseTo(364 / 365, 12);
    expect(Array.from(s.timeYears.subarray(0, 2))).toEqual([-0.5, -1.5]);
  });

  it("leaves undated and out-of-window incidents out, and says how much weight had no date", () => {
    const s = levelSeries(Float64Array.of(Number.NaN, isoToDay("2011-01-01"), isoToDay("2010-05-01")), Float64Array.of(0.7, 1, 1), { asOfDay: isoToDay("2010-12-31"), windowStartDay: isoToDay("2009-01-01") });
    expect(s.undatedWeight).toBe(0.7);
    expect(s.count[0]).toBe(1);
  });
});

describe("riskLevel", () => {
  it("with no dated incident: the decay level by default (said in a note), an explicit trend refused", () => {
    const inc = incidentSet([{ x: 0, y: 0, day: Number.NaN }, { x: 1, y: 1, day: Number.NaN }]);
    const w = incidentWeights(inc, { windowYears: 4 });
    const share = Float64Array.of(1, 0.5);
    const l = riskLevel(inc, share, w, {});
    expect(l.method).toBe("decay");
    expect(l.note).toMatch(/no dated incident/);
    expect(l.perYear).toBeCloseTo(1.5 / 4, 12);
    expect(() => riskLevel(inc, share, w, { method: "loglinear" })).toThrow(OptionError);
    expect(() => riskLevel(inc, share, w, { method: "loglinear" })).toThrow(/--level decay/);
  });
});
