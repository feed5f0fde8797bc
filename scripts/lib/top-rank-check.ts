/**
 * Does the fast kernel sum change which lixels rank highest? riskScores (kernel tree for wide reaches,
 * incident-intensity.ts) against the same rates rebuilt from the pair-by-pair sums
 * (incidentIntensityExact, the oracle), on one data set: how many of the top 1 % of lixels by rate
 * differ, position by position and as a set, and the largest rate difference. Used by
 * backtest-colombia.ts on the national network (issue 16: "any rank change among the top 1 % of lixels
 * is reported by the backtest on Colombia; it should be none").
 */
import type { IncidentSet } from "../../src/core/incident-set.ts";
import { incidentIntensityExact } from "../../src/analyses/risk/incident-intensity-exact.ts";
import { incidentWeights } from "../../src/analyses/risk/incident-weights.ts";
import { networkDensity } from "../../src/analyses/risk/network-density.ts";
import { resolveRiskParameters } from "../../src/analyses/risk/risk-parameters.ts";
import { type RiskOptions, riskScores } from "../../src/analyses/risk/risk-score.ts";
import type { AreaIndex } from "../../src/spatial/area-index.ts";
import type { LixelIndex } from "../../src/spatial/lixel-index.ts";

export interface TopRankCheck {
  lixels: number;
  /** How many lixels the top share holds: ceil(share × lixels). */
  top: number;
  /** Positions 1 … top where the lixel differs between the two orders (rate descending, ties by lixel index). */
  positionsChanged: number;
  /** Lixels in one top set and not in the other. */
  membershipChanged: number;
  /** Largest |rate(tree) − rate(exact)| over all lixels, and the largest rate, incidents/km/year. */
  maxRateDifference: number;
  maxRate: number;
}

export function topRankCheck(index: LixelIndex, incidents: IncidentSet, areas: AreaIndex, options: RiskOptions, share = 0.01): TopRankCheck {
  const { lixels } = index;
  const n = lixels.count;
  const risk = riskScores(index, incidents, areas, options);
  const p = resolveRiskParameters(options);
  const w = incidentWeights(incidents, { ...options, halfLifeDays: p.halfLifeDays, persistentShare: p.persistentShare });
  const ex = incidentIntensityExact(index, incidents, w.weight, { bandwidthM: p.bandwidthM, regionalBandwidthM: p.regionalBandwidthM, widenByPrecision: true, precisionScale: p.precisionScale });
  // s_l as riskScores mixes it (risk-score.ts), from the exact sums
  const net = p.networkWeight > 0 ? networkDensity(lixels, ex.local, p.networkWindowM, options.routes) : new Float64Array(n);
  const [ag, an] = [p.regionalWeight, p.networkWeight];
  const s = new Float64Array(n);
  let massExact = 0;
  let massTree = 0;
  for (let l = 0; l < n; l++) {
    s[l] = (1 - ag) * (1 - an) * ex.local[l] + (1 - ag) * an * net[l] + ag * ex.regional[l];
    massExact += s[l] * (lixels.lengthM[l] / 1000);
    massTree += risk.intensity[l] * (lixels.lengthM[l] / 1000);
  }
  // the calibration target does not depend on the sums: κ scales by the ratio of the masses
  const kappa = massExact > 0 ? (risk.meta.rateScale * massTree) / massExact : 0;
  const rate = Float64Array.from(s, (v, l) => p.backgroundRatePerKmYear + kappa * v + risk.hazardRatePerKmYear[l]);
  const top = Math.ceil(share * n);
  const order = (r: Float64Array) => Array.from({ length: n }, (_, l) => l).sort((a, b) => r[b] - r[a] || a - b).slice(0, top);
  const a = order(risk.ratePerKmYear);
  const b = order(rate);
  const inB = new Set(b);
  let maxRateDifference = 0;
  let maxRate = 0;
  for (let l = 0; l < n; l++) {
    maxRateDifference = Math.max(maxRateDifference, Math.abs(risk.ratePerKmYear[l] - rate[l]));
    maxRate = Math.max(maxRate, risk.ratePerKmYear[l]);
  }
  return { lixels: n, top, positionsChanged: a.filter((l, k) => b[k] !== l).length, membershipChanged: a.filter((l) => !inB.has(l)).length, maxRateDifference, maxRate };
}
