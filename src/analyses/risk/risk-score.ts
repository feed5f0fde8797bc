import { InputError, OptionError } from "../../core/errors.ts";
import { exactValue } from "../../core/exact-sum.ts";
import { dayToIso, type IncidentSet } from "../../core/incident-set.ts";
import type { AreaIndex } from "../../spatial/area-index.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";
import type { HazardExposure } from "./hazard-exposure.ts";
import { weightedCountInterval } from "../level/level-interval.ts";
import { RISK_DEFAULTS } from "./risk-defaults.ts";
import { roadSharesFrom } from "./road-share.ts";
import type { LevelOptions } from "../level/level-options.ts";
import { type RiskLevel, riskLevel } from "../level/risk-level.ts";
import type { RiskParameters } from "./risk-parameters.ts";
import { type LixelRates, type RiskPartOptions, type RiskParts, riskParts, riskRates } from "./risk-parts.ts";
export { type LixelParts, riskRates } from "./risk-parts.ts";
import type { CovariateColumns, CovariateMeta } from "./covariate-meta.ts";

export interface RiskOptions extends RiskPartOptions {
  /** Incidents the rate counts (calibration target), 1 = counted; default all. Others only shape the score. */
  target?: Uint8Array;
  /** Fix κ (incidents/km/year per unit intensity) instead of calibrating it on the incidents given. */
  rateScale?: number;
  /**
   * Share of all incidents that the records hold (0 < share ≤ 1; e.g. recorded victims ÷ official victims,
   * record-completeness.ts): κ is divided by it, so the incident part of every rate stands for all
   * incidents, not only the recorded ones. Default 1 (rates of recorded incidents).
   */
  completenessShare?: number;
  /** How the yearly level κ is scaled to is forecast (level-options.ts); default LEVEL_DEFAULTS. Ignored with rateScale. */
  level?: LevelOptions;
}

/** Default hazard rates: a policy choice, not fitted (docs/risk-model.md). */
export const DEFAULT_HAZARD_RATES = RISK_DEFAULTS.hazardRatePerKmYear;

/** Every component of the per-lixel risk, aligned with lixel order, and how it was made. */
export interface RiskScores extends LixelRates {
  /** The uncalibrated score s_l (weighted incidents per km²) that ranks lixels; rate = background + κ·s + hazard. */
  intensity: Float64Array;
  exposure: HazardExposure;
  /** Per incident: local kernel reach (m), and πᵢ ∈ [0, 1], how much it counts as a target road incident in the calibration (road-share.ts). */
  reachM: Float64Array;
  roadShare: Float64Array;
  /** Present when a covariate term multiplies the incident part (analyses/model/covariate-risk.ts). */
  covariates?: CovariateColumns;
  meta: RiskParameters & {
    asOf: string;
    windowStart: string;
    effectiveYears: number;
    /** κ: incidents per km per year per unit of intensity. */
    rateScale: number;
    /** "calibrated" on the target road incidents, or "given" by options.rateScale. */
    rateScaleSource: "calibrated" | "given";
    /** The completeness share κ was divided by (1 = rates of the recorded incidents only). */
    completenessShare: number;
    /**
     * 95 % interval of κ from the Poisson sampling of the calibrating incidents (level-interval.ts, Fay & Feuer):
     * `events` = Σ road share × decay, `effectiveEvents` = how many equally weighted events that is worth. Only
     * the level's sampling error — not the shape's, nor a trend's (docs/risk-model.md). Null when κ was given
     * or no target road incident calibrates it.
     */
    rateScaleInterval: { low: number; high: number; confidence: number; events: number; effectiveEvents: number } | null;
    /**
     * The forecast yearly count of target road incidents κ is scaled to (risk-level.ts), with its prediction
     * interval for the horizon's count (overdispersion + the fit's parameter uncertainty). Null when κ was given.
     */
    level: RiskLevel | null;
    /** κ's bounds from the level's prediction interval (κ·low/total … κ·high/total); null without one. */
    rateScalePredictionInterval: { low: number; high: number; confidence: number } | null;
    /** Target road incidents per year that the calibration reproduces, Σ_l (κ·s_l)·km: the level forecast (÷ completeness). */
    calibratedIncidentsPerYear: number;
    /** Indices of incidents: undated, dated after asOf (excluded), and reaching no lixel at all. */
    undated: number[];
    afterAsOf: number[];
    unattributed: number[];
    /** The covariate term, when one was fitted (analyses/model/covariate-risk.ts); absent for the kernel model alone. */
    covariates?: CovariateMeta;
  };
}

/**
 * The per-lixel risk model (docs/risk-model.md). For lixel l with intensities from incident-intensity.ts,
 *   s_l = (1 − α_g)·[(1 − α_n)·I_l + α_n·N_l] + α_g·G_l        (weighted incidents per km²)
 * with I the local kernel sum, N its average along the road (network-density.ts), G the regional kernel
 * sum; then the rate in incidents per km per year
 *   λ_l = b + κ·s_l + Σ_status r_status·share_status,l,
 * κ calibrated on the training period so that Σ_l κ·s_l·len_l[km] = Σ_{target road incidents} 2^(−age/H) / T_eff
 * (the decay-weighted yearly count of target incidents within roadBandM of the network; T_eff in
 * incident-weights.ts). κ only scales: the ranking is that of s, which is linear and non-decreasing in
 * each incident weight and non-increasing in each incident–lixel distance; with κ fixed (options.rateScale)
 * so is the rate. A lixel no kernel and no network window reaches gets exactly b (+ hazard).
 */
