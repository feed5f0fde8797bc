import { OptionError } from "../../core/errors.ts";
import { dayToIso, type IncidentSet, isoToDay } from "../../core/incident-set.ts";
import { type LixelIndex, nearestLixel } from "../../spatial/lixel-index.ts";
import { type FeatureInputs, type FeatureOptions, type FeatureTable, lixelModelFeatures } from "./features.ts";
import { fitPoisson, type PoissonFit } from "./poisson-fit.ts";

export interface FittedRankingOptions {
  /** The forecast window w, years: the model predicts the next w years' target incidents. Default 2. */
  windowYears?: number;
  /** Pseudo-splits inside the training period: t = T, T − w, …, (K − 1) earlier. Default 3. */
  pseudoSplits?: number;
  /** Ridge penalty of the Poisson fit (poisson-fit.ts). Default 10. */
  ridge?: number;
  /** A target incident counts on its nearest lixel within this distance, metres. Default 1000. */
  snapToleranceM?: number;
  features?: FeatureOptions;
}

export interface FittedRankingInputs extends Omit<FeatureInputs, "asOfDay"> {
  /** 1 for target incidents (what the model learns to predict). */
  target: Uint8Array;
  /** First day after the training period: nothing dated on or after it is used. */
  trainEndDay: number;
}

/** The fitted ranking of every lixel, its parts, and the model. */
export interface FittedRanking {
  /** Expected target incidents per km per year over the next window. */
  ratePerKmYear: Float64Array;
  /** rate = baseRatePerKmYear + Σ_j parts[j][l], exactly up to rounding: the "why is this stretch red". */
  parts: Float64Array[];
  baseRatePerKmYear: number;
  meta: {
    model: "fitted";
    method: string;
    features: string[];
    /** Coefficients on the standardised features (comparable across features) and on the features as computed. */
    standardCoefficients: Record<string, number>;
    coefficients: Record<string, number>;
    intercept: number;
    pseudoSplits: { featuresUpTo: string; targetFrom: string; targetTo: string; targetEvents: number }[];
    trainingRows: number;
    ridge: number;
    windowYears: number;
    iterations: number;
    converged: boolean;
  };
}

/**
 * Fit the ranking model on pseudo-splits inside the training period only (docs/risk-model.md, "Fitted
 * ranking"): for t = T, T − w, …, features from the incidents dated before t − w, target = target incidents
 * dated in [t − w, t) on their nearest lixel within the snap tolerance; one Poisson model of all rows,
 * log E[y_l] = log(len_l) + b0 + Σ β_j z_lj (poisson-fit.ts). Then score every lixel with features from all
 * incidents before T: rate_l = exp(b0 + Σ β_j z_lj) · 1000 / w incidents per km per year. Its parts split
 * the rate above the base rate r0 = exp(b0)·1000/w (a lixel with average features) in proportion to each
 * feature's term on the log scale: part_j = (rate − r0)·β_j z_j / Σ_k β_k z_k, so they add up to the rate.
 */
