import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitWithSplitLevels } from "../../../src/analyses/model/covariate-term.ts";

/** R's glm with one level per split and the offset log(s·len) (scripts/reference/covariate-term-glm.R). */
const ref = JSON.parse(readFileSync(new URL("../../fixtures/model/covariate-term-glm.json", import.meta.url), "utf8"));
const design = { p: 2, x: Float64Array.from(ref.x), y: Float64Array.from(ref.y), logShapeLen: Float64Array.from(ref.logShapeLen), sizes: Int32Array.from(ref.sizes) };

describe("fitWithSplitLevels against R glm (synthetic, set.seed(19))", () => {
  it("with ridge 0 gives glm's β and standard errors", () => {
    const fit = fitWithSplitLevels(design, { ridge: 0, confidence: 0.95 });
    expect(fit.converged).toBe(true);
    fit.terms.forEach((t, j) => {
      expect(t.beta).toBeCloseTo(ref.beta[j], 8);
      expect(t.standardError).toBeCloseTo(ref.standardError[j], 6);
      expect(t.high - t.low).toBeCloseTo(2 * 1.959963985 * ref.standardError[j], 6);
      expect(t.priorShare).toBe(0);
    });
  });

  it("with a ridge pulls β towards 0 and narrows its interval, more with a larger λ", () => {
    const plain = fitWithSplitLevels(design, { ridge: 0, confidence: 0.95 }).terms[0];
    const some = fitWithSplitLevels(design, { ridge: 10, confidence: 0.95 }).terms[0];
    const much = fitWithSplitLevels(design, { ridge: 1000, confidence: 0.95 }).terms[0];
    expect(Math.abs(some.beta)).toBeLessThan(Math.abs(plain.beta));
    expect(Math.abs(much.beta)).toBeLessThan(Math.abs(some.beta));
    expect(some.standardError).toBeLessThan(plain.standardError);
    expect(much.priorShare).toBeGreaterThan(some.priorShare);
    expect(much.priorShare).toBeLessThan(1);
  });

  it("refuses a negative ridge", () => {
    expect(() => fitWithSplitLevels(design, { ridge: -1, confidence: 0.95 })).toThrow(/non-negative/);
  });
});
