import { describe, expect, it } from "vitest";
import { kernelDensity } from "../../../src/analyses/density/kernel-density.ts";
import { kernelDensityAt } from "../../../src/analyses/density/kernel-density-at.ts";
import { KERNELS, type KernelName } from "../../../src/analyses/density/kernels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { incidentSet } from "../../helpers/incidents.ts";

/**
 * Each 2-D kernel written out from its textbook form (Silverman 1986, Table 3.1 radial profiles
 * normalised over the plane), independently of src/analyses/density/kernels.ts. Returns K per m².
 */
function textbook(kernel: KernelName, d: number, h: number): number {
  const u = d / h;
  switch (kernel) {
    case "quartic":
      return u < 1 ? (3 / (Math.PI * h * h)) * (1 - u * u) ** 2 : 0;
    case "epanechnikov":
      return u < 1 ? (2 / (Math.PI * h * h)) * (1 - u * u) : 0;
    case "triangular":
      return u < 1 ? (3 / (Math.PI * h * h)) * (1 - u) : 0;
    case "uniform":
      return u < 1 ? 1 / (Math.PI * h * h) : 0;
    case "gaussian":
      return Math.exp((-d * d) / (2 * h * h)) / (2 * Math.PI * h * h);
  }
}

const rand = seededRandom(7);
const n = 50;
const xs = Array.from({ length: n }, () => rand() * 9000);
const ys = Array.from({ length: n }, () => rand() * 7000);
const ps = Array.from({ length: n }, () => (rand() < 0.3 ? 2500 : 10));
const ws = Array.from({ length: n }, () => 0.1 + rand());
const inc = incidentSet(xs.map((x, i) => ({ x, y: ys[i], precisionM: ps[i] })));

