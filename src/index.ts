// minerisk public API: re-exports only, grouped by layer. See README.md for an example.

// core — the typed-array data model
export { InputError, OptionError, formatIssues, type InputIssue } from "./core/errors.ts";
export { ISSUE_CODES, type IssueCode } from "./core/issue-codes.ts";
export type { RoadNetwork } from "./core/road-network.ts";
export { lixelize, type Lixels, type LixelizeOptions } from "./core/lixels.ts";
export { DEVICES, DATE_PRECISIONS, isoToDay, dayToIso, type Device, type DatePrecision, type IncidentSet } from "./core/incident-set.ts";
export { HAZARD_STATUSES, HAZARD_COLOURS, type HazardStatus, type HazardSet } from "./core/hazard-set.ts";
export type { Grid } from "./core/grid.ts";
export { seededRandom } from "./core/random.ts";
export { clopperPearson } from "./core/gamma-quantile.ts";

// spatial — indexes, built once per run
export { buildLixelIndex, nearestLixel, type LixelIndex, type LixelHit } from "./spatial/lixel-index.ts";
export { buildPointIndex, type PointIndex } from "./spatial/point-index.ts";
export { buildAreaIndex, type AreaIndex } from "./spatial/area-index.ts";
export { splitAtJunctions, type JunctionedRoads } from "./spatial/road-junctions.ts";
export { distanceBandNeighbours, nearestNeighbours, type Neighbours } from "./spatial/neighbours.ts";

