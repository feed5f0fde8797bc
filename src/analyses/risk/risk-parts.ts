import { addExact, type ExactSum, exactSum } from "../../core/exact-sum.ts";
import { isActiveHazard } from "../../core/hazard-set.ts";
import type { IncidentSet } from "../../core/incident-set.ts";
import { type AreaIndex, buildAreaIndex } from "../../spatial/area-index.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";
import { type HazardExposure, type HazardExposureOptions, hazardExposure } from "./hazard-exposure.ts";
import { incidentIntensities } from "./incident-intensity.ts";
import { type IncidentWeightOptions, type IncidentWeights, incidentWeights } from "./incident-weights.ts";
import { type LixelRoutes, networkDensity } from "./network-density.ts";
import { roadStripSums } from "./road-share.ts";
import { type RiskParameters, resolveRiskParameters } from "./risk-parameters.ts";
import { classifyRate } from "./risk-classes.ts";

/**
 * What riskScores computes before the global calibration: every per-lixel part (each depends on the lixel's
 * own geometry, its route's lixels and the incidents and hazard areas, never on other roads), and per
 * incident the parts of the global sums — the nearest lixel within reach (a minimum) and the road strip
 * (an exact sum) — plus the network's kernel mass Σ_l s_l·len_l[km] as an exact sum. A tiled run
 * (pipeline/tiles/) computes these per tile and merges them (mergeRiskParts) before the calibration: the
 * minimum and the exact sums do not depend on how the lixels were grouped, so κ comes out the same double.
 */
export interface RiskParts {
  params: RiskParameters;
  weights: IncidentWeights;
  /** The three weighted parts of s_l and their sum, per lixel. */
  local: Float64Array;
  network: Float64Array;
  regional: Float64Array;
  total: Float64Array;
  /** s_l with casualty-weighted incidents; undefined when no incident records a casualty. */
  casualty: Float64Array | undefined;
  exposure: HazardExposure;
  /** Per incident: local kernel reach (m) and the distance to the nearest lixel within its regional reach (Infinity: none; for a tile, see nearestForTile). */
  reachM: Float64Array;
  nearestLixelM: Float64Array;
  /** Per incident: the road strip sum (road-share.ts roadStripSums), undefined when it is not needed. */
  strips: (ExactSum | undefined)[];
  /** Σ_l total_l · len_l / 1000, exactly. */
  mass: ExactSum;
}

/** The options the parts read (RiskOptions, risk-score.ts, extends it). */
export interface RiskPartOptions extends IncidentWeightOptions, Partial<RiskParameters> {
  /** Route and chainage of each lixel for the network-density window; default one route per road piece. */
  routes?: LixelRoutes;
  hazard?: HazardExposureOptions;
  /**
   * For a tile of a tiled run: compute each incident's nearest-lixel distance exactly only up to
   * max(roadBandM, precision) (incident-intensity.ts), which is all the merge needs of it. Default false.
   */
  nearestForTile?: boolean;
  /** Threads for the wide kernels' sums (kernel-tree-parallel.ts): default the machine's cores, at most 8. The same sums whatever the number. */
  threads?: number;
}

/** The per-lixel and per-incident parts of the risk model on the lixels of `index` (see RiskParts). */
export function riskParts(index: LixelIndex, incidents: IncidentSet, areas: AreaIndex, options: RiskPartOptions = {}): RiskParts {
  const { params: p, weights: w } = riskWeights(incidents, options);
  const { lixels } = index;
  const len = lixels.lengthM;
  const nearestExactWithinM = options.nearestForTile ? Float64Array.from(incidents.precisionM, (pm) => Math.max(p.roadBandM, pm)) : undefined;
  const kOpts = { bandwidthM: p.bandwidthM, regionalBandwidthM: p.regionalBandwidthM, widenByPrecision: true, precisionScale: p.precisionScale, nearestExactWithinM, threads: options.threads };
  // the casualty-weighted sums share the rates' walk (one distance per pair for both)
  const cw = casualtyWeights(incidents, w.weight);
  const inten = incidentIntensities(index, incidents, cw ? [w.weight, cw] : [w.weight], kOpts);
  const intensity = mixParts(lixels, inten.local[0], inten.regional[0], p, options.routes);
  const mass = exactSum();
  for (let l = 0; l < lixels.count; l++) addExact(mass, intensity.total[l] * (len[l] / 1000));
  const casualty = cw ? mixParts(lixels, inten.local[1], inten.regional[1], p, options.routes).total : undefined;
  const exposure = hazardExposure(lixels, areas, { bufferM: p.hazardBufferM, released: releasedAreas(areas), ...options.hazard });
  const strips = roadStripSums(index, incidents, p.roadBandM);
  return { params: p, weights: w, ...intensity, casualty, exposure, reachM: inten.reachM, nearestLixelM: inten.nearestLixelM, strips, mass };
}

