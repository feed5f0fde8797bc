import { CholeskyDecomposition, Matrix } from "ml-matrix";
import { OptionError } from "../../core/errors.ts";

/** A design matrix: n rows × p columns, row-major in one typed array. */
export interface Design {
  n: number;
  p: number;
  x: Float64Array;
}

export interface PoissonFitOptions {
  /** Ridge penalty λ on the standardised coefficients (the intercept is not penalised): objective = −loglik + λ/2·Σβ². Default 1. */
  ridge?: number;
  /** Per column: +1 the coefficient must be ≥ 0, −1 ≤ 0, 0 free. Default all free. */
  signs?: Int8Array;
  /** Newton iterations at most. Default 100. */
  maxIterations?: number;
  /** Stop when the largest Newton step on the standardised scale is below this. Default 1e-12. */
  tolerance?: number;
}

export interface PoissonFit {
  /** On the original feature scale: η = intercept + Σ coefficients[j]·x_j + offset. */
  intercept: number;
  coefficients: Float64Array;
  /** The same model on standardised features z_j = (x_j − mean_j)/scale_j: η = b0 + Σ β_j·z_j. */
  standardIntercept: number;
  standardCoefficients: Float64Array;
  means: Float64Array;
  /** Standard deviation of each column over the rows; 0 for a constant column (its coefficient is fixed at 0). */
  scales: Float64Array;
  /** Columns whose sign constraint is active (coefficient held at 0). */
  heldAtZero: number[];
  iterations: number;
  converged: boolean;
  /** Poisson deviance 2·Σ[y·log(y/μ) − (y − μ)]. */
  deviance: number;
}

/**
 * Ridge-regularised Poisson regression with log link and an offset (McCullagh & Nelder 1989, ch. 6; ridge
 * as in glmnet's α = 0, but with the penalty on the sum, not the mean, of the deviance), fitted by Newton's
 * method on the standardised features: gradient Zᵀ(μ − y) + λβ, Hessian ZᵀWZ + λI with W = diag(μ),
 * step halving until the objective falls. With λ = 0 this is R's glm(family = poisson) and matches it
 * (test/analyses/model/poisson-fit.test.ts, fixture from scripts/reference/poisson-glm.R). The n×p
 * accumulation of ZᵀWZ is written here over typed arrays (a 10⁶ × 20 design would cost ml-matrix a copy per
 * iteration); the p×p solve is ml-matrix's Cholesky. Sign constraints: an active set — a coefficient that
 * ends on the wrong side is held at 0 and the rest refitted, until none does and every held one's gradient
 * points out of its allowed side (the KKT conditions of the constrained problem).
 */
export function fitPoisson(design: Design, y: Float64Array, offset: Float64Array, options: PoissonFitOptions = {}): PoissonFit {
  const { n, p, x } = design;
  const lambda = options.ridge ?? 1;
  if (!(lambda >= 0 && Number.isFinite(lambda))) throw new OptionError(`ridge must be a non-negative number, got ${lambda}`);
  if (x.length !== n * p || y.length !== n || offset.length !== n) throw new OptionError(`design ${n}×${p} does not match ${x.length} values, ${y.length} targets, ${offset.length} offsets`);
  const signs = options.signs ?? new Int8Array(p);
  const means = new Float64Array(p);
  const scales = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) means[j] += x[i * p + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) scales[j] += (x[i * p + j] - means[j]) ** 2 / n;
  for (let j = 0; j < p; j++) scales[j] = Math.sqrt(scales[j]);
  const held = new Set<number>();
  for (let j = 0; j < p; j++) if (!(scales[j] > 1e-9 * (1 + Math.abs(means[j])))) held.add(j);
  const constant = new Set(held);
  let fit = newton(design, y, offset, means, scales, held, lambda, options);
  for (let round = 0; round < p + 1; round++) {
    let changed = false;
    for (let j = 0; j < p; j++) if (!held.has(j) && signs[j] * fit.beta[j + 1] < 0) (held.add(j), (changed = true));
    if (!changed) {
      // release a held coefficient whose gradient would move it into its allowed side
      for (const j of held) if (!constant.has(j) && signs[j] !== 0 && -fit.gradient[j + 1] * signs[j] > 1e-9) (held.delete(j), (changed = true));
    }
    if (!changed) break;
    fit = newton(design, y, offset, means, scales, held, lambda, options, fit.beta);
  }
  const coefficients = new Float64Array(p);
  let intercept = fit.beta[0];
  for (let j = 0; j < p; j++) {
    coefficients[j] = held.has(j) ? 0 : fit.beta[j + 1] / scales[j];
    intercept -= coefficients[j] * means[j];
  }
  return { intercept, coefficients, standardIntercept: fit.beta[0], standardCoefficients: fit.beta.slice(1), means, scales, heldAtZero: [...held].filter((j) => !constant.has(j)).sort((a, b) => a - b), iterations: fit.iterations, converged: fit.converged, deviance: fit.deviance };
}

