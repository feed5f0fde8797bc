import { OptionError } from "../../core/errors.ts";
import { exactSum, mergeExact, type ExactSum } from "../../core/exact-sum.ts";
import type { Lixels } from "../../core/lixels.ts";
import { kernelDensity } from "../../analyses/density/kernel-density.ts";
import { snapIncidents } from "../../analyses/proximity/snap-incidents.ts";
import { buildLixelIndex } from "../../spatial/lixel-index.ts";
import { type RiskParts, riskWeights } from "../../analyses/risk/risk-parts.ts";
import { riskFromParts } from "../../analyses/risk/risk-score.ts";
import { buildDataset, type Dataset } from "../../io/read/build-dataset.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../../io/fields/records.ts";
import { VERSION } from "../../version.ts";
import { type AnalysisResult, type AnalyzeOptions, analysisRiskOptions, lixelBox } from "../analyze.ts";
import { crsMeta } from "../scored-network.ts";
import type { TilePlan } from "./plan-tiles.ts";
import { gatherPieces } from "./tile-pieces.ts";
import type { TilePart } from "./tile-run.ts";

/** A merged tiled run: everything `analyze` gives except the routing graph, the lixel index and the route. */
export type TiledAnalysis = Omit<AnalysisResult, "graph" | "lixelIndex" | "route">;

/**
 * Merge the tiles of a plan into the whole run's result. Per-lixel arrays are gathered back into the whole
 * run's lixel order (input road order, then chainage); per incident, the nearest lixel is the minimum over
 * the tiles, the road strips and κ's kernel mass exact sums of the tiles' partials (core/exact-sum.ts). Then the global
 * pass: the calibration κ, the level forecast and every rate (riskFromParts), the planar density over all
 * incidents on the merged network's box, each incident's nearest road (snapIncidents on the merged lixels:
 * its reach has no bound), and the record's completeness. Every value is the double the whole
 * run computes, so the layers written from it are the same bytes (test/pipeline/tiles/tiled-run.test.ts).
 */
export function mergeTiles(
  input: { roads: readonly RoadRecord[]; incidents: readonly IncidentRecord[]; hazards?: readonly HazardRecord[] },
  plan: TilePlan,
  tileParts: readonly TilePart[],
  options: Omit<AnalyzeOptions, "route" | "onPhase"> = {},
  /** The whole input projected with `options` (buildDataset), when the caller has it already. */
  projected?: Dataset,
): TiledAnalysis {
  refuseUntiledOptions(options);
  const parts = [...tileParts].sort((a, b) => a.tile - b.tile);
  if (parts.length !== plan.tiles.length || parts.some((p, k) => p.tile !== k)) throw new OptionError(`a merge needs every tile of the plan once: plan has ${plan.tiles.length}, given ${parts.map((p) => p.tile).join(", ")}`);
  const dataset = projected ?? buildDataset(input, { crs: options.crs, maxDistanceError: options.maxDistanceError });
  const { pieceTile, pieceLocal, lixelTile, lixelLocal } = wholeOrder(plan, parts);
  const roads = gatherPieces(parts.map((p) => p.pieces), pieceTile, pieceLocal);
  const lixels = gatherLixels(parts, lixelTile, lixelLocal);
  const g64 = (pick: (p: TilePart) => Float64Array) => gather(parts.map(pick), lixelTile, lixelLocal, Float64Array);
  const inc = dataset.incidents;
  const n = inc.count;
  const nearestLixelM = new Float64Array(n).fill(Infinity);
  const strips: (ExactSum | undefined)[] = new Array(n).fill(undefined);
  const mass = exactSum();
  for (const p of parts) {
    mergeExact(mass, p.risk.mass);
    for (let i = 0; i < n; i++) {
      if (p.risk.nearestLixelM[i] < nearestLixelM[i]) nearestLixelM[i] = p.risk.nearestLixelM[i];
      const s = p.risk.strips[i];
      if (s) mergeExact((strips[i] ??= exactSum()), s);
    }
  }
  const { completeness, riskOptions } = analysisRiskOptions(input.incidents, options);
  const { params, weights } = riskWeights(inc, riskOptions);
  const anyCasualty = parts.some((p) => p.risk.casualty);
  const merged: RiskParts = {
    params,
    weights,
    local: g64((p) => p.risk.local),
    network: g64((p) => p.risk.network),
    regional: g64((p) => p.risk.regional),
    total: g64((p) => p.risk.total),
    casualty: anyCasualty ? g64((p) => p.risk.casualty ?? new Float64Array(p.lixels.count)) : undefined,
    exposure: { confirmedShare: g64((p) => p.risk.confirmedShare), suspectedShare: g64((p) => p.risk.suspectedShare), nearestHazardM: g64((p) => p.risk.nearestHazardM) },
    reachM: parts[0].risk.reachM,
    nearestLixelM,
    strips,
    mass,
  };
  const risk = riskFromParts(inc, merged, riskOptions);
  const radiiM = options.radiiM ?? [1000, 5000];
  const proximity = {
    nearestIncidentM: g64((p) => p.proximity.nearestIncidentM),
    nearestIncident: gather(parts.map((p) => p.proximity.nearestIncident), lixelTile, lixelLocal, Int32Array),
    radiiM,
    countWithin: radiiM.map((_, k) => gather(parts.map((p) => p.proximity.countWithin[k]), lixelTile, lixelLocal, Uint32Array)),
  };
  // snapping reaches without bound (the nearest road of an incident far from every road): on the merged lixels, as the whole run
  const snaps = snapIncidents(inc, buildLixelIndex(lixels), roads);
  const cellSizeM = options.density?.cellSizeM ?? 1000;
  const bandwidthM = options.density?.bandwidthM ?? 2000;
  const density = kernelDensity(inc, { cellSizeM, bandwidthM, extent: lixelBox(lixels) });
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
    meta: { toolkit: "minerisk", version: VERSION, crs: crsMeta(dataset.crs), lixelLengthM: lixels.lixelLengthM, snapToleranceM, radiiM, density: { cellSizeM, bandwidthM } },
  };
}