export function fittedRanking(inputs: FittedRankingInputs, options: FittedRankingOptions = {}): FittedRanking {
  const w = options.windowYears ?? 2;
  const K = options.pseudoSplits ?? 3;
  const ridge = options.ridge ?? 10;
  const tol = options.snapToleranceM ?? 1000;
  if (!(Number.isInteger(w) && w >= 1)) throw new OptionError(`windowYears must be a whole number of years ≥ 1, got ${w}`);
  if (!(Number.isInteger(K) && K >= 1)) throw new OptionError(`pseudoSplits must be a whole number ≥ 1, got ${K}`);
  const { lixelIndex, incidents, target } = inputs;
  const n = lixelIndex.lixels.count;
  const endYear = Number(dayToIso(inputs.trainEndDay).slice(0, 4));
  const rows: FeatureTable[] = [];
  const ys: Float64Array[] = [];
  const pseudo: FittedRanking["meta"]["pseudoSplits"] = [];
  for (let k = 0; k < K; k++) {
    const t = isoToDay(`${endYear - k * w}`);
    const from = isoToDay(`${endYear - (k + 1) * w}`);
    const y = snapTargets(lixelIndex, incidents, target, from, Math.min(t, inputs.trainEndDay), tol);
    rows.push(lixelModelFeatures({ ...inputs, asOfDay: from - 1 }, options.features));
    ys.push(y.counts);
    pseudo.push({ featuresUpTo: dayToIso(from - 1), targetFrom: dayToIso(from), targetTo: dayToIso(t - 1), targetEvents: y.total });
  }
  const names = rows[0].names;
  const p = names.length;
  const x = new Float64Array(K * n * p);
  const yAll = new Float64Array(K * n);
  const offset = new Float64Array(K * n);
  for (let k = 0; k < K; k++)
    for (let l = 0; l < n; l++) {
      const r = k * n + l;
      for (let j = 0; j < p; j++) x[r * p + j] = rows[k].columns[j][l];
      yAll[r] = ys[k][l];
      offset[r] = Math.log(lixelIndex.lixels.lengthM[l]);
    }
  const fit = fitPoisson({ n: K * n, p, x }, yAll, offset, { ridge });
  const now = lixelModelFeatures({ ...inputs, asOfDay: inputs.trainEndDay - 1 }, options.features);
  return { ...scoreWithParts(fit, now, w), meta: meta(fit, names, pseudo, K * n, ridge, w) };
}

/** Rates and additive parts of each lixel from a fitted model and that period's features (see fittedRanking). */
export function scoreWithParts(fit: PoissonFit, table: FeatureTable, windowYears: number) {
  const p = table.names.length;
  const n = table.columns[0]?.length ?? 0;
  const perKmYear = 1000 / windowYears;
  const base = Math.exp(fit.standardIntercept) * perKmYear;
  const ratePerKmYear = new Float64Array(n);
  const parts = Array.from({ length: p }, () => new Float64Array(n));
  const term = new Float64Array(p);
  for (let l = 0; l < n; l++) {
    let eta = 0;
    for (let j = 0; j < p; j++) {
      term[j] = fit.scales[j] > 0 ? fit.standardCoefficients[j] * ((table.columns[j][l] - fit.means[j]) / fit.scales[j]) : 0;
      eta += term[j];
    }
    const rate = base * Math.exp(eta);
    ratePerKmYear[l] = rate;
    if (eta !== 0) for (let j = 0; j < p; j++) parts[j][l] = ((rate - base) * term[j]) / eta;
  }
  return { ratePerKmYear, parts, baseRatePerKmYear: base };
}

function meta(fit: PoissonFit, names: string[], pseudoSplits: FittedRanking["meta"]["pseudoSplits"], trainingRows: number, ridge: number, windowYears: number): FittedRanking["meta"] {
  return {
    model: "fitted",
    method: "ridge-regularised Poisson regression, log link, offset log(length), fitted by Newton's method on pseudo-splits inside the training period",
    features: names,
    standardCoefficients: Object.fromEntries(names.map((f, j) => [f, fit.standardCoefficients[j]])),
    coefficients: Object.fromEntries(names.map((f, j) => [f, fit.coefficients[j]])),
    intercept: fit.intercept,
    pseudoSplits,
    trainingRows,
    ridge,
    windowYears,
    iterations: fit.iterations,
    converged: fit.converged,
  };
}

/** Target incidents dated in [fromDay, toDay) counted on their nearest lixel within toleranceM. */
export function snapTargets(index: LixelIndex, incidents: IncidentSet, target: Uint8Array, fromDay: number, toDay: number, toleranceM: number) {
  const counts = new Float64Array(index.lixels.count);
  let total = 0;
  for (let i = 0; i < incidents.count; i++) {
    const d = incidents.dateDay[i];
    if (target[i] !== 1 || !(d >= fromDay && d < toDay)) continue;
    const hit = nearestLixel(index, incidents.x[i], incidents.y[i], toleranceM);
    if (hit) (counts[hit.lixel]++, total++);
  }
  return { counts, total };
}
