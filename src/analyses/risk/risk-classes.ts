/**
 * Risk classes on the estimated incident rate (incidents per km of road per year). Fixed thresholds, so
 * a class means the same thing in every study area: "high" is at least one incident per 50 km per year.
 * They are provisional until the backtests of docs/risk-model.md calibrate them; "none recorded" means no
 * recorded incident or hazard area reaches the lixel — never that the road is safe.
 */
export const RISK_CLASSES = ["none recorded", "low", "moderate", "high", "very high"] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

/** Lower bounds (incidents / km / year) of classes 1..4; class 0 is a rate of exactly the background. */
export const DEFAULT_CLASS_BREAKS: readonly number[] = [0, 0.005, 0.02, 0.1];

/** Class index of a rate: 0 when rate <= background, else the highest class whose lower bound it exceeds. */
export function classifyRate(rate: number, background: number, breaks: readonly number[] = DEFAULT_CLASS_BREAKS): number {
  if (!(rate > background)) return 0;
  let c = 1;
  for (let k = 1; k < breaks.length; k++) if (rate >= breaks[k]) c = k + 1;
  return c;
}