// analyses — pure functions over typed arrays
export { lixelProximity, type LixelProximity, type LixelProximityOptions } from "./analyses/proximity/lixel-proximity.ts";
export { type PackedPolylines, type PolylineProximity, type PolylineProximityOptions, polylineProximity } from "./analyses/proximity/polyline-proximity.ts";
export { type PolylineProximityParallelOptions, polylineProximityParallel } from "./analyses/proximity/polyline-proximity-parallel.ts";
export { snapIncidents, type IncidentSnap, type SnapIncidentsOptions } from "./analyses/proximity/snap-incidents.ts";
export { pointLineDistances, networkLineDistances, distanceHistogram, type DistanceBin } from "./analyses/proximity/line-distance.ts";
export { hazardRoadDistances, pointRoadDistances, regionalReachM, roadDistanceStats, type RoadDistanceStats } from "./analyses/proximity/road-distance.ts";
export { kernelDensity, type KernelDensity, type KernelDensityOptions, type GridSpec } from "./analyses/density/kernel-density.ts";
export { kernelDensityAt } from "./analyses/density/kernel-density-at.ts";
export { incidentBandwidths, type IncidentBandwidths, type IncidentBandwidthOptions } from "./analyses/density/incident-bandwidths.ts";
export { ruleOfThumbBandwidth, BANDWIDTH_RULES, type BandwidthRule } from "./analyses/density/bandwidth-rules.ts";
export { densityWeights, type DensityWeightOptions } from "./analyses/density/density-weights.ts";
export { corridorMask } from "./analyses/density/corridor-mask.ts";
export { KERNELS, type KernelName } from "./analyses/density/kernels.ts";
export { snapEventsToLixels, type NetworkEvents, type SnapEventsOptions } from "./analyses/density/network-events.ts";
export { networkKernelDensity, type KdeNetwork, type NetworkKernelDensity, type NetworkKernelDensityOptions } from "./analyses/density/network-kernel-density.ts";
export { CV_CRITERIA, type CvCriterion, networkBandwidthCv, type NetworkBandwidthCv, type NetworkBandwidthCvOptions } from "./analyses/density/network-bandwidth-cv.ts";
export { NKDE_DEAD_ENDS, NKDE_METHODS, type NkdeDeadEnds, type NkdeMethod } from "./analyses/density/network-spread.ts";
export { getisOrdGiStar, type GiStar, type GiStarOptions } from "./analyses/hotspots/getis-ord-gi-star.ts";
export { benjaminiHochberg } from "./analyses/hotspots/benjamini-hochberg.ts";
export { twoSidedNormalP } from "./analyses/hotspots/normal-tail.ts";
export { HOTSPOT_CLASSES } from "./analyses/hotspots/hotspot-classes.ts";
export { networkBandNeighbours } from "./analyses/hotspots/network-neighbours.ts";
export { dbscanClusters, DBSCAN_ROLES, type DbscanClusters, type DbscanOptions } from "./analyses/clusters/dbscan-clusters.ts";
export { riskScores, DEFAULT_HAZARD_RATES, type RiskOptions, type RiskScores } from "./analyses/risk/risk-score.ts";
export { RISK_DEFAULTS } from "./analyses/risk/risk-defaults.ts";
export { resolveRiskParameters, type RiskParameters } from "./analyses/risk/risk-parameters.ts";
export { explainRate, type RateExplanation } from "./analyses/risk/explain-lixel.ts";
export { lixelRoutes, networkDensity, type LixelRoutes } from "./analyses/risk/network-density.ts";
export { quarticPerKm2 } from "./analyses/risk/incident-intensity.ts";
export { levelScaledInterval, weightedCountInterval, type WeightedCountInterval } from "./analyses/level/level-interval.ts";
export { forecastLevel, farringtonInterval, type DecayLevel, type LevelForecast } from "./analyses/level/level-forecast.ts";
export { LEVEL_DEFAULTS, LEVEL_METHODS, resolveLevelOptions, type LevelMethod, type LevelOptions } from "./analyses/level/level-options.ts";
export { levelSeries, type LevelSeries } from "./analyses/level/level-series.ts";
export { riskLevel, type RiskLevel } from "./analyses/level/risk-level.ts";
export { levelSummaries, LEVEL_BASELINES, type LevelCheck, type SplitLevel } from "./analyses/backtest/level-calibration.ts";
export { backtestSplit, scoreForecast, type BacktestData, type BacktestOptions, type SplitResult, type Scores } from "./analyses/backtest/run-backtest.ts";
export { rollingSplits, lixelBands, type TemporalSplit } from "./analyses/backtest/splits.ts";
export { assertBacktestInputs, backtestInputIssues, type GuardData } from "./analyses/backtest/split-guards.ts";
export { baselineScores, BASELINES, INFORMED_BASELINES, type BaselineName } from "./analyses/backtest/baselines.ts";
export { hitRates, lixelAuc, rankGroups, DEFAULT_COVERAGES, type HitRates } from "./analyses/backtest/ranking-metrics.ts";
export { calibrationByDecile, type Calibration } from "./analyses/backtest/calibration.ts";
export { pairedDifference, pairedDifferences, coverageShares, placements, type PairedDifference, type PairedDifferenceOptions, type DifferenceInterval } from "./analyses/backtest/paired-difference.ts";
export { incidentSubset } from "./analyses/backtest/subset.ts";
export { pooledComparison, type PooledComparison, type PooledScores, type PooledSplit } from "./analyses/backtest/pooled-comparison.ts";
export { fitPoisson, type Design, type PoissonFit, type PoissonFitOptions } from "./analyses/model/poisson-fit.ts";
export { lixelModelFeatures, type FeatureInputs, type FeatureOptions, type FeatureTable } from "./analyses/model/features.ts";
export { fittedRanking, scoreWithParts, type FittedRanking, type FittedRankingInputs, type FittedRankingOptions } from "./analyses/model/fitted-ranking.ts";
export { lineCovariate, polygonCovariate, type CovariateLayer } from "./analyses/model/covariates.ts";
export { withCovariates, type CovariateSource } from "./analyses/model/covariate-risk.ts";
export { fitCovariateTerm, fitWithSplitLevels, type CovariateTermFit, type CovariateTermInputs, type CovariateTermOptions, type SplitDesign } from "./analyses/model/covariate-term.ts";
export type { CovariateMeta, CovariateColumns } from "./analyses/risk/covariate-meta.ts";
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
export { readRoads, readRoadsGeoJson, validateRoads } from "./io/read/read-roads.ts";
export { readIncidents, readIncidentsCsv, readIncidentsGeoJson, validateIncidents } from "./io/read/read-incidents.ts";
export { readIncidentsAsync } from "./io/read/read-incidents-async.ts";
export { readHazards, readHazardsGeoJson, validateHazards, type HazardIntakeOptions } from "./io/read/read-hazards.ts";
export { readCovariate, covariateFlag } from "./io/read/read-covariate.ts";
export { normaliseHazardStatus } from "./io/fields/hazard-status.ts";
export { creditLine, layerCredit, type CreditLayer } from "./io/intake/attribution.ts";
export type { Intake } from "./io/intake/intake.ts";
export type { IntakeReport, FileReport, IntakeIssue, IntakeOptions, Strictness } from "./io/intake/types.ts";
export type { IncidentIntakeOptions } from "./io/intake/incident-layer.ts";
export { intakeReportJson, intakeReportText } from "./io/intake/report-format.ts";
export { roadReach } from "./io/intake/road-reach.ts";
export type { RoadDistanceReport, RoadReach } from "./io/intake/types.ts";
export { loadMapping, validateMapping } from "./io/mapping/load-mapping.ts";
export type { FieldMapping } from "./io/mapping/schema.ts";
export { parseDate } from "./io/fields/dates.ts";
export { riskConfigSchema, parseRiskConfig, readRiskConfig, defaultRiskConfig, riskOptionsFromConfig, eventTypeArrays, type RiskConfig } from "./io/read/risk-config.ts";
export { parseCoordinate } from "./io/coords/degrees.ts";
export { mgrsToLonLat } from "./io/coords/mgrs.ts";
export type { RoadRecord, IncidentRecord, HazardRecord, LonLat } from "./io/fields/records.ts";
export { fitWorkingCrs, workingCrsFromDefinition, withDistanceError, DEFAULT_MAX_DISTANCE_ERROR, inputCrs, type WorkingCrs, type InputCrs } from "./io/crs/crs.ts";
export { scaleRange, type ScaleRange, type DistanceError } from "./io/crs/scale-error.ts";
export { buildDataset, type Dataset, type BuildDatasetOptions } from "./io/read/build-dataset.ts";
export { resolvePlace, lookupPlace, type Place } from "./io/places/gazetteer.ts";
export { formatFeatureCollection, formatFeature, geoJsonChunks, normalFeature, lazyFeatures, rightHanded, type OutFeature, type FormatOptions, type FeatureList, type LazyFeatures } from "./io/write/format-geojson.ts";
export { writeFileAtomic, writeChunksAtomic } from "./io/write/write-file.ts";
export { stageOut, RUN_MANIFEST, type StagedOut } from "./io/stage/staged-out.ts";
export { writeGeoJson } from "./io/write/write-geojson.ts";
export { writeGeoJsonSeq, geoJsonSeqRecords } from "./io/write/write-geojsonseq.ts";
export { writeFlatGeobuf, flatGeobufBytes, flatGeobufChunks } from "./io/write/write-flatgeobuf.ts";
export { writeGeoParquet, geoParquetBytes } from "./io/write/write-geoparquet.ts";
export { writeCsv, csvLines, csvColumns, formatCsvCell } from "./io/write/write-csv.ts";
export { writeMeta, fileDigest, type OutputMeta, type FileDigest } from "./io/write/write-meta.ts";
export { writeLayer, LAYER_FORMATS, type LayerFormat, type WriteLayerOptions } from "./io/write/write-layer.ts";
export { qmlStyle, qgisColour, type StyledLayer } from "./io/write/styles.ts";
export { lixelFeatures, incidentFeatures, densityFeatures, densityLayer, hazardFeatures, RISK_CLASS_COLOURS, DEVICE_STYLES } from "./io/layers/layers.ts";
export { routeFeatures, worstStretchFeatures } from "./io/layers/route-layers.ts";
export { nearbyPlaces, type NearbyPlace } from "./io/places/nearby-places.ts";
export { writeGeoTiff, geoTiffBytes } from "./io/write/write-geotiff.ts";
export { squareCells, hexCells, h3Cells, cellFeatures, type CellSet } from "./io/layers/cells.ts";

