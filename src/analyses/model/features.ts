import { isActiveHazard } from "../../core/hazard-set.ts";
import type { IncidentSet } from "../../core/incident-set.ts";
import type { RoadNetwork } from "../../core/road-network.ts";
import { type AreaIndex, buildAreaIndex, nearestAreaDistance } from "../../spatial/area-index.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";
import { buildPointIndex } from "../../spatial/point-index.ts";
import { lixelProximity } from "../proximity/lixel-proximity.ts";
import { hazardExposure } from "../risk/hazard-exposure.ts";
import { incidentIntensity } from "../risk/incident-intensity.ts";
import { incidentWeights } from "../risk/incident-weights.ts";
import { type LixelRoutes, networkDensity } from "../risk/network-density.ts";
import type { CovariateLayer } from "./covariates.ts";

export interface FeatureOptions {
  /** Kernel reaches of an exactly located incident, metres (widened by precision as the kernel model does). Default 500, 1000, 3000, 10000, 30000. */
  reachesM?: readonly number[];
  /** Half-life of the recency-weighted kernels, days. Default 1095. */
  halfLifeDays?: number;
  /** Share of the location precision that widens a kernel (risk-defaults precisionScale). Default 0.25. */
  precisionScale?: number;
  /** Radii of the incident counts, metres. Default 1000, 5000. */
  countRadiiM?: readonly number[];
  /** Half-window of the network-window density along the road, metres. Default 20000. */
  networkWindowM?: number;
}

/** A per-lixel feature table: columns by name, each aligned with lixel order. */
export interface FeatureTable {
  names: string[];
  columns: Float64Array[];
}

/** What the features are computed from: the roads and, for one period, the incidents dated before it. */
export interface FeatureInputs {
  lixelIndex: LixelIndex;
  /** Predictor incidents (only those dated ≤ asOfDay count) and their weight (event type; 0 = not a predictor). */
  incidents: IncidentSet;
  predictorWeight?: Float64Array;
  asOfDay: number;
  /** All hazard areas (active and released); the features split them by status. */
  areas: AreaIndex;
  routes?: LixelRoutes;
  roads?: RoadNetwork;
  covariates?: readonly CovariateLayer[];
}

const DISTANCE_CAP_KM = 300;
const logKm = (m: number) => Math.log1p(Math.min(m / 1000, DISTANCE_CAP_KM));

/**
 * The ranking model's features per lixel for one period (docs/risk-model.md, "Fitted ranking"): for each
 * reach h, log(1 + Σᵢ wᵢ·K_Rᵢ(dᵢₗ)) with the quartic kernel of incident-intensity.ts, Rᵢ = √(h² + (f·pᵢ)²),
 * once with wᵢ = event-type weight (all the past counts alike) and once also × 2^(−age/H) (recency); log(1 +
 * count) of incidents within each radius; log(1 + km) to the nearest past incident; log(1 + N) of the
 * network-window density (network-density.ts) of the 1 km recency kernel; hazard exposure — confirmed and
 * suspected shares (hazard-exposure.ts), log(1 + km) to the nearest active and to the nearest released
 * area; road attributes (bridge, tunnel, one 0/1 column per road class); and each covariate layer's
 * columns (covariates.ts). Logs because the model is log-linear: a log feature enters as a power law.
 */
