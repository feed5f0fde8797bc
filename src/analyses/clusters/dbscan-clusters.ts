import { clustersDbscan } from "@turf/clusters-dbscan";
import { featureCollection, point } from "@turf/helpers";
import { OptionError } from "../../core/errors.ts";

export interface DbscanOptions {
  /** Neighbourhood radius ε, metres (great-circle, Turf's haversine on a 6,371,008.8 m sphere). */
  epsM: number;
  /** Points (the point itself included) within ε that make a point a core point. Default 3. */
  minPoints?: number;
}

/** Role of each point in DBSCAN. */
export const DBSCAN_ROLES = ["noise", "core", "edge"] as const;

export interface DbscanClusters {
  /** Cluster id per point (0, 1, … in order of discovery by input order), −1 for noise. */
  readonly cluster: Int32Array;
  /** Index into DBSCAN_ROLES per point. */
  readonly role: Uint8Array;
  readonly clusterCount: number;
}

/**
 * DBSCAN (Ester, Kriegel, Sander & Xu 1996) of incidents, by Turf's R-tree-indexed implementation
 * (@turf/clusters-dbscan): a core point has ≥ minPoints points (itself included) within ε; clusters
 * are the core points connected through ε-neighbourhoods plus the border ("edge") points within ε of
 * them; the rest is noise. A border point within ε of two clusters joins the first one to reach it in
 * input order (DBSCAN's usual ambiguity). Takes WGS 84 lon/lat because Turf measures on the sphere —
 * within 0.1 % of the working CRS's planar metres over a study area (DESIGN.md).
 */
export function dbscanClusters(lon: Float64Array, lat: Float64Array, options: DbscanOptions): DbscanClusters {
  const { epsM } = options;
  const minPoints = options.minPoints ?? 3;
  if (!(epsM > 0) || !Number.isFinite(epsM)) throw new OptionError(`epsM must be a positive number of metres, got ${epsM}`);
  if (!Number.isInteger(minPoints) || minPoints < 1) throw new OptionError(`minPoints must be a whole number >= 1, got ${minPoints}`);
  if (lon.length !== lat.length) throw new OptionError(`lon has ${lon.length} values and lat ${lat.length}`);
  const n = lon.length;
  const cluster = new Int32Array(n).fill(-1);
  const role = new Uint8Array(n);
  if (n === 0) return { cluster, role, clusterCount: 0 };
  const fc = featureCollection(Array.from({ length: n }, (_, i) => point([lon[i], lat[i]])));
  const out = clustersDbscan(fc, epsM, { units: "meters", minPoints, mutate: true });
  let count = 0;
  out.features.forEach((f, i) => {
    const p = f.properties as { cluster?: number; dbscan?: string };
    role[i] = Math.max(0, DBSCAN_ROLES.indexOf((p.dbscan ?? "noise") as (typeof DBSCAN_ROLES)[number]));
    if (p.cluster !== undefined && role[i] !== 0) {
      cluster[i] = p.cluster;
      count = Math.max(count, p.cluster + 1);
    }
  });
  return { cluster, role, clusterCount: count };
}
