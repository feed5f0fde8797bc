import type { Lixels } from "../../core/lixels.ts";
import type { PointIndex } from "../../spatial/point-index.ts";
import { type PolylineProximity, type PolylineProximityOptions, polylineProximity } from "./polyline-proximity.ts";

/** Options and result of lixelProximity: those of polylineProximity, the lixels being the polylines. */
export type LixelProximityOptions = PolylineProximityOptions;
export type LixelProximity = PolylineProximity;

/**
 * For every lixel, the distance to the nearest incident (minimum over incidents q of the distance from q
 * to the lixel polyline — the bench SPEC's W1 definition) and the number of incidents within each radius.
 * Distances are to the recorded points; location precision does not enter here (it does in the risk
 * model). Uses the point index: one bounded search per lixel, never a scan over all incidents
 * (polylineProximity, which does the same for any packed polylines, e.g. whole roads).
 *
 * @example
 * const prox = lixelProximity(lixels, buildPointIndex(incidents.x, incidents.y), { radiiM: [500] });
 */
export function lixelProximity(lixels: Lixels, points: PointIndex, options: LixelProximityOptions = {}): LixelProximity {
  return polylineProximity(lixels, points, options);
}
