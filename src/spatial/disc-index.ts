import Flatbush from "flatbush";
import { reachM } from "./distance-box.ts";

/** A Flatbush index over discs (kernel supports): disc i has centre (x[i], y[i]) and radius r[i]. */
export interface DiscIndex {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly r: Float64Array;
  readonly index: Flatbush;
}

/**
 * Index the discs' bounding boxes once; query many points with `discsContaining`. Each box is the disc's
 * square widened by the rule of `distance-box.ts`, so a point the exact test puts inside a disc is never
 * outside its rounded box.
 */
export function buildDiscIndex(x: Float64Array, y: Float64Array, r: Float64Array): DiscIndex {
  const index = new Flatbush(Math.max(1, x.length));
  for (let i = 0; i < x.length; i++) {
    const w = reachM(r[i], Math.max(Math.abs(x[i]), Math.abs(y[i])));
    index.add(x[i] - w, y[i] - w, x[i] + w, y[i] + w);
  }
  if (x.length === 0) index.add(Infinity, Infinity, Infinity, Infinity);
  index.finish();
  return { x, y, r, index };
}

/** Indices of the discs whose open interior contains (px, py): |p − cᵢ| < rᵢ, in increasing order. */
export function discsContaining(di: DiscIndex, px: number, py: number): number[] {
  const { x, y, r } = di;
  return di.index
    .search(px, py, px, py, (i) => (x[i] - px) ** 2 + (y[i] - py) ** 2 < r[i] * r[i])
    .sort((a, b) => a - b);
}
