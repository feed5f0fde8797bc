import { OptionError } from "../core/errors.ts";
import type { Lixels } from "../core/lixels.ts";
import { type KernelDensity, kernelDensity } from "../analyses/density/kernel-density.ts";
import { type LixelProximity, lixelProximity } from "../analyses/proximity/lixel-proximity.ts";
import { type IncidentSnap, snapIncidents } from "../analyses/proximity/snap-incidents.ts";
import type { RiskOptions, RiskScores } from "../analyses/risk/risk-score.ts";
import { type CorridorReport, corridorReport } from "../analyses/routing/corridor-report.ts";
import type { RoadGraph } from "../analyses/routing/road-graph.ts";
import { type RoutePath, shortestPath } from "../analyses/routing/shortest-path.ts";
import type { LixelIndex } from "../spatial/lixel-index.ts";
import { buildPointIndex } from "../spatial/point-index.ts";
import type { JunctionedRoads } from "../spatial/road-junctions.ts";
import type { Dataset } from "../io/read/build-dataset.ts";
import type { Place } from "../io/places/gazetteer.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../io/fields/records.ts";
import { type OfficialTotal, type RecordCompleteness, recordCompleteness } from "../analyses/risk/record-completeness.ts";
import { VERSION } from "../version.ts";
import { type PhaseListener, timed } from "./phase-timer.ts";
import { crsMeta, scoredNetwork, type ScoredNetworkOptions } from "./scored-network.ts";

export interface AnalyzeOptions {
  /** Working CRS as a projected proj string in metres; default fitted to the roads (io/crs/crs.ts). */
  crs?: string;
  /** Largest relative distance error accepted over the data's extent; default 0.001 (io/read/dataset-crs.ts). */
  maxDistanceError?: number;
  /** Maximum lixel length, metres. Default 100. */
  lixelLengthM?: number;
  /** Refuse to cut more lixels than this, before allocating (core/lixels.ts). Default 20,000,000. */
  maxLixels?: number;
  /** Refuse, before allocating lixels, a run estimated to need more bytes than this (core/memory-estimate.ts). Default 75 % of the machine's or cgroup's memory. */
  maxMemoryBytes?: number;
  /** Refuse, before projecting, more road vertices than this (pipeline/run-limits.ts). Default 100,000,000. */
  maxRoadVertices?: number;
  /** Refuse, before projecting, more incidents than this (pipeline/run-limits.ts). Default 5,000,000. */
  maxIncidents?: number;
  /** Road vertices closer than this are one junction, metres. Default 1. */
  snapToleranceM?: number;
  /** Radii for per-lixel incident counts, metres. Default [1000, 5000]. */
  radiiM?: readonly number[];
  risk?: RiskOptions;
  /** Covariate layers for the covariate term on the kernel model (pipeline/scored-network.ts). Default none. */
  covariates?: ScoredNetworkOptions["covariates"];
  covariateOptions?: ScoredNetworkOptions["covariateOptions"];
  density?: { cellSizeM?: number; bandwidthM?: number };
  /** Official victim totals to measure how complete the incident record is (record-completeness.ts). */
  officialTotals?: readonly OfficialTotal[];
  /**
   * Scale the rates to stand for all incidents: a share in (0, 1], or "auto" for the headline share of
   * recorded to official victims. Default: report the share, do not scale.
   */
  completeness?: number | "auto";
  /** Route endpoints; when both are given the run adds a shortest path and its corridor report. */
  route?: { from: Place; to: Place; lambda?: number; stretchLengthM?: number; worstCount?: number };
  /**
   * Told each phase's wall-clock time as it ends: project, lixelize, index, risk, graph, proximity
   * (incident index, per-lixel nearest and counts, snapping), density, route. Default: none. Results
   * do not depend on it.
   */
  onPhase?: PhaseListener;
}

/** Everything one run computed, aligned with the dataset's rows, plus how it was made. */
export interface AnalysisResult {
  dataset: Dataset;
  network: JunctionedRoads;
  lixels: Lixels;
  lixelIndex: LixelIndex;
  proximity: LixelProximity;
  snaps: IncidentSnap;
  risk: RiskScores;
  density: KernelDensity;
  graph: RoadGraph;
  route?: { from: Place; to: Place; path: RoutePath; report: CorridorReport };
  /** Recorded against official victims, when official totals were given. */
  completeness?: RecordCompleteness;
  meta: {
    toolkit: string;
    version: string;
    /** distanceErrorBound: measured largest relative error of a planar distance over the data (pipeline/scored-network.ts crsMeta). */
    crs: { name: string; definition: string; distanceErrorBound: number | null };
    lixelLengthM: number;
    snapToleranceM: number;
    radiiM: readonly number[];
    density: { cellSizeM: number; bandwidthM: number };
  };
}

/**
 * One complete run: reproject once, split roads at shared vertices, cut lixels, build the indexes once,
 * then proximity, incident snapping, risk, planar density and (when endpoints are given) the route and
 * its corridor report. Pure: reads no file and writes none.
 */
