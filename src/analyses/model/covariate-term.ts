import { inverse, Matrix } from "ml-matrix";
import { OptionError } from "../../core/errors.ts";
import { gammaQuantile } from "../../core/gamma-quantile.ts";
import { dayToIso, type IncidentSet } from "../../core/incident-set.ts";
import { type LixelIndex, nearestLixel } from "../../spatial/lixel-index.ts";
import { fitPoisson } from "./poisson-fit.ts";

export interface CovariateTermOptions {
  /** The window w of each pseudo-split, years: target incidents in (t − w, t], shape from those up to t − w. Default 2. */
  windowYears?: number;
  /** Pseudo-splits t = T, T − w, …, (K − 1)·w earlier, T the day after asOf. Default 3 (as fitted-ranking.ts). */
  pseudoSplits?: number;
  /** Ridge λ on the standardised β (poisson-fit.ts): objective = −loglik + λ/2·Σβ². Default 10 (as fitted-ranking.ts). */
  ridge?: number;
  /** Confidence of β's interval. Default 0.95. */
  confidence?: number;
}

/** What the fit of β needs: the lixels, the covariate columns, and, per pseudo-split, the v1.1 shape. */
export interface CovariateTermInputs {
  lixelIndex: LixelIndex;
  incidents: IncidentSet;
  /** Per incident how much it counts as a target road incident (risk-score.ts roadShare: 0 = not a target). */
  roadShare: Float64Array;
  roadBandM: number;
  /** Covariate columns x_j per lixel, by name (covariates.ts). */
  names: string[];
  columns: Float64Array[];
  /** The day after the training period (asOf + 1). */
  trainEndDay: number;
  /** v1.1's shape s_l from the incidents dated before `beforeDay` (undated ones left out), or undefined when none is. */
  shapeBefore(beforeDay: number): Float64Array | undefined;
}

export interface CovariateTermFit {
  /**
   * β_j on the covariate as computed (e.g. per unit of log(1 + km)), its standard error and interval; and
   * priorShare, the share of β's information (the diagonal of H) that comes from the ridge, λ / H_jj: near 1
   * the ridge, not the data, sets β.
   */
  terms: { feature: string; beta: number; standardError: number; low: number; high: number; standardBeta: number; heldAtZero: boolean; priorShare: number }[];
  confidence: number;
  ridge: number;
  windowYears: number;
  pseudoSplits: { shapeUpTo: string; targetFrom: string; targetTo: string; targetEvents: number; usedEvents: number }[];
  /** Σ of the target incidents (by road share) the fit rests on: those on a lixel some kernel reaches. */
  targetEvents: number;
  rows: number;
  converged: boolean;
}

const YEAR_DAYS = 365.2425;

/**
 * β of the covariate term of the kernel model (docs/risk-model.md, "Covariates"):
 *   E[y_kl] = exp(a_k + Σ_j β_j·x_jl) · s_kl · len_l
 * on pseudo-splits k inside the training period only — s_k is v1.1's shape from the incidents up to t_k − w,
 * y_k the target road incidents in (t_k − w, t_k] on their nearest lixel — with one free level a_k per split
 * (κ differs between them) and the ridge on β. Rows with s = 0 carry no information on β (μ = 0 whatever β)
 * and are left out. fitPoisson (poisson-fit.ts) fits β with one shared intercept; the split levels are
 * profiled out by refitting with a_k = log(Y_k / Σ_l s_kl·len_l·e^{βx_l}) until β settles, which is the
 * joint optimum because the a_k are not penalised. The standard errors are from the inverse of the
 * penalised observed information of (a, β) — the Laplace approximation of β's posterior under the ridge's
 * Gaussian prior N(0, 1/λ) on the standardised scale — so they assume Poisson counts (no overdispersion).
 */
