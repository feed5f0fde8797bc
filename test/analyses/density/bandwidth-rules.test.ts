import { describe, expect, it } from "vitest";
import { ruleOfThumbBandwidth } from "../../../src/analyses/density/bandwidth-rules.ts";
import { OptionError } from "../../../src/core/errors.ts";

const f = (a: number[]) => Float64Array.from(a);

describe("ruleOfThumbBandwidth", () => {
  it("silverman (ArcGIS spatial variant) on four points at 1 km from their centre", () => {
    // SD = √(Σ d²/n) = 1000; D_m = 1000, √(1/ln 2)·D_m = 1201.1 → min = 1000; h = 0.9 · 1000 · 4^(−0.2) = 682.0726…
    const h = ruleOfThumbBandwidth(f([1000, -1000, 0, 0]), f([0, 0, 1000, -1000]), undefined, "silverman");
    expect(h).toBeCloseTo(0.9 * 1000 * 4 ** -0.2, 9);
  });

  it("silverman: one far outlier moves SD but the median distance keeps h small", () => {
    // five points; centre x̄ = (0+0+0+0+10000)/5 = 2000, ȳ = 0 except the four at y = ±1 … keep it exact:
    // points (−1,0),(1,0),(0,−1),(0,1)·100 m and (10000, 0): x̄ = 2000, distances 2100, 1900, 2002.5, 2002.5, 8000
    const x = f([-100, 100, 0, 0, 10000]);
    const y = f([0, 0, -100, 100, 0]);
    const d = [2100, 1900, Math.hypot(2000, 100), Math.hypot(2000, 100), 8000];
    const sd = Math.sqrt(d.reduce((a, v) => a + v * v, 0) / 5);
    const dm = Math.hypot(2000, 100); // median of the five sorted distances
    const h = ruleOfThumbBandwidth(x, y, undefined, "silverman");
    expect(h).toBeCloseTo(0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * dm) * 5 ** -0.2, 9);
    expect(Math.sqrt(1 / Math.LN2) * dm).toBeLessThan(sd); // the robust term is the one used
  });

  it("scott with weights: σ from numpy-style unbiased weighted variances, n_eff = (Σw)²/Σw²", () => {
    // points (0,0) w1, (300,400) w3: x̄ = 225, ȳ = 300; Σw(x−x̄)² = 1·225² + 3·75² = 67500, same for y with 300/100: 120000
    // V1 = 4, V2 = 10 → divisor 4 − 10/4 = 1.5; σ² = (67500 + 120000)/2/1.5 = 62500 → σ = 250; n_eff = 16/10 = 1.6
    const h = ruleOfThumbBandwidth(f([0, 300]), f([0, 400]), f([1, 3]), "scott");
    expect(h).toBeCloseTo(250 * 1.6 ** (-1 / 6), 9);
  });

  it("refuses points that cannot define a spread", () => {
    expect(() => ruleOfThumbBandwidth(f([5]), f([5]), undefined, "scott")).toThrow(OptionError);
    expect(() => ruleOfThumbBandwidth(f([5, 5]), f([5, 5]), undefined, "silverman")).toThrow(/do not spread/);
  });
});
