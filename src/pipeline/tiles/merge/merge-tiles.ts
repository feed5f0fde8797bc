import { OptionError } from "../../../core/errors.ts";
import { kernelDensity } from "../../../analyses/density/kernel-density.ts";
import { type RiskParts, riskWeights } from "../../../analyses/risk/risk-parts.ts";
import { riskFromParts } from "../../../analyses/risk/risk-score.ts";
import { buildDataset, type Dataset } from "../../../io/read/build-dataset.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../../../io/fields/records.ts";
import { VERSION } from "../../../version.ts";
import { type AnalysisResult, type AnalyzeOptions, analysisRiskOptions, densityExtent } from "../../analyze.ts";
import { crsMeta } from "../../scored-network.ts";
import type { TilePlan } from "../plan-tiles.ts";
import { allocateWhole, arraySource, copyTile, scatter, type TileSource, tileIndices } from "./merge-layout.ts";
import { farSnaps, firstPass, offerTile, readTile } from "./merge-first-pass.ts";
import { tileSnapper } from "./merge-snaps.ts";
import type { TilePart } from "../tile-run.ts";

/** A merged tiled run: everything `analyze` gives except the routing graph, the lixel index and the route. */
export type TiledAnalysis = Omit<AnalysisResult, "graph" | "lixelIndex" | "route"> & {
  /** Each hazard area's distance to the nearest road (hazardRoadDistances on the whole network), for the summary. */
  hazardRoadM: Float64Array;
};

/**
 * Merge the tiles of a plan into the whole run's result, reading the tiles one at a time (a TileSource: the
 * merge never holds two tiles' parts at once). Pass 1: per incident, the nearest lixel is the minimum over
 * the tiles, the road strips and κ's kernel mass exact sums of the tiles' partials (core/exact-sum.ts), and
 * per record where its pieces and lixels go (merge-layout.ts). Pass 2: every per-lixel array is put into the
 * whole run's lixel order (input road order, then chainage), and each tile offers its snapping candidates
 * (merge-snaps.ts: snapIncidents exactly, without an index over the whole network; a third pass only for
 * incidents with no road within `snapBoundM`). Then the global step: the calibration κ, the level forecast
 * and every rate (riskFromParts), the planar density over all incidents on the merged network's box, and
 * the record's completeness. Every value is the double the whole run computes, so the layers written from
 * it are the same bytes (test/pipeline/tiles/tiled-run.test.ts). The whole-run arrays are still O(lixels):
 * docs/scaling.md, "Not done".
 */
