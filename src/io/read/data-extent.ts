import type { HazardRecord, IncidentRecord, PackedParts, RoadRecord } from "../fields/records.ts";
import { packedPartRange } from "../fields/records.ts";

/** Lon/lat box of some records with continuous longitudes: `east` may exceed 180 for data across ±180°. */
export interface DataExtent {
  /** [west, south, east, north], degrees; west < 180 ≤ east when the data crosses the antimeridian. */
  readonly bbox: [number, number, number, number];
  /** True when longitudes below `cutDeg` were read as lon + 360 to make the range continuous. */
  readonly crossesAntimeridian: boolean;
}

type Visit = (lon: number, lat: number) => void;

/** Occupancy bins of 0.1° longitude used to find the widest empty arc. */
const BINS = 3600;

/**
 * The box of road vertices, hazard outer rings and (when given) incidents, with longitudes made continuous:
 * when the raw longitudes span more than 180° and the widest empty arc of longitude (found on 0.1° bins)
 * does not contain ±180°, the data lies across the antimeridian, and longitudes west of that arc's middle
 * are read as lon + 360. So a study area from 179° E to 179° W has the box [179, …, 181, …], 2° wide,
 * not 358°.
 */
export function dataExtent(roads: readonly RoadRecord[], hazards: readonly HazardRecord[] = [], incidents: readonly IncidentRecord[] = []): DataExtent {
  const occupied = new Uint8Array(BINS);
  let [minLon, maxLon] = [Infinity, -Infinity];
  visitPositions(roads, hazards, incidents, (lon) => {
    if (!(Math.abs(lon) <= 180)) return;
    occupied[Math.min(BINS - 1, Math.floor(((lon + 180) / 360) * BINS))] = 1;
    if (lon < minLon) minLon = lon;
    if (lon > maxLon) maxLon = lon;
  });
  const cutDeg = maxLon - minLon > 180 ? antimeridianCut(occupied) : -180;
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  visitPositions(roads, hazards, incidents, (lon, lat) => {
    const x = lon < cutDeg ? lon + 360 : lon;
    if (x < b[0]) b[0] = x;
    if (lat < b[1]) b[1] = lat;
    if (x > b[2]) b[2] = x;
    if (lat > b[3]) b[3] = lat;
  });
  return { bbox: b, crossesAntimeridian: cutDeg > -180 };
}

/**
 * Middle of the widest run of empty bins, in degrees, or -180 when that run touches ±180° (then the raw
 * longitudes are already continuous). Runs are circular: the last bin neighbours the first.
 */
function antimeridianCut(occupied: Uint8Array): number {
  const first = occupied.indexOf(1);
  if (first < 0) return -180;
  let [bestStart, bestLength] = [0, 0];
  // walk the circle from an occupied bin, so every empty run is seen whole
  for (let i = 1, runStart = -1; i <= BINS; i++) {
    const bin = (first + i) % BINS;
    if (occupied[bin] === 0) {
      if (runStart < 0) runStart = first + i;
      continue;
    }
    if (runStart >= 0 && first + i - runStart > bestLength) [bestStart, bestLength] = [runStart, first + i - runStart];
    runStart = -1;
  }
  const inRun = (bin: number) => (((bin - bestStart) % BINS) + BINS) % BINS < bestLength;
  // a run with the first or last bin in it reaches ±180°: the raw longitudes are continuous already
  if (bestLength === 0 || inRun(0) || inRun(BINS - 1)) return -180;
  return -180 + (((bestStart + bestLength / 2) % BINS) * 360) / BINS;
}

function visitPositions(roads: readonly RoadRecord[], hazards: readonly HazardRecord[], incidents: readonly IncidentRecord[], visit: Visit): void {
  for (const r of roads) {
    if (r.packed) {
      const { lonLat, partStart } = r.packed;
      const [p0, p1] = packedPartRange(r as RoadRecord & { packed: PackedParts });
      for (let v = partStart[p0]; v < partStart[p1]; v++) visit(lonLat[2 * v], lonLat[2 * v + 1]);
    } else for (const part of r.parts) for (const p of part) visit(p[0], p[1]);
  }
  for (const h of hazards) for (const poly of h.polygons) for (const p of poly[0]) visit(p[0], p[1]);
  for (const q of incidents) visit(q.lon, q.lat);
}
