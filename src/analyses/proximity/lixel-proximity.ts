import type { Lixels } from "../../core/lixels.ts";
import { buildPointGrid, countWithinPolyline } from "../../spatial/point-grid.ts";
import { nearestPointToPolyline, type PointIndex } from "../../spatial/point-index.ts";
import { type PolylineProximity, type PolylineProximityOptions, resolveRadii } from "./polyline-proximity.ts";

/** Options and result of lixelProximity: those of polylineProximity, the lixels being the polylines. */
export type LixelProximityOptions = PolylineProximityOptions;
export type LixelProximity = PolylineProximity;

/** Grid cells per radius: 16 rows of cells span a lixel's disc, and the rim band stays about one cell wide. */
const CELLS_PER_RADIUS = 8;

/**
 * For every lixel, the distance to the nearest incident (minimum over incidents q of the distance from q
 * to the lixel polyline — the bench SPEC's W1 definition) and the number of incidents within each radius.
 * Distances are to the recorded points; location precision does not enter here (it does in the risk
 * model). The same numbers as polylineProximity (test/analyses/proximity/lixel-proximity.test.ts), by
 * other means, because lixels are short and many: the nearest through the point index
 * (nearestPointToPolyline: a bound from the previous lixel's nearest point, or the nearest point to the
 * lixel's middle, then one small box search), and the counts through a grid of the points per radius (spatial/point-grid.ts), which counts
 * the cells inside the radius whole and tests only the points of the rim — a box search per lixel
 * (polylineProximity) visits every point of the disc, and at 5 km and 864,278 lixels that was 13 CPU-s.
 *
 * @example
 * const prox = lixelProximity(lixels, buildPointIndex(incidents.x, incidents.y), { radiiM: [500] });
 */
export function lixelProximity(lixels: Lixels, points: PointIndex, options: LixelProximityOptions = {}): LixelProximity {
  const radiiM = resolveRadii(options);
  const n = lixels.count;
  const out: PolylineProximity = { nearestIncidentM: new Float64Array(n), nearestIncident: new Int32Array(n), radiiM, countWithin: radiiM.map(() => new Uint32Array(n)) };
  const { xy, start } = lixels;
  for (let l = 0; l < n; l++) {
    // the previous lixel of the same road is adjacent: its nearest point bounds this one's closely
    const seed = l > 0 && lixels.road[l] === lixels.road[l - 1] ? out.nearestIncident[l - 1] : -1;
    const near = nearestPointToPolyline(points, xy, start[l], start[l + 1], seed);
    out.nearestIncidentM[l] = near.distanceM;
    out.nearestIncident[l] = near.index;
  }
  if (points.x.length === 0) return out;
  radiiM.forEach((r, k) => {
    const grid = buildPointGrid(points.x, points.y, r / CELLS_PER_RADIUS);
    const count = out.countWithin[k];
    for (let l = 0; l < n; l++) count[l] = countWithinPolyline(grid, xy, start[l], start[l + 1], r);
  });
  return out;
}
