import { dayToIso, type IncidentSet, isoToDay } from "../../core/incident-set.ts";
import type { AreaIndex } from "../../spatial/area-index.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";
import type { CovariateMeta } from "../risk/covariate-meta.ts";
import { classifyRate } from "../risk/risk-classes.ts";
import { type RiskOptions, type RiskScores, riskScores } from "../risk/risk-score.ts";
import { LINE_SAMPLE_M, type CovariateLayer } from "./covariates.ts";
import { type CovariateTermFit, type CovariateTermOptions, fitCovariateTerm } from "./covariate-term.ts";

/** A covariate layer with the name of the file it came from (recorded in meta; the name, not the path). */
export interface CovariateSource {
  file: string;
  layer: CovariateLayer;
}

const TRANSFORM = {
  lines: `distance: log(1 + km) from the lixel to the nearest point of the lines (sampled every ${LINE_SAMPLE_M} m)`,
  polygons: "inside: 1 when the lixel's midpoint is inside, else 0; distance: log(1 + km) from the midpoint to the polygons (0 inside)",
};

/**
 * The kernel model v1.1 with a covariate term (docs/risk-model.md, "Covariates"): per lixel
 *   rate_l = b + κ′·exp(Σ_j β_j·x_jl)·s_l + hazard_l,
 * s = v1.1's shape, β fitted on pseudo-splits inside the training period (covariate-term.ts), κ′ = κ·Σ s·len
 * / Σ e^{βx}·s·len so the forecast yearly count (the level) is unchanged. The local, network, regional and
 * casualty parts are each multiplied by the same factor g_l = (κ′/κ)·e^{βx_l}, so they still add up to the
 * rate exactly; g is returned per lixel (risk.covariates.factor) to be shown as its own line. κ's intervals
 * scale with κ′/κ. Returns a new RiskScores; `risk` is not changed.
 */
export function withCovariates(index: LixelIndex, incidents: IncidentSet, areas: AreaIndex, risk: RiskScores, sources: readonly CovariateSource[], riskOptions: RiskOptions = {}, options: CovariateTermOptions = {}): RiskScores {
  const { lixels } = index;
  const n = lixels.count;
  const names: string[] = [];
  const values: Float64Array[] = [];
  for (const s of sources) for (const [suffix, col] of Object.entries(s.layer.values(lixels))) (names.push(`${s.layer.name}: ${suffix}`), values.push(col));
  const asOf = isoToDay(risk.meta.asOf);
  const fit = fitCovariateTerm(
    {
      lixelIndex: index,
      incidents,
      roadShare: risk.roadShare,
      roadBandM: risk.meta.roadBandM,
      names,
      columns: values,
      trainEndDay: Number.isFinite(asOf) ? asOf + 1 : Number.NaN,
      shapeBefore: (day) => shapeBefore(index, incidents, areas, riskOptions, day),
    },
    options,
  );
  const e = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    let eta = 0;
    fit.terms.forEach((t, j) => (eta += t.beta * values[j][l]));
    e[l] = eta;
  }
  // centre the linear term on its s·len-weighted mean before exp, so a large β·x cannot overflow
  let mass = 0;
  let centre = 0;
  for (let l = 0; l < n; l++) (mass += risk.intensity[l] * lixels.lengthM[l]), (centre += risk.intensity[l] * lixels.lengthM[l] * e[l]);
  centre = mass > 0 ? centre / mass : 0;
  let massNew = 0;
  for (let l = 0; l < n; l++) (e[l] = Math.exp(e[l] - centre)), (massNew += risk.intensity[l] * lixels.lengthM[l] * e[l]);
  const c = mass > 0 ? mass / massNew : 1;
  const factor = Float64Array.from(e, (v) => c * v);
  const scaled = (a: Float64Array) => Float64Array.from(a, (v, l) => v * factor[l]);
  const out = {
    localRatePerKmYear: scaled(risk.localRatePerKmYear),
    networkRatePerKmYear: scaled(risk.networkRatePerKmYear),
    regionalRatePerKmYear: scaled(risk.regionalRatePerKmYear),
    incidentRatePerKmYear: scaled(risk.incidentRatePerKmYear),
    casualtyRatePerKmYear: scaled(risk.casualtyRatePerKmYear),
    intensity: Float64Array.from(risk.intensity, (v, l) => v * e[l]),
  };
  const b = risk.meta.backgroundRatePerKmYear;
  const rate = Float64Array.from(out.incidentRatePerKmYear, (v, l) => b + v + risk.hazardRatePerKmYear[l]);
  const riskClass = Uint8Array.from(rate, (v) => classifyRate(v, b, risk.meta.classBreaks));
  let lo = Infinity;
  let hi = -Infinity;
  let calibrated = 0;
  const kappa = risk.meta.rateScale * c;
  for (let l = 0; l < n; l++) {
    calibrated += (kappa * out.intensity[l] * lixels.lengthM[l]) / 1000;
    if (risk.intensity[l] > 0) (lo = Math.min(lo, factor[l])), (hi = Math.max(hi, factor[l]));
  }
  const m = risk.meta;
  const scaleInterval = <T extends { low: number; high: number }>(v: T | null): T | null => v && { ...v, low: v.low * c, high: v.high * c };
  return {
    ...risk,
    ...out,
    ratePerKmYear: rate,
    riskClass,
    covariates: { names, values, factor },
    meta: {
      ...m,
      rateScale: kappa,
      rateScaleInterval: scaleInterval(m.rateScaleInterval),
      rateScalePredictionInterval: scaleInterval(m.rateScalePredictionInterval),
      calibratedIncidentsPerYear: mass > 0 ? calibrated : m.calibratedIncidentsPerYear,
      covariates: covariateMeta(fit, sources, c, Number.isFinite(lo) ? lo : null, Number.isFinite(hi) ? hi : null),
    },
  };
}

