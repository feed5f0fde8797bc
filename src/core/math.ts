/**
 * Planar geometry on packed coordinates in the working CRS (metres). Written by hand because these run
 * in the innermost loops over typed arrays, where Turf's GeoJSON-object API would allocate per call.
 */

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
export function segmentDistanceSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** Result of projecting a point onto a polyline. */
export interface PolylineProjection {
  /** Distance from the point to the polyline, metres. */
  distanceM: number;
  /** Distance along the polyline from its first vertex to the nearest point, metres. */
  alongM: number;
  /** The nearest point. */
  x: number;
  y: number;
}

/** Nearest point on the polyline made of vertices [v0, v1) of `xy` (interleaved). */
export function projectOnPolyline(xy: Float64Array, v0: number, v1: number, px: number, py: number): PolylineProjection {
  let best = Number.POSITIVE_INFINITY;
  let bestAlong = 0;
  let bx = xy[2 * v0];
  let by = xy[2 * v0 + 1];
  let along = 0;
  for (let v = v0; v < v1 - 1; v++) {
    const ax = xy[2 * v];
    const ay = xy[2 * v + 1];
    const dx = xy[2 * v + 2] - ax;
    const dy = xy[2 * v + 3] - ay;
    const len2 = dx * dx + dy * dy;
    let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const qx = ax + t * dx;
    const qy = ay + t * dy;
    const d2 = (qx - px) ** 2 + (qy - py) ** 2;
    const len = Math.sqrt(len2);
    if (d2 < best) {
      best = d2;
      bestAlong = along + t * len;
      bx = qx;
      by = qy;
    }
    along += len;
  }
  if (v1 - v0 === 1) best = (bx - px) ** 2 + (by - py) ** 2;
  return { distanceM: Math.sqrt(best), alongM: bestAlong, x: bx, y: by };
}

/** Distance from a point to the polyline [v0, v1) of `xy`. */
export function polylineDistance(xy: Float64Array, v0: number, v1: number, px: number, py: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let v = v0; v < v1 - 1; v++) {
    const d2 = segmentDistanceSq(px, py, xy[2 * v], xy[2 * v + 1], xy[2 * v + 2], xy[2 * v + 3]);
    if (d2 < best) best = d2;
  }
  return Math.sqrt(best);
}

/** Point at distance `alongM` along the polyline [v0, v1) (clamped to its ends). */
export function pointAlong(xy: Float64Array, v0: number, v1: number, alongM: number): [number, number] {
  let acc = 0;
  for (let v = v0; v < v1 - 1; v++) {
    const dx = xy[2 * v + 2] - xy[2 * v];
    const dy = xy[2 * v + 3] - xy[2 * v + 1];
    const len = Math.hypot(dx, dy);
    if (acc + len >= alongM && len > 0) {
      const t = Math.max(0, (alongM - acc) / len);
      return [xy[2 * v] + t * dx, xy[2 * v + 1] + t * dy];
    }
    acc += len;
  }
  return [xy[2 * (v1 - 1)], xy[2 * (v1 - 1) + 1]];
}

/** The part of the polyline `xy` (all vertices) between chainages fromM and toM, interleaved. */
export function slicePolyline(xy: Float64Array, fromM: number, toM: number): Float64Array {
  const out: number[] = [];
  let acc = 0;
  const n = xy.length / 2;
  for (let v = 0; v < n - 1; v++) {
    const x0 = xy[2 * v];
    const y0 = xy[2 * v + 1];
    const dx = xy[2 * v + 2] - x0;
    const dy = xy[2 * v + 3] - y0;
    const len = Math.hypot(dx, dy);
    const a = acc;
    const b = acc + len;
    acc = b;
    if (b < fromM || a > toM || len === 0) continue;
    const t0 = Math.max(0, (fromM - a) / len);
    const t1 = Math.min(1, (toM - a) / len);
    if (out.length === 0) out.push(x0 + t0 * dx, y0 + t0 * dy);
    out.push(x0 + t1 * dx, y0 + t1 * dy);
  }
  return Float64Array.from(out);
}

/** Bounding box of the polyline [v0, v1) of xy. */
export function polylineBox(xy: Float64Array, v0: number, v1: number): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let v = v0; v < v1; v++) {
    const x = xy[2 * v];
    const y = xy[2 * v + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/**
 * The largest of `start` and every value: `Math.max(start, ...values)` without the spread, which passes
 * each value as a call argument and overflows the stack beyond about 10⁵ of them. NaN if any value is
 * NaN, as Math.max. Default start -Infinity (the result for no values).
 */
export function maxOf(values: Iterable<number>, start = -Infinity): number {
  let m = start;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (v > m) m = v;
  }
  return m;
}

/** The smallest of `start` and every value: `Math.min(start, ...values)` without the spread (see {@link maxOf}). Default start Infinity. */
export function minOf(values: Iterable<number>, start = Infinity): number {
  let m = start;
  for (const v of values) {
    if (Number.isNaN(v)) return NaN;
    if (v < m) m = v;
  }
  return m;
}
