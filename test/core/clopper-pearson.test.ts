import { describe, expect, it } from "vitest";
import { clopperPearson } from "../../src/core/gamma-quantile.ts";

// Reference: R 4.2.2 `binom.test(k, n)$conf.int` (Clopper–Pearson), printed with
// Rscript -e 'for (x in list(c(0,28),c(18,28),c(28,28),c(41,341))) { ci <- binom.test(x[1], x[2])$conf.int; cat(x, sprintf("%.12f %.12f", ci[1], ci[2]), "\n") }'
const R: [number, number, number, number][] = [
  [0, 28, 0, 0.1234361185],
  [18, 28, 0.440650312747, 0.81359334],
  [28, 28, 0.8765638815, 1],
  [41, 341, 0.087679930279, 0.159560506209],
];

describe("clopperPearson", () => {
  it("equals R's binom.test interval, ends included", () => {
    for (const [k, n, low, high] of R) {
      const ci = clopperPearson(k, n);
      expect(ci.low).toBeCloseTo(low, 9);
      expect(ci.high).toBeCloseTo(high, 9);
    }
  });

  it("refuses shares that are not k of n", () => {
    expect(() => clopperPearson(3, 2)).toThrow(/0 ≤ k ≤ n/);
    expect(() => clopperPearson(1.5, 4)).toThrow(/whole numbers/);
    expect(() => clopperPearson(0, 0)).toThrow(/n > 0/);
  });
});
