import Flatbush from "flatbush";
import { polylineBox, polylineDistance } from "../core/math.ts";
import { searchWithin } from "./distance-box.ts";

/** A Flatbush index over points (incidents). Build once per run. */
export interface PointIndex {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly index: Flatbush;
}

export function buildPointIndex(x: Float64Array, y: Float64Array): PointIndex {
  const index = new Flatbush(Math.max(1, x.length));
  for (let i = 0; i < x.length; i++) index.add(x[i], y[i], x[i], y[i]);
  if (x.length === 0) index.add(Infinity, Infinity, Infinity, Infinity); // keeps an empty index queryable
  index.finish();
  return { x, y, index };
}

/**
 * The point nearest to the polyline [v0, v1) of xy, by exact point–polyline distance: a point near the
 * polyline's midpoint bounds the answer; every closer point lies in the polyline's box grown by that
 * bound (widened against rounding, `distance-box.ts`). Ties go to the lower point index. Returns index -1 and Infinity when the index is empty.
 * `seed`, when given, is a point to bound the answer with instead (e.g. the nearest point of the previous
 * lixel of the same road, which skips the nearest-neighbour query): any point gives the same answer, a
 * near one a smaller search.
 */
export function nearestPointToPolyline(pi: PointIndex, xy: Float64Array, v0: number, v1: number, seedPoint = -1): { index: number; distanceM: number } {
  if (pi.x.length === 0) return { index: -1, distanceM: Infinity };
  const mid = (v0 + v1 - 1) >> 1;
  const seed = seedPoint >= 0 ? seedPoint : pi.index.neighbors(xy[2 * mid], xy[2 * mid + 1], 1)[0];
  const bound = polylineDistance(xy, v0, v1, pi.x[seed], pi.y[seed]);
  const [minX, minY, maxX, maxY] = polylineBox(xy, v0, v1);
  let best = seed;
  let bestD = bound;
  for (const i of searchWithin(pi.index, minX, minY, maxX, maxY, bound)) {
    const d = polylineDistance(xy, v0, v1, pi.x[i], pi.y[i]);
    if (d < bestD || (d === bestD && i < best)) {
      best = i;
      bestD = d;
    }
  }
  return { index: best, distanceM: bestD };
}

/** Number of points within `radiusM` (inclusive) of the polyline [v0, v1) of xy. */
export function countPointsNearPolyline(pi: PointIndex, xy: Float64Array, v0: number, v1: number, radiusM: number): number {
  if (pi.x.length === 0) return 0;
  const [minX, minY, maxX, maxY] = polylineBox(xy, v0, v1);
  let n = 0;
  for (const i of searchWithin(pi.index, minX, minY, maxX, maxY, radiusM)) {
    if (polylineDistance(xy, v0, v1, pi.x[i], pi.y[i]) <= radiusM) n++;
  }
  return n;
}
