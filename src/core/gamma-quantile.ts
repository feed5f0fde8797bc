import { createRequire } from "node:module";

/**
 * The one door to the npm package `jstat` (MIT; UMD bundle without type declarations, so it is loaded through
 * `require` here and nowhere else). Through it, the level intervals agree with R's qgamma (epitools) to
 * 1e-9 relative (test/analyses/level/level-interval.test.ts); against scipy 1.17 `gamma.ppf` it agrees
 * to ≤ 4e-12 relative for shapes 0.05–250.
 */
interface JStat {
  gamma: { inv(p: number, shape: number, scale: number): number };
}

/** The p-quantile of the gamma distribution with the given shape and scale 1 (0 for shape 0). */
export function gammaQuantile(p: number, shape: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must lie in (0, 1), got ${p}`);
  if (!(shape >= 0) || !Number.isFinite(shape)) throw new RangeError(`shape must be a finite number ≥ 0, got ${shape}`);
  if (shape === 0) return 0;
  const { jStat } = createRequire(import.meta.url)("jstat") as { jStat: JStat }; // require caches the module
  return jStat.gamma.inv(p, shape, 1);
}

/** The p-quantile of the beta distribution Beta(a, b) (a, b > 0), through the same jstat door. */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must lie in (0, 1), got ${p}`);
  if (!(a > 0 && b > 0)) throw new RangeError(`a and b must be > 0, got ${a}, ${b}`);
  const { jStat } = createRequire(import.meta.url)("jstat") as { jStat: JStat & { beta: { inv(p: number, a: number, b: number): number } } };
  return jStat.beta.inv(p, a, b);
}

/**
 * Clopper & Pearson's (1934) exact interval for a binomial share k of n at `confidence` (default 0.95),
 * from beta quantiles: [B(α/2; k, n−k+1), B(1−α/2; k+1, n−k)], with 0 and 1 at the ends.
 */
export function clopperPearson(k: number, n: number, confidence = 0.95): { low: number; high: number } {
  if (!(Number.isInteger(k) && Number.isInteger(n) && n > 0 && k >= 0 && k <= n)) throw new RangeError(`need whole numbers 0 ≤ k ≤ n, n > 0; got k ${k}, n ${n}`);
  const alpha = 1 - confidence;
  return { low: k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1), high: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k) };
}
