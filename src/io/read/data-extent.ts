import type { HazardRecord, IncidentRecord, PackedParts, RoadRecord } from "../fields/records.ts";
import { packedPartRange } from "../fields/records.ts";

/** Lon/lat box of some records with continuous longitudes: `east` may exceed 180 for data across ±180°. */
export interface DataExtent {
  /** [west, south, east, north], degrees; west < 180 ≤ east when the data crosses the antimeridian. */
  readonly bbox: [number, number, number, number];
  /** True when longitudes below `cutDeg` were read as lon + 360 to make the range continuous. */
  readonly crossesAntimeridian: boolean;
}

export type Visit = (lon: number, lat: number) => void;

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
  return studyAndDataExtent(roads, hazards, incidents).data;
}

/**
 * dataExtent of the roads and hazards (the study area) and of them with the incidents (all the data), from
 * one pass over the positions when neither crosses the antimeridian (then each box is the plain box of its
 * positions); a second pass makes the longitudes continuous for one that does.
 */
export function studyAndDataExtent(roads: readonly RoadRecord[], hazards: readonly HazardRecord[], incidents: readonly IncidentRecord[]): { study: DataExtent; data: DataExtent } {
  return studyAndDataExtentOf((visit) => visitPositions(roads, [], [], visit), hazards, incidents);
}

/**
 * studyAndDataExtent with the road positions given by `visitRoads`, which calls `visit` on every road
 * position in any order — once, or a second time when the data crosses the antimeridian (a streamed read
 * reads its file again then).
 */
export function studyAndDataExtentOf(visitRoads: (visit: Visit) => void, hazards: readonly HazardRecord[], incidents: readonly IncidentRecord[]): { study: DataExtent; data: DataExtent } {
  const study = newSummary();
  const studyVisit = (s: Summary) => {
    visitRoads((lon, lat) => add(s, lon, lat));
    visitPositions([], hazards, [], (lon, lat) => add(s, lon, lat));
  };
  studyVisit(study);
  const extra = newSummary();
  visitPositions([], [], incidents, (lon, lat) => add(extra, lon, lat));
  const all = merged(study, extra);
  return {
    study: extentOf(study, () => studyVisit(study)),
    data: extentOf(all, () => {
      studyVisit(all);
      visitPositions([], [], incidents, (lon, lat) => add(all, lon, lat));
    }),
  };
}

/** Occupied 0.1° bins and the range of longitudes within ±180°, the plain box, and whether any longitude is below −180. */
interface Summary {
  occupied: Uint8Array;
  minLon: number;
  maxLon: number;
  box: [number, number, number, number];
  below: boolean;
  /** The second pass's cut and box (set by extentOf when it makes one). */
  cutDeg?: number;
  cutBox?: [number, number, number, number];
}

function newSummary(): Summary {
  return { occupied: new Uint8Array(BINS), minLon: Infinity, maxLon: -Infinity, box: [Infinity, Infinity, -Infinity, -Infinity], below: false };
}

function add(s: Summary, lon: number, lat: number): void {
  if (s.cutDeg !== undefined) {
    // the second pass: longitudes west of the cut read as lon + 360
    const b = s.cutBox!;
    const x = lon < s.cutDeg ? lon + 360 : lon;
    if (x < b[0]) b[0] = x;
    if (lat < b[1]) b[1] = lat;
    if (x > b[2]) b[2] = x;
    if (lat > b[3]) b[3] = lat;
    return;
  }
  const b = s.box;
  if (lon < b[0]) b[0] = lon;
  if (lat < b[1]) b[1] = lat;
  if (lon > b[2]) b[2] = lon;
  if (lat > b[3]) b[3] = lat;
  if (!(Math.abs(lon) <= 180)) {
    if (lon < -180) s.below = true;
    return;
  }
  s.occupied[Math.min(BINS - 1, Math.floor(((lon + 180) / 360) * BINS))] = 1;
  if (lon < s.minLon) s.minLon = lon;
  if (lon > s.maxLon) s.maxLon = lon;
}

function merged(a: Summary, b: Summary): Summary {
  const occupied = new Uint8Array(BINS);
  for (let i = 0; i < BINS; i++) occupied[i] = a.occupied[i] | b.occupied[i];
  const box: [number, number, number, number] = [Math.min(a.box[0], b.box[0]), Math.min(a.box[1], b.box[1]), Math.max(a.box[2], b.box[2]), Math.max(a.box[3], b.box[3])];
  return { occupied, minLon: Math.min(a.minLon, b.minLon), maxLon: Math.max(a.maxLon, b.maxLon), box, below: a.below || b.below };
}

/**
 * The extent from a summary: when the longitudes span more than 180° and the widest empty arc does not
 * contain ±180°, `again` runs the second pass with the cut; with no cut (and no longitude below −180, which
 * a cut of −180 would move) the plain box is what that pass would give.
 */
function extentOf(s: Summary, again: () => void): DataExtent {
  const cutDeg = s.maxLon - s.minLon > 180 ? antimeridianCut(s.occupied) : -180;
  if (cutDeg === -180 && !s.below) return { bbox: s.box, crossesAntimeridian: false };
  s.cutDeg = cutDeg;
  s.cutBox = [Infinity, Infinity, -Infinity, -Infinity];
  again();
  return { bbox: s.cutBox, crossesAntimeridian: cutDeg > -180 };
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

/**
 * A digest of road positions from which studyAndDataExtentOf's summaries come out the same as from the
 * positions themselves, for a read that cannot hold them (the bounded plan, pipeline/tiles/plan-bounded.ts):
 * per 0.1° bin (the bins `add` uses) the least and greatest longitude, the same for the longitudes outside
 * ±180° on either side, and the range of latitudes. `replay` visits two positions per occupied bin and
 * group: the summary's box, bins and longitude range are then those of all positions, and so is the
 * second pass's box (a cut lies in an empty bin or on a bin edge, so each bin moves whole). `box` is the
 * plain box of every position (recordBounds's).
 */
export function positionDigest(): { add: Visit; replay: (visit: Visit) => void; box: () => [number, number, number, number]; count: () => number } {
  const lo = new Float64Array(BINS + 2).fill(Infinity);
  const hi = new Float64Array(BINS + 2).fill(-Infinity);
  let [minLat, maxLat, n] = [Infinity, -Infinity, 0];
  const add: Visit = (lon, lat) => {
    // bins BINS and BINS + 1 hold longitudes below −180° and above 180° (NaN with them: add treats it as unbinned too)
    const bin = Math.abs(lon) <= 180 ? Math.min(BINS - 1, Math.floor(((lon + 180) / 360) * BINS)) : lon < -180 ? BINS : BINS + 1;
    if (lon < lo[bin]) lo[bin] = lon;
    if (lon > hi[bin]) hi[bin] = lon;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
    n++;
  };
  const replay = (visit: Visit) => {
    for (let b = 0; b < BINS + 2; b++) {
      if (lo[b] > hi[b]) continue;
      visit(lo[b], minLat);
      visit(hi[b], maxLat);
    }
  };
  const box = (): [number, number, number, number] => {
    const b: [number, number, number, number] = [Infinity, minLat, -Infinity, maxLat];
    for (let k = 0; k < BINS + 2; k++) {
      if (lo[k] < b[0]) b[0] = lo[k];
      if (hi[k] > b[2]) b[2] = hi[k];
    }
    return b;
  };
  return { add, replay, box, count: () => n };
}
