import { OptionError } from "../../core/errors.ts";
import type { IncidentSet } from "../../core/incident-set.ts";
import { dayToIso } from "../../core/incident-set.ts";
import type { AreaIndex } from "../../spatial/area-index.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";
import { type HazardExposure, type HazardExposureOptions, hazardExposure } from "./hazard-exposure.ts";
import { incidentIntensity } from "./incident-intensity.ts";
import { type IncidentWeightOptions, incidentWeights } from "./incident-weights.ts";
import { classifyRate, DEFAULT_CLASS_BREAKS } from "./risk-classes.ts";

export interface RiskOptions extends IncidentWeightOptions {
  /** Kernel reach of an exactly located incident along the network, metres. Default 1000. */
  bandwidthM?: number;
  /** Half-width of the strip around roads in which an incident counts as a road incident, metres. Default 100. */
  roadBandM?: number;
  /** Rate added per unit share of a lixel exposed to a confirmed / suspected area, incidents/km/year. */
  hazardRatePerKmYear?: { confirmed?: number; suspected?: number };
  /** Rate of a lixel that no incident or hazard reaches, incidents/km/year. Default 0. */
  backgroundRatePerKmYear?: number;
  /** Lower bounds of risk classes 1..4 (see risk-classes.ts). */
  classBreaks?: readonly number[];
  hazard?: HazardExposureOptions;
}

/** Default hazard rates: provisional, pending calibration on data with hazard polygons (docs/risk-model.md). */
export const DEFAULT_HAZARD_RATES = { confirmed: 0.1, suspected: 0.02 } as const;

/** Every component of the per-lixel risk, aligned with lixel order, and how it was made. */
export interface RiskScores {
  /** Estimated incidents per km per year: background + incident + hazard components. */
  ratePerKmYear: Float64Array;
  incidentRatePerKmYear: Float64Array;
  hazardRatePerKmYear: Float64Array;
  /** Same kernel allocation weighted by recorded casualties (killed + injured): casualties/km/year. */
  casualtyRatePerKmYear: Float64Array;
  /** Index into RISK_CLASSES. */
  riskClass: Uint8Array;
  exposure: HazardExposure;
  /** Per incident: its reach along the network (m), and πᵢ, the probability it was a road incident. */
  reachM: Float64Array;
  roadShare: Float64Array;
  meta: {
    bandwidthM: number;
    roadBandM: number;
    halfLifeDays: number;
    asOf: string;
    windowStart: string;
    effectiveYears: number;
    backgroundRatePerKmYear: number;
    hazardRatePerKmYear: { confirmed: number; suspected: number };
    classBreaks: readonly number[];
    /** Indices of incidents: undated, dated after asOf (excluded), and with road share 0 (no road within reach, or stated off-road). */
    undated: number[];
    afterAsOf: number[];
    unattributed: number[];
  };
}

/**
 * The per-lixel risk model (v0; docs/risk-model.md). Incident component: each incident's road share
 * wᵢ·πᵢ (age decay × device weight × probability it was a road incident) is allocated among the lixels
 * within its reach (incident-intensity.ts), and the rate is
 *   λ_l = Σᵢ wᵢ·πᵢ·a_il / (len_l[km] · T_eff)   incidents per km per year,
 * with T_eff the decay-weighted window length (incident-weights.ts). Σ_l λ_l·len_l·T_eff = Σᵢ wᵢπᵢ, so the
 * map is calibrated to the observed count of road incidents by construction and "expected incidents" on a
 * route is Σ λ·km. Hazard component: Σ_status rate_status × share of the lixel exposed (hazard-exposure.ts).
 * Total = background + incident + hazard, and every component is returned. Incidents with road share 0
 * are listed in `meta.unattributed`, never silently lost.
 */
export function riskScores(index: LixelIndex, incidents: IncidentSet, areas: AreaIndex, options: RiskOptions = {}): RiskScores {
  const h = options.bandwidthM ?? 1000;
  if (!(h > 0) || !Number.isFinite(h)) throw new OptionError(`bandwidthM must be positive metres, got ${h}`);
  const background = options.backgroundRatePerKmYear ?? 0;
  if (!(background >= 0)) throw new OptionError(`backgroundRatePerKmYear must be ≥ 0, got ${background}`);
  const hazardRate = {
    confirmed: options.hazardRatePerKmYear?.confirmed ?? DEFAULT_HAZARD_RATES.confirmed,
    suspected: options.hazardRatePerKmYear?.suspected ?? DEFAULT_HAZARD_RATES.suspected,
  };
  const breaks = options.classBreaks ?? DEFAULT_CLASS_BREAKS;
  const { lixels } = index;
  const n = lixels.count;
  const w = incidentWeights(incidents, options);
  const roadBandM = options.roadBandM ?? 100;
  if (!(roadBandM > 0) || !Number.isFinite(roadBandM)) throw new OptionError(`roadBandM must be positive metres, got ${roadBandM}`);
  const intensity = incidentIntensity(index, incidents, w.weight, { bandwidthM: h, roadBandM });
  const incidentRate = new Float64Array(n);
  const casualtyRate = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    const denom = (lixels.lengthM[l] / 1000) * w.effectiveYears;
    incidentRate[l] = intensity.mass[l] / denom;
    casualtyRate[l] = intensity.casualtyMass[l] / denom;
  }
  const unattributed: number[] = [];
  for (let i = 0; i < incidents.count; i++) if (intensity.roadShare[i] === 0) unattributed.push(i);
  const exposure = hazardExposure(lixels, areas, options.hazard);
  const hazardRatePerKmYear = new Float64Array(n);
  const ratePerKmYear = new Float64Array(n);
  const riskClass = new Uint8Array(n);
  for (let l = 0; l < n; l++) {
    hazardRatePerKmYear[l] = hazardRate.confirmed * exposure.confirmedShare[l] + hazardRate.suspected * exposure.suspectedShare[l];
    ratePerKmYear[l] = background + incidentRate[l] + hazardRatePerKmYear[l];
    riskClass[l] = classifyRate(ratePerKmYear[l], background, breaks);
  }
  return {
    ratePerKmYear,
    incidentRatePerKmYear: incidentRate,
    hazardRatePerKmYear,
    casualtyRatePerKmYear: casualtyRate,
    riskClass,
    exposure,
    reachM: intensity.reachM,
    roadShare: intensity.roadShare,
    meta: {
      bandwidthM: h,
      roadBandM,
      halfLifeDays: options.halfLifeDays ?? 1095,
      asOf: dayToIso(w.asOfDay),
      windowStart: dayToIso(w.windowStartDay),
      effectiveYears: w.effectiveYears,
      backgroundRatePerKmYear: background,
      hazardRatePerKmYear: hazardRate,
      classBreaks: breaks,
      undated: w.undated,
      afterAsOf: w.afterAsOf,
      unattributed,
    },
  };
}