export function analyze(
  input: { roads: readonly RoadRecord[]; incidents: readonly IncidentRecord[]; hazards?: readonly HazardRecord[] },
  options: AnalyzeOptions = {},
): AnalysisResult {
  const snapToleranceM = options.snapToleranceM ?? 1;
  const { completeness, riskOptions } = analysisRiskOptions(input.incidents, options);
  const { dataset, network, lixels, lixelIndex, risk, graph } = scoredNetwork(input, { ...options, risk: riskOptions, snapToleranceM });
  const on = options.onPhase;
  const radiiM = options.radiiM ?? [1000, 5000];
  const { proximity, snaps } = timed(on, "proximity", () => {
    const points = buildPointIndex(dataset.incidents.x, dataset.incidents.y);
    return { proximity: lixelProximity(lixels, points, { radiiM }), snaps: snapIncidents(dataset.incidents, lixelIndex, network.roads) };
  });
  const cellSizeM = options.density?.cellSizeM ?? 1000;
  const bandwidthM = options.density?.bandwidthM ?? 2000;
  const box = lixelBox(lixels);
  const density = timed(on, "density", () => kernelDensity(dataset.incidents, { cellSizeM, bandwidthM, extent: box }));
  const routeOptions = options.route;
  const route = routeOptions ? timed(on, "route", () => routeOf({ dataset, network, lixels, lixelIndex, risk, graph }, routeOptions)) : undefined;
  return {
    dataset,
    network,
    lixels,
    lixelIndex,
    proximity,
    snaps,
    risk,
    density,
    graph,
    route,
    completeness,
    meta: {
      toolkit: "minerisk",
      version: VERSION,
      crs: crsMeta(dataset.crs),
      lixelLengthM: lixels.lixelLengthM,
      snapToleranceM,
      radiiM,
      density: { cellSizeM, bandwidthM },
    },
  };
}

/** The shortest (risk-weighted) path between the route's ends and its corridor report. */
function routeOf(run: Pick<AnalysisResult, "dataset" | "network" | "lixels" | "lixelIndex" | "risk" | "graph">, options: NonNullable<AnalyzeOptions["route"]>): AnalysisResult["route"] {
  const { dataset, network, lixels, lixelIndex, risk, graph } = run;
  const { from, to } = options;
  const ends = new Float64Array([from.lon, from.lat, to.lon, to.lat]);
  dataset.crs.forward(ends);
  const lambda = options.lambda ?? 0;
  const path = shortestPath(graph, lixelIndex, { x: ends[0], y: ends[1] }, { x: ends[2], y: ends[3] }, { lambda, ratePerKmYear: risk.ratePerKmYear });
  // every stretch rated high or above (classBreaks[2]) is listed and explained, not only the worstCount worst
  const report = corridorReport(path, lixels, network.roads, risk, { stretchLengthM: options.stretchLengthM, worstCount: options.worstCount, listAtLeastPerKmYear: risk.meta.classBreaks[2] });
  return { from, to, path, report };
}

/** The density grid covers the road network, grown by 5 km so kernels near the edge are not cut off. */
export function lixelBox(lixels: Pick<Lixels, "xy">): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < lixels.xy.length; i += 2) {
    minX = Math.min(minX, lixels.xy[i]);
    maxX = Math.max(maxX, lixels.xy[i]);
    minY = Math.min(minY, lixels.xy[i + 1]);
    maxY = Math.max(maxY, lixels.xy[i + 1]);
  }
  return densityExtent([minX, minY, maxX, maxY]);
}

/** The density grid's extent: the lixels' box [minX, minY, maxX, maxY] with 5 km around it (also a tiled merge's, from the tiles' boxes). */
export function densityExtent(box: readonly number[]): [number, number, number, number] {
  const m = 5000;
  return [box[0] - m, box[1] - m, box[2] + m, box[3] + m];
}

/**
 * How complete the record is (with official totals) and the risk options with the completeness share κ is
 * divided by: one function, so the whole run and the merge of a tiled run (pipeline/tiles/) read them alike.
 */
export function analysisRiskOptions(incidents: readonly IncidentRecord[], options: Pick<AnalyzeOptions, "officialTotals" | "completeness" | "risk">): { completeness?: RecordCompleteness; riskOptions?: RiskOptions } {
  const completeness = options.officialTotals
    ? recordCompleteness(incidents.map((r) => ({ date: r.date, killed: r.killed, injured: r.injured, counts: r.properties.countsInOfficialTotals !== false })), options.officialTotals)
    : undefined;
  const completenessShare = completenessScale(options.completeness, completeness);
  return { completeness, riskOptions: completenessShare === undefined ? options.risk : { ...options.risk, completenessShare } };
}

/** The share κ is divided by: the given one, the headline share for "auto", or none. */
function completenessScale(option: AnalyzeOptions["completeness"], c: RecordCompleteness | undefined): number | undefined {
  if (option === undefined) return undefined;
  if (option !== "auto") {
    if (!(option > 0 && option <= 1)) throw new OptionError(`completeness must be a share in (0, 1] or "auto", got ${option}`);
    return option;
  }
  if (!c?.headline) throw new OptionError('completeness "auto" needs official victim totals that cover the records\' period (give them, or a share)');
  return c.headline.share;
}