// render — text for people
export { summaryText } from "./render/summary-text.ts";
export type { RunSummary } from "./render/run-summary.ts";
export { riskProfileSvg, tradeoffSvg } from "./render/charts/charts.ts";
export { renderSvgMap, staticMap, type StaticMap, DEFAULT_ATTRIBUTION, type SvgMapOptions, type MapLayers, type MapPlace } from "./render/map/svg-map.ts";
export { displayStretches, stretchBlocks, stretchMaker, type StretchMaker } from "./render/report/report-layers.ts";
export { capStretches, stretchCapAccumulator, type StretchCap, type StretchCapAccumulator } from "./render/report/report-cap.ts";
export { svgToPng } from "./render/png.ts";
export { renderReport, reportCsp, type ReportInput } from "./render/report/report.ts";
export { escapeHtml, jsonForScript } from "./render/escape.ts";
export { backtestMarkdown, backtestChartSvg, comparisonMarkdown } from "./render/charts/backtest-chart.ts";
export { differenceChartSvg } from "./render/charts/difference-chart.ts";

// pipeline — one complete run
export { analyze, type AnalyzeOptions, type AnalysisResult } from "./pipeline/analyze.ts";
export { summarize, CAVEAT } from "./pipeline/summary.ts";
export { writeOutputs, type WrittenFile, type WriteOutputsOptions } from "./pipeline/write-outputs.ts";
export { routeRun, routeRunSummary, type RouteRun, type RouteRunOptions } from "./pipeline/route-run.ts";

// pipeline/tiles — the same run through tiles (docs/scaling.md)
export { analyzeTiled, planTiledRun, withWholeGraph, type TiledInput, type TiledOptions } from "./pipeline/tiles/analyze-tiled.ts";
export { analyzeTiledPool, type TilePoolOptions } from "./pipeline/tiles/tile-pool.ts";
export { planTiles, type TilePlan, type TileSpec, type PlanTilesOptions } from "./pipeline/tiles/plan-tiles.ts";
export { runTile, tileInputOf, type TileInput, type TilePart, type TileRunOptions } from "./pipeline/tiles/tile-run.ts";
export { mergeTiles, type TiledAnalysis } from "./pipeline/tiles/merge/merge-tiles.ts";
export { writeRunPlan, processTile, runStatus, mergeRun } from "./pipeline/tiles/run-steps.ts";
export { enqueueTiles, startTileWorker, type QueueOptions, type TileWorkerOptions } from "./pipeline/tiles/tile-queue.ts";
export { exactSum, addExact, mergeExact, exactValue, type ExactSum } from "./core/exact-sum.ts";
export { VERSION } from "./version.ts";
