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
import { buildDataset } from "../../io/read/build-dataset.ts";
import { type HazardRecord, type IncidentRecord, type LonLat, type PackedParts, packedPartRange, type RoadRecord } from "../../io/fields/records.ts";
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

/** What one tile reads: its roads (owned + halo, ascending input order), which of them it owns, all incidents and hazard areas. */
export interface TileInput {
  tile: number;
  /** The tile's road records, in ascending input order. */
  roads: readonly RoadRecord[];
  /** Input index of each of `roads`. */
  recordIndex: Uint32Array;
  /** Input indices of the roads the tile owns (a subset of recordIndex). */
  owned: Uint32Array;
  incidents: readonly IncidentRecord[];
  hazards?: readonly HazardRecord[];
}

/** The input of tile `spec` cut from the whole input (what a pool task or a plan's tile file carries). */
export function tileInputOf(input: { roads: readonly RoadRecord[]; incidents: readonly IncidentRecord[]; hazards?: readonly HazardRecord[] }, spec: TileSpec): TileInput {
  const recordIndex = Uint32Array.from([...spec.owned, ...spec.halo]).sort();
  return { tile: spec.id, roads: Array.from(recordIndex, (r) => unpacked(input.roads[r])), recordIndex, owned: spec.owned, incidents: input.incidents, hazards: input.hazards };
}

/**
 * A record read by the streaming scanner shares its file's packed coordinate arrays with every other record
 * (records.ts PackedParts): a tile's copy gets its own parts instead, the same doubles, so a tile's task or
 * file carries its roads only, not the whole file's coordinates.
 */
function unpacked(r: RoadRecord): RoadRecord {
  if (!r.packed) return r;
  const { lonLat, partStart } = r.packed;
  const [p0, p1] = packedPartRange(r as RoadRecord & { packed: PackedParts });
  const parts: LonLat[][] = [];
  for (let p = p0; p < p1; p++) {
    const part: LonLat[] = [];
    for (let v = partStart[p]; v < partStart[p + 1]; v++) part.push([lonLat[2 * v], lonLat[2 * v + 1]]);
    parts.push(part);
  }
  const { packed: _, ...rest } = r;
  return { ...rest, parts };
}

/**
 * The tile's door: its roads come from a file in a shared folder, not from the intake, so each is checked
 * again for what the analysis cannot run without (parts of two or more finite positions), naming the record.
 */
function checkTileRoads(roads: readonly RoadRecord[]): void {
  const issues: InputIssue[] = [];
  for (const r of roads) {
    const parts = unpacked(r).parts;
    const bad = parts.length === 0 || parts.some((q) => q.length < 2 || q.some((p) => !(Number.isFinite(p[0]) && Number.isFinite(p[1]))));
    if (bad) issues.push({ file: r.file, record: r.record, id: r.id, code: "non-finite-coordinate", message: `road ${r.id} has a part with fewer than two positions or a non-finite coordinate: fix the road layer and plan again` });
  }
  if (issues.length) throw new InputError(issues);
}

/**
 * Compute one tile (see TilePart): the tile's roads (owned + halo, in input order, so junction splitting
 * sees every neighbour it would see in the whole run), every incident and every hazard area, all projected
 * with the whole run's CRS definition.
 */
export function runTile(input: TileInput, crsDefinition: string, options: TileRunOptions = {}): TilePart {
  checkTileRoads(input.roads);
  const records = input.recordIndex;
  const ownedSet = new Set(input.owned);
  const dataset = buildDataset({ roads: input.roads, incidents: input.incidents, hazards: input.hazards }, { crs: crsDefinition, maxDistanceError: options.maxDistanceError });
  const network = splitAtJunctions(dataset.roads, { snapToleranceM: options.snapToleranceM ?? 1 });
  const keep: number[] = [];
  for (let p = 0; p < network.roads.count; p++) if (ownedSet.has(records[network.roads.featureIndex[p]])) keep.push(p);
  const pieces = pickPieces(network.roads, Uint32Array.from(keep), (f) => records[f]);
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