export function fitCovariateTerm(inputs: CovariateTermInputs, options: CovariateTermOptions = {}): CovariateTermFit {
  const w = options.windowYears ?? 2;
  const K = options.pseudoSplits ?? 3;
  const ridge = options.ridge ?? 10;
  const confidence = options.confidence ?? 0.95;
  if (!(Number.isInteger(w) && w >= 1)) throw new OptionError(`covariate windowYears must be a whole number of years ≥ 1, got ${w}`);
  if (!(Number.isInteger(K) && K >= 1)) throw new OptionError(`covariate pseudoSplits must be a whole number ≥ 1, got ${K}`);
  if (!(ridge >= 0 && Number.isFinite(ridge))) throw new OptionError(`covariate ridge must be a non-negative number, got ${ridge}`);
  const { lixelIndex, names, columns } = inputs;
  const p = names.length;
  const n = lixelIndex.lixels.count;
  const len = lixelIndex.lixels.lengthM;
  const target = snapTargets(inputs);
  const splits: { rows: Int32Array; logShapeLen: Float64Array; y: Float64Array; total: number }[] = [];
  const pseudoSplits: CovariateTermFit["pseudoSplits"] = [];
  for (let k = 0; k < K; k++) {
    const t = inputs.trainEndDay - Math.round(k * w * YEAR_DAYS);
    const from = inputs.trainEndDay - Math.round((k + 1) * w * YEAR_DAYS); // windows that tile, no day twice
    const y = new Float64Array(n);
    let events = 0;
    for (let i = 0; i < target.lixel.length; i++)
      if (target.lixel[i] >= 0 && inputs.incidents.dateDay[i] >= from && inputs.incidents.dateDay[i] < t) (y[target.lixel[i]] += target.weight[i]), (events += target.weight[i]);
    const s = events > 0 ? inputs.shapeBefore(from) : undefined;
    const rows: number[] = [];
    let used = 0;
    if (s) for (let l = 0; l < n; l++) if (s[l] > 0) (rows.push(l), (used += y[l]));
    pseudoSplits.push({ shapeUpTo: dayToIso(from - 1), targetFrom: dayToIso(from), targetTo: dayToIso(t - 1), targetEvents: r6(events), usedEvents: r6(used) });
    if (!s || used <= 0) continue;
    const r = Int32Array.from(rows);
    splits.push({ rows: r, logShapeLen: Float64Array.from(r, (l) => Math.log(s[l] * len[l])), y: Float64Array.from(r, (l) => y[l]), total: used });
  }
  const nRows = splits.reduce((a, s) => a + s.rows.length, 0);
  const targetEvents = splits.reduce((a, s) => a + s.total, 0);
  const none = (held: boolean) => names.map((feature) => ({ feature, beta: 0, standardError: Number.NaN, low: Number.NaN, high: Number.NaN, standardBeta: 0, heldAtZero: held, priorShare: 1 }));
  const base = { confidence, ridge, windowYears: w, pseudoSplits, targetEvents: r6(targetEvents), rows: nRows };
  if (splits.length === 0 || p === 0) return { ...base, terms: none(true), converged: true };
  const x = new Float64Array(nRows * p);
  const yAll = new Float64Array(nRows);
  const logShapeLen = new Float64Array(nRows);
  let r = 0;
  for (const sp of splits)
    for (let q = 0; q < sp.rows.length; q++, r++) {
      for (let j = 0; j < p; j++) x[r * p + j] = columns[j][sp.rows[q]];
      yAll[r] = sp.y[q];
      logShapeLen[r] = sp.logShapeLen[q];
    }
  const core = fitWithSplitLevels({ p, x, y: yAll, logShapeLen, sizes: Int32Array.from(splits, (sp) => sp.rows.length) }, { ridge, confidence });
  return { ...base, terms: names.map((feature, j) => ({ feature, ...core.terms[j] })), converged: core.converged };
}

/** The rows of the fit: covariates x (rows × p, row-major), counts y and log(s·len), split after split (`sizes` rows each). */
export interface SplitDesign {
  p: number;
  x: Float64Array;
  y: Float64Array;
  logShapeLen: Float64Array;
  sizes: Int32Array;
}

/**
 * The numerical core of fitCovariateTerm: E[y_r] = exp(a_k(r) + Σ_j β_j·x_rj + logShapeLen_r), one free level
 * a_k per split, ridge λ ≥ 0 on the standardised β (λ = 0: the maximum-likelihood fit, R's
 * glm(y ~ factor(split) + x + offset(logShapeLen), poisson); test/analyses/model/covariate-term.test.ts,
 * fixture from scripts/reference/covariate-term-glm.R).
 */
