import { type HazardSet, HAZARD_STATUSES, isActiveHazard } from "../core/hazard-set.ts";
import type { Lixels } from "../core/lixels.ts";
import type { RiskOptions, RiskScores } from "../analyses/risk/risk-score.ts";
import { type AlternativeRoute, alternativeRoutes } from "../analyses/routing/alternatives.ts";
import { avoidAreaLixels } from "../analyses/routing/avoid-areas.ts";
import { type CorridorReport, corridorReport, type NamedPlaces } from "../analyses/routing/corridor-report.ts";
import type { RoadGraph } from "../analyses/routing/road-graph.ts";
import type { RoutePath } from "../analyses/routing/shortest-path.ts";
import { type TradeoffPoint, tradeoffCurve } from "../analyses/routing/tradeoff.ts";
import { buildAreaIndex } from "../spatial/area-index.ts";
import { buildPointIndex } from "../spatial/point-index.ts";
import type { JunctionedRoads } from "../spatial/road-junctions.ts";
import { type Dataset, recordBounds } from "../io/read/build-dataset.ts";
import type { Place } from "../io/places/gazetteer.ts";
import { nearbyPlaces } from "../io/places/nearby-places.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../io/fields/records.ts";
import { crsMeta, schematicKm, schematicKmBefore, scoredNetwork, type ScoredNetworkOptions } from "./scored-network.ts";
import { expectedInterval, modelSummary } from "./summary.ts";

export interface RouteRunOptions {
  from: Place;
  to: Place;
  /** Same meaning and defaults as AnalyzeOptions, so a route run and `analyze` agree number for number. */
  crs?: string;
  maxDistanceError?: number;
  lixelLengthM?: number;
  /** Refuse to cut more lixels than this, before allocating (core/lixels.ts). Default 20,000,000. */
  maxLixels?: number;
  /** Refuse, before allocating lixels, a run estimated to need more bytes than this (core/memory-estimate.ts). Default 75 % of the machine's or cgroup's memory. */
  maxMemoryBytes?: number;
  /** Refuse, before projecting, more road vertices / incidents than these (pipeline/run-limits.ts). */
  maxRoadVertices?: number;
  maxIncidents?: number;
  snapToleranceM?: number;
  risk?: RiskOptions;
  /** Covariate layers for the covariate term on the kernel model (pipeline/scored-network.ts). Default none. */
  covariates?: ScoredNetworkOptions["covariates"];
  covariateOptions?: ScoredNetworkOptions["covariateOptions"];
  /** Risk aversion λ of the main route, km·year per incident. Default 0 (shortest). */
  lambda?: number;
  /** Number of routes to list (1 = the main route only). Default 1. */
  alternatives?: number;
  /** Areas never to drive through (status cancelled/cleared/released areas are not avoided). */
  avoid?: readonly HazardRecord[];
  avoidBufferM?: number;
  maxRatePerKmYear?: number;
  oneway?: boolean;
  maxSnapM?: number;
  stretchLengthM?: number;
  worstCount?: number;
  /** Largest λ of the trade-off curve. Default 1e6. */
  maxLambda?: number;
  /** Places file for "nearest place" names (GeoNames places in the roads' box are added). */
  placesFile?: string;
}

export interface RoutedCorridor {
  path: RoutePath;
  report: CorridorReport;
  /** Km of the route on roads marked `geometry_quality: "schematic"`: distances there are approximate. */
  schematicKm: number;
  sharedWithBestM: number;
}

export interface RouteRun {
  dataset: Dataset;
  network: JunctionedRoads;
  lixels: Lixels;
  risk: RiskScores;
  graph: RoadGraph;
  from: Place;
  to: Place;
  /** The main route first (least cost at λ), then the alternatives. */
  routes: RoutedCorridor[];
  tradeoff: TradeoffPoint[];
  avoid: { areas: number; avoided: number; notAvoided: string[]; blockedLixels: number; blockedKm: number };
  places: { count: number };
}

/**
 * The `minerisk route` run: reproject once, split roads at shared vertices, cut lixels, score risk —
 * the same calls with the same defaults as pipeline/analyze.ts, so the default Shusha → Fuzuli numbers
 * agree with `minerisk analyze` — then the graph, the main route and its alternatives, a corridor report
 * for each (worst stretches named after the nearest place), and the length–risk trade-off curve.
 * Pure apart from reading the places file and the bundled GeoNames list.
 */
