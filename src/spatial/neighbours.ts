import Flatbush from "flatbush";
import { OptionError } from "../core/errors.ts";
import { searchNear } from "./distance-box.ts";

/**
 * Sparse spatial weights in compressed sparse row form: site i's neighbours are
 * index[start[i] .. start[i+1]) with weights weight[...], listed in increasing site order. Never an
 * n × n matrix: memory is O(n + number of links).
 */
export interface Neighbours {
  readonly count: number;
  readonly start: Uint32Array;
  readonly index: Uint32Array;
  readonly weight: Float64Array;
  /** True when every site lists itself (spdep's `include.self`, which makes Getis-Ord G into Gi*). */
  readonly selfIncluded: boolean;
}

export interface NeighbourOptions {
  /** List each site as its own neighbour (weight 1), as Gi* needs. Default true. */
  includeSelf?: boolean;
}

/**
 * Binary distance-band neighbours: j is a neighbour of i when 0 < |xᵢ − xⱼ| ≤ bandM (spdep
 * `dnearneigh(x, 0, bandM)`; coincident sites at distance 0 count as neighbours too). One Flatbush box
 * search of ±bandM per site (widened against rounding, `distance-box.ts`, so a pair exactly bandM apart
 * on an axis is kept), refined by exact distance: O(n log n + links), never all pairs.
 */
export function distanceBandNeighbours(x: Float64Array, y: Float64Array, bandM: number, options: NeighbourOptions = {}): Neighbours {
  if (!(bandM > 0) || !Number.isFinite(bandM)) throw new OptionError(`bandM must be a positive number of metres, got ${bandM}`);
  const n = x.length;
  const index = pointIndex(x, y);
  const self = options.includeSelf ?? true;
  const lists: number[][] = [];
  const b2 = bandM * bandM;
  for (let i = 0; i < n; i++) {
    const found = n === 0 ? [] : searchNear(index, x[i], y[i], bandM);
    const keep = found.filter((j) => (j === i ? self : (x[j] - x[i]) ** 2 + (y[j] - y[i]) ** 2 <= b2));
    lists.push(keep.sort((a, b) => a - b));
  }
  return pack(lists, self);
}

/**
 * The k nearest other sites of each site (spdep `knn2nb(knearneigh(x, k))`): Flatbush's best-first
 * search gives k + 1 sites, whose farthest bounds the k-th distance; one box search of that radius
 * (widened against rounding, `distance-box.ts`) then holds every site at most that far, however many
 * tie, and the k nearest by exact distance are kept — ties at equal distance go to the lower site index.
 * The relation is not symmetric.
 */
export function nearestNeighbours(x: Float64Array, y: Float64Array, k: number, options: NeighbourOptions = {}): Neighbours {
  const n = x.length;
  if (!Number.isInteger(k) || k < 1 || k >= Math.max(n, 2)) throw new OptionError(`k must be an integer from 1 to ${Math.max(1, n - 1)} (sites − 1), got ${k}`);
  const index = pointIndex(x, y);
  const self = options.includeSelf ?? true;
  const lists: number[][] = [];
  for (let i = 0; i < n; i++) {
    const d = (j: number) => (x[j] - x[i]) ** 2 + (y[j] - y[i]) ** 2;
    // k + 1 nearest sites hold at least k others: the farthest of them bounds the k-th distance
    let bound2 = 0;
    for (const j of index.neighbors(x[i], y[i], k + 1)) if (j !== i && d(j) > bound2) bound2 = d(j);
    const cand = searchNear(index, x[i], y[i], Math.sqrt(bound2), (j) => j !== i);
    cand.sort((a, b) => d(a) - d(b) || a - b);
    const keep = cand.slice(0, k);
    if (self) keep.push(i);
    lists.push(keep.sort((a, b) => a - b));
  }
  return pack(lists, self);
}

/** CSR weights from neighbour lists, all weights 1 (binary, spdep style "B"). */
export function packNeighbours(lists: readonly (readonly number[])[], selfIncluded: boolean): Neighbours {
  return pack(lists, selfIncluded);
}

function pack(lists: readonly (readonly number[])[], selfIncluded: boolean): Neighbours {
  const n = lists.length;
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + lists[i].length;
  const index = new Uint32Array(start[n]);
  for (let i = 0; i < n; i++) index.set(lists[i], start[i]);
  return { count: n, start, index, weight: new Float64Array(start[n]).fill(1), selfIncluded };
}

function pointIndex(x: Float64Array, y: Float64Array): Flatbush {
  const index = new Flatbush(Math.max(1, x.length));
  for (let i = 0; i < x.length; i++) index.add(x[i], y[i], x[i], y[i]);
  if (x.length === 0) index.add(Infinity, Infinity, Infinity, Infinity);
  index.finish();
  return index;
}
