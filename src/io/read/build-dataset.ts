import { OptionError } from "../../core/errors.ts";
import type { HazardSet } from "../../core/hazard-set.ts";
import { HAZARD_STATUSES } from "../../core/hazard-set.ts";
import { DEVICES, type IncidentSet, isoToDay } from "../../core/incident-set.ts";
import { type RoadNetwork, roadLengths } from "../../core/road-network.ts";
import type { WorkingCrs } from "../crs/crs.ts";
import { type HazardRecord, type IncidentRecord, type LonLat, type PackedParts, packedPartRange, type RoadRecord } from "../fields/records.ts";
import { datasetCrs, type DatasetCrsOptions } from "./dataset-crs.ts";

/** Validated records and their typed-array form in one working CRS: what every analysis runs on. */
export interface Dataset {
  readonly crs: WorkingCrs;
  readonly roadRecords: readonly RoadRecord[];
  readonly roads: RoadNetwork;
  readonly incidentRecords: readonly IncidentRecord[];
  readonly incidents: IncidentSet;
  readonly hazardRecords: readonly HazardRecord[];
  readonly hazards: HazardSet;
}

/** `crs` (default: fitted to the roads and hazards) and `maxDistanceError` (default 0.001): dataset-crs.ts. */
export type BuildDatasetOptions = DatasetCrsOptions;

/**
 * Reproject validated records once into the working CRS and pack them into typed arrays. The CRS is
 * fitted to the roads and hazard areas — the study area — not to incidents, so one stray point far away
 * cannot stretch it; incidents are projected into it wherever they are. Its distance error is measured
 * over all of the data, and a run over the accepted bound is refused (dataset-crs.ts).
 */
export function buildDataset(
  input: { roads: readonly RoadRecord[]; incidents: readonly IncidentRecord[]; hazards?: readonly HazardRecord[] },
  options: BuildDatasetOptions = {},
): Dataset {
  const hazardRecords = input.hazards ?? [];
  if (input.roads.length === 0) throw new OptionError("no roads: a study area needs at least one road");
  const crs = datasetCrs({ roads: input.roads, incidents: input.incidents, hazards: hazardRecords }, options);
  return {
    crs,
    roadRecords: input.roads,
    roads: packRoads(input.roads, crs),
    incidentRecords: input.incidents,
    incidents: packIncidents(input.incidents, crs),
    hazardRecords,
    hazards: packHazards(hazardRecords, crs),
  };
}

/** WGS84 lon/lat box [west, south, east, north] of road records and (outer rings of) hazard areas. */
export function recordBounds(roads: readonly RoadRecord[], hazards: readonly HazardRecord[] = []): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (p: LonLat) => {
    if (p[0] < b[0]) b[0] = p[0];
    if (p[1] < b[1]) b[1] = p[1];
    if (p[0] > b[2]) b[2] = p[0];
    if (p[1] > b[3]) b[3] = p[1];
  };
  for (const r of roads) {
    if (r.packed) {
      const { lonLat, partStart } = r.packed;
      const [p0, p1] = packedPartRange(r as RoadRecord & { packed: PackedParts });
      for (let v = partStart[p0]; v < partStart[p1]; v++) {
        const x = lonLat[2 * v];
        const y = lonLat[2 * v + 1];
        if (x < b[0]) b[0] = x;
        if (y < b[1]) b[1] = y;
        if (x > b[2]) b[2] = x;
        if (y > b[3]) b[3] = y;
      }
    } else for (const part of r.parts) part.forEach(add);
  }
  for (const h of hazards) for (const poly of h.polygons) poly[0].forEach(add);
  return b;
}

/** Networks with at least this many vertices are packed into SharedArrayBuffers. */
const SHARED_FROM_VERTICES = 1_000_000;

