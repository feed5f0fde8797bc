import { recordId, recordLabel } from "../../core/errors.ts";
import { lixelize } from "../../core/lixels.ts";
import { hazardRoadDistances, pointRoadDistances, regionalReachM, type RoadDistanceStats, roadDistanceStats } from "../../analyses/proximity/road-distance.ts";
import { RISK_DEFAULTS } from "../../analyses/risk/risk-defaults.ts";
import { buildLixelIndex } from "../../spatial/lixel-index.ts";
import { buildDataset, packHazards } from "../read/build-dataset.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../fields/records.ts";
import type { SourceFile } from "./tally.ts";
import type { Layer, RoadDistanceReport, RoadReach } from "./types.ts";

/** Road pieces of at most this length index the roads for the check: fine enough, and cheap to build. */
const CHECK_LIXEL_M = 1000;

/**
 * The roads of a run ready for the distance check: projected once into the run's fitted working CRS
 * (buildDataset), cut into pieces of ≤ 1 km and indexed. Undefined without roads. Reach parameters default
 * to RISK_DEFAULTS (regional bandwidth 30 km, precision scale 0.25).
 */
export function roadReach(roads: readonly RoadRecord[], options: { regionalBandwidthM?: number; precisionScale?: number } = {}): RoadReach | undefined {
  if (roads.length === 0) return undefined;
  // a sanity check against a 30 km reach: a distance error of up to 50 % cannot change its verdict on
  // layers thousands of km off, so it never refuses; the run itself then checks its own bound (dataset-crs.ts)
  const dataset = buildDataset({ roads, incidents: [] }, { maxDistanceError: 0.5 });
  const index = buildLixelIndex(lixelize(dataset.roads, { lixelLengthM: CHECK_LIXEL_M }));
  // keep only the CRS, not the whole dataset: at L its projected copy of the roads is ≈ 150 MB that the
  // rest of the read does not need
  const crs = dataset.crs;
  return {
    forward: (xy) => crs.forward(xy),
    index,
    regionalBandwidthM: options.regionalBandwidthM ?? RISK_DEFAULTS.regionalBandwidthM,
    precisionScale: options.precisionScale ?? RISK_DEFAULTS.precisionScale,
  };
}

/** Measure kept incident records against the roads and report per file (see reportRoadDistance). */
export function checkIncidentReach(reach: RoadReach, sources: readonly SourceFile[], records: readonly IncidentRecord[]): void {
  for (const s of sources) {
    const mine = records.filter((r) => r.file === s.tally.file);
    const xy = new Float64Array(2 * mine.length);
    mine.forEach((r, i) => xy.set([r.lon, r.lat], 2 * i));
    reach.forward(xy);
    const x = Float64Array.from(mine, (_r, i) => xy[2 * i]);
    const y = Float64Array.from(mine, (_r, i) => xy[2 * i + 1]);
    const stats = roadDistanceStats(pointRoadDistances(reach.index, x, y), (i) => regionalReachM(reach.regionalBandwidthM, reach.precisionScale, mine[i].locationPrecisionM));
    reportRoadDistance(s, "incidents", stats, mine, reach.regionalBandwidthM);
  }
}

/** Measure kept hazard records against the roads and report per file (see reportRoadDistance). */
export function checkHazardReach(reach: RoadReach, sources: readonly SourceFile[], records: readonly HazardRecord[]): void {
  for (const s of sources) {
    const mine = records.filter((r) => r.file === s.tally.file);
    const distances = hazardRoadDistances(reach.index, packHazards(mine, reach));
    reportRoadDistance(s, "hazards", roadDistanceStats(distances, () => reach.regionalBandwidthM), mine, reach.regionalBandwidthM);
  }
}

const km = (m: number) => (m < 10_000 ? (m / 1000).toFixed(1) : Math.round(m / 1000).toLocaleString("en-US"));

/**
 * Attach the file's distance report, and say so when records lie beyond the model's largest kernel reach
 * (`far-from-roads`, file-level): most of the file (more than half) → an error that strict mode refuses,
 * naming the likely causes; fewer → a warning. Either way the records are kept: lenient mode runs, and the
 * summary's first lines say how many are out of reach.
 */
function reportRoadDistance(s: SourceFile, layer: Layer, stats: RoadDistanceStats, records: readonly { id: string; record: number }[], regionalM: number): void {
  const report: RoadDistanceReport = {
    measured: stats.measured,
    beyondReach: stats.beyondReach,
    reachM: round(stats.measured > 0 ? stats.reachM : regionalM),
    minM: stats.measured > 0 ? round(stats.minM) : null,
    medianM: stats.measured > 0 ? round(stats.medianM) : null,
    maxM: stats.measured > 0 ? round(stats.maxM) : null,
  };
  s.roadDistance = report;
  if (stats.beyondReach === 0) return;
  const names = stats.beyond.slice(0, 10).map((i) => recordLabel({ record: records[i].record, line: s.tally.lineOf(records[i].record), id: recordId(records[i].id) })).join(", ");
  const more = stats.beyondReach > 10 ? ` and ${stats.beyondReach - 10} more` : "";
  const what = `${stats.beyondReach} of ${stats.measured} ${layer} lie farther from every road than the model's largest kernel reach (${km(stats.reachM)} km; distances ${km(stats.minM)}–${km(stats.maxM)} km, median ${km(stats.medianM)} km): ${names}${more}`;
  if (2 * stats.beyondReach > stats.measured) {
    s.tally.error(undefined, undefined, "far-from-roads", `${what}. Most of the file is far from the roads: check the axis order (GeoJSON is [lon, lat]), the input CRS (--crs) and that this file covers the same area as the roads; --lenient runs anyway, and these records reach no road`, "kept");
  } else {
    s.tally.warn(undefined, undefined, "far-from-roads", `${what}; they reach no road, so they shape no road's rate`);
  }
}

const round = (m: number) => Math.round(m * 10) / 10;
