import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/core/random.ts";
import { kernelDensity } from "../../../src/analyses/density/kernel-density.ts";
import { OptionError } from "../../../src/core/errors.ts";
import { incidentSet } from "../../helpers/incidents.ts";

/** The formula written out directly: f(c) = Σ wᵢ · 3/(π hᵢ²) · (1 − d²/hᵢ²)², per km² (× 1e6). */
function direct(xs: number[], ys: number[], ps: number[], w: number[], h: number, cx: number, cy: number): number {
  let f = 0;
  for (let i = 0; i < xs.length; i++) {
    const hi = Math.sqrt(h * h + ps[i] * ps[i]);
    const d2 = (cx - xs[i]) ** 2 + (cy - ys[i]) ** 2;
    if (d2 < hi * hi) f += w[i] * (3 / (Math.PI * hi * hi)) * (1 - d2 / (hi * hi)) ** 2;
  }
  return f * 1e6;
}

describe("kernelDensity (quartic)", () => {
  it("equals a direct evaluation of the formula at every cell centre (1e-12 relative)", () => {
    const rand = seededRandom(42);
    const n = 60;
    const xs = Array.from({ length: n }, () => rand() * 10000);
    const ys = Array.from({ length: n }, () => rand() * 8000);
    const ps = Array.from({ length: n }, () => (rand() < 0.3 ? 3000 : 10));
    const w = Array.from({ length: n }, () => rand());
    const inc = incidentSet(xs.map((x, i) => ({ x, y: ys[i], precisionM: ps[i] })));
    const g = kernelDensity(inc, { cellSizeM: 250, bandwidthM: 1500, extent: [-2000, -2000, 12000, 10000], weights: Float64Array.from(w) });
    expect(g.ncols).toBe(56); // ceil(14000 / 250)
    expect(g.nrows).toBe(48); // ceil(12000 / 250)
    for (let r = 0; r < g.nrows; r++) {
      for (let c = 0; c < g.ncols; c++) {
        const ref = direct(xs, ys, ps, w, 1500, -2000 + (c + 0.5) * 250, -2000 + (r + 0.5) * 250);
        const got = g.values[r * g.ncols + c];
        expect(Math.abs(got - ref)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref)));
      }
    }
  });

  it("conserves mass: Σ value × cell area = number of incidents when kernels lie inside the grid", () => {
    const inc = incidentSet([{ x: 0, y: 0 }, { x: 3000, y: 1000, precisionM: 1500 }]);
    const g = kernelDensity(inc, { cellSizeM: 25, bandwidthM: 1000, extent: [-5000, -5000, 8000, 6000] });
    const mass = g.values.reduce((a, b) => a + b, 0) * (0.025 * 0.025);
    expect(mass).toBeCloseTo(2, 3);
  });

  it("widens a kernel by location precision: peak falls as 1/(h² + p²)", () => {
    const exact = kernelDensity(incidentSet([{ x: 12.5, y: 12.5, precisionM: 0 }]), { cellSizeM: 25, bandwidthM: 1000, extent: [0, 0, 25, 25] });
    const vague = kernelDensity(incidentSet([{ x: 12.5, y: 12.5, precisionM: 1000 }]), { cellSizeM: 25, bandwidthM: 1000, extent: [0, 0, 25, 25] });
    // at the centre K = 3/(π h²): exact 3e6/(π·1e6) = 0.95493 per km²; widened h² = 2e6 → half of that
    expect(exact.values[0]).toBeCloseTo(3 / Math.PI, 12);
    expect(vague.values[0]).toBeCloseTo(3 / (2 * Math.PI), 12);
  });

  it("rejects a bad bandwidth and mismatched weights", () => {
    expect(() => kernelDensity(incidentSet([{ x: 0, y: 0 }]), { bandwidthM: -1 })).toThrow(OptionError);
    expect(() => kernelDensity(incidentSet([{ x: 0, y: 0 }]), { weights: new Float64Array(2) })).toThrow(OptionError);
  });
});
