import { createRequire } from "node:module";

/**
 * The one door to the npm package `mgrs` (proj4js/mgrs, MIT). Its old bundle format differs between
 * Node ESM and other loaders (TOOLING.md), so it is loaded through `require` here and nowhere else.
 */
interface MgrsModule {
  forward(ll: [number, number], accuracy?: number): string;
  toPoint(mgrs: string): [number, number];
}

function mgrsModule(): MgrsModule {
  return createRequire(import.meta.url)("mgrs") as MgrsModule;
}

/** An MGRS reference resolved to the centre of its grid cell. */
export interface MgrsPoint {
  lon: number;
  lat: number;
  /** Side of the grid cell the reference names, metres (1 m for 5+5 digits … 100 km for none). */
  cellM: number;
}

/**
 * Resolve an MGRS grid reference ("38SPK4992701474", spaces allowed) to the WGS84 centre of its cell;
 * undefined when it is not a valid reference (the library throws; that is caught here).
 */
export function mgrsToLonLat(reference: string): MgrsPoint | undefined {
  const ref = reference.replace(/\s+/g, "").toUpperCase();
  const m = /^(\d{1,2})([C-HJ-NP-X])([A-HJ-NP-Z]{2})(\d*)$/.exec(ref);
  if (!m || m[4].length % 2 !== 0 || m[4].length > 10) return undefined;
  try {
    const [lon, lat] = mgrsModule().toPoint(ref);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return undefined;
    return { lon, lat, cellM: 10 ** (5 - m[4].length / 2) };
  } catch {
    return undefined;
  }
}

/** WGS84 lon/lat → MGRS reference with `digits` per axis (5 = 1 m); used to make test inputs. */
export function lonLatToMgrs(lon: number, lat: number, digits = 5): string {
  return mgrsModule().forward([lon, lat], digits);
}