export function routeRun(
  input: { roads: readonly RoadRecord[]; incidents: readonly IncidentRecord[]; hazards?: readonly HazardRecord[] },
  options: RouteRunOptions,
): RouteRun {
  // the same scoring as pipeline/analyze.ts, so both commands print the same numbers
  const { dataset, network, lixels, lixelIndex, risk, graph } = scoredNetwork(input, options);

  const avoidSet = packAreas(options.avoid ?? [], dataset);
  const avoidIndex = buildAreaIndex(avoidSet, (h) => isActiveHazard(avoidSet.status[h]));
  const avoidLixels = avoidSet.count > 0 ? avoidAreaLixels(lixels, avoidIndex, { bufferM: options.avoidBufferM }) : undefined;
  const ends = dataset.crs.forward(new Float64Array([options.from.lon, options.from.lat, options.to.lon, options.to.lat]));
  const from = { x: ends[0], y: ends[1] };
  const to = { x: ends[2], y: ends[3] };
  const constraints = { maxSnapM: options.maxSnapM, oneway: options.oneway, avoidLixels, maxRatePerKmYear: options.maxRatePerKmYear, ratePerKmYear: risk.ratePerKmYear };

  const found: AlternativeRoute[] = alternativeRoutes(graph, lixelIndex, from, to, { ...constraints, lambda: options.lambda ?? 0, count: options.alternatives ?? 1 });
  const places = namedPlaces(input.roads, dataset, options.placesFile);
  // every stretch rated high or above is listed (and explained), not only the worstCount worst
  const reportOptions = { stretchLengthM: options.stretchLengthM, worstCount: options.worstCount, listAtLeastPerKmYear: risk.meta.classBreaks[2], places };
  const routes = found.map((a) => ({
    path: a.path,
    report: corridorReport(a.path, lixels, network.roads, risk, reportOptions),
    schematicKm: schematicKm(a.path, { dataset, network, lixels }),
    sharedWithBestM: a.sharedWithBestM,
  }));
  const tradeoff = tradeoffCurve(graph, lixelIndex, from, to, { ...constraints, maxLambda: options.maxLambda });
  let blockedLixels = 0;
  let blockedM = 0;
  for (let i = 0; i < lixels.count; i++) {
    if (avoidLixels?.[i] === 1 || (options.maxRatePerKmYear !== undefined && risk.ratePerKmYear[i] > options.maxRatePerKmYear)) {
      blockedLixels++;
      blockedM += lixels.lengthM[i];
    }
  }
  const notAvoided = (options.avoid ?? []).filter((_, h) => !isActiveHazard(avoidSet.status[h])).map((a) => a.id);
  return {
    dataset,
    network,
    lixels,
    risk,
    graph,
    from: options.from,
    to: options.to,
    routes,
    tradeoff,
    avoid: { areas: avoidSet.count, avoided: avoidSet.count - notAvoided.length, notAvoided, blockedLixels, blockedKm: blockedM / 1000 },
    places: { count: places.names.length },
  };
}

/** Places in the roads' lon/lat box, projected into the working CRS and indexed. */
function namedPlaces(roads: readonly RoadRecord[], dataset: Dataset, placesFile: string | undefined): NamedPlaces {
  const list = nearbyPlaces(recordBounds(roads), { placesFile });
  const xy = dataset.crs.forward(Float64Array.from(list.flatMap((p) => [p.lon, p.lat])));
  const x = Float64Array.from(list, (_, k) => xy[2 * k]);
  const y = Float64Array.from(list, (_, k) => xy[2 * k + 1]);
  return { names: list.map((p) => p.name), points: buildPointIndex(x, y) };
}

