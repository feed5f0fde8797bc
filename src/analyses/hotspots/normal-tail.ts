/**
 * Two-sided p-value of a standard normal z-score, 2·(1 − Φ(|z|)) = erfc(|z|/√2), to about 1e-15
 * relative. Written by hand because no maintained statistics package is a dependency and the function
 * is twenty lines: erfc(x) = 1 − erf(x) with erf by its everywhere-positive series
 * erf(x) = (2/√π) e^(−x²) Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)) for x < 2.5 (Abramowitz & Stegun 7.1.6), and by
 * the continued fraction erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3/2/(x + …)))) for x ≥ 2.5
 * (A&S 7.1.14), evaluated backwards from 80 terms. Checked against R's pnorm in the spdep fixture.
 */
export function twoSidedNormalP(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  return erfc(Math.abs(z) / Math.SQRT2);
}

/** Complementary error function for x ≥ 0. */
export function erfc(x: number): number {
  if (x === Infinity) return 0;
  if (x < 2.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  let t = x;
  for (let n = 80; n >= 1; n--) t = x + n / 2 / t;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / t;
}
