import type { IncidentSet } from "../../core/incident-set.ts";
import type { RoadNetwork } from "../../core/road-network.ts";
import { type LixelIndex, nearestLixel } from "../../spatial/lixel-index.ts";

/** Each incident's nearest road position, aligned with incident order. */
export interface IncidentSnap {
  /** Nearest lixel, -1 when no road lies within maxSnapM. */
  lixel: Int32Array;
  /** Road (index into the network the lixels were cut from), -1 when none. */
  road: Int32Array;
  /** Planar distance from the incident to the road, metres (the offset); Infinity when none. */
  offsetM: Float64Array;
  /** Chainage of the snapped point: metres along the source road part from its first vertex; NaN when none. */
  chainageM: Float64Array;
  /** The snapped point in the working CRS. */
  x: Float64Array;
  y: Float64Array;
}

export interface SnapIncidentsOptions {
  /** Incidents farther than this from every road are left unsnapped. Default Infinity. */
  maxSnapM?: number;
}

/**
 * Snap every incident to the nearest point on the road network (exact point–polyline distance via the
 * lixel index, `nearestLixel`: equal to a brute-force scan of every lixel, ties to the lower lixel index,
 * axis-aligned roads included) and give its offset and chainage: chainage = road.startM + lixel.fromM + distance along
 * the lixel, i.e. km along the original road part, so "km 37.2 of the M-12" means what it says.
 */
export function snapIncidents(incidents: IncidentSet, index: LixelIndex, roads: RoadNetwork, options: SnapIncidentsOptions = {}): IncidentSnap {
  const maxSnapM = options.maxSnapM ?? Infinity;
  const n = incidents.count;
  const out = unsnapped(n);
  const { lixels } = index;
  for (let i = 0; i < n; i++) {
    const hit = nearestLixel(index, incidents.x[i], incidents.y[i], maxSnapM);
    if (!hit) continue;
    const r = lixels.road[hit.lixel];
    out.lixel[i] = hit.lixel;
    out.road[i] = r;
    out.offsetM[i] = hit.distanceM;
    out.chainageM[i] = roads.startM[r] + lixels.fromM[hit.lixel] + hit.alongM;
    out.x[i] = hit.x;
    out.y[i] = hit.y;
  }
  return out;
}

/** n incidents none of which is snapped yet (no lixel, no road, infinite offset): what a snapping search starts from. */
export function unsnapped(n: number): IncidentSnap {
  return {
    lixel: new Int32Array(n).fill(-1),
    road: new Int32Array(n).fill(-1),
    offsetM: new Float64Array(n).fill(Infinity),
    chainageM: new Float64Array(n).fill(Number.NaN),
    x: new Float64Array(n).fill(Number.NaN),
    y: new Float64Array(n).fill(Number.NaN),
  };
}
