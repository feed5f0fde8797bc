import { memoryBudget } from "./memory-budget.ts";
import { isActiveHazard } from "../core/hazard-set.ts";
import { type Lixels, lixelize } from "../core/lixels.ts";
import { checkRunLimits } from "./run-limits.ts";
import { lixelRoutes } from "../analyses/risk/network-density.ts";
import { type RiskOptions, type RiskScores, riskScores } from "../analyses/risk/risk-score.ts";
import { type CovariateSource, withCovariates } from "../analyses/model/covariate-risk.ts";
import type { CovariateTermOptions } from "../analyses/model/covariate-term.ts";
import { buildRoadGraph, type RoadGraph } from "../analyses/routing/road-graph.ts";
import type { RoutePath } from "../analyses/routing/shortest-path.ts";
import { type AreaIndex, buildAreaIndex } from "../spatial/area-index.ts";
import { buildLixelIndex, type LixelIndex } from "../spatial/lixel-index.ts";
import { type JunctionedRoads, splitAtJunctions } from "../spatial/road-junctions.ts";
import { buildDataset, type Dataset } from "../io/read/build-dataset.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../io/fields/records.ts";
import { type PhaseListener, timed } from "./phase-timer.ts";

/** The part every run shares: the data in its working CRS, the network cut into lixels, indexes, risk, graph. */
export interface ScoredNetwork {
  dataset: Dataset;
  network: JunctionedRoads;
  lixels: Lixels;
  lixelIndex: LixelIndex;
  /** Active (confirmed / suspected) hazard areas. */
  areas: AreaIndex;
  risk: RiskScores;
  graph: RoadGraph;
}

export interface ScoredNetworkOptions {
  /** Working CRS as a projected proj string in metres; default fitted to the roads (io/crs/crs.ts). */
  crs?: string;
  /** Largest relative distance error accepted over the data's extent; default 0.001 (io/read/dataset-crs.ts). */
  maxDistanceError?: number;
  /** Road vertices closer than this are one junction, metres. Default 1. */
  snapToleranceM?: number;
  /** Maximum lixel length, metres. Default 100. */
  lixelLengthM?: number;
  /** Refuse to cut more lixels than this, before allocating (core/lixels.ts). Default 20,000,000. */
  maxLixels?: number;
  /** Refuse, before allocating lixels, a run estimated to need more bytes than this (core/memory-estimate.ts). Default 75 % of the machine's or cgroup's memory. */
  maxMemoryBytes?: number;
  /** Refuse, before projecting, more road vertices / incidents than these (pipeline/run-limits.ts). Defaults 100 M / 5 M. */
  maxRoadVertices?: number;
  maxIncidents?: number;
  risk?: RiskOptions;
  /**
   * Covariate layers, built in the run's working CRS (io/read/read-covariate.ts), for the covariate term on
   * top of the kernel model (analyses/model/covariate-risk.ts). Default none: the kernel model alone.
   */
  covariates?: (crs: Dataset["crs"]) => readonly CovariateSource[];
  covariateOptions?: CovariateTermOptions;
  /** Told each phase's wall-clock time: project, lixelize, index, risk, graph. Default: none. */
  onPhase?: PhaseListener;
}

/**
 * Reproject once, split roads at shared vertices, cut lixels, build the indexes once, score risk (the
 * network-density window follows roads through junctions) and build the routing graph. One function, so
 * `analyze` and `route` cannot drift apart in how they score the same roads.
 */
