import { OptionError } from "../../core/errors.ts";
import { maxOf, polylineBox, polylineDistance } from "../../core/math.ts";
import { searchWithin } from "../../spatial/distance-box.ts";
import { nearestPointToPolyline, type PointIndex } from "../../spatial/point-index.ts";

/** Polylines packed as lixels and roads are: polyline i has vertices xy[2·start[i] … 2·start[i+1]). */
export interface PackedPolylines {
  readonly count: number;
  readonly xy: Float64Array;
  readonly start: Uint32Array;
}

export interface PolylineProximityOptions {
  /** Radii in metres for the point counts. Default [1000, 5000]. */
  radiiM?: readonly number[];
}

/** Per-polyline proximity to points, aligned with polyline order. */
export interface PolylineProximity {
  /** Planar distance (working CRS, m) from the polyline to the nearest point; Infinity when there is none. */
  nearestIncidentM: Float64Array;
  /** Index of that point (the lowest index on a tie), -1 when none. */
  nearestIncident: Int32Array;
  radiiM: readonly number[];
  /** countWithin[k][i]: points within radiiM[k] of polyline i (distance to the polyline, inclusive). */
  countWithin: Uint32Array[];
}

/**
 * For every polyline, the distance to the nearest point (minimum over points q of the distance from q to
 * the polyline — the bench SPEC's W1 definition) and the number of points within each radius. One box
 * search per polyline, grown by the largest radius R (widened against rounding by the rule of
 * spatial/distance-box.ts, so points exactly R from an axis-aligned piece count), answers both: every
 * point within R is a candidate, each candidate's exact distance is computed once, and when the nearest
 * candidate lies within R no point outside the box can be nearer. Only polylines with no point within R need a second, nearest-first search.
 *
 * @example
 * const prox = polylineProximity({ count: roads.count, xy: roads.xy, start: roads.roadStart }, buildPointIndex(x, y), { radiiM: [500] });
 */
export function polylineProximity(lines: PackedPolylines, points: PointIndex, options: PolylineProximityOptions = {}): PolylineProximity {
  const radiiM = resolveRadii(options);
  const n = lines.count;
  const out: PolylineProximity = { nearestIncidentM: new Float64Array(n), nearestIncident: new Int32Array(n), radiiM, countWithin: radiiM.map(() => new Uint32Array(n)) };
  proximityOfRange(lines, points, out, 0, n);
  return out;
}

/** The radii of the options (default [1000, 5000]), each checked to be finite non-negative metres. */
export function resolveRadii(options: PolylineProximityOptions): number[] {
  const radiiM = [...(options.radiiM ?? [1000, 5000])];
  for (const r of radiiM) if (!(r >= 0) || !Number.isFinite(r)) throw new OptionError(`radiiM must be non-negative metres, got ${r}`);
  return radiiM;
}

/**
 * polylineProximity for polylines [from, to) only, written into `out` (whose arrays cover all polylines and
 * whose counts start at 0): the unit of work polylineProximityParallel hands to each thread.
 */
export function proximityOfRange(lines: PackedPolylines, points: PointIndex, out: PolylineProximity, from: number, to: number): void {
  const { nearestIncidentM, nearestIncident, countWithin, radiiM } = out;
  if (points.x.length === 0) {
    nearestIncidentM.fill(Infinity, from, to);
    nearestIncident.fill(-1, from, to);
    return;
  }
  const reach = maxOf(radiiM, 0);
  const { xy, start } = lines;
  const px = points.x;
  const py = points.y;
  for (let i = from; i < to; i++) {
    const v0 = start[i];
    const v1 = start[i + 1];
    const [minX, minY, maxX, maxY] = polylineBox(xy, v0, v1);
    let best = -1;
    let bestD = Infinity;
    for (const q of searchWithin(points.index, minX, minY, maxX, maxY, reach)) {
      const d = polylineDistance(xy, v0, v1, px[q], py[q]);
      for (let k = 0; k < radiiM.length; k++) if (d <= radiiM[k]) countWithin[k][i]++;
      if (d < bestD || (d === bestD && q < best)) {
        best = q;
        bestD = d;
      }
    }
    if (!(bestD <= reach)) ({ index: best, distanceM: bestD } = nearestPointToPolyline(points, xy, v0, v1));
    nearestIncidentM[i] = bestD;
    nearestIncident[i] = best;
  }
}
