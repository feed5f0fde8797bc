import { gammaQuantile } from "../../core/gamma-quantile.ts";
import { OptionError } from "../../core/errors.ts";

/** A confidence interval for a weighted count of Poisson events, and what it was computed from. */
export interface WeightedCountInterval {
  /** S = Σ wᵢ, the weighted count. */
  sum: number;
  /** V = Σ wᵢ², its estimated variance. */
  variance: number;
  /** S² / V: the number of equally weighted events that would be as informative (Kish). */
  effectiveCount: number;
  /** Bounds of the interval for the expected weighted count (NaN when S = 0: no events, no scale). */
  low: number;
  high: number;
  confidence: number;
}

/**
 * Fay & Feuer's (1997, Stat. Med. 16:791, eqs. 3–4) gamma interval for a weighted sum of Poisson counts —
 * the interval CDC and SEER use for directly age-standardised rates. With events of weights wᵢ (each
 * observed once), S = Σ wᵢ, V = Σ wᵢ², w_M = max wᵢ and α = 1 − confidence:
 *   low  = V/S · G⁻¹(α/2; S²/V),
 *   high = (V + w_M²)/(S + w_M) · G⁻¹(1 − α/2; (S + w_M)²/(V + w_M²)),
 * G⁻¹(p; k) the gamma quantile of shape k, scale 1. With every wᵢ = 1 it is Garwood's exact Poisson
 * interval. It is conservative (coverage ≥ the nominal level in Fay & Feuer's simulations, and in ours).
 * The risk model uses it for the sampling uncertainty of its calibrated level κ (risk-score.ts).
 */
export function weightedCountInterval(weights: ArrayLike<number>, confidence = 0.95): WeightedCountInterval {
  if (!(confidence > 0 && confidence < 1)) throw new OptionError(`confidence must lie in (0, 1), got ${confidence}`);
  let sum = 0;
  let variance = 0;
  let max = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w)) throw new OptionError(`weights must be finite and ≥ 0; weight ${i} is ${w}`);
    sum += w;
    variance += w * w;
    if (w > max) max = w;
  }
  const alpha = 1 - confidence;
  if (sum === 0) return { sum, variance, effectiveCount: 0, low: Number.NaN, high: Number.NaN, confidence };
  const low = (variance / sum) * gammaQuantile(alpha / 2, (sum * sum) / variance);
  const up = sum + max;
  const upVar = variance + max * max;
  const high = (upVar / up) * gammaQuantile(1 - alpha / 2, (up * up) / upVar);
  return { sum, variance, effectiveCount: (sum * sum) / variance, low, high, confidence };
}

/**
 * The interval of an expected count `total` whose part `incidentPart` comes from recorded incidents (κ × score)
 * and so moves with κ's interval, while background and hazard parts stay: total − incidentPart·(1 − κ_low/κ)
 * … total + incidentPart·(κ_high/κ − 1). Null when κ has no interval or is 0.
 */
export function levelScaledInterval(total: number, incidentPart: number, kappa: number, interval: { low: number; high: number } | null): { low: number; high: number } | null {
  if (!interval || !(kappa > 0)) return null;
  return { low: total - incidentPart * (1 - interval.low / kappa), high: total + incidentPart * (interval.high / kappa - 1) };
}
