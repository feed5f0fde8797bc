import { OptionError } from "../../core/errors.ts";
import type { IncidentSet } from "../../core/incident-set.ts";
import { incidentWeights } from "../risk/incident-weights.ts";

export interface DensityWeightOptions {
  /** Age decay: weight × 2^(−age/halfLifeDays), age from `asOfDay` (risk/incident-weights.ts rules). Default: no decay. */
  halfLifeDays?: number;
  /** Date of the estimate, days since 1970-01-01. Default: the latest incident date. */
  asOfDay?: number;
  /** Severity: weight × (1 + perCasualty × (killed + injured)); unrecorded casualties count 0. Default 0 (no severity weighting). */
  perCasualty?: number;
}

/**
 * Per-incident density weights wᵢ = decayᵢ × (1 + a·(killedᵢ + injuredᵢ)). The decay is the risk model's
 * (`incidentWeights`: 2^(−age/H), undated incidents at the window start, future incidents 0), so the
 * density and the risk model weigh age alike.
 */
export function densityWeights(incidents: IncidentSet, options: DensityWeightOptions = {}): Float64Array {
  const a = options.perCasualty ?? 0;
  if (!(a >= 0) || !Number.isFinite(a)) throw new OptionError(`perCasualty must be a number >= 0, got ${a}`);
  const decay = options.halfLifeDays === undefined ? new Float64Array(incidents.count).fill(1) : incidentWeights(incidents, { halfLifeDays: options.halfLifeDays, persistentShare: 0, asOfDay: options.asOfDay }).weight;
  const out = new Float64Array(incidents.count);
  for (let i = 0; i < incidents.count; i++) {
    const cas = (Number.isNaN(incidents.killed[i]) ? 0 : incidents.killed[i]) + (Number.isNaN(incidents.injured[i]) ? 0 : incidents.injured[i]);
    out[i] = decay[i] * (1 + a * cas);
  }
  return out;
}