export function riskScores(index: LixelIndex, incidents: IncidentSet, areas: AreaIndex, options: RiskOptions = {}): RiskScores {
  return riskFromParts(incidents, riskParts(index, incidents, areas, options), options);
}

/**
 * The calibration and the rates from the parts (risk-parts.ts): of one whole run, or merged from the tiles
 * of a tiled run (pipeline/tiles/), where the minimum nearest-lixel distances and the exact sums make κ,
 * the level and every rate the same doubles as the whole run's.
 */
export function riskFromParts(incidents: IncidentSet, parts: RiskParts, options: RiskOptions = {}): RiskScores {
  const calibration = riskCalibration(incidents, parts, options);
  return { ...riskRates(calibration, parts), intensity: parts.total, exposure: parts.exposure, reachM: parts.reachM, roadShare: calibration.roadShare, meta: calibration.meta };
}

/** What the per-lixel rates need besides each lixel's own parts: the run's κ and parameters (riskCalibration). */
export interface RiskCalibration {
  roadShare: Float64Array;
  meta: RiskScores["meta"];
}

/**
 * The calibration alone, from the incident-level parts (nearest lixel, road strips, κ's kernel mass; no
 * per-lixel array is read): the road shares, the level forecast, κ and its intervals, with the parameters.
 */
export function riskCalibration(incidents: IncidentSet, parts: Pick<RiskParts, "params" | "weights" | "nearestLixelM" | "strips" | "mass">, options: RiskOptions = {}): RiskCalibration {
  const p = parts.params;
  const w = parts.weights;
  const target = options.target;
  if (target && target.length !== incidents.count) throw new OptionError(`target has ${target.length} values for ${incidents.count} incidents`);
  if (options.rateScale === undefined && options.windowYears === undefined) refuseUndatedTargets(incidents, target);
  const roadShare = roadSharesFrom(incidents, parts.nearestLixelM, parts.strips, p.roadBandM);
  let targetPerYear = 0;
  const unattributed: number[] = [];
  const levelWeight = new Float64Array(incidents.count);
  for (let i = 0; i < incidents.count; i++) {
    if (parts.nearestLixelM[i] === Infinity) unattributed.push(i);
    if (target && target[i] !== 1) roadShare[i] = 0;
    levelWeight[i] = roadShare[i] * w.decay[i];
    if (w.effectiveYears > 0) targetPerYear += levelWeight[i] / w.effectiveYears; // NaN: no window, and no target to count
  }
  // exact (core/exact-sum.ts): the same double however the lixels are grouped into tiles
  const mass = exactValue(parts.mass);
  const given = options.rateScale;
  if (given !== undefined && !(given >= 0 && Number.isFinite(given))) throw new OptionError(`rateScale must be a non-negative number, got ${given}`);
  const share = options.completenessShare ?? 1;
  if (!(share > 0 && share <= 1)) throw new OptionError(`completenessShare must lie in (0, 1], got ${share}`);
  const level = given === undefined && w.effectiveYears > 0 ? riskLevel(incidents, roadShare, w, options.level) : null;
  const kappa = (given ?? (mass > 0 && level ? level.perYear / mass : mass > 0 ? targetPerYear / mass : 0)) / share;
  const rateScalePredictionInterval = level && level.total > 0 && mass > 0 ? { low: (kappa * level.low) / level.total, high: (kappa * level.high) / level.total, confidence: level.confidence } : null;
  const sampling = weightedCountInterval(levelWeight);
  const rateScaleInterval =
    given === undefined && sampling.sum > 0 && mass > 0
      ? { low: (kappa * sampling.low) / sampling.sum, high: (kappa * sampling.high) / sampling.sum, confidence: sampling.confidence, events: sampling.sum, effectiveEvents: sampling.effectiveCount }
      : null;
  return {
    roadShare,
    meta: {
      ...p,
      asOf: Number.isFinite(w.asOfDay) ? dayToIso(w.asOfDay) : "undated",
      windowStart: Number.isFinite(w.windowStartDay) ? dayToIso(w.windowStartDay) : "undated",
      effectiveYears: w.effectiveYears,
      rateScale: kappa,
      rateScaleSource: given === undefined ? "calibrated" : "given",
      completenessShare: share,
      rateScaleInterval,
      level,
      rateScalePredictionInterval,
      calibratedIncidentsPerYear: kappa * mass,
      undated: w.undated,
      afterAsOf: w.afterAsOf,
      unattributed,
    },
  };
}

/**
 * Refuse a per-year rate calibrated on target incidents none of which is dated: their count is a cumulative
 * record over an unknown span, and any window (the 1 year a lone date would get) invents the rate. An
 * explicit windowYears (or a given rateScale) is the way through; analyses that need no dates still run.
 */
function refuseUndatedTargets(incidents: IncidentSet, target: Uint8Array | undefined): void {
  let targets = 0;
  for (let i = 0; i < incidents.count; i++) {
    if (target && target[i] !== 1) continue;
    if (!Number.isNaN(incidents.dateDay[i])) return;
    targets++;
  }
  if (targets === 0) return;
  throw new InputError([
    {
      file: "incidents",
      field: "date",
      code: "no-dated-incidents",
      message: `none of the ${targets} target incidents has a date, so an incidents-per-year rate cannot be estimated from them (a cumulative record over an unknown span): give the years the records cover with --window-years N (API: risk.windowYears), or use density, hotspots or proximity, which need no dates`,
    },
  ]);
}
