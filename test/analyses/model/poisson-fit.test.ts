import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitPoisson } from "../../../src/analyses/model/poisson-fit.ts";
import { seededRandom } from "../../../src/core/random.ts";

const glm = JSON.parse(readFileSync("test/fixtures/model/poisson-glm.json", "utf8"));

/** A Poisson draw by inversion (small means only), from a seeded uniform. */
function poisson(mean: number, rand: () => number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const u = rand();
  while (u > cdf && k < 1000) (k++, (p *= mean / k), (cdf += p));
  return k;
}

describe("fitPoisson", () => {
  it("matches R glm(family = poisson) with an offset to 1e-9 when unpenalised", () => {
    const n = glm.y.length;
    const fit = fitPoisson({ n, p: 3, x: Float64Array.from(glm.x) }, Float64Array.from(glm.y), Float64Array.from(glm.lengthM, Math.log), { ridge: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(glm.coefficients[0], 9);
    for (let j = 0; j < 3; j++) expect(Math.abs(fit.coefficients[j] - glm.coefficients[j + 1])).toBeLessThan(1e-9 * (1 + Math.abs(glm.coefficients[j + 1])));
    expect(Math.abs(fit.deviance - glm.deviance) / glm.deviance).toBeLessThan(1e-10);
  });

  it("with a ridge penalty, stops where the penalised gradient vanishes and shrinks every coefficient", () => {
    const n = glm.y.length;
    const x = Float64Array.from(glm.x);
    const y = Float64Array.from(glm.y);
    const off = Float64Array.from(glm.lengthM, Math.log);
    const free = fitPoisson({ n, p: 3, x }, y, off, { ridge: 0 });
    const ridge = fitPoisson({ n, p: 3, x }, y, off, { ridge: 50 });
    for (let j = 0; j < 3; j++) {
      const z = (i: number) => (x[i * 3 + j] - ridge.means[j]) / ridge.scales[j];
      let g = 50 * ridge.standardCoefficients[j];
      for (let i = 0; i < n; i++) {
        let eta = off[i] + ridge.intercept;
        for (let k = 0; k < 3; k++) eta += ridge.coefficients[k] * x[i * 3 + k];
        g += z(i) * (Math.exp(eta) - y[i]);
      }
      expect(Math.abs(g)).toBeLessThan(1e-6);
      expect(Math.abs(ridge.standardCoefficients[j])).toBeLessThan(Math.abs(free.standardCoefficients[j]));
    }
  });

  it("holds a coefficient with the wrong sign at 0 and refits the rest (sign constraints)", () => {
    const n = glm.y.length;
    const x = Float64Array.from(glm.x);
    const fit = fitPoisson({ n, p: 3, x }, Float64Array.from(glm.y), Float64Array.from(glm.lengthM, Math.log), { ridge: 0, signs: Int8Array.from([0, -1, 0]) });
    expect(fit.heldAtZero).toEqual([1]);
    expect(fit.coefficients[1]).toBe(0);
    expect(fit.coefficients[0]).toBeGreaterThan(0);
  });

  it("property (seeded synthetic data): the covariate that drives incidents ranks first with the right sign, pure noise gets near-zero weight", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rand = seededRandom(seed);
      const n = 20000;
      const x = new Float64Array(n * 2);
      const y = new Float64Array(n);
      const off = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const distanceKm = rand() * 20; // the true driver: distance to a (synthetic) front line
        const noise = rand() * 20;
        x[i * 2] = distanceKm;
        x[i * 2 + 1] = noise;
        const lengthM = 50 + rand() * 50;
        off[i] = Math.log(lengthM);
        y[i] = poisson(lengthM * Math.exp(-4.5 - 0.15 * distanceKm), rand);
      }
      const fit = fitPoisson({ n, p: 2, x }, y, off, { ridge: 1 });
      const [truth, noise] = fit.standardCoefficients;
      expect(truth).toBeLessThan(0); // farther from the line, fewer incidents
      expect(Math.abs(truth)).toBeGreaterThan(10 * Math.abs(noise));
      expect(Math.abs(fit.coefficients[0] + 0.15)).toBeLessThan(0.02);
      expect(Math.abs(fit.coefficients[1])).toBeLessThan(0.01);
    }
  });

  it("gives a constant column coefficient 0 instead of a singular system", () => {
    const x = Float64Array.from([1, 3, 2, 3, 3, 3, 4, 3]);
    const fit = fitPoisson({ n: 4, p: 2, x }, Float64Array.from([0, 1, 1, 3]), new Float64Array(4), { ridge: 0 });
    expect(fit.coefficients[1]).toBe(0);
    expect(Number.isFinite(fit.coefficients[0])).toBe(true);
  });
});