export function mergeTiles(
  input: { roads: readonly RoadRecord[]; incidents: readonly IncidentRecord[]; hazards?: readonly HazardRecord[] },
  plan: TilePlan,
  tileParts: readonly TilePart[] | TileSource,
  options: Omit<AnalyzeOptions, "route" | "onPhase"> & {
    /** Snapping asks each tile within this many metres first (merge-snaps.ts); the result does not depend on it. Default 5000. */
    snapBoundM?: number;
  } = {},
  /** The whole input projected with `options` (buildDataset), when the caller has it already. */
  projected?: Dataset,
): TiledAnalysis {
  refuseUntiledOptions(options);
  const source = "read" in tileParts ? tileParts : arraySource(tileParts);
  const dataset = projected ?? buildDataset(input, { crs: options.crs, maxDistanceError: options.maxDistanceError });
  const inc = dataset.incidents;
  const { nearestLixelM, strips, mass, layout, box, anyCasualty, reachM, lixelLengthM } = firstPass(source, plan, inc.count);
  // pass 2: each tile's pieces, lixels and per-lixel columns into their whole-run places; its snapping candidates
  const { roads, lixels } = allocateWhole(layout, lixelLengthM);
  const m = layout.lixels;
  const radiiM = options.radiiM ?? [1000, 5000];
  const col = { local: new Float64Array(m), network: new Float64Array(m), regional: new Float64Array(m), total: new Float64Array(m), casualty: anyCasualty ? new Float64Array(m) : undefined, confirmedShare: new Float64Array(m), suspectedShare: new Float64Array(m), nearestHazardM: new Float64Array(m) };
  const proximity = { nearestIncidentM: new Float64Array(m), nearestIncident: new Int32Array(m), radiiM, countWithin: radiiM.map(() => new Uint32Array(m)) };
  const snapper = tileSnapper(inc, options.snapBoundM ?? SNAP_BOUND_M);
  const hazardRoadM = new Float64Array(dataset.hazards.count).fill(Infinity);
  for (let k = 0; k < source.count; k++) {
    const p = readTile(source, k);
    const at = tileIndices(p, layout);
    copyTile({ roads, lixels }, p, at, layout);
    const r = p.risk;
    for (const key of ["local", "network", "regional", "total", "confirmedShare", "suspectedShare", "nearestHazardM"] as const) scatter(col[key], r[key], at.lixel);
    if (col.casualty && r.casualty) scatter(col.casualty, r.casualty, at.lixel);
    scatter(proximity.nearestIncidentM, p.proximity.nearestIncidentM, at.lixel);
    scatter(proximity.nearestIncident, p.proximity.nearestIncident, at.lixel);
    proximity.countWithin.forEach((c, j) => scatter(c, p.proximity.countWithin[j], at.lixel));
    offerTile(p, at, snapper, dataset.hazards, hazardRoadM);
  }
  farSnaps(source, layout, snapper);
  const { completeness, riskOptions } = analysisRiskOptions(input.incidents, options);
  const { params, weights } = riskWeights(inc, riskOptions);
  const merged: RiskParts = {
    params,
    weights,
    local: col.local,
    network: col.network,
    regional: col.regional,
    total: col.total,
    casualty: col.casualty,
    exposure: { confirmedShare: col.confirmedShare, suspectedShare: col.suspectedShare, nearestHazardM: col.nearestHazardM },
    reachM,
    nearestLixelM,
    strips,
    mass,
  };
  const risk = riskFromParts(inc, merged, riskOptions);
  const snaps = snapper.result();
  const cellSizeM = options.density?.cellSizeM ?? 1000;
  const bandwidthM = options.density?.bandwidthM ?? 2000;
  // the first pass's box of the tiles' lixel vertices is lixelBox of the merged lixels (a min/max: exact)
  const density = kernelDensity(inc, { cellSizeM, bandwidthM, extent: densityExtent(box) });
  const snapToleranceM = options.snapToleranceM ?? 1;
  return {
    dataset,
    network: { roads, fromNode: new Uint32Array(0), toNode: new Uint32Array(0), nodeCount: 0, nodeX: new Float64Array(0), nodeY: new Float64Array(0) },
    lixels,
    proximity,
    snaps,
    risk,
    density,
    completeness,
    hazardRoadM,
    meta: { toolkit: "minerisk", version: VERSION, crs: crsMeta(dataset.crs), lixelLengthM: lixels.lixelLengthM, snapToleranceM, radiiM, density: { cellSizeM, bandwidthM } },
  };
}

/**
 * The first pass asks each tile for incidents' nearest lixel within this many metres (then within the best
 * found so far); incidents with no road that near get the unbounded second pass (merge-snaps.ts).
 */
const SNAP_BOUND_M = 5000;

/**
 * Options of analyze that a tiled run does not carry out yet: refused, not ignored, so a tiled run never
 * prints numbers that differ from the whole run's (a covariate term multiplies the incident part of every
 * rate, on main since this branch began; docs/scaling.md, "Not done").
 */
export function refuseUntiledOptions(options: object): void {
  for (const key of ["covariates", "route"]) {
    if ((options as Record<string, unknown>)[key] !== undefined) throw new OptionError(`a tiled run does not take "${key}" yet: run analyze on one machine for it (docs/scaling.md)`);
  }
}
