/**
 * How far planar distances in a working CRS can be from geodesic distances over a lon/lat box: the
 * extremes of the projection's point scale, measured numerically (Tissot's indicatrix).
 *
 * At a point, the projection's Jacobian with respect to ground metres east and north (WGS84 radii of
 * curvature: meridian M = a(1 − e²)/W³, prime vertical N = a/W, W = √(1 − e² sin²φ); Snyder, *Map
 * Projections — A Working Manual*, USGS PP 1395, 1987, eqs. 4-18, 4-20) has singular values a ≥ b, the
 * largest and smallest scale in any direction (Snyder eqs. 4-12 to 4-15); a = b = k for a conformal map.
 * A planar distance d between two points whose straight line and geodesic stay in the box then satisfies
 * min b · s ≤ d ≤ max a · s for the geodesic length s (the image of the geodesic is no shorter than the
 * chord, and the preimage of the chord is no shorter than the geodesic), so the relative error of every
 * distance inside the box is at most max(max a − 1, 1 − min b). Derivatives are central differences over
 * ±1e-4° (≈ 11 m; truncation error ≈ (11 m / R)² ≈ 3e-12, rounding ≈ 1e-9 m / 22 m ≈ 5e-11).
 * The extremes are taken on a `side` × `side` grid over the box, edges and corners included: a dense
 * sample, not a proof, but the scale of the projections used here is smooth and its extremes lie on the
 * box's edges or at its centre (test/io/crs-scale-error.test.ts checks it against GeographicLib).
 */

/** WGS84 semi-major axis, metres, and first eccentricity squared. */
const A_M = 6_378_137;
const E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
const STEP_DEG = 1e-4;
/** Grid latitudes are kept this far from the poles, where metres per degree of longitude vanish. */
const MAX_LAT_DEG = 89;

/** Smallest and largest point scale over a box, and the relative distance error bound they give. */
export interface ScaleRange {
  /** Smallest scale in any direction (Tissot's b), over the grid. */
  readonly minScale: number;
  /** Largest scale in any direction (Tissot's a), over the grid. */
  readonly maxScale: number;
  /** max(maxScale − 1, 1 − minScale): the relative error bound of planar distances in the box. */
  readonly bound: number;
}

/** A CRS's scale range over the box of the data it was checked on. */
export interface DistanceError extends ScaleRange {
  /** [west, south, east, north], degrees (east may pass 180 for data across the antimeridian). */
  readonly bbox: readonly [number, number, number, number];
}

/**
 * Extremes of the point scale of `forward` (WGS84 lon/lat degrees → metres, in place on an interleaved
 * array) over `bbox` = [west, south, east, north] in degrees (east may exceed 180 for a box across the
 * antimeridian). `side` grid lines each way (odd, so the centre is on the grid). Default 41.
 * Returns Infinity bounds when the map is not finite somewhere on the grid.
 */
export function scaleRange(forward: (xy: Float64Array) => Float64Array, bbox: readonly [number, number, number, number], side = 41): ScaleRange {
  const [west, south, east, north] = bbox;
  const lats = gridLine(Math.max(south, -MAX_LAT_DEG), Math.min(north, MAX_LAT_DEG), side);
  const lons = gridLine(west, east, side);
  const xy = new Float64Array(8 * lats.length * lons.length);
  let m = 0;
  for (const lat of lats) {
    for (const lon of lons) {
      xy.set([lon + STEP_DEG, lat, lon - STEP_DEG, lat, lon, lat + STEP_DEG, lon, lat - STEP_DEG], m);
      m += 8;
    }
  }
  try {
    forward(xy);
  } catch {
    return { minScale: 0, maxScale: Infinity, bound: Infinity };
  }
  let [minScale, maxScale] = [Infinity, 0];
  m = 0;
  for (const lat of lats) {
    const phi = (lat * Math.PI) / 180;
    const w2 = 1 - E2 * Math.sin(phi) ** 2;
    const eastM = (2 * STEP_DEG * Math.PI * A_M * Math.cos(phi)) / (180 * Math.sqrt(w2));
    const northM = (2 * STEP_DEG * Math.PI * A_M * (1 - E2)) / (180 * w2 * Math.sqrt(w2));
    for (let j = 0; j < lons.length; j++, m += 8) {
      const [xe, ye] = [(xy[m] - xy[m + 2]) / eastM, (xy[m + 1] - xy[m + 3]) / eastM];
      const [xn, yn] = [(xy[m + 4] - xy[m + 6]) / northM, (xy[m + 5] - xy[m + 7]) / northM];
      // singular values of [[xe, xn], [ye, yn]]: √ of the eigenvalues of its Gram matrix
      const [e, g, f] = [xe * xe + ye * ye, xn * xn + yn * yn, xe * xn + ye * yn];
      const mid = (e + g) / 2;
      const r = Math.hypot((e - g) / 2, f);
      const a = Math.sqrt(mid + r);
      const b = Math.sqrt(Math.max(0, mid - r));
      if (!(Number.isFinite(a) && Number.isFinite(b))) return { minScale: 0, maxScale: Infinity, bound: Infinity };
      if (a > maxScale) maxScale = a;
      if (b < minScale) minScale = b;
    }
  }
  return { minScale, maxScale, bound: Math.max(maxScale - 1, 1 - minScale) };
}

function gridLine(lo: number, hi: number, side: number): number[] {
  if (!(hi > lo)) return [(lo + hi) / 2];
  return Array.from({ length: side }, (_, i) => (i === side - 1 ? hi : lo + ((hi - lo) * i) / (side - 1)));
}