describe.each(KERNELS)("kernelDensity (%s)", (kernel) => {
  const opts = { kernel, cellSizeM: 200, bandwidthM: 1200, extent: [-3000, -3000, 12000, 10000] as const, weights: Float64Array.from(ws), gaussianCutoff: Infinity };
  const g = kernelDensity(inc, opts);

  it("equals the textbook formula at every cell centre, widened by precision hᵢ = √(h² + pᵢ²) (1e-9 relative)", () => {
    let worst = 0;
    for (let r = 0; r < g.nrows; r++) {
      for (let c = 0; c < g.ncols; c++) {
        const cx = -3000 + (c + 0.5) * 200;
        const cy = -3000 + (r + 0.5) * 200;
        let ref = 0;
        for (let i = 0; i < n; i++) ref += ws[i] * textbook(kernel, Math.hypot(cx - xs[i], cy - ys[i]), Math.hypot(1200, ps[i]));
        ref *= 1e6;
        const got = g.values[r * g.ncols + c];
        if (ref === 0) expect(got).toBe(0);
        else worst = Math.max(worst, Math.abs(got - ref) / ref);
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
  });

  it("conserves mass: Σ value × cell area ≈ Σ weights when every kernel lies inside the grid", () => {
    const one = incidentSet([{ x: 0, y: 0, precisionM: 0 }, { x: 700, y: -300, precisionM: 400 }]);
    const fine = kernelDensity(one, { kernel, cellSizeM: 10, bandwidthM: 500, extent: [-6000, -6000, 6000, 6000], weights: Float64Array.of(1, 2.5) });
    const mass = fine.values.reduce((a, b) => a + b, 0) * 1e-4; // 10 m cells = 1e-4 km²
    expect(Math.abs(mass - 3.5)).toBeLessThan(kernel === "uniform" || kernel === "triangular" ? 2e-2 : 2e-3);
  });

  it("kernelDensityAt gives the grid's values at its cell centres", () => {
    const cx = new Float64Array(g.ncols * g.nrows);
    const cy = new Float64Array(g.ncols * g.nrows);
    for (let r = 0; r < g.nrows; r++)
      for (let c = 0; c < g.ncols; c++) {
        cx[r * g.ncols + c] = -3000 + (c + 0.5) * 200;
        cy[r * g.ncols + c] = -3000 + (r + 0.5) * 200;
      }
    const at = kernelDensityAt(inc, cx, cy, opts);
    for (let k = 0; k < at.length; k++) expect(Math.abs(at[k] - g.values[k])).toBeLessThanOrEqual(1e-12 * Math.max(1, g.values[k]));
  });
});

describe("kernelDensity options", () => {
  it("the default Gaussian cut-off at 9 σ changes no cell by more than 3e-18 of the peak kernel per incident", () => {
    const base = { kernel: "gaussian" as const, cellSizeM: 500, bandwidthM: 400, extent: [-3000, -3000, 12000, 10000] as const, widenByPrecision: false };
    const exact = kernelDensity(inc, { ...base, gaussianCutoff: Infinity });
    const cut = kernelDensity(inc, base);
    const peak = 1e6 / (2 * Math.PI * 400 * 400);
    for (let k = 0; k < exact.values.length; k++) expect(exact.values[k] - cut.values[k]).toBeLessThanOrEqual(n * 3e-18 * peak);
    expect(exact.values.some((v, k) => v !== cut.values[k])).toBe(true); // the cut-off does act
  });

  it("a template reproduces another grid's cells and a mask blanks cells to NaN", () => {
    const a = kernelDensity(inc, { cellSizeM: 300, bandwidthM: 1000 });
    const mask = new Uint8Array(a.ncols * a.nrows).map((_, k) => (k % 3 === 0 ? 0 : 1));
    const b = kernelDensity(inc, { template: a, bandwidthM: 1000, mask });
    expect([b.minX, b.minY, b.ncols, b.nrows, b.cellSizeM]).toEqual([a.minX, a.minY, a.ncols, a.nrows, 300]);
    for (let k = 0; k < a.values.length; k++) {
      if (k % 3 === 0) expect(b.values[k]).toBeNaN();
      else expect(b.values[k]).toBe(a.values[k]);
    }
  });

  it("adaptive (Abramson): hᵢ = h·(f̃(xᵢ)/g)^(−½), checked against a brute-force pilot", () => {
    const h = 1500;
    const g = kernelDensity(inc, { bandwidthM: h, adaptive: true, widenByPrecision: false, extent: [0, 0, 100, 100] });
    const pilot = xs.map((x, i) => xs.reduce((f, xj, j) => f + textbook("quartic", Math.hypot(x - xj, ys[i] - ys[j]), h), 0));
    const logG = pilot.reduce((a, f) => a + Math.log(f), 0) / n;
    for (let i = 0; i < n; i++) expect(g.incidentBandwidthM[i]).toBeCloseTo(h * Math.sqrt(Math.exp(logG) / pilot[i]), 8);
    // sparser places get wider kernels
    const iMax = pilot.indexOf(Math.max(...pilot));
    const iMin = pilot.indexOf(Math.min(...pilot));
    expect(g.incidentBandwidthM[iMin]).toBeGreaterThan(h);
    expect(g.incidentBandwidthM[iMax]).toBeLessThan(h);
  });
});

describe("corridorMask and densityWeights", async () => {
  const { corridorMask } = await import("../../../src/analyses/density/corridor-mask.ts");
  const { densityWeights } = await import("../../../src/analyses/density/density-weights.ts");
  const { lixelize } = await import("../../../src/core/lixels.ts");
  const { polylineDistance } = await import("../../../src/core/math.ts");
  const { packRoads } = await import("../../helpers/roads.ts");

  it("corridorMask keeps exactly the cells whose centre is within the buffer of a road (brute force)", () => {
    const lix = lixelize(packRoads([[[0, 0], [2000, 1500], [2600, 300]], [[-500, 2000], [1000, 2100]]]), { lixelLengthM: 150 });
    const spec = { minX: -1000, minY: -1000, cellSizeM: 100, ncols: 45, nrows: 40 };
    const mask = corridorMask(spec, lix, 250);
    let kept = 0;
    for (let r = 0; r < spec.nrows; r++)
      for (let c = 0; c < spec.ncols; c++) {
        const x = -1000 + (c + 0.5) * 100;
        const y = -1000 + (r + 0.5) * 100;
        let d = Infinity;
        for (let i = 0; i < lix.count; i++) d = Math.min(d, polylineDistance(lix.xy, lix.start[i], lix.start[i + 1], x, y));
        expect(mask[r * spec.ncols + c], `cell ${r},${c}`).toBe(d <= 250 ? 1 : 0);
        kept += mask[r * spec.ncols + c];
      }
    expect(kept).toBeGreaterThan(100);
  });

  it("densityWeights: decay × (1 + a·casualties), unrecorded casualties count 0", () => {
    const set = incidentSet([{ x: 0, y: 0, day: 1000, killed: 2, injured: 1 }, { x: 0, y: 0, day: 1000 - 365, killed: Number.NaN, injured: 0 }]);
    const w = densityWeights(set, { halfLifeDays: 365, perCasualty: 0.5 });
    expect(w[0]).toBeCloseTo(1 * (1 + 0.5 * 3), 12); // latest incident: age 0
    expect(w[1]).toBeCloseTo(0.5 * 1, 12); // one half-life old, no recorded casualties
    expect(Array.from(densityWeights(set))).toEqual([1, 1]);
  });
});
