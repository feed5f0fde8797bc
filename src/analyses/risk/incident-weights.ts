import { OptionError } from "../../core/errors.ts";
import { DEVICES, type Device, datedDayRange, type IncidentSet } from "../../core/incident-set.ts";
import { RISK_DEFAULTS } from "./risk-defaults.ts";

export interface IncidentWeightOptions {
  /** Half-life of an incident's weight, days. Default RISK_DEFAULTS.halfLifeDays. */
  halfLifeDays?: number;
  /**
   * Share ρ of an incident's weight that never decays, 0..1: decay = ρ + (1 − ρ)·2^(−age/H). Mines and ERW
   * stay in the ground until someone clears them, so old records keep part of their weight. Default
   * RISK_DEFAULTS.persistentShare.
   */
  persistentShare?: number;
  /** The date the estimate is made for, days since 1970-01-01. Default: the latest incident date. */
  asOfDay?: number;
  /** Start of the observation window, days since 1970-01-01. Default: the earliest incident date. */
  windowStartDay?: number;
  /** Windows shorter than this count as this long, years. Default 1. */
  minWindowYears?: number;
  /**
   * Length of the observation window, years, ending at asOf: what the yearly rate divides by, instead of the
   * span of the dated incidents. With no dated incident at all it is the only window there is: every
   * incident then counts with weight 1 (no age is known, so none decays). Default: from the dated incidents.
   */
  windowYears?: number;
  /** Multiplier per device class; default 1 for every class, which keeps rates in plain incidents. */
  deviceWeights?: Partial<Record<Device, number>>;
  /** Weight added per recorded casualty: × (1 + s·(killed + injured)); unrecorded counts as 0. Default 0. */
  severityPerCasualty?: number;
  /**
   * Per-incident multiplier, aligned with the incidents — e.g. a weight per event type (io/read/risk-config.ts
   * maps record event types onto it); 0 leaves an incident out of the score. Default 1 each.
   */
  predictorWeight?: Float64Array;
}

/** Weights and the effective observation time they imply. */
export interface IncidentWeights {
  /** wᵢ = predictor weight × device weight × (1 + s·casualties) × decayᵢ; 0 after asOf. */
  weight: Float64Array;
  /** The age decay alone, ρ + (1 − ρ)·2^(−ageᵢ / half-life) (0 after asOf): what a calibration count of incidents uses. */
  decay: Float64Array;
  /** ∫ over the window of the decay d(age), years: the divisor that turns Σwᵢ into a yearly rate. NaN when no incident is dated and no windowYears is given: there is no window. */
  effectiveYears: number;
  asOfDay: number;
  windowStartDay: number;
  /** Incidents without a date, weighted as if dated at the window start (the most cautious non-zero choice). */
  undated: number[];
  /** Incidents dated after asOf: weight 0 (they are in the future of the estimate). */
  afterAsOf: number[];
}

/**
 * Age-decayed incident weights. With wᵢ = ρ + (1 − ρ)·2^(−ageᵢ/H) and
 * T_eff = ρ·T + (1 − ρ)·(H / ln 2)·(1 − 2^(−T/H)) for a window of T years, Σwᵢ / T_eff is an unbiased
 * estimate of a constant yearly rate (E[Σw] = rate·T_eff), so the decay changes emphasis, not the level.
 * With H → ∞ or ρ = 1 it is the plain count / T.
 */
export function incidentWeights(incidents: IncidentSet, options: IncidentWeightOptions = {}): IncidentWeights {
  const H = options.halfLifeDays ?? RISK_DEFAULTS.halfLifeDays;
  if (!(H > 0)) throw new OptionError(`halfLifeDays must be positive, got ${H}`);
  const rho = options.persistentShare ?? RISK_DEFAULTS.persistentShare;
  if (!(rho >= 0 && rho <= 1)) throw new OptionError(`persistentShare must lie in [0, 1], got ${rho}`);
  const minYears = options.minWindowYears ?? 1;
  const { first, last } = datedDayRange(incidents);
  const windowYears = options.windowYears;
  if (windowYears !== undefined && !(windowYears > 0 && Number.isFinite(windowYears))) throw new OptionError(`windowYears must be a positive number of years, got ${windowYears}`);
  // Never a date invented for undated records: with no dated incident (and no asOf) there is no timeline,
  // so every incident counts 1 (no age, no decay) over the windowYears given, or over no window (NaN).
  const timeline = Number.isFinite(last) || options.asOfDay !== undefined;
  const asOfDay = options.asOfDay ?? (timeline ? last : Number.NaN);
  const startDefault = windowYears !== undefined ? asOfDay - windowYears * 365.25 : Number.isFinite(first) ? first : asOfDay;
  const windowStartDay = Math.min(options.windowStartDay ?? startDefault, asOfDay);
  const windowDays = windowYears !== undefined && options.windowStartDay === undefined ? windowYears * 365.25 : Math.max(asOfDay - windowStartDay, minYears * 365.25);
  const effectiveYears = timeline ? (rho * windowDays + (1 - rho) * (H / Math.LN2) * (1 - 2 ** (-windowDays / H))) / 365.25 : (windowYears ?? Number.NaN);
  const deviceWeight = DEVICES.map((d) => {
    const w = options.deviceWeights?.[d] ?? 1;
    if (!(w >= 0) || !Number.isFinite(w)) throw new OptionError(`deviceWeights["${d}"] must be a non-negative number, got ${w}`);
    return w;
  });
  const severity = options.severityPerCasualty ?? 0;
  if (!(severity >= 0) || !Number.isFinite(severity)) throw new OptionError(`severityPerCasualty must be a non-negative number, got ${severity}`);
  const multiplier = options.predictorWeight;
  if (multiplier && multiplier.length !== incidents.count) throw new OptionError(`predictorWeight has ${multiplier.length} values for ${incidents.count} incidents`);
  const weight = new Float64Array(incidents.count);
  const decay = new Float64Array(incidents.count);
  const undated: number[] = [];
  const afterAsOf: number[] = [];
  for (let i = 0; i < incidents.count; i++) {
    let d = incidents.dateDay[i];
    if (Number.isNaN(d)) {
      undated.push(i);
      d = windowStartDay;
    }
    if (d > asOfDay) {
      afterAsOf.push(i);
      continue;
    }
    decay[i] = timeline ? rho + (1 - rho) * 2 ** (-(asOfDay - d) / H) : 1;
    const casualties = (Number.isNaN(incidents.killed[i]) ? 0 : incidents.killed[i]) + (Number.isNaN(incidents.injured[i]) ? 0 : incidents.injured[i]);
    weight[i] = (multiplier ? multiplier[i] : 1) * deviceWeight[incidents.device[i]] * (1 + severity * casualties) * decay[i];
  }
  return { weight, decay, effectiveYears, asOfDay, windowStartDay, undated, afterAsOf };
}

