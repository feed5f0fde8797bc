import { OptionError } from "../../../core/errors.ts";
import { exactSum, mergeExact, type ExactSum } from "../../../core/exact-sum.ts";
import type { HazardSet } from "../../../core/hazard-set.ts";
import { hazardRoadDistances } from "../../../analyses/proximity/road-distance.ts";
import { buildLixelIndex } from "../../../spatial/lixel-index.ts";
import type { TilePlan } from "../plan-tiles.ts";
import type { TilePart } from "../tile-run.ts";
import { countTile, emptyCounts, layoutOf, type MergeLayout, type TileSource, tileIndices } from "./merge-layout.ts";
import type { TileSnapper } from "./merge-snaps.ts";

/** What the first pass over the tiles gives both merges (the whole one, merge-tiles.ts, and the bounded one, merge-bounded.ts). */
export interface FirstPass {
  /** Per incident: the nearest lixel over all tiles (a minimum), its road strip (an exact sum of the tiles' partials). */
  nearestLixelM: Float64Array;
  strips: (ExactSum | undefined)[];
  /** κ's kernel mass Σ_l s_l·len_l: an exact sum of the tiles' partials. */
  mass: ExactSum;
  /** Where each record's pieces and lixels go in the whole run (merge-layout.ts). */
  layout: MergeLayout;
  /** The lixels' box [minX, minY, maxX, maxY] (a min/max: exact). */
  box: number[];
  anyCasualty: boolean;
  reachM: Float64Array;
  lixelLengthM: number;
}

/** Tile k of the source, checked to be tile k. */
export function readTile(source: TileSource, k: number): TilePart {
  const p = source.read(k);
  if (p.tile !== k) throw new OptionError(`a merge needs every tile of the plan once, in order: place ${k} holds tile ${p.tile}`);
  return p;
}

/**
 * Pass 1, per incident and per record: κ's mass, the road strips, the nearest lixel; per record where its
 * pieces and lixels go; the lixels' box. Holds one tile's part at a time.
 */
export function firstPass(source: TileSource, plan: TilePlan, incidents: number): FirstPass {
  if (source.count !== plan.tiles.length) throw new OptionError(`a merge needs every tile of the plan once: plan has ${plan.tiles.length}, given ${source.count}`);
  const n = incidents;
  const nearestLixelM = new Float64Array(n).fill(Infinity);
  const strips: (ExactSum | undefined)[] = new Array(n).fill(undefined);
  const mass = exactSum();
  const counts = emptyCounts(plan.ownerOf.length);
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  let anyCasualty = false;
  let reachM: Float64Array = new Float64Array(0);
  let lixelLengthM = 0;
  for (let k = 0; k < source.count; k++) {
    const p = readTile(source, k);
    countTile(counts, p);
    mergeExact(mass, p.risk.mass);
    for (let i = 0; i < n; i++) {
      if (p.risk.nearestLixelM[i] < nearestLixelM[i]) nearestLixelM[i] = p.risk.nearestLixelM[i];
      const s = p.risk.strips[i];
      if (s) mergeExact((strips[i] ??= exactSum()), s);
    }
    const xy = p.lixels.xy;
    for (let v = 0; v < xy.length; v += 2) {
      box[0] = Math.min(box[0], xy[v]);
      box[2] = Math.max(box[2], xy[v]);
      box[1] = Math.min(box[1], xy[v + 1]);
      box[3] = Math.max(box[3], xy[v + 1]);
    }
    anyCasualty ||= p.risk.casualty !== undefined;
    // a copy: the merge keeps nothing of a tile once it reads the next (test/pipeline/tiles/merge-one-tile.test.ts)
    if (k === 0) ({ reachM, lixelLengthM } = { reachM: p.risk.reachM.slice(), lixelLengthM: p.lixels.lixelLengthM });
  }
  return { nearestLixelM, strips, mass, layout: layoutOf(counts), box, anyCasualty, reachM, lixelLengthM };
}

/**
 * Pass 2's searches on one tile's own lixel index: its snapping candidates (merge-snaps.ts) and each hazard
 * area's distance to its roads, kept as the least over the tiles. The least over disjoint sets of lixels of
 * exact distances is the whole run's value (road-distance.ts); only where a road vertex lies within
 * rounding (≈ 1e-12 relative) of the whole run's box-search edge could the two differ, the tiled one then
 * the smaller; the summary prints it to 0.1 m.
 */
export function offerTile(p: TilePart, at: ReturnType<typeof tileIndices>, snapper: TileSnapper, hazards: HazardSet, hazardRoadM: Float64Array): void {
  const index = buildLixelIndex(p.lixels);
  snapper.offer(p, index, at);
  const h = hazardRoadDistances(index, hazards);
  for (let a = 0; a < h.length; a++) if (h[a] < hazardRoadM[a]) hazardRoadM[a] = h[a];
}

/** Snapping reaches without bound: incidents with no road within the bound in any tile get a last pass over the tiles, only they. */
export function farSnaps(source: TileSource, layout: MergeLayout, snapper: TileSnapper): void {
  const far = snapper.pending();
  if (!far || layout.lixels === 0) return;
  for (let k = 0; k < source.count; k++) {
    const p = readTile(source, k);
    snapper.offer(p, buildLixelIndex(p.lixels), tileIndices(p, layout), far);
  }
}