/** v1.1's shape from the dated incidents before `day` (undated ones left out: they have no place in time), or undefined when none is. */
function shapeBefore(index: LixelIndex, incidents: IncidentSet, areas: AreaIndex, riskOptions: RiskOptions, day: number): Float64Array | undefined {
  const keep = new Float64Array(incidents.count);
  let any = false;
  for (let i = 0; i < incidents.count; i++) {
    keep[i] = incidents.dateDay[i] < day ? (riskOptions.predictorWeight?.[i] ?? 1) : 0;
    if (keep[i] > 0) any = true;
  }
  if (!any) return undefined;
  const { level: _l, completenessShare: _c, ...rest } = riskOptions;
  return riskScores(index, incidents, areas, { ...rest, asOfDay: day - 1, rateScale: 1, predictorWeight: keep }).intensity;
}

const s3 = (v: number) => Number(v.toPrecision(3));
const fin = (v: number) => (Number.isFinite(v) ? v : null);

function covariateMeta(fit: CovariateTermFit, sources: readonly CovariateSource[], ratio: number, factorMin: number | null, factorMax: number | null): CovariateMeta {
  const terms = fit.terms.map((t) => ({
    feature: t.feature,
    beta: t.beta,
    standardError: fin(t.standardError),
    low: fin(t.low),
    high: fin(t.high),
    standardBeta: t.standardBeta,
    heldAtZero: t.heldAtZero,
    priorShare: t.priorShare,
    intervalIncludesZero: !(t.low > 0 || t.high < 0),
  }));
  const used = fit.pseudoSplits.filter((s) => s.usedEvents > 0).length;
  const pct = Math.round(100 * fit.confidence);
  const words = terms.map((t) =>
    t.heldAtZero
      ? `β(${t.feature}) = 0, not fitted (no variation or no target incident a kernel reaches)`
      : `β(${t.feature}) = ${s3(t.beta)}${t.feature.endsWith(": distance") ? `, ${t.beta > 0 ? "higher" : "lower"} rates farther from ${t.feature.slice(0, -10)}` : ""} (${pct} % interval ${s3(t.low ?? 0)} to ${s3(t.high ?? 0)}${t.intervalIncludesZero ? ", which includes 0: the data do not show an effect" : ""}; the ridge supplies ${Math.round(100 * t.priorShare)} % of its information)`,
  );
  const few = fit.targetEvents < 100 ? `; with so few incidents the ridge (λ = ${fit.ridge}) keeps β near 0 unless the data speak` : "";
  const range = factorMin !== null && factorMax !== null ? `; the incident part of each rate is ×${s3(factorMin)}–×${s3(factorMax)} that of the kernel model alone, the forecast yearly count unchanged` : "";
  return {
    method: "kernel model v1.1 × exp(Σ β_j·x_j), β by ridge-penalised Poisson regression (offset log(s·len), one level per split) on pseudo-splits inside the training period, κ recalibrated so the level is unchanged",
    layers: sources.map((s) => ({ name: s.layer.name, file: s.file, kind: s.layer.kind, transform: TRANSFORM[s.layer.kind] })),
    terms,
    confidence: fit.confidence,
    ridge: fit.ridge,
    windowYears: fit.windowYears,
    pseudoSplits: fit.pseudoSplits,
    targetEvents: fit.targetEvents,
    rows: fit.rows,
    converged: fit.converged,
    rateScaleRatio: ratio,
    factorMin,
    factorMax,
    note: `${words.join("; ")}; fitted on ${s3(fit.targetEvents)} target road incidents in ${used} of ${fit.pseudoSplits.length} pseudo-splits (${fit.windowYears}-year windows up to ${fit.pseudoSplits[0]?.targetTo ?? dayToIso(0)})${few}${range}.`,
  };
}
