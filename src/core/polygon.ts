import { segmentDistanceSq } from "./math.ts";

/**
 * Point-in-polygon and point–polygon distance on packed rings (interleaved x,y, closed: last = first).
 * Hand-written because they run per sample point in hot loops over typed arrays; tested against Turf's
 * booleanPointInPolygon as an oracle.
 */

/** Even–odd rule over all rings of one polygon (outer + holes): true when (x, y) is inside. */
export function pointInPolygon(rings: readonly Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
      const xi = r[i];
      const yi = r[i + 1];
      const xj = r[j];
      const yj = r[j + 1];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Distance from (x, y) to a polygon: 0 inside, else the distance to the nearest ring edge. */
export function distanceToPolygon(rings: readonly Float64Array[], x: number, y: number): number {
  if (pointInPolygon(rings, x, y)) return 0;
  let best = Infinity;
  for (const r of rings) {
    for (let i = 0; i + 3 < r.length; i += 2) {
      const d2 = segmentDistanceSq(x, y, r[i], r[i + 1], r[i + 2], r[i + 3]);
      if (d2 < best) best = d2;
    }
  }
  return Math.sqrt(best);
}
