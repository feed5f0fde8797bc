import Flatbush from "flatbush";
import type { Lixels } from "../core/lixels.ts";
import { polylineBox, projectOnPolyline } from "../core/math.ts";
import { neighboursWithin, searchNear } from "./distance-box.ts";

/** A Flatbush index over lixel bounding boxes. Build once per run, query many times. */
export interface LixelIndex {
  readonly lixels: Lixels;
  readonly index: Flatbush;
}

export function buildLixelIndex(lixels: Lixels): LixelIndex {
  const index = new Flatbush(Math.max(1, lixels.count));
  const { xy, start } = lixels;
  for (let i = 0; i < lixels.count; i++) {
    const [minX, minY, maxX, maxY] = polylineBox(xy, start[i], start[i + 1]);
    index.add(minX, minY, maxX, maxY);
  }
  // Flatbush refuses to finish an empty index: a single degenerate item keeps queries valid.
  if (lixels.count === 0) index.add(0, 0, 0, 0);
  index.finish();
  return { lixels, index };
}

/** The nearest point on the network to (x, y). */
export interface LixelHit {
  lixel: number;
  distanceM: number;
  /** Metres from the lixel's first vertex to the nearest point. */
  alongM: number;
  x: number;
  y: number;
}

/**
 * Exact nearest lixel to a point: the bbox-nearest lixel gives an upper bound d on the distance; every
 * lixel closer than d has its bbox within d of the point, so one box search and exact polyline distances
 * finish the job. The box is widened by the rule of `distance-box.ts`, so a vertical or horizontal lixel
 * (a zero-width box) at exactly distance d is never lost to rounding: the result equals a brute-force
 * scan of every lixel with the same distance function (test/spatial/nearest-lixel-oracle.test.ts). Ties
 * (equal computed distances) go to the lower lixel index, so results are deterministic. `maxDistanceM`
 * is inclusive. Returns undefined when the network is empty or nothing lies within `maxDistanceM`.
 */
export function nearestLixel(li: LixelIndex, x: number, y: number, maxDistanceM = Infinity): LixelHit | undefined {
  const { lixels, index } = li;
  if (lixels.count === 0) return undefined;
  const first = neighboursWithin(index, x, y, 1, maxDistanceM);
  if (first.length === 0) return undefined;
  const { xy, start } = lixels;
  const p0 = projectOnPolyline(xy, start[first[0]], start[first[0] + 1], x, y);
  const bound = Math.min(p0.distanceM, maxDistanceM);
  let best: LixelHit | undefined;
  for (const i of searchNear(index, x, y, bound)) {
    const p = projectOnPolyline(xy, start[i], start[i + 1], x, y);
    if (p.distanceM > maxDistanceM) continue;
    if (!best || p.distanceM < best.distanceM || (p.distanceM === best.distanceM && i < best.lixel)) {
      best = { lixel: i, distanceM: p.distanceM, alongM: p.alongM, x: p.x, y: p.y };
    }
  }
  return best;
}