/** Avoid polygons projected into the run's CRS (the CRS stays fitted to roads and hazards, as in analyze). */
function packAreas(records: readonly HazardRecord[], dataset: Dataset): HazardSet {
  const bbox = new Float64Array(4 * records.length);
  const polygons = records.map((a, i) => {
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    const polys = a.polygons.map((poly) =>
      poly.map((ring) => {
        const xy = dataset.crs.forward(Float64Array.from(ring.flat()));
        for (let k = 0; k < xy.length; k += 2) {
          b[0] = Math.min(b[0], xy[k]);
          b[1] = Math.min(b[1], xy[k + 1]);
          b[2] = Math.max(b[2], xy[k]);
          b[3] = Math.max(b[3], xy[k + 1]);
        }
        return xy;
      }),
    );
    bbox.set(b, 4 * i);
    return polys;
  });
  return { count: records.length, polygons, status: Uint8Array.from(records, (a) => HAZARD_STATUSES.indexOf(a.status)), bbox, ids: records.map((a) => a.id) };
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const sig = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null);
const km3 = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, r3(v)]));

/**
 * The machine-readable result of a route run (`minerisk route --json`, schema in docs/routing.md):
 * metres to 0.001, rates and expected incidents to 6 significant digits, deterministic key order.
 */
export function routeRunSummary(run: RouteRun, meta: { toolkit: string; version: string; caveat: string; lambda: number; oneway: boolean; maxRatePerKmYear?: number; avoidFile?: string }) {
  const main = run.routes[0];
  const place = (p: Place, snapM: number) => ({ name: p.name, lon: p.lon, lat: p.lat, source: p.source, precisionM: p.precisionM, snapM: r3(snapM) });
  const schematicBefore = schematicKmBefore(main.path, run);
  const stretch = (s: CorridorReport["worstStretches"][number]) => ({
    fromKm: r3(s.fromKm),
    toKm: r3(s.toKm),
    rate: sig(s.ratePerKmYear),
    expectedIncidentsPerYear: sig(s.expectedIncidentsPerYear),
    near: s.near?.name ?? null,
    nearDistanceKm: s.near ? r3(s.near.distanceM / 1000) : null,
    roadNames: s.roadNames,
    schematicKmBefore: r3(schematicBefore(s.toKm)),
  });
  return {
    toolkit: meta.toolkit,
    version: meta.version,
    caveat: meta.caveat,
    crs: crsMeta(run.dataset.crs),
    model: modelSummary(run.risk.meta),
    from: place(run.from, main.path.snapFromM),
    to: place(run.to, main.path.snapToM),
    lambda: meta.lambda,
    oneway: meta.oneway,
    maxRatePerKmYear: meta.maxRatePerKmYear ?? null,
    avoid: { file: meta.avoidFile ?? null, areas: run.avoid.areas, avoided: run.avoid.avoided, notAvoided: run.avoid.notAvoided, blockedLixels: run.avoid.blockedLixels, blockedKm: r3(run.avoid.blockedKm) },
    lengthM: r3(main.report.lengthM),
    expectedIncidentsPerYear: sig(main.report.expectedIncidentsPerYear),
    expectedIncidentsPerYearInterval: expectedInterval(main.path.steps, run.lixels.lengthM, run.risk, main.report.expectedIncidentsPerYear),
    expectedIncidentsPerYearPredictionInterval: expectedInterval(main.path.steps, run.lixels.lengthM, run.risk, main.report.expectedIncidentsPerYear, "prediction"),
    kmByClass: km3(main.report.kmByClass),
    schematicKm: r3(main.schematicKm),
    worstStretches: main.report.worstStretches.map(stretch),
    alternatives: run.routes.map((r) => ({
      lengthM: r3(r.report.lengthM),
      cost: r3(r.path.cost),
      expectedIncidentsPerYear: sig(r.report.expectedIncidentsPerYear),
      kmByClass: km3(r.report.kmByClass),
      schematicKm: r3(r.schematicKm),
      sharedWithBestM: r3(r.sharedWithBestM),
      roadNames: [...new Set(r.report.profile.map((p) => p.roadName).filter((n) => n !== ""))],
    })),
    tradeoff: run.tradeoff.map((p) => ({
      lambda: sig(p.lambda),
      lambdaMax: sig(p.lambdaMax),
      lengthM: r3(p.lengthM),
      expectedIncidentsPerYear: sig(p.expectedIncidentsPerYear),
      extraLengthM: r3(p.extraLengthM),
      riskReductionPerYear: sig(p.riskReductionPerYear),
    })),
    places: run.places.count,
  };
}

export type RouteRunSummary = ReturnType<typeof routeRunSummary>;