export function lixelModelFeatures(inputs: FeatureInputs, options: FeatureOptions = {}): FeatureTable {
  const { lixelIndex, incidents, asOfDay } = inputs;
  const { lixels } = lixelIndex;
  const n = lixels.count;
  const names: string[] = [];
  const columns: Float64Array[] = [];
  const add = (name: string, col: Float64Array) => (names.push(name), columns.push(col));
  const f = options.precisionScale ?? 0.25;
  const H = options.halfLifeDays ?? 1095;
  const plain = incidentWeights(incidents, { asOfDay, halfLifeDays: 1e12, persistentShare: 1, predictorWeight: inputs.predictorWeight });
  const recent = incidentWeights(incidents, { asOfDay, halfLifeDays: H, persistentShare: 0, predictorWeight: inputs.predictorWeight });
  const reaches = options.reachesM ?? [500, 1000, 3000, 10000, 30000];
  let recent1km: Float64Array | undefined;
  for (const [label, w] of [["all", plain.weight], ["recent", recent.weight]] as const) {
    for (let k = 0; k < reaches.length; k += 2) {
      const h = reaches[k];
      const hg = reaches[k + 1] ?? h;
      const s = incidentIntensity(lixelIndex, incidents, w, { bandwidthM: h, regionalBandwidthM: hg, widenByPrecision: true, precisionScale: f });
      add(`kernel ${h / 1000} km, ${label}`, s.local.map(Math.log1p));
      if (k + 1 < reaches.length) add(`kernel ${hg / 1000} km, ${label}`, s.regional.map(Math.log1p));
      if (label === "recent" && h === 1000) recent1km = s.local;
      if (label === "recent" && hg === 1000) recent1km = s.regional;
    }
  }
  const past = [];
  for (let i = 0; i < incidents.count; i++) if (plain.weight[i] > 0) past.push(i);
  const radii = options.countRadiiM ?? [1000, 5000];
  const prox = lixelProximity(lixels, buildPointIndex(Float64Array.from(past, (i) => incidents.x[i]), Float64Array.from(past, (i) => incidents.y[i])), { radiiM: radii });
  radii.forEach((r, k) => add(`count within ${r / 1000} km`, Float64Array.from(prox.countWithin[k], Math.log1p)));
  add("distance to nearest past incident", prox.nearestIncidentM.map(logKm));
  if (recent1km) add("network density, recent 1 km kernel", networkDensity(lixels, recent1km, options.networkWindowM ?? 20000, inputs.routes).map(Math.log1p));
  addHazardColumns(inputs, add);
  if (inputs.roads) addRoadColumns(inputs, inputs.roads, add);
  for (const c of inputs.covariates ?? []) {
    const v = c.values(lixels);
    for (const [suffix, col] of Object.entries(v)) add(`${c.name}: ${suffix}`, col);
  }
  if (columns.some((c) => c.length !== n)) throw new Error("feature column length mismatch");
  return { names, columns };
}

function addHazardColumns(inputs: FeatureInputs, add: (name: string, col: Float64Array) => void): void {
  const { areas } = inputs;
  const { lixels } = inputs.lixelIndex;
  const hz = areas.hazards;
  const active = buildAreaIndex(hz, (h) => isActiveHazard(hz.status[h]));
  const released = buildAreaIndex(hz, (h) => !isActiveHazard(hz.status[h]));
  const exposure = hazardExposure(lixels, active, { released: released.ids.length > 0 ? released : undefined });
  add("confirmed hazard share", exposure.confirmedShare);
  add("suspected hazard share", exposure.suspectedShare);
  add("distance to active hazard", exposure.nearestHazardM.map(logKm));
  const mid = midpoints(lixels);
  add("distance to released area", Float64Array.from({ length: lixels.count }, (_, l) => logKm(released.ids.length > 0 ? nearestAreaDistance(released, mid[2 * l], mid[2 * l + 1]) : Infinity)));
}

function addRoadColumns(inputs: FeatureInputs, roads: RoadNetwork, add: (name: string, col: Float64Array) => void): void {
  const { lixels } = inputs.lixelIndex;
  add("bridge", Float64Array.from(lixels.road, (r) => roads.bridge[r]));
  add("tunnel", Float64Array.from(lixels.road, (r) => roads.tunnel[r]));
  const classes = [...new Set(roads.classes)].filter((c) => c !== "").sort();
  if (classes.length > 1) for (const c of classes.slice(1, 12)) add(`road class ${c}`, Float64Array.from(lixels.road, (r) => (roads.classes[r] === c ? 1 : 0)));
}

/** Midpoint (by vertex average of the ends) of each lixel, interleaved x,y. */
export function midpoints(lixels: LixelIndex["lixels"]): Float64Array {
  const out = new Float64Array(2 * lixels.count);
  for (let l = 0; l < lixels.count; l++) {
    const a = lixels.start[l];
    const b = lixels.start[l + 1] - 1;
    out[2 * l] = (lixels.xy[2 * a] + lixels.xy[2 * b]) / 2;
    out[2 * l + 1] = (lixels.xy[2 * a + 1] + lixels.xy[2 * b + 1]) / 2;
  }
  return out;
}
