/** A quasi-Poisson log-linear fit log μ_j = log e_j + a + b·t_j (b = 0 when the model has no slope). */
export interface TrendFit {
  intercept: number;
  slope: number;
  /** (X'WX)⁻¹ at the fit, [var a, cov ab, var b] (unscaled: multiply by the dispersion). */
  covariance: [number, number, number];
  /** Pearson χ² = Σ (y − μ)² / μ over the blocks. */
  pearson: number;
  /** Residual degrees of freedom: blocks − parameters. */
  df: number;
  iterations: number;
}

/**
 * Maximum-likelihood Poisson regression with a log link and offset log(exposure) on one covariate (time),
 * by Newton–Raphson (= IRLS for the canonical link; McCullagh & Nelder 1989, §2.5), the fit R's
 * `glm(y ~ t + offset(log(e)), family = quasipoisson)` makes (test/analyses/level/level-forecast.test.ts
 * checks it against R 4.2.2). Written here because it has two parameters: the 2 × 2 normal equations are
 * solved in closed form, and a GLM library would bring a general solver for a 2 × 2 inverse. Counts may be
 * non-integer (road-share weights): the Poisson score equations are the quasi-likelihood ones.
 * Needs Σ y > 0; with a slope, at least two distinct times and a count on each side (else the maximum is at
 * b = ±∞) — then the slope is dropped (`slope: 0`, df as without it), which the caller reports.
 */
export function poissonTrend(y: ArrayLike<number>, exposure: ArrayLike<number>, time: ArrayLike<number>, withSlope: boolean): TrendFit {
  const n = y.length;
  let sy = 0;
  let se = 0;
  for (let j = 0; j < n; j++) {
    sy += y[j];
    se += exposure[j];
  }
  let a = Math.log(sy / se);
  let b = 0;
  const slope = withSlope && n >= 3 && slopeIdentified(y, time);
  let iterations = 0;
  let cov: [number, number, number] = [1 / sy, 0, 0];
  for (; iterations < 100; iterations++) {
    // score U and Fisher information I = X'WX with W = diag(μ)
    let u0 = 0;
    let u1 = 0;
    let i00 = 0;
    let i01 = 0;
    let i11 = 0;
    for (let j = 0; j < n; j++) {
      const mu = exposure[j] * Math.exp(a + b * time[j]);
      const r = y[j] - mu;
      u0 += r;
      u1 += r * time[j];
      i00 += mu;
      i01 += mu * time[j];
      i11 += mu * time[j] * time[j];
    }
    let da: number;
    let db = 0;
    if (slope) {
      const det = i00 * i11 - i01 * i01;
      cov = [i11 / det, -i01 / det, i00 / det];
      da = cov[0] * u0 + cov[1] * u1;
      db = cov[1] * u0 + cov[2] * u1;
    } else {
      cov = [1 / i00, 0, 0];
      da = u0 / i00;
    }
    // step halving keeps every step an ascent of the (concave) log-likelihood, so Newton cannot overshoot
    const before = logLik(y, exposure, time, a, b);
    let step = 1;
    while (step > 1e-6 && logLik(y, exposure, time, a + step * da, b + step * db) < before - 1e-12) step /= 2;
    da *= step;
    db *= step;
    a += da;
    b += db;
    if (Math.abs(da) < 1e-12 && Math.abs(db) < 1e-12) break;
  }
  let pearson = 0;
  for (let j = 0; j < n; j++) {
    const mu = exposure[j] * Math.exp(a + b * time[j]);
    pearson += ((y[j] - mu) * (y[j] - mu)) / mu;
  }
  return { intercept: a, slope: b, covariance: cov, pearson, df: n - (slope ? 2 : 1), iterations };
}

/** A finite ML slope exists when counts are not all at the earliest or all at the latest time. */
function slopeIdentified(y: ArrayLike<number>, time: ArrayLike<number>): boolean {
  let tMin = Infinity;
  let tMax = -Infinity;
  for (let j = 0; j < y.length; j++) {
    tMin = Math.min(tMin, time[j]);
    tMax = Math.max(tMax, time[j]);
  }
  let atMin = 0;
  let atMax = 0;
  let total = 0;
  for (let j = 0; j < y.length; j++) {
    total += y[j];
    if (time[j] === tMin) atMin += y[j];
    if (time[j] === tMax) atMax += y[j];
  }
  return tMax > tMin && atMin < total && atMax < total;
}

/** Σ y·log μ − μ (the Poisson log-likelihood without its constant). */
function logLik(y: ArrayLike<number>, exposure: ArrayLike<number>, time: ArrayLike<number>, a: number, b: number): number {
  let sum = 0;
  for (let j = 0; j < y.length; j++) {
    const eta = a + b * time[j];
    sum += y[j] * (Math.log(exposure[j]) + eta) - exposure[j] * Math.exp(eta);
  }
  return sum;
}