function packRoads(records: readonly RoadRecord[], crs: WorkingCrs): RoadNetwork {
  let nRoads = 0;
  let nVerts = 0;
  for (const r of records) {
    if (r.packed) {
      const [p0, p1] = packedPartRange(r as RoadRecord & { packed: PackedParts });
      nRoads += p1 - p0;
      nVerts += r.packed.partStart[p1] - r.packed.partStart[p0];
    } else {
      nRoads += r.parts.length;
      nVerts += r.parts.reduce((n, q) => n + q.length, 0);
    }
  }
  // large networks live in shared memory, so threads (polylineProximityParallel) read them without a copy
  const buffer = (bytes: number) => (nVerts >= SHARED_FROM_VERTICES ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const xy = new Float64Array(buffer(16 * nVerts));
  const roadStart = new Uint32Array(buffer(4 * (nRoads + 1)));
  const featureIndex = new Uint32Array(nRoads);
  const partIndex = new Uint32Array(nRoads);
  const bridge = new Uint8Array(nRoads);
  const tunnel = new Uint8Array(nRoads);
  const layer = new Int8Array(nRoads);
  const oneway = new Int8Array(nRoads);
  const ids = new Array<string>(nRoads);
  const names = new Array<string>(nRoads);
  const classes = new Array<string>(nRoads);
  let k = 0;
  let v = 0;
  records.forEach((rec, f) => {
    const packed = rec.packed;
    const [first, end] = packed ? packedPartRange(rec as RoadRecord & { packed: PackedParts }) : [0, rec.parts.length];
    const nParts = end - first;
    for (let p = 0; p < nParts; p++) {
      roadStart[k] = v;
      if (packed) {
        const { lonLat, partStart } = packed;
        const a = 2 * partStart[first + p];
        const b = 2 * partStart[first + p + 1];
        for (let i = a; i < b; i++) xy[2 * v + i - a] = lonLat[i];
        v += (b - a) / 2;
      } else {
        for (const [lon, lat] of rec.parts[p]) {
          xy[2 * v] = lon;
          xy[2 * v + 1] = lat;
          v++;
        }
      }
      featureIndex[k] = f;
      partIndex[k] = p;
      bridge[k] = rec.bridge ? 1 : 0;
      tunnel[k] = rec.tunnel ? 1 : 0;
      layer[k] = rec.layer;
      oneway[k] = rec.oneway;
      ids[k] = nParts > 1 ? `${rec.id}/${p}` : rec.id;
      names[k] = rec.name;
      classes[k] = rec.class;
      k++;
    }
  });
  roadStart[nRoads] = v;
  crs.forward(xy);
  const lengthM = roadLengths(xy, roadStart);
  return { count: nRoads, xy, roadStart, lengthM, startM: new Float64Array(nRoads), featureIndex, partIndex, ids, names, classes, bridge, tunnel, layer, oneway };
}

export function packIncidents(records: readonly IncidentRecord[], crs: WorkingCrs): IncidentSet {
  const n = records.length;
  const xy = new Float64Array(2 * n);
  const set = {
    count: n,
    x: new Float64Array(n),
    y: new Float64Array(n),
    precisionM: new Float64Array(n),
    dateDay: new Float64Array(n),
    killed: new Float64Array(n),
    injured: new Float64Array(n),
    device: new Uint8Array(n),
    onRoad: new Uint8Array(n),
    ids: records.map((r) => r.id),
  };
  records.forEach((r, i) => {
    xy[2 * i] = r.lon;
    xy[2 * i + 1] = r.lat;
    set.precisionM[i] = r.locationPrecisionM;
    // A month- or year-precise date stands for the middle of its period, not its first day.
    const mid = r.datePrecision === "year" ? 182 : r.datePrecision === "month" ? 14 : 0;
    set.dateDay[i] = r.date === null ? Number.NaN : isoToDay(r.date) + mid;
    set.killed[i] = r.killed ?? Number.NaN;
    set.injured[i] = r.injured ?? Number.NaN;
    set.device[i] = DEVICES.indexOf(r.device);
    set.onRoad[i] = r.onRoad === null ? 0 : r.onRoad ? 1 : 2;
  });
  crs.forward(xy);
  for (let i = 0; i < n; i++) {
    set.x[i] = xy[2 * i];
    set.y[i] = xy[2 * i + 1];
  }
  return set;
}

/** Hazard records packed into a HazardSet in a CRS (only its `forward` is used). */
export function packHazards(records: readonly HazardRecord[], crs: Pick<WorkingCrs, "forward">): HazardSet {
  const bbox = new Float64Array(4 * records.length);
  const polygons = records.map((h, i) => {
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    const polys = h.polygons.map((poly) =>
      poly.map((ring) => {
        const xy = crs.forward(Float64Array.from(ring.flat()));
        for (let k = 0; k < xy.length; k += 2) {
          minX = Math.min(minX, xy[k]);
          maxX = Math.max(maxX, xy[k]);
          minY = Math.min(minY, xy[k + 1]);
          maxY = Math.max(maxY, xy[k + 1]);
        }
        return xy;
      }),
    );
    bbox.set([minX, minY, maxX, maxY], 4 * i);
    return polys;
  });
  return {
    count: records.length,
    polygons,
    status: Uint8Array.from(records.map((h) => HAZARD_STATUSES.indexOf(h.status))),
    bbox,
    ids: records.map((h) => h.id),
  };
}
