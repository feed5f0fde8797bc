import proj4, { type Converter } from "proj4";
import { InputError, OptionError } from "../core/errors.ts";

/**
 * The run's working CRS: projected, in metres, stamped into every result's `meta`. This is the only
 * module that imports proj4 (the "one door" rule of DESIGN.md).
 */
export interface WorkingCrs {
  /** Human name, e.g. "Transverse Mercator fitted to the data (lon_0 46.9, lat_0 39.7, k_0 0.99998)". */
  readonly name: string;
  /** The proj string (or EPSG code) that defines it. */
  readonly definition: string;
  /** WGS84 lon/lat degrees → working CRS metres, in place on an interleaved array. */
  forward(xy: Float64Array): Float64Array;
  /** Working CRS metres → WGS84 lon/lat degrees, in place. */
  inverse(xy: Float64Array): Float64Array;
}

/** Mean Earth radius (IUGG), metres; only used to fit the scale factor. */
const EARTH_RADIUS_M = 6_371_008.8;

/**
 * A transverse Mercator fitted to a lon/lat bounding box: central meridian and latitude of origin at the
 * box centre, and scale factor k0 = 1 / (1 + W²/(4R²)) for the half-width W in metres, which splits the
 * TM scale error k(x) = k0·(1 + x²/2R²) evenly between the meridian (k0 − 1) and the box edge. For a
 * box 500 km across the distance error stays within ±0.05 % (tested against GeographicLib).
 * proj4's `tmerc` is the Poder/Engsager extended series (the same as `etmerc`), accurate far off-meridian.
 */
export function fitWorkingCrs(bbox: readonly [number, number, number, number]): WorkingCrs {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (![minLon, minLat, maxLon, maxLat].every(Number.isFinite)) {
    throw new OptionError("cannot fit a working CRS: the data has no finite coordinates");
  }
  const lon0 = round((minLon + maxLon) / 2, 4);
  const lat0 = round((minLat + maxLat) / 2, 4);
  const cosLat = Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180);
  const halfWidthM = (((maxLon - minLon) / 2) * Math.PI * EARTH_RADIUS_M * cosLat) / 180;
  const k0 = round(1 / (1 + (halfWidthM * halfWidthM) / (4 * EARTH_RADIUS_M * EARTH_RADIUS_M)), 8);
  const definition = `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k_0=${k0} +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs`;
  return makeCrs(definition, `Transverse Mercator fitted to the data (lon_0 ${lon0}, lat_0 ${lat0}, k_0 ${k0})`);
}

/** A working CRS from a proj string (`+proj=…`, must be projected in metres). */
export function workingCrsFromDefinition(definition: string): WorkingCrs {
  if (!definition.includes("+proj=") || /\+proj=(longlat|latlong|lonlat|latlon)\b/.test(definition)) {
    throw new OptionError(`working CRS must be a projected proj string in metres (+proj=…), got "${definition}"`);
  }
  if (/\+units=(?!m\b)/.test(definition)) {
    throw new OptionError(`working CRS must use metres (+units=m), got "${definition}"`);
  }
  return makeCrs(definition, definition);
}

function makeCrs(definition: string, name: string): WorkingCrs {
  let converter: Converter;
  try {
    converter = proj4("WGS84", definition);
  } catch (e) {
    throw new OptionError(`proj4 cannot read the CRS "${definition}": ${(e as Error).message}`);
  }
  const apply = (xy: Float64Array, fwd: boolean): Float64Array => {
    const p: [number, number] = [0, 0];
    for (let i = 0; i < xy.length; i += 2) {
      p[0] = xy[i];
      p[1] = xy[i + 1];
      let q: number[] = [Number.NaN, Number.NaN];
      try {
        q = fwd ? converter.forward(p) : converter.inverse(p);
      } catch {
        // proj4 throws a TypeError on non-finite input; reported below like any other failure
      }
      // proj4 returns NaN or Infinity instead of throwing for points it cannot project: guard here.
      if (!Number.isFinite(q[0]) || !Number.isFinite(q[1])) {
        throw new InputError([
          {
            file: "(reprojection)",
            code: "projection-failed",
            message: `point (${xy[i]}, ${xy[i + 1]}) cannot be ${fwd ? "projected to" : "unprojected from"} ${name}`,
          },
        ]);
      }
      xy[i] = q[0];
      xy[i + 1] = q[1];
    }
    return xy;
  };
  return { name, definition, forward: (xy) => apply(xy, true), inverse: (xy) => apply(xy, false) };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
