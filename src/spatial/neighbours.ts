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
 * The k nearest other sites of each site, exactly as R spdep 1.2-7 `knn2nb(knearneigh(x, k))` with its
 * own C routine: sites are ranked by the rounded Euclidean distance √(dx² + dy²) and, at equal distance,
 * the lower site index wins (coincident sites included, at distance 0). spdep uses that routine when
 * the dbscan package is absent (Debian) or points coincide; with dbscan and no coincident points it asks
 * dbscan::kNN, whose ties follow its kd-tree and can differ. Flatbush's best-first search supplies
 * candidates, widened until the whole tie group at the k-th distance is seen. The relation is not symmetric.
 */
export function nearestNeighbours(x: Float64Array, y: Float64Array, k: number, options: NeighbourOptions = {}): Neighbours {
  const n = x.length;
  if (!Number.isInteger(k) || k < 1 || k >= Math.max(n, 2)) throw new OptionError(`k must be an integer from 1 to ${Math.max(1, n - 1)} (sites − 1), got ${k}`);
  const index = pointIndex(x, y);
  const self = options.includeSelf ?? true;
  const lists: number[][] = [];
  for (let i = 0; i < n; i++) {
    const keep = kNearestOf(index, x, y, i, k);
    if (self) keep.push(i);
    lists.push(keep.sort((a, b) => a - b));
  }
  return pack(lists, self);
}

/**
 * The k nearest others of site i by (√d², index). Flatbush returns sites in order of dx·dx + dy·dy
 * computed as here, so once the last candidate is strictly farther than the k-th, no unseen site can
 * tie with it; until then the candidate count doubles.
 */
function kNearestOf(index: Flatbush, x: Float64Array, y: Float64Array, i: number, k: number): number[] {
  const n = x.length;
  const dist = (j: number) => {
    const dx = x[j] - x[i];
    const dy = y[j] - y[i];
    return Math.sqrt(dx * dx + dy * dy);
  };
  for (let m = Math.min(n, k + 9); ; m = Math.min(n, 2 * m)) {
    const cand = index.neighbors(x[i], y[i], m).filter((j) => j !== i);
    const last = dist(cand[cand.length - 1]);
    cand.sort((a, b) => dist(a) - dist(b) || a - b);
    if (m === n || last > dist(cand[k - 1])) return cand.slice(0, k);
  }
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
