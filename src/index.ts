// minerisk public API: re-exports only, grouped by layer. See README.md for an example.

// core — the typed-array data model
export { InputError, OptionError, formatIssues, type InputIssue } from "./core/errors.ts";
export type { RoadNetwork } from "./core/road-network.ts";
export { lixelize, type Lixels, type LixelizeOptions } from "./core/lixels.ts";
export { DEVICES, DATE_PRECISIONS, isoToDay, dayToIso, type Device, type DatePrecision, type IncidentSet } from "./core/incident-set.ts";
export { HAZARD_STATUSES, HAZARD_COLOURS, type HazardStatus, type HazardSet } from "./core/hazard-set.ts";
export type { Grid } from "./core/grid.ts";
export { seededRandom } from "./core/random.ts";

// spatial — indexes, built once per run
export { buildLixelIndex, nearestLixel, type LixelIndex, type LixelHit } from "./spatial/lixel-index.ts";
export { buildPointIndex, type PointIndex } from "./spatial/point-index.ts";
export { buildAreaIndex, type AreaIndex } from "./spatial/area-index.ts";
export { splitAtJunctions, type JunctionedRoads } from "./spatial/road-junctions.ts";

// analyses — pure functions over typed arrays
export { lixelProximity, type LixelProximity, type LixelProximityOptions } from "./analyses/proximity/lixel-proximity.ts";
export { snapIncidents, type IncidentSnap, type SnapIncidentsOptions } from "./analyses/proximity/snap-incidents.ts";
export { kernelDensity, type KernelDensity, type KernelDensityOptions } from "./analyses/density/kernel-density.ts";
export { riskScores, DEFAULT_HAZARD_RATES, type RiskOptions, type RiskScores } from "./analyses/risk/risk-score.ts";
export { incidentWeights, type IncidentWeights, type IncidentWeightOptions } from "./analyses/risk/incident-weights.ts";
export { hazardExposure, type HazardExposure } from "./analyses/risk/hazard-exposure.ts";
export { RISK_CLASSES, DEFAULT_CLASS_BREAKS, classifyRate, type RiskClass } from "./analyses/risk/risk-classes.ts";
export { buildRoadGraph, type RoadGraph } from "./analyses/routing/road-graph.ts";
export { shortestPath, type RoutePath, type RouteStep, type ShortestPathOptions } from "./analyses/routing/shortest-path.ts";
export { corridorReport, type CorridorReport, type CorridorStretch, type NamedPlaces } from "./analyses/routing/corridor-report.ts";
export { alternativeRoutes, type AlternativeRoute, type AlternativesOptions } from "./analyses/routing/alternatives.ts";
export { tradeoffCurve, type TradeoffPoint, type TradeoffOptions } from "./analyses/routing/tradeoff.ts";
export { avoidAreaLixels, type AvoidAreaOptions } from "./analyses/routing/avoid-areas.ts";
export { createSearchWorkspace, type SearchWorkspace } from "./analyses/routing/search.ts";
export type { RouteConstraints } from "./analyses/routing/route-query.ts";

// io — read and validate at the door, reproject, write
export { readRoads, readRoadsGeoJson, validateRoads } from "./io/read-roads.ts";
export { readIncidents, readIncidentsGeoJson, validateIncidents } from "./io/read-incidents.ts";
export { readIncidentsCsv } from "./io/read-csv.ts";
export { readHazards, readHazardsGeoJson, validateHazards } from "./io/read-hazards.ts";
export type { Intake } from "./io/intake/intake.ts";
export type { IntakeReport, FileReport, IntakeIssue, IntakeOptions, Strictness } from "./io/intake/types.ts";
export type { IncidentIntakeOptions } from "./io/intake/incident-layer.ts";
export { intakeReportJson, intakeReportText } from "./io/intake/report-format.ts";
export { loadMapping, validateMapping } from "./io/mapping/load-mapping.ts";
export type { FieldMapping } from "./io/mapping/schema.ts";
export { parseDate } from "./io/dates.ts";
export { parseCoordinate } from "./io/coords/degrees.ts";
export { mgrsToLonLat } from "./io/mgrs.ts";
export type { RoadRecord, IncidentRecord, HazardRecord, LonLat } from "./io/records.ts";
export { fitWorkingCrs, workingCrsFromDefinition, inputCrs, type WorkingCrs, type InputCrs } from "./io/crs.ts";
export { buildDataset, type Dataset, type BuildDatasetOptions } from "./io/build-dataset.ts";
export { resolvePlace, lookupPlace, type Place } from "./io/gazetteer.ts";
export { formatFeatureCollection, type OutFeature } from "./io/format-geojson.ts";
export { nearbyPlaces, type NearbyPlace } from "./io/nearby-places.ts";

// render — text for people
export { summaryText } from "./render/summary-text.ts";
export type { RunSummary } from "./render/run-summary.ts";
export { riskProfileSvg, tradeoffSvg } from "./render/charts.ts";

// pipeline — one complete run
export { analyze, type AnalyzeOptions, type AnalysisResult } from "./pipeline/analyze.ts";
export { summarize, CAVEAT } from "./pipeline/summary.ts";
export { writeOutputs, type WrittenFile } from "./pipeline/write-outputs.ts";
export { routeRun, routeRunSummary, type RouteRun, type RouteRunOptions } from "./pipeline/route-run.ts";
export { VERSION } from "./version.ts";
