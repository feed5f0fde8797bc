/**
 * The model's default parameters, in one place: the code, the JSON config schema (io/read/risk-config.ts) and
 * the table in docs/risk-model.md must agree, and test/io/risk-config.test.ts checks that they do. Why
 * each value was chosen is in docs/risk-model.md — from the Colombia backtests (scripts/backtest-colombia.ts)
 * where the data can decide it, and said plainly where they cannot.
 */
export const RISK_DEFAULTS = {
  /** Local kernel radius h of an exactly located incident, metres. */
  bandwidthM: 1000,
  /** Regional kernel radius, metres (the wide part of the two-scale kernel). */
  regionalBandwidthM: 30000,
  /** Share of each incident's kernel mass in the regional part, 0..1. */
  regionalWeight: 0.3,
  /** Half-window of the network-density component along the road, metres. */
  networkWindowM: 20000,
  /** Share of the local intensity replaced by its average along the road, 0..1. */
  networkWeight: 0.3,
  /** Half-life of an incident's weight, days. */
  halfLifeDays: 1095,
  /** Share of an incident's weight that never decays (mines stay until cleared), 0..1. */
  persistentShare: 0,
  /** Share of an incident's location precision that widens its kernel, ≥ 0: R = √(h² + (f·p)²). */
  precisionScale: 0.25,
  /** An incident within this distance of a road counts as a road incident when calibrating, metres. */
  roadBandM: 1000,
  /** Rate of a lixel no incident or hazard reaches, incidents / km / year. */
  backgroundRatePerKmYear: 0,
  /** Weight added per recorded casualty (killed + injured): wᵢ × (1 + s·casualties). */
  severityPerCasualty: 0,
  /** Hazard-area rates per unit share of a lixel exposed, incidents / km / year (policy, not fitted). */
  hazardRatePerKmYear: { confirmed: 0.1, suspected: 0.02 },
  /** A lixel sample within this distance of an active hazard area is exposed to it, metres. */
  hazardBufferM: 100,
  /** Lower bounds of risk classes low, moderate, high, very high, incidents / km / year. */
  classBreaks: [0, 0.005, 0.02, 0.1] as readonly number[],
} as const;