/** Where each piece and lixel of the whole run comes from (tile, local index). */
function wholeOrder(plan: TilePlan, parts: readonly TilePart[]) {
  const nRec = plan.ownerOf.length;
  const first = new Uint32Array(nRec);
  const count = new Uint32Array(nRec);
  const lixelFirst = parts.map((p) => {
    const f = new Uint32Array(p.pieces.count + 1);
    for (let l = p.lixels.count - 1; l >= 0; l--) f[p.lixels.road[l]] = l;
    f[p.pieces.count] = p.lixels.count;
    return f;
  });
  let nPieces = 0;
  for (const p of parts) {
    for (let k = p.pieceRecord.length - 1; k >= 0; k--) {
      first[p.pieceRecord[k]] = k;
      count[p.pieceRecord[k]]++;
    }
    nPieces += p.pieces.count;
  }
  const pieceTile = new Uint32Array(nPieces);
  const pieceLocal = new Uint32Array(nPieces);
  const nLixels = parts.reduce((s, p) => s + p.lixels.count, 0);
  const lixelTile = new Uint32Array(nLixels);
  const lixelLocal = new Uint32Array(nLixels);
  let k = 0;
  let g = 0;
  for (let r = 0; r < nRec; r++) {
    const t = plan.ownerOf[r];
    for (let j = first[r]; j < first[r] + count[r]; j++, k++) {
      pieceTile[k] = t;
      pieceLocal[k] = j;
      // lixels of piece j are contiguous (lixelize keeps piece order); an empty range when it has none
      for (let l = lixelFirst[t][j]; l < lixelFirst[t][j + 1]; l++, g++) {
        lixelTile[g] = t;
        lixelLocal[g] = l;
      }
    }
  }
  return { pieceTile, pieceLocal, lixelTile, lixelLocal };
}

type TypedCtor<T> = { new (n: number): T };

function gather<T extends Float64Array | Int32Array | Uint32Array>(arrays: readonly T[], tileOf: Uint32Array, localOf: Uint32Array, Ctor: TypedCtor<T>): T {
  const out = new Ctor(tileOf.length);
  for (let g = 0; g < tileOf.length; g++) out[g] = arrays[tileOf[g]][localOf[g]];
  return out;
}

function gatherLixels(parts: readonly TilePart[], tileOf: Uint32Array, localOf: Uint32Array): Lixels {
  const n = tileOf.length;
  let nv = 0;
  for (let g = 0; g < n; g++) {
    const s = parts[tileOf[g]].lixels.start;
    nv += s[localOf[g] + 1] - s[localOf[g]];
  }
  const xy = new Float64Array(2 * nv);
  const start = new Uint32Array(n + 1);
  const road = new Uint32Array(n);
  let v = 0;
  let piece = -1;
  for (let g = 0; g < n; g++) {
    const L = parts[tileOf[g]].lixels;
    const l = localOf[g];
    start[g] = v;
    xy.set(L.xy.subarray(2 * L.start[l], 2 * L.start[l + 1]), 2 * v);
    v += L.start[l + 1] - L.start[l];
    // a new piece starts where the tile or the tile's piece changes (every piece has at least one lixel)
    if (g === 0 || tileOf[g] !== tileOf[g - 1] || L.road[l] !== parts[tileOf[g - 1]].lixels.road[localOf[g - 1]]) piece++;
    road[g] = piece;
  }
  start[n] = v;
  return {
    count: n,
    xy,
    start,
    road,
    fromM: gather(parts.map((p) => p.lixels.fromM), tileOf, localOf, Float64Array),
    lengthM: gather(parts.map((p) => p.lixels.lengthM), tileOf, localOf, Float64Array),
    lixelLengthM: parts[0].lixels.lixelLengthM,
  };
}

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
