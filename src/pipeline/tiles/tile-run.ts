import type { ExactSum } from "../../core/exact-sum.ts";
import { isActiveHazard } from "../../core/hazard-set.ts";
import { lixelize } from "../../core/lixels.ts";
import type { RoadNetwork } from "../../core/road-network.ts";
import { lixelProximity } from "../../analyses/proximity/lixel-proximity.ts";
import { lixelRoutes } from "../../analyses/risk/network-density.ts";
import { riskParts } from "../../analyses/risk/risk-parts.ts";
import type { RiskOptions } from "../../analyses/risk/risk-score.ts";
import { buildAreaIndex } from "../../spatial/area-index.ts";
import { buildLixelIndex } from "../../spatial/lixel-index.ts";
import { buildPointIndex } from "../../spatial/point-index.ts";
import { splitAtJunctions } from "../../spatial/road-junctions.ts";
import type { Dataset } from "../../io/read/build-dataset.ts";
import type { HazardSet } from "../../core/hazard-set.ts";
import type { IncidentSet } from "../../core/incident-set.ts";
import { InputError, type InputIssue } from "../../core/errors.ts";
import type { TileSpec } from "./plan-tiles.ts";
import { pickPieces } from "./tile-pieces.ts";

/** The options of a run that a tile reads (a subset of AnalyzeOptions, same meaning and defaults). */
export interface TileRunOptions {
  maxDistanceError?: number;
  lixelLengthM?: number;
  maxLixels?: number;
  snapToleranceM?: number;
  radiiM?: readonly number[];
  risk?: RiskOptions;
}

/**
 * One tile's share of a run: its own road pieces (whole records) cut into lixels exactly as the whole run
 * cuts them, every per-lixel quantity on them, and per incident the tile's part of each global quantity
 * (nearest lixel within reach, road strip), to be merged by mergeTiles. Snapping (each incident's nearest
 * road, unbounded) is done at the merge on the whole network's lixels. Plain typed arrays and
 * objects: it crosses worker threads by structured clone and machines as a v8-serialized file.
 */
export interface TilePart {
  tile: number;
  /** Global road record of each owned piece (ascending, a record's pieces contiguous and in order). */
  pieceRecord: Uint32Array;
  pieces: RoadNetwork;
  lixels: { count: number; xy: Float64Array; start: Uint32Array; road: Uint32Array; fromM: Float64Array; lengthM: Float64Array; lixelLengthM: number };
  risk: {
    local: Float64Array; network: Float64Array; regional: Float64Array; total: Float64Array; casualty: Float64Array | undefined;
    confirmedShare: Float64Array; suspectedShare: Float64Array; nearestHazardM: Float64Array;
    nearestLixelM: Float64Array; strips: (ExactSum | undefined)[]; mass: ExactSum;
    /** Per incident, its local kernel reach (m): incident-level, the same in every tile. */
    reachM: Float64Array;
  };
  proximity: { nearestIncidentM: Float64Array; nearestIncident: Int32Array; countWithin: Uint32Array[] };
}

/**
 * What one tile reads, already in the whole run's working CRS: the road parts of its records (owned + halo,
 * input order; `featureIndex` = the input record), which records it owns, and every incident and hazard
 * area. The plan projects once and hands out the projected arrays, because the projection of an array of
 * 50,000 points or more is a polynomial fitted to that array's box (io/crs/crs.ts): a tile projecting its
 * own roads would get other last bits than the whole run.
 */
export interface TileInput {
  tile: number;
  roads: RoadNetwork;
  /** Per road part: where its record came from, to name it when the tile refuses it. */
  sources: { file: string[]; record: Uint32Array; id: string[] };
  /** Input indices of the road records the tile owns. */
  owned: Uint32Array;
  incidents: IncidentSet;
  hazards: HazardSet;
}

