import { describe, expect, it } from "vitest";
import { scoreWithParts } from "../../../src/analyses/model/fitted-ranking.ts";
import { fitPoisson } from "../../../src/analyses/model/poisson-fit.ts";
import { seededRandom } from "../../../src/core/random.ts";

describe("scoreWithParts", () => {
  // seeded synthetic design: three features, counts from a log-linear truth
  const rand = seededRandom(3);
  const n = 3000;
  const x = Float64Array.from({ length: n * 3 }, () => rand() * 4);
  const off = Float64Array.from({ length: n }, () => Math.log(50 + rand() * 50));
  const y = Float64Array.from({ length: n }, (_, i) => (rand() < Math.exp(off[i] - 6 + 0.5 * x[i * 3] - 0.3 * x[i * 3 + 1]) ? 1 : 0));
  const fit = fitPoisson({ n, p: 3, x }, y, off, { ridge: 1 });
  const table = { names: ["a", "b", "c"], columns: [0, 1, 2].map((j) => Float64Array.from({ length: n }, (_, i) => x[i * 3 + j])) };

  it("the parts add up to the rate: base + Σ parts = rate for every lixel", () => {
    const s = scoreWithParts(fit, table, 2);
    for (let l = 0; l < n; l++) {
      let sum = s.baseRatePerKmYear;
      for (const part of s.parts) sum += part[l];
      expect(Math.abs(sum - s.ratePerKmYear[l])).toBeLessThanOrEqual(1e-12 * s.ratePerKmYear[l]);
    }
  });

  it("the rate is exp(linear predictor) per km per year: the fit's own prediction over the window", () => {
    const s = scoreWithParts(fit, table, 2);
    for (const l of [0, 17, 2999]) {
      const eta = fit.intercept + fit.coefficients[0] * x[l * 3] + fit.coefficients[1] * x[l * 3 + 1] + fit.coefficients[2] * x[l * 3 + 2];
      expect(s.ratePerKmYear[l]).toBeCloseTo((Math.exp(eta) * 1000) / 2, 10);
    }
  });
});
