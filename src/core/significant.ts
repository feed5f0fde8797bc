/**
 * `Number(v.toPrecision(6))` without making a string: the double nearest to v rounded to 6 significant
 * digits (ECMA-262 Number.prototype.toPrecision: n × 10^(e−5) with 10⁵ ≤ n < 10⁶ closest to |v|, the
 * larger n on a tie, the sign kept). Written by hand because the layers round seven columns of every
 * lixel this way (6 M values at 864k lixels) and toPrecision + Number was the writers' largest single
 * cost (≈ 6 CPU-s at gen.mjs M). The result is the same double, not an approximation
 * (test/core/significant.test.ts compares it with toPrecision on millions of seeded values and on the
 * edge cases):
 * - t = |v| · 10^k (k = 5 − e, 10^k exact for |k| ≤ 22) is within ½ ulp(t) < 1.2e-10 of the true
 *   product (t < 10⁶), so Math.round(t) is n unless t lies within 1e-7 of a half: then, and whenever
 *   10^k is not exact, e is out of range or v is not a normal finite number, toPrecision is used itself;
 * - n / 10^k (or n · 10^−k) is one correctly rounded IEEE operation on exact operands, so it is the
 *   double nearest to the decimal n·10^(e−5), which is what Number() of toPrecision's text gives.
 * Non-finite v is returned as it is (toPrecision would give "NaN"/"Infinity", Number() of which is v).
 */
const POW10: Float64Array = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

export function roundSignificant6(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? 0 : v;
  const a = v < 0 ? -v : v;
  let e = Math.floor(Math.log10(a));
  // log10 may be off by one next to a power of ten: settle e with exact comparisons against POW10
  if (e >= -22 && e <= 22) {
    if (e >= 0 ? a < POW10[e] : a * POW10[-e] < 1) e--;
    else if (e + 1 >= 0 ? e + 1 <= 22 && a >= POW10[e + 1] : a * POW10[-(e + 1)] >= 1) e++;
  }
  const k = 5 - e;
  if (k > 22 || k < -22 || e < -17) return Number(v.toPrecision(6));
  const t = k >= 0 ? a * POW10[k] : a / POW10[-k];
  const frac = t - Math.floor(t);
  if (Math.abs(frac - 0.5) < 1e-7 || t < 99_999.9 || t >= 999_999.5) return Number(v.toPrecision(6));
  const n = Math.round(t);
  const r = k >= 0 ? n / POW10[k] : n * POW10[-k];
  return v < 0 ? -r : r;
}
