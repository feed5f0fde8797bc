import { describe, expect, it } from "vitest";
import { roundSignificant6 } from "../../src/core/significant.ts";
import { seededRandom } from "../../src/core/random.ts";

const reference = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : v);
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe("roundSignificant6", () => {
  it("gives the double Number(v.toPrecision(6)) gives, on the edge cases", () => {
    const cases = [0, -0, 1, -1, 0.1, 0.3, 1e-7, 1e-6, 123456.5, 1234565, 0.1234565, 999999.5, 999999.4999, 9.999995, 9.9999949, 1e21, 1e22, 1e23, 123456789012345680000, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e-17, 1e-18, 1e-22, 1e-23, NaN, Infinity, -Infinity, 0.000123456789, 2 ** 53, 2 ** 31 - 0.5, 100000, 99999.95, 0.00099999951];
    for (let p = -30; p <= 30; p++) for (const m of [1, 1 - 1e-16, 1 + 1e-15, 9.999995, 1.000005, 2.5, 5.0000050000001]) cases.push(m * 10 ** p, -m * 10 ** p);
    for (const v of cases) expect(same(roundSignificant6(v), reference(v)), `${v}`).toBe(true);
  });

  it("gives the same double on 2,000,000 seeded values of every magnitude, and on values already rounded", () => {
    const rand = seededRandom(16);
    let bad = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const v = (rand() - 0.3) * 10 ** Math.floor(rand() * 40 - 20);
      if (!same(roundSignificant6(v), reference(v))) bad++;
      // ties: six digits and a 5, as a rate rounded twice or a half-way count ratio gives
      const tie = (Math.floor(rand() * 900_000) + 100_000 + 0.5) * 10 ** Math.floor(rand() * 30 - 20);
      if (!same(roundSignificant6(tie), reference(tie))) bad++;
    }
    expect(bad).toBe(0);
  });
});
