/**
 * Order-independent summation of doubles: Shewchuk's exact partials ("Adaptive precision floating-point
 * arithmetic", 1997, grow-expansion) rounded once at the end, as CPython's `math.fsum` does (Modules/
 * mathmodule.c, including its half-way correction). The result is the exact sum of every term, correctly
 * rounded to a double, so it does not depend on the order of the terms nor on how they were grouped: a
 * tiled run sums each tile's terms into partials, hands the partials on, and the merge gets the same
 * double as the whole run (docs/scaling.md). Written by hand because it is 40 lines of a textbook
 * algorithm and it runs in hot loops over typed arrays; no npm package offers an exact, mergeable sum
 * (the Kahan/Neumaier ones are compensated, not exact, so their result still depends on the order).
 *
 * Non-finite terms are kept apart (their plain sum) and returned instead of the finite total, so ±Infinity
 * and NaN propagate as in a plain sum.
 */
export interface ExactSum {
  /** Non-overlapping partials, increasing magnitude; their exact sum is the exact sum of the terms. */
  partials: number[];
  /** Plain sum of the non-finite terms (0 when there were none). */
  special: number;
}

export function exactSum(): ExactSum {
  return { partials: [], special: 0 };
}

/** Add x to the sum, exactly. */
export function addExact(s: ExactSum, x: number): void {
  if (!Number.isFinite(x)) {
    s.special += x;
    return;
  }
  const p = s.partials;
  let i = 0;
  for (let j = 0; j < p.length; j++) {
    let y = p[j];
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) p[i++] = lo;
    x = hi;
  }
  p.length = i;
  p.push(x);
}

/** Add every partial of another sum (a tile's) to s: the result is as if s had seen that sum's terms. */
export function mergeExact(s: ExactSum, other: Pick<ExactSum, "partials" | "special">): void {
  for (const x of other.partials) addExact(s, x);
  if (other.special !== 0 || Number.isNaN(other.special)) s.special += other.special;
}

/** The exact sum correctly rounded to a double (round half to even). */
export function exactValue(s: ExactSum): number {
  if (s.special !== 0 || Number.isNaN(s.special)) return s.special;
  const p = s.partials;
  let n = p.length;
  if (n === 0) return 0;
  let hi = p[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = p[--n];
    hi = x + y;
    const yr = hi - x;
    lo = y - yr;
    if (lo !== 0) break;
  }
  // half-way case: the partials below lo push the rounding past the tie
  if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    const yr = x - hi;
    if (y === yr) hi = x;
  }
  return hi;
}
