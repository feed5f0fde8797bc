import type Flatbush from "flatbush";

/**
 * The one rule for every index query that asks "which items may lie within distance r?" (issue 14).
 *
 * A box query [x − r, x + r] computed in floating point can round one ulp short of an item's box; a
 * vertical or horizontal road piece has a zero-width box, so a query point beside it at exactly the
 * computed distance r was missed (the nearest road was lost, or a farther one returned). And the exact
 * distances that filter the candidates are themselves rounded, so an item whose computed distance is
 * ≤ r can lie slightly farther than r. The query is therefore widened to
 *
 *   reach = r + ε · (r + M),   ε = 2⁻⁴⁰ ≈ 9.1e-13,
 *
 * with M the largest |coordinate| of the query and of the index's items. Why that is enough, with
 * u = 2⁻⁵³ the unit roundoff (round to nearest):
 * - Point–segment distance as core/math computes it (projectOnPolyline, segmentDistanceSq): the foot
 *   q̂ = fl(a + fl(t̂ · fl(b − a))) lies within 5.01·u·M of the point A + t̂(B − A) on the segment in
 *   each coordinate (three roundings of terms ≤ 2M), so within 7.1·u·M in the plane; the remaining
 *   subtraction, squares, sum and square root lose at most a factor (1 − 3u). Hence the true distance
 *   d ≤ d̂(1 + 3.01u) + 7.1·u·M < d̂ + 8u(d̂ + M). Point–point distances (neighbours, discs) have no
 *   absolute term; a point misclassified inside a polygon (distance 0) lies within ≈ 10·u·M of an edge.
 * - An item within true distance d of the query has its box within d on each axis; the query box edge
 *   fl(x + reach) is at least x + reach − u(M + reach), and reach − u(M + reach) ≥ r + (ε − 2u)(r + M)
 *   ≥ d̂ + 8u(d̂ + M) ≥ d whenever d̂ ≤ r, because ε = 2¹³·u. So every item whose computed distance is
 *   ≤ r is a candidate; the caller's exact-distance test (always on computed distances, ≤ r or < r as
 *   the query defines) then decides, exactly as a brute-force scan with the same distance function would.
 * - Flatbush `neighbors` compares its rounded squared box distance with fl(maxDistance²); both roundings
 *   are a few u relative, again far inside ε.
 * Widening only adds candidates, never answers: at 1e7 m coordinates it is 1e-5 m, at 1 km 1e-9 m.
 */
export const DISTANCE_BOX_SLACK = 2 ** -40;

/** Largest |coordinate| of the items of a Flatbush index (0 for an empty index's infinite placeholder). */
export function indexMagnitudeM(index: Flatbush): number {
  const m = Math.max(Math.abs(index.minX), Math.abs(index.minY), Math.abs(index.maxX), Math.abs(index.maxY));
  return Number.isFinite(m) ? m : 0;
}

/** Half-width of a query that holds every item within computed distance `radiusM` (see the rule above). */
export function reachM(radiusM: number, magnitudeM: number): number {
  return radiusM + DISTANCE_BOX_SLACK * (radiusM + magnitudeM);
}

/**
 * Items of `index` that may lie within `radiusM` of the box [minX, maxX] × [minY, maxY] (a point when
 * min = max): a superset of those whose computed distance is ≤ radiusM. Filter by exact distance after.
 */
export function searchWithin(
  index: Flatbush,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  radiusM: number,
  filter?: (i: number) => boolean,
): number[] {
  const m = Math.max(indexMagnitudeM(index), Math.abs(minX), Math.abs(minY), Math.abs(maxX), Math.abs(maxY));
  const r = reachM(radiusM, m);
  return index.search(minX - r, minY - r, maxX + r, maxY + r, filter);
}

/** Items of `index` that may lie within `radiusM` of the point (x, y); see searchWithin. */
export function searchNear(index: Flatbush, x: number, y: number, radiusM: number, filter?: (i: number) => boolean): number[] {
  return searchWithin(index, x, y, x, y, radiusM, filter);
}

/**
 * Flatbush's best-first `neighbors` with its distance cut widened by the same rule, so an item whose
 * computed distance is ≤ maxDistanceM is never cut off by the box distance's rounding.
 */
export function neighboursWithin(index: Flatbush, x: number, y: number, maxResults: number, maxDistanceM: number): number[] {
  const m = Math.max(indexMagnitudeM(index), Math.abs(x), Math.abs(y));
  return index.neighbors(x, y, maxResults, reachM(maxDistanceM, m));
}
