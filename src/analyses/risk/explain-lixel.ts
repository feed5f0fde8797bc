import { RISK_CLASSES } from "./risk-classes.ts";
import type { RiskScores } from "./risk-score.ts";

/** Why a lixel (or a stretch of lixels) has its rate: each component, in incidents per km per year. */
export interface RateExplanation {
  ratePerKmYear: number;
  riskClass: string;
  components: { background: number; local: number; network: number; regional: number; hazard: number };
  /** Length-weighted shares of the stretch inside or near confirmed / suspected areas (0..1). */
  confirmedHazardShare: number;
  suspectedHazardShare: number;
  /**
   * With a covariate term: the stretch's incident part ÷ what the kernel model alone gives it — the
   * covariate's factor, already inside local, network and regional (1 where no kernel reaches).
   */
  covariateFactor?: number;
  /** The largest component, in words, e.g. "recorded incidents within ~1 km (local kernel)". */
  mainReason: string;
}

const REASONS: Record<keyof RateExplanation["components"], string> = {
  background: "background rate (no recorded evidence reaches it)",
  local: "recorded incidents close to the stretch (local kernel)",
  network: "recorded incidents along the same road (network density)",
  regional: "the regional density of recorded incidents (regional kernel)",
  hazard: "exposure to confirmed / suspected hazard areas",
};

/**
 * The components of the rate over the lixels `lixels` (one lixel, or a stretch such as a corridor report's
 * worst stretch), length-weighted: background + local + network + regional + hazard = total, exactly as
 * riskScores adds them, so a user can see why a stretch is red. `partM`, when given, is the length of each
 * entry of `lixels` that counts (e.g. the part of a lixel inside a stretch), so the total equals the
 * stretch's mean rate exactly; otherwise each lixel counts with its whole length.
 */
export function explainRate(risk: RiskScores, lengthM: Float64Array, lixels: readonly number[], partM?: readonly number[]): RateExplanation {
  let len = 0;
  const c = { background: 0, local: 0, network: 0, regional: 0, hazard: 0 };
  let conf = 0;
  let susp = 0;
  let kernelOnly = 0;
  const factor = risk.covariates?.factor;
  for (const [k, l] of lixels.entries()) {
    const w = partM ? partM[k] : lengthM[l];
    len += w;
    c.background += w * risk.meta.backgroundRatePerKmYear;
    c.local += w * risk.localRatePerKmYear[l];
    c.network += w * risk.networkRatePerKmYear[l];
    c.regional += w * risk.regionalRatePerKmYear[l];
    c.hazard += w * risk.hazardRatePerKmYear[l];
    if (factor) kernelOnly += factor[l] > 0 ? (w * risk.incidentRatePerKmYear[l]) / factor[l] : 0;
    conf += w * risk.exposure.confirmedShare[l];
    susp += w * risk.exposure.suspectedShare[l];
  }
  const k = len > 0 ? 1 / len : 0;
  for (const key of Object.keys(c) as (keyof typeof c)[]) c[key] *= k;
  const total = c.background + c.local + c.network + c.regional + c.hazard;
  const main = (Object.keys(c) as (keyof typeof c)[]).reduce((a, b) => (c[b] > c[a] ? b : a), "background");
  const cls = lixels.reduce((m, l) => Math.max(m, risk.riskClass[l]), 0);
  const incident = c.local + c.network + c.regional;
  const covariateFactor = factor ? (kernelOnly > 0 ? incident / (kernelOnly * k) : 1) : undefined;
  return { ratePerKmYear: total, riskClass: RISK_CLASSES[cls], components: c, confirmedHazardShare: conf * k, suspectedHazardShare: susp * k, ...(covariateFactor !== undefined ? { covariateFactor } : {}), mainReason: REASONS[main] };
}
