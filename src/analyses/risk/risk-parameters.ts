import { OptionError } from "../../core/errors.ts";
import { RISK_DEFAULTS } from "./risk-defaults.ts";

/** The largest kernel bandwidth accepted, metres (1,000 km). */
export const MAX_BANDWIDTH_M = 1_000_000;
/** The largest half-life accepted, days (1,000 years). */
export const MAX_HALF_LIFE_DAYS = 365_250;

/** The model's scalar parameters (defaults and their reasons: risk-defaults.ts, docs/risk-model.md). */
export interface RiskParameters {
  bandwidthM: number;
  regionalBandwidthM: number;
  regionalWeight: number;
  networkWindowM: number;
  networkWeight: number;
  halfLifeDays: number;
  persistentShare: number;
  precisionScale: number;
  roadBandM: number;
  backgroundRatePerKmYear: number;
  hazardRatePerKmYear: { confirmed: number; suspected: number };
  hazardBufferM: number;
  classBreaks: readonly number[];
}

type Input = Partial<Omit<RiskParameters, "hazardRatePerKmYear">> & { hazardRatePerKmYear?: { confirmed?: number; suspected?: number } };

/** Fill in the defaults and check every parameter, naming the option that is wrong. */
export function resolveRiskParameters(o: Input): RiskParameters {
  const d = RISK_DEFAULTS;
  const p: RiskParameters = {
    bandwidthM: o.bandwidthM ?? d.bandwidthM,
    regionalBandwidthM: o.regionalBandwidthM ?? Math.max(d.regionalBandwidthM, o.bandwidthM ?? 0),
    regionalWeight: o.regionalWeight ?? d.regionalWeight,
    networkWindowM: o.networkWindowM ?? d.networkWindowM,
    networkWeight: o.networkWeight ?? d.networkWeight,
    halfLifeDays: o.halfLifeDays ?? d.halfLifeDays,
    persistentShare: o.persistentShare ?? d.persistentShare,
    precisionScale: o.precisionScale ?? d.precisionScale,
    roadBandM: o.roadBandM ?? d.roadBandM,
    backgroundRatePerKmYear: o.backgroundRatePerKmYear ?? d.backgroundRatePerKmYear,
    hazardRatePerKmYear: {
      confirmed: o.hazardRatePerKmYear?.confirmed ?? d.hazardRatePerKmYear.confirmed,
      suspected: o.hazardRatePerKmYear?.suspected ?? d.hazardRatePerKmYear.suspected,
    },
    hazardBufferM: o.hazardBufferM ?? d.hazardBufferM,
    classBreaks: o.classBreaks ?? d.classBreaks,
  };
  const positive = (name: string, v: number) => {
    if (!(v > 0) || !Number.isFinite(v)) throw new OptionError(`${name} must be a positive number, got ${v}`);
  };
  const nonNegative = (name: string, v: number) => {
    if (!(v >= 0) || !Number.isFinite(v)) throw new OptionError(`${name} must be a non-negative number, got ${v}`);
  };
  const atMost = (name: string, v: number, limit: number, unit: string) => {
    if (v > limit) throw new OptionError(`${name} must be at most ${limit.toLocaleString("en-US")} ${unit}, got ${v}`);
  };
  const share = (name: string, v: number) => {
    if (!(v >= 0 && v <= 1)) throw new OptionError(`${name} must lie in [0, 1], got ${v}`);
  };
  positive("bandwidthM", p.bandwidthM);
  positive("regionalBandwidthM", p.regionalBandwidthM);
  // Beyond these a value is a slip (a unit or an exponent), not a model: a 1e20-day half-life weighs every
  // incident 1 and the decay's normaliser underflows to a null rate; a 1,000 km kernel spans a country.
  atMost("bandwidthM", p.bandwidthM, MAX_BANDWIDTH_M, "m");
  atMost("regionalBandwidthM", p.regionalBandwidthM, MAX_BANDWIDTH_M, "m");
  atMost("halfLifeDays", p.halfLifeDays, MAX_HALF_LIFE_DAYS, "days");
  if (p.regionalBandwidthM < p.bandwidthM) throw new OptionError(`regionalBandwidthM (${p.regionalBandwidthM}) must be at least bandwidthM (${p.bandwidthM})`);
  share("regionalWeight", p.regionalWeight);
  nonNegative("networkWindowM", p.networkWindowM);
  share("networkWeight", p.networkWeight);
  positive("halfLifeDays", p.halfLifeDays);
  share("persistentShare", p.persistentShare);
  nonNegative("precisionScale", p.precisionScale);
  positive("roadBandM", p.roadBandM);
  if (p.roadBandM > p.regionalBandwidthM) throw new OptionError(`roadBandM (${p.roadBandM}) must not exceed regionalBandwidthM (${p.regionalBandwidthM})`);
  nonNegative("backgroundRatePerKmYear", p.backgroundRatePerKmYear);
  nonNegative("hazardRatePerKmYear.confirmed", p.hazardRatePerKmYear.confirmed);
  nonNegative("hazardRatePerKmYear.suspected", p.hazardRatePerKmYear.suspected);
  nonNegative("hazardBufferM", p.hazardBufferM);
  if (p.classBreaks.length !== 4 || p.classBreaks.some((b, k) => !Number.isFinite(b) || (k > 0 && b < p.classBreaks[k - 1]))) {
    throw new OptionError(`classBreaks must be 4 non-decreasing numbers (low, moderate, high, very high), got ${JSON.stringify(p.classBreaks)}`);
  }
  return p;
}