export function scoredNetwork(
  input: { roads: readonly RoadRecord[]; incidents: readonly IncidentRecord[]; hazards?: readonly HazardRecord[] },
  options: ScoredNetworkOptions = {},
): ScoredNetwork {
  const on = options.onPhase;
  checkRunLimits(input, options);
  const dataset = timed(on, "project", () => buildDataset(input, { crs: options.crs, maxDistanceError: options.maxDistanceError }));
  const { network, lixels } = timed(on, "lixelize", () => {
    const network = splitAtJunctions(dataset.roads, { snapToleranceM: options.snapToleranceM ?? 1 });
    return { network, lixels: lixelize(network.roads, {
        lixelLengthM: options.lixelLengthM,
        maxLixels: options.maxLixels,
        memory: memoryBudget(input.roads.length + input.incidents.length + (input.hazards?.length ?? 0), options.maxMemoryBytes),
      }) };
  });
  const { lixelIndex, areas } = timed(on, "index", () => ({
    lixelIndex: buildLixelIndex(lixels),
    areas: buildAreaIndex(dataset.hazards, (h) => isActiveHazard(dataset.hazards.status[h])),
  }));
  const risk = timed(on, "risk", () => {
    const riskOptions = { routes: lixelRoutes(lixels, network.roads), ...options.risk };
    const kernel = riskScores(lixelIndex, dataset.incidents, areas, riskOptions);
    const covariates = options.covariates?.(dataset.crs) ?? [];
    return covariates.length > 0 ? withCovariates(lixelIndex, dataset.incidents, areas, kernel, covariates, riskOptions, options.covariateOptions) : kernel;
  });
  const graph = timed(on, "graph", () => buildRoadGraph(network, lixels));
  return { dataset, network, lixels, lixelIndex, areas, risk, graph };
}

/**
 * The working CRS as results' meta state it: name, definition and `distanceErrorBound`, the measured
 * largest relative error of a planar distance over the data's extent (0.0001 = 0.01 %; io/crs/scale-error.ts).
 */
export function crsMeta(crs: Dataset["crs"]): { name: string; definition: string; distanceErrorBound: number | null } {
  const bound = crs.distanceError?.bound;
  return { name: crs.name, definition: crs.definition, distanceErrorBound: bound !== undefined && Number.isFinite(bound) ? roundUp3(bound) : null };
}

/** Rounded up to 3 significant digits: a stated bound must not be smaller than the measured one. */
function roundUp3(v: number): number {
  if (v <= 0) return 0;
  const p = 10 ** (Math.floor(Math.log10(v)) - 2);
  return Number((Math.ceil(v / p) * p).toPrecision(3));
}

/** Km of a route on roads marked `geometry_quality: "schematic"`: distances and chainages there are approximate. */
export function schematicKm(path: RoutePath, run: Pick<ScoredNetwork, "dataset" | "network" | "lixels">): number {
  const { dataset, network, lixels } = run;
  let m = 0;
  for (const s of path.steps) {
    const rec = dataset.roadRecords[network.roads.featureIndex[lixels.road[s.lixel]]];
    if (rec.properties.geometry_quality === "schematic") m += Math.abs(s.toFrac - s.fromFrac) * lixels.lengthM[s.lixel];
  }
  return m / 1000;
}

/**
 * Km of schematic geometry between the route's start and a chainage (km from the start), as a function:
 * a chainage measured over schematic geometry is approximate even where the road under it is surveyed,
 * because every km before it carries the drawn road's error. 0 everywhere on a route with none.
 */
export function schematicKmBefore(path: RoutePath, run: Pick<ScoredNetwork, "dataset" | "network" | "lixels">): (km: number) => number {
  const { dataset, network, lixels } = run;
  const n = path.steps.length;
  const atKm = new Float64Array(n + 1);
  const schematicAt = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const s = path.steps[k];
    const km = (Math.abs(s.toFrac - s.fromFrac) * lixels.lengthM[s.lixel]) / 1000;
    const rec = dataset.roadRecords[network.roads.featureIndex[lixels.road[s.lixel]]];
    atKm[k + 1] = atKm[k] + km;
    schematicAt[k + 1] = schematicAt[k] + (rec.properties.geometry_quality === "schematic" ? km : 0);
  }
  return (km: number) => {
    // binary search for the step holding km, then the schematic share inside that step
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (atKm[mid] <= km) lo = mid;
      else hi = mid - 1;
    }
    if (lo >= n) return schematicAt[n];
    const stepKm = atKm[lo + 1] - atKm[lo];
    const inside = stepKm > 0 ? (Math.min(km, atKm[lo + 1]) - atKm[lo]) / stepKm : 0;
    return schematicAt[lo] + inside * (schematicAt[lo + 1] - schematicAt[lo]);
  };
}