/** The resolved parameters and the incident weights: incident-level, the same in every tile of a run. */
export function riskWeights(incidents: IncidentSet, options: RiskPartOptions = {}): { params: RiskParameters; weights: IncidentWeights } {
  const params = resolveRiskParameters(options);
  return { params, weights: incidentWeights(incidents, { ...options, halfLifeDays: params.halfLifeDays, persistentShare: params.persistentShare }) };
}

/**
 * The three weighted parts of s_l and their sum (see riskScores). `local` and `regional` are the kernel
 * sums, owned by the caller and overwritten: the weighted local and regional parts are written into them
 * (≈ 2 arrays of one double per lixel less at every size: 140 MB at bench L).
 */
function mixParts(lixels: LixelIndex["lixels"], local: Float64Array, regional: Float64Array, p: RiskParameters, routes?: LixelRoutes) {
  const n = lixels.count;
  const ag = p.regionalWeight;
  const an = p.networkWeight;
  const net = an > 0 ? networkDensity(lixels, local, p.networkWindowM, routes) : new Float64Array(n);
  const total = new Float64Array(n);
  for (let l = 0; l < n; l++) {
    local[l] = (1 - ag) * (1 - an) * local[l];
    net[l] = (1 - ag) * an * net[l];
    regional[l] = ag * regional[l];
    total[l] = local[l] + net[l] + regional[l];
  }
  return { local, network: net, regional, total };
}

/** Each incident's weight multiplied by its recorded killed + injured (s_l of these is RiskParts.casualty); undefined when none is recorded. */
function casualtyWeights(incidents: IncidentSet, weight: Float64Array): Float64Array | undefined {
  const cw = new Float64Array(incidents.count);
  let any = false;
  for (let i = 0; i < incidents.count; i++) {
    const c = (Number.isNaN(incidents.killed[i]) ? 0 : incidents.killed[i]) + (Number.isNaN(incidents.injured[i]) ? 0 : incidents.injured[i]);
    cw[i] = weight[i] * c;
    if (cw[i] > 0) any = true;
  }
  return any ? cw : undefined;
}

/** An index of the released (cleared, cancelled, released) areas of the same hazard set, or undefined when none. */
function releasedAreas(areas: AreaIndex): AreaIndex | undefined {
  const hz = areas.hazards;
  for (let h = 0; h < hz.count; h++) if (!isActiveHazard(hz.status[h])) return buildAreaIndex(hz, (k) => !isActiveHazard(hz.status[k]));
  return undefined;
}

/** The per-lixel parts riskRates reads, for any run of consecutive lixels (a tiled merge's bucket: merge-buckets.ts). */
export type LixelParts = Pick<RiskParts, "local" | "network" | "regional" | "total" | "casualty" | "exposure">;

/** Each lixel's rate and its components, elementwise from its parts and the calibration (the same doubles for any run of lixels). */
export function riskRates(calibration: { meta: RiskParameters & { rateScale: number } }, parts: LixelParts): LixelRates {
  const n = parts.total.length;
  const m = calibration.meta;
  const kappa = m.rateScale;
  const casualties = parts.casualty;
  const exposure = parts.exposure;
  const out = {
    ratePerKmYear: new Float64Array(n),
    incidentRatePerKmYear: new Float64Array(n),
    localRatePerKmYear: new Float64Array(n),
    networkRatePerKmYear: new Float64Array(n),
    regionalRatePerKmYear: new Float64Array(n),
    hazardRatePerKmYear: new Float64Array(n),
    casualtyRatePerKmYear: new Float64Array(n),
    riskClass: new Uint8Array(n),
  };
  const b = m.backgroundRatePerKmYear;
  for (let l = 0; l < n; l++) {
    out.localRatePerKmYear[l] = kappa * parts.local[l];
    out.networkRatePerKmYear[l] = kappa * parts.network[l];
    out.regionalRatePerKmYear[l] = kappa * parts.regional[l];
    out.incidentRatePerKmYear[l] = kappa * parts.total[l];
    out.casualtyRatePerKmYear[l] = casualties ? kappa * casualties[l] : 0;
    out.hazardRatePerKmYear[l] = m.hazardRatePerKmYear.confirmed * exposure.confirmedShare[l] + m.hazardRatePerKmYear.suspected * exposure.suspectedShare[l];
    out.ratePerKmYear[l] = b + out.incidentRatePerKmYear[l] + out.hazardRatePerKmYear[l];
    out.riskClass[l] = classifyRate(out.ratePerKmYear[l], b, m.classBreaks);
  }
  return out;
}

/** Each lixel's rate, its components and class (RiskScores' per-lixel arrays). */
export interface LixelRates {
  /** Estimated incidents per km per year = background + local + network + regional + hazard. */
  ratePerKmYear: Float64Array;
  /** local + network + regional: the part that comes from recorded incidents. */
  incidentRatePerKmYear: Float64Array;
  localRatePerKmYear: Float64Array;
  networkRatePerKmYear: Float64Array;
  regionalRatePerKmYear: Float64Array;
  hazardRatePerKmYear: Float64Array;
  /** The incident component with each incident also weighted by its recorded casualties: casualties/km/year. */
  casualtyRatePerKmYear: Float64Array;
  riskClass: Uint8Array;
}
