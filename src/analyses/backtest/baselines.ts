import type { IncidentSet } from "../../core/incident-set.ts";
import { seededRandom } from "../../core/random.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";
import { buildPointIndex } from "../../spatial/point-index.ts";
import { lixelProximity } from "../proximity/lixel-proximity.ts";
import { incidentIntensity } from "../risk/incident-intensity.ts";

/** The baselines every backtest reports beside the model, by name. */
export const BASELINES = ["road length", "random", "nearest past incident", "planar KDE", "count within 1 km"] as const;
export type BaselineName = (typeof BASELINES)[number];
/** The baselines that use the past incidents (not road length or random): the ones worth comparing against closely. */
export const INFORMED_BASELINES: readonly BaselineName[] = ["nearest past incident", "planar KDE", "count within 1 km"];

export interface BaselineOptions {
  /** Seed of the random baseline. Default 1. */
  seed?: number;
  /** Radius of the planar-KDE baseline, metres. Default 2000 (the toolkit's density default). */
  kdeBandwidthM?: number;
  /** Radius of the count baseline, metres. Default 1000. */
  countRadiusM?: number;
}

/**
 * Per-lixel scores of the naive forecasts (higher = riskier), from the same past incidents the model sees,
 * unweighted: road length only (each lixel scored by its length: events spread uniformly along the roads,
 * PAI ≈ 1); random (seeded, `seededRandom`); minus the distance to the nearest past incident; a planar
 * quartic KDE of the past incidents at the lixel, fixed radius, no decay, no precision widening; and the
 * number of past incidents within 1 km. The hot-spot forecasting literature's usual comparators
 * (Chainey, Tompson & Uhlig 2008; Mohler et al. 2011 use the planar KDE as the one to beat).
 */
export function baselineScores(index: LixelIndex, past: IncidentSet, options: BaselineOptions = {}): Record<BaselineName, Float64Array> {
  const { lixels } = index;
  const n = lixels.count;
  const rand = seededRandom(options.seed ?? 1);
  const random = new Float64Array(n);
  for (let l = 0; l < n; l++) random[l] = rand();
  const radius = options.countRadiusM ?? 1000;
  const prox = lixelProximity(lixels, buildPointIndex(past.x, past.y), { radiiM: [radius] });
  const nearest = new Float64Array(n);
  for (let l = 0; l < n; l++) nearest[l] = -prox.nearestIncidentM[l];
  const h = options.kdeBandwidthM ?? 2000;
  const kde = incidentIntensity(index, past, new Float64Array(past.count).fill(1), { bandwidthM: h, regionalBandwidthM: h, widenByPrecision: false }).local;
  return {
    "road length": Float64Array.from(lixels.lengthM),
    random,
    "nearest past incident": nearest,
    "planar KDE": kde,
    "count within 1 km": Float64Array.from(prox.countWithin[0]),
  };
}