/** The input of tile `spec` cut from the whole run's dataset (what a pool task or a plan's tile file carries). */
export function tileInputOf(dataset: Pick<Dataset, "roads" | "roadRecords" | "incidents" | "hazards">, spec: TileSpec): TileInput {
  const inTile = new Uint8Array(dataset.roadRecords.length);
  for (const r of spec.owned) inTile[r] = 1;
  for (const r of spec.halo) inTile[r] = 1;
  const keep: number[] = [];
  for (let p = 0; p < dataset.roads.count; p++) if (inTile[dataset.roads.featureIndex[p]]) keep.push(p);
  const roads = pickPieces(dataset.roads, Uint32Array.from(keep), (f) => f);
  const rec = (p: number) => dataset.roadRecords[roads.featureIndex[p]];
  const sources = { file: Array.from(keep, (_, p) => rec(p).file), record: Uint32Array.from(keep, (_, p) => rec(p).record), id: Array.from(keep, (_, p) => rec(p).id) };
  return { tile: spec.id, roads, sources, owned: spec.owned, incidents: dataset.incidents, hazards: dataset.hazards };
}

/**
 * The tile's door: its roads come from a file in a shared folder, not from the intake, so each part is
 * checked again for what the analysis cannot run without (two or more finite positions), naming the record.
 */
function checkTileRoads(input: TileInput): void {
  const issues: InputIssue[] = [];
  const { xy, roadStart } = input.roads;
  for (let p = 0; p < input.roads.count; p++) {
    let ok = roadStart[p + 1] - roadStart[p] >= 2;
    for (let v = roadStart[p]; ok && v < roadStart[p + 1]; v++) ok = Number.isFinite(xy[2 * v]) && Number.isFinite(xy[2 * v + 1]);
    if (!ok) {
      const id = input.sources.id[p];
      issues.push({ file: input.sources.file[p], record: input.sources.record[p], id, code: "non-finite-coordinate", message: `road ${id} has a part with fewer than two positions or a non-finite coordinate: fix the road layer and plan again` });
    }
  }
  if (issues.length) throw new InputError(issues);
}

/**
 * Compute one tile (see TilePart): split the tile's roads at junctions (the halo roads are there so it sees
 * every neighbour the whole run sees), keep the owned pieces, cut lixels, and compute every per-lixel part
 * with every incident and hazard area.
 */
export function runTile(input: TileInput, options: TileRunOptions = {}): TilePart {
  checkTileRoads(input);
  const ownedSet = new Set(input.owned);
  const dataset = { incidents: input.incidents, hazards: input.hazards };
  const network = splitAtJunctions(input.roads, { snapToleranceM: options.snapToleranceM ?? 1 });
  const keep: number[] = [];
  for (let p = 0; p < network.roads.count; p++) if (ownedSet.has(network.roads.featureIndex[p])) keep.push(p);
  const pieces = pickPieces(network.roads, Uint32Array.from(keep), (f) => f);
  const lixels = lixelize(pieces, { lixelLengthM: options.lixelLengthM, maxLixels: options.maxLixels });
  const lixelIndex = buildLixelIndex(lixels);
  const areas = buildAreaIndex(dataset.hazards, (h) => isActiveHazard(dataset.hazards.status[h]));
  const parts = riskParts(lixelIndex, dataset.incidents, areas, { routes: lixelRoutes(lixels, pieces), ...options.risk, nearestForTile: true });
  const inc = dataset.incidents;
  const proximity = lixelProximity(lixels, buildPointIndex(inc.x, inc.y), { radiiM: options.radiiM ?? [1000, 5000] });
  const ex = parts.exposure;
  return {
    tile: input.tile,
    pieceRecord: pieces.featureIndex,
    pieces,
    lixels: { count: lixels.count, xy: lixels.xy, start: lixels.start, road: lixels.road, fromM: lixels.fromM, lengthM: lixels.lengthM, lixelLengthM: lixels.lixelLengthM },
    risk: {
      local: parts.local, network: parts.network, regional: parts.regional, total: parts.total, casualty: parts.casualty,
      confirmedShare: ex.confirmedShare, suspectedShare: ex.suspectedShare, nearestHazardM: ex.nearestHazardM,
      nearestLixelM: parts.nearestLixelM, strips: parts.strips, mass: parts.mass, reachM: parts.reachM,
    },
    proximity: { nearestIncidentM: proximity.nearestIncidentM, nearestIncident: proximity.nearestIncident, countWithin: proximity.countWithin },
  };
}
