/**
 * Reference distances on the WGS84 ellipsoid from GeographicLib (npm geographiclib-geodesic 2.2.0, Karney,
 * "Algorithms for geodesics", J. Geodesy 87, 2013): independent of our projections, indexes and planar
 * geometry. A polyline between lon/lat vertices is taken as geodesic segments.
 */
import geodesic from "geographiclib-geodesic";

const G = geodesic.Geodesic.WGS84;

/** Geodesic distance between two lon/lat points, metres. */
export function geodesicM(lonA: number, latA: number, lonB: number, latB: number): number {
  return G.Inverse(latA, lonA, latB, lonB).s12 as number;
}

/** The point `distanceM` from (lon, lat) along azimuth `azimuthDeg` (clockwise from north), [lon, lat] in [-180, 180]. */
export function geodesicDestination(lon: number, lat: number, azimuthDeg: number, distanceM: number): [number, number] {
  const r = G.Direct(lat, lon, azimuthDeg, distanceM);
  return [r.lon2 as number, r.lat2 as number];
}

/** Σ geodesic lengths of a polyline given as interleaved lon,lat, metres. */
export function geodesicPolylineM(lonLat: ArrayLike<number>): number {
  let m = 0;
  for (let i = 2; i < lonLat.length; i += 2) m += geodesicM(lonLat[i - 2], lonLat[i - 1], lonLat[i], lonLat[i + 1]);
  return m;
}

/**
 * Shortest geodesic distance from a point to a geodesic segment a→b, metres: golden-section search along
 * the segment (unimodal for segments short next to the Earth), to 0.1 mm, and the two ends.
 */
export function geodesicPointToSegmentM(lon: number, lat: number, a: readonly [number, number], b: readonly [number, number]): number {
  const line = G.InverseLine(a[1], a[0], b[1], b[0]);
  const total = line.s13 as number;
  const f = (s: number) => {
    const p = line.Position(s);
    return G.Inverse(lat, lon, p.lat2 as number, p.lon2 as number).s12 as number;
  };
  const phi = (Math.sqrt(5) - 1) / 2;
  let [lo, hi] = [0, total];
  let [x1, x2] = [hi - phi * (hi - lo), lo + phi * (hi - lo)];
  let [f1, f2] = [f(x1), f(x2)];
  for (let k = 0; k < 80 && hi - lo > 1e-4; k++) {
    if (f1 < f2) {
      [hi, x2, f2] = [x2, x1, f1];
      x1 = hi - phi * (hi - lo);
      f1 = f(x1);
    } else {
      [lo, x1, f1] = [x1, x2, f2];
      x2 = lo + phi * (hi - lo);
      f2 = f(x2);
    }
  }
  return Math.min(f1, f2, f(0), f(total));
}

/** Shortest geodesic distance from a point to a polyline (interleaved lon,lat), metres. */
export function geodesicPointToPolylineM(lon: number, lat: number, lonLat: ArrayLike<number>): number {
  let best = Infinity;
  for (let i = 2; i < lonLat.length; i += 2) {
    best = Math.min(best, geodesicPointToSegmentM(lon, lat, [lonLat[i - 2], lonLat[i - 1]], [lonLat[i], lonLat[i + 1]]));
  }
  return best;
}