/** Newton's method on the free columns; beta[0] is the intercept, beta[j+1] column j's standardised coefficient. */
function newton(design: Design, y: Float64Array, offset: Float64Array, means: Float64Array, scales: Float64Array, held: Set<number>, lambda: number, options: PoissonFitOptions, start?: Float64Array) {
  const { n, p, x } = design;
  const free = [-1, ...Array.from({ length: p }, (_, j) => j).filter((j) => !held.has(j))];
  const q = free.length;
  const beta = new Float64Array(p + 1);
  if (start) for (const j of free) beta[j + 1] = start[j + 1];
  else {
    let sy = 0;
    let so = 0;
    for (let i = 0; i < n; i++) (sy += y[i]), (so += Math.exp(offset[i]));
    beta[0] = sy > 0 ? Math.log(sy / so) : -30;
  }
  const z = new Float64Array(q);
  const eta = new Float64Array(n);
  const linear = (b: Float64Array) => {
    for (let i = 0; i < n; i++) {
      let e = offset[i] + b[0];
      for (let k = 1; k < q; k++) e += b[free[k] + 1] * ((x[i * p + free[k]] - means[free[k]]) / scales[free[k]]);
      eta[i] = e;
    }
  };
  const objective = (b: Float64Array) => {
    linear(b);
    let f = 0;
    for (let i = 0; i < n; i++) f += Math.exp(eta[i]) - y[i] * eta[i];
    for (let k = 1; k < q; k++) f += (lambda / 2) * b[free[k] + 1] ** 2;
    return f;
  };
  const maxIt = options.maxIterations ?? 100;
  const tol = options.tolerance ?? 1e-12;
  let f = objective(beta);
  let iterations = 0;
  let converged = false;
  const gradient = new Float64Array(p + 1);
  for (; iterations < maxIt; iterations++) {
    const g = new Float64Array(q);
    const h = new Float64Array(q * q);
    for (let i = 0; i < n; i++) {
      const mu = Math.exp(eta[i]);
      z[0] = 1;
      for (let k = 1; k < q; k++) z[k] = (x[i * p + free[k]] - means[free[k]]) / scales[free[k]];
      const r = mu - y[i];
      for (let a = 0; a < q; a++) {
        g[a] += z[a] * r;
        const wa = mu * z[a];
        for (let b = 0; b <= a; b++) h[a * q + b] += wa * z[b];
      }
    }
    for (let k = 1; k < q; k++) (g[k] += lambda * beta[free[k] + 1]), (h[k * q + k] += lambda);
    const H = new Matrix(q, q);
    for (let a = 0; a < q; a++) for (let b = 0; b <= a; b++) (H.set(a, b, h[a * q + b]), H.set(b, a, h[a * q + b]));
    const step = new CholeskyDecomposition(H).solve(Matrix.columnVector(Array.from(g, (v) => -v))).getColumn(0);
    let t = 1;
    const next = Float64Array.from(beta);
    let fNext = Number.POSITIVE_INFINITY;
    for (let half = 0; half < 60; half++, t /= 2) {
      for (let k = 0; k < q; k++) next[free[k] + 1] = beta[free[k] + 1] + t * step[k];
      fNext = objective(next);
      if (fNext <= f) break;
    }
    const largest = step.reduce((m, s) => Math.max(m, Math.abs(s * t)), 0);
    if (fNext <= f) (beta.set(next), (f = fNext));
    else linear(beta);
    if (largest < tol || !(fNext <= f)) {
      converged = largest < tol || Math.abs(fNext - f) <= 1e-15 * Math.abs(f);
      iterations++;
      break;
    }
  }
  // gradient at the solution, for every column (held ones too: the KKT check needs them)
  linear(beta);
  let deviance = 0;
  for (let i = 0; i < n; i++) {
    const mu = Math.exp(eta[i]);
    deviance += 2 * ((y[i] > 0 ? y[i] * Math.log(y[i] / mu) : 0) - (y[i] - mu));
    gradient[0] += mu - y[i];
    for (let j = 0; j < p; j++) if (scales[j] > 0) gradient[j + 1] += ((x[i * p + j] - means[j]) / scales[j]) * (mu - y[i]);
  }
  for (let j = 0; j < p; j++) gradient[j + 1] += lambda * beta[j + 1];
  return { beta, gradient, iterations, converged, deviance };
}