export function fitWithSplitLevels(design: SplitDesign, options: { ridge: number; confidence: number }) {
  const { p, x, y, logShapeLen, sizes } = design;
  const { ridge, confidence } = options;
  if (!(ridge >= 0 && Number.isFinite(ridge))) throw new OptionError(`covariate ridge must be a non-negative number, got ${ridge}`);
  const nRows = y.length;
  const totals = new Float64Array(sizes.length);
  for (let k = 0, o = 0; k < sizes.length; o += sizes[k], k++) for (let q = 0; q < sizes[k]; q++) totals[k] += y[o + q];
  const beta = new Float64Array(p);
  const offset = new Float64Array(nRows);
  let fit = undefined as ReturnType<typeof fitPoisson> | undefined;
  let converged = false;
  for (let round = 0; round < 200 && !converged; round++) {
    // profile the split levels at the current β, then refit β (and a shared intercept that tends to 0)
    for (let k = 0, o = 0; k < sizes.length; o += sizes[k], k++) {
      let mass = 0;
      for (let q = 0; q < sizes[k]; q++) mass += Math.exp(logShapeLen[o + q] + dot(beta, x, o + q, p));
      const level = Math.log(totals[k] / mass);
      for (let q = 0; q < sizes[k]; q++) offset[o + q] = logShapeLen[o + q] + level;
    }
    fit = fitPoisson({ n: nRows, p, x }, y, offset, { ridge });
    let change = 0;
    for (let j = 0; j < p; j++) (change = Math.max(change, Math.abs(fit.coefficients[j] - beta[j]) * (fit.scales[j] || 1))), (beta[j] = fit.coefficients[j]);
    converged = change < 1e-10 && fit.converged;
  }
  const f = fit as ReturnType<typeof fitPoisson>;
  const { se, priorShare } = standardErrors(sizes, x, offset, f, ridge);
  const z = Math.sqrt(2 * gammaQuantile(confidence, 0.5)); // |Z| ≤ z with probability `confidence`: Z² ~ χ²₁ = 2·Gamma(½)
  const terms = Array.from({ length: p }, (_, j) => {
    const held = constant(f, j) || f.heldAtZero.includes(j) || !Number.isFinite(se[j]);
    const b = held ? 0 : f.coefficients[j];
    const e = held ? Number.NaN : se[j] / f.scales[j];
    return { beta: b, standardError: e, low: b - z * e, high: b + z * e, standardBeta: held ? 0 : f.standardCoefficients[j], heldAtZero: held, priorShare: held ? 1 : priorShare[j] };
  });
  return { terms, converged };
}

/** Each target incident's lixel (nearest within max(roadBandM, its precision); −1 when none) and its road-share weight. */
function snapTargets(inputs: CovariateTermInputs): { lixel: Int32Array; weight: Float64Array } {
  const { incidents, roadShare } = inputs;
  const lixel = new Int32Array(incidents.count).fill(-1);
  for (let i = 0; i < incidents.count; i++) {
    if (!(roadShare[i] > 0) || Number.isNaN(incidents.dateDay[i])) continue;
    const hit = nearestLixel(inputs.lixelIndex, incidents.x[i], incidents.y[i], Math.max(inputs.roadBandM, incidents.precisionM[i] || 0));
    if (hit) lixel[i] = hit.lixel;
  }
  return { lixel, weight: roadShare };
}

/**
 * Standard errors of the standardised β from the penalised information of (a_1…a_K, β): H = Σ_r μ_r·u_r·u_rᵀ +
 * λ·diag(0…0, 1…1), u_r = (split indicator, z_r); Var = H⁻¹ (ml-matrix's inverse; H is (K + p)², tiny).
 */
function standardErrors(sizes: Int32Array, x: Float64Array, offset: Float64Array, fit: ReturnType<typeof fitPoisson>, ridge: number) {
  const p = fit.coefficients.length;
  const free = Array.from({ length: p }, (_, j) => j).filter((j) => !constant(fit, j) && !fit.heldAtZero.includes(j));
  const K = sizes.length;
  const q = K + free.length;
  const h = new Matrix(q, q);
  const u = new Float64Array(q);
  let r = 0;
  sizes.forEach((size, k) => {
    for (let c = 0; c < size; c++, r++) {
      let eta = offset[r] + fit.intercept;
      for (let j = 0; j < p; j++) eta += fit.coefficients[j] * x[r * p + j];
      const mu = Math.exp(eta);
      u.fill(0);
      u[k] = 1;
      free.forEach((j, m) => (u[K + m] = (x[r * p + j] - fit.means[j]) / fit.scales[j]));
      for (let a = 0; a < q; a++) if (u[a] !== 0) for (let b = 0; b < q; b++) h.set(a, b, h.get(a, b) + mu * u[a] * u[b]);
    }
  });
  for (let m = 0; m < free.length; m++) h.set(K + m, K + m, h.get(K + m, K + m) + ridge);
  const v = inverse(h);
  const se = new Float64Array(p).fill(Number.NaN);
  const priorShare = new Float64Array(p).fill(1);
  free.forEach((j, m) => ((se[j] = Math.sqrt(v.get(K + m, K + m))), (priorShare[j] = ridge / h.get(K + m, K + m))));
  return { se, priorShare };
}

/** A column fitPoisson held at 0 as constant over the rows (its own criterion, poisson-fit.ts). */
function constant(fit: ReturnType<typeof fitPoisson>, j: number): boolean {
  return !(fit.scales[j] > 1e-9 * (1 + Math.abs(fit.means[j])));
}

function dot(beta: Float64Array, x: Float64Array, row: number, p: number): number {
  let s = 0;
  for (let j = 0; j < p; j++) s += beta[j] * x[row * p + j];
  return s;
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
