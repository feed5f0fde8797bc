import proj4, { type Converter } from "proj4";
import { createRequire } from "node:module";
import { InputError, OptionError } from "../../core/errors.ts";
import { bestConformalFit } from "./fit-conformal.ts";
import { fitProjection } from "./fitted-projection.ts";
import { type DistanceError, scaleRange } from "./scale-error.ts";

/**
 * The run's working CRS: projected, in metres, stamped into every result's `meta`. This is the only
 * module that imports proj4 (the "one door" rule of DESIGN.md).
 */
export interface WorkingCrs {
  /** Human name, e.g. "Transverse Mercator fitted to the data (lon_0 46.9, lat_0 39.7, k_0 0.99998)". */
  readonly name: string;
  /** The proj string (or EPSG code) that defines it. */
  readonly definition: string;
  /**
   * WGS84 lon/lat degrees → working CRS metres, in place on an interleaved array: by proj4, or for large
   * arrays (≥ 50,000 points) by a polynomial fitted to proj4 over the array's box, within 0.1 mm of it.
   */
  forward(xy: Float64Array): Float64Array;
  /** Working CRS metres → WGS84 lon/lat degrees, in place. */
  inverse(xy: Float64Array): Float64Array;
  /**
   * Measured distance error over the data's extent (scale-error.ts), stamped by {@link withDistanceError};
   * absent on a CRS not yet checked against any data.
   */
  readonly distanceError?: DistanceError;
}

/** Largest relative distance error allowed by default: 0.1 % (DESIGN.md "One working CRS per run"). */
export const DEFAULT_MAX_DISTANCE_ERROR = 1e-3;

/** Mean Earth radius (IUGG), metres; only used to fit the scale factor. */
const EARTH_RADIUS_M = 6_371_008.8;

/**
 * A transverse Mercator fitted to a lon/lat bounding box: central meridian and latitude of origin at the
 * box centre, and scale factor k0 = 1 / (1 + W²/(4R²)) for the half-width W in metres, which splits the
 * TM scale error k(x) = k0·(1 + x²/2R²) evenly between the meridian (k0 − 1) and the box edge. For a
 * box 500 km across the distance error stays within ±0.05 % (tested against GeographicLib).
 * proj4's `tmerc` is the Poder/Engsager extended series (the same as `etmerc`), accurate far off-meridian.
 * The bbox may run past 180° for data across the antimeridian (io/read/data-extent.ts). The result carries
 * its `distanceError` measured over the bbox; where the closed-form TM's exceeds 0.1 %, the conformal map
 * with the smallest measured error is returned instead (fit-conformal.ts): docs/working-crs.md.
 */
export function fitWorkingCrs(bbox: readonly [number, number, number, number]): WorkingCrs {
  const [minLon, minLat, maxLon, maxLat] = bbox;
  if (![minLon, minLat, maxLon, maxLat].every(Number.isFinite)) {
    throw new OptionError("cannot fit a working CRS: the data has no finite coordinates");
  }
  // the box may run past 180° (data across the antimeridian, data-extent.ts): the centre is named in (-180, 180]
  const mid = round((minLon + maxLon) / 2, 4);
  const lon0 = mid > 180 ? round(mid - 360, 4) : mid;
  const lat0 = round((minLat + maxLat) / 2, 4);
  const cosLat = Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180);
  const halfWidthM = (((maxLon - minLon) / 2) * Math.PI * EARTH_RADIUS_M * cosLat) / 180;
  const k0 = round(1 / (1 + (halfWidthM * halfWidthM) / (4 * EARTH_RADIUS_M * EARTH_RADIUS_M)), 8);
  const definition = `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0} +k_0=${k0} +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs`;
  const tm = withDistanceError(makeCrs(definition, `Transverse Mercator fitted to the data (lon_0 ${lon0}, lat_0 ${lat0}, k_0 ${k0})`), bbox);
  if ((tm.distanceError?.bound ?? Infinity) <= DEFAULT_MAX_DISTANCE_ERROR) return tm;
  // too wide for the TM's closed-form k0: the conformal map (TM, oblique stereographic, Lambert conic) and
  // k0 with the smallest measured error over the box
  const best = bestConformalFit(bbox, lon0, lat0, (def, name) => withDistanceError(makeCrs(def, name), bbox));
  return (best.distanceError?.bound ?? Infinity) < (tm.distanceError?.bound ?? Infinity) ? best : tm;
}

/**
 * The CRS with its distance error measured over `bbox` ([west, south, east, north], degrees; east may pass
 * 180): the extremes of its point scale on a 41 × 41 grid (scale-error.ts), which bound the relative error
 * of every planar distance between points of the box.
 */
export function withDistanceError(crs: WorkingCrs, bbox: readonly [number, number, number, number]): WorkingCrs {
  const range = scaleRange(crs.forward, bbox);
  return { ...crs, distanceError: { ...range, bbox: [bbox[0], bbox[1], bbox[2], bbox[3]] } };
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

function makeCrs(definition: string, name: string): WorkingCrs & { forwardOfWhole: (box: [number, number, number, number] | undefined, points: number) => (xy: Float64Array) => Float64Array } {
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
  const exact = (lon: number, lat: number, out: Float64Array) => {
    out[0] = lon;
    out[1] = lat;
    apply(out, true);
  };
  const lon0 = centralMeridian(definition);
  const forward = (xy: Float64Array): Float64Array => {
    if (xy.length < 2 * FIT_MIN_POINTS) return apply(xy, true);
    // proj4 wraps lon − lon_0 itself; the fitted polynomial needs the array's longitudes continuous around
    // lon_0, or data across ±180° would give it a 360°-wide box
    if (lon0 !== undefined) unwrapLongitudes(xy, lon0);
    const box = lonLatBox(xy);
    const fit = box && fitProjection(exact, box);
    return fit ? fit.forward(xy) : apply(xy, true);
  };
  /** The forward of an array of `points` positions with lon/lat box `box` (after unwrapping), for any slice of it. */
  const forwardOfWhole = (box: [number, number, number, number] | undefined, points: number): ((xy: Float64Array) => Float64Array) => {
    if (points < FIT_MIN_POINTS) return (xy) => apply(xy, true);
    const fit = box && fitProjection(exact, box);
    return (xy) => {
      if (lon0 !== undefined) unwrapLongitudes(xy, lon0);
      return fit ? fit.forward(xy) : apply(xy, true);
    };
  };
  return { name, definition, forward, inverse: (xy) => apply(xy, false), forwardOfWhole };
}

/**
 * The projection `crs.forward` would apply to one array of `points` positions whose lon/lat box (longitudes
 * unwrapped around the CRS's lon_0, see {@link unwrappedLonLatBox}) is `box` — as a function that projects
 * any slice of that array in place, batch by batch, to the same bits: the polynomial is fitted once to the
 * whole array's box (at ≥ 50,000 points) and evaluated point by point (fitted-projection.ts), so a streamed
 * read projects exactly as the whole read does (test/pipeline/tiles/plan-bounded.test.ts).
 */
export function forwardOfWhole(definition: string, box: [number, number, number, number] | undefined, points: number): (xy: Float64Array) => Float64Array {
  return makeCrs(definition, definition).forwardOfWhole(box, points);
}

/**
 * What `forward` fits its polynomial to, from the raw lon/lat box of an array: the box itself when every
 * longitude lies within 180° of the CRS's lon_0 (unwrapping moves none), else undefined (the caller must
 * then find the box of the unwrapped longitudes itself). Undefined too when the box has no area, as forward's.
 */
export function unwrappedLonLatBox(definition: string, raw: readonly [number, number, number, number]): { box: [number, number, number, number] | undefined } | undefined {
  const lon0 = centralMeridian(definition);
  if (lon0 !== undefined && (raw[2] - lon0 > 180 || raw[0] - lon0 < -180)) return undefined;
  return { box: raw[0] < raw[2] && raw[1] < raw[3] ? [raw[0], raw[1], raw[2], raw[3]] : undefined };
}

/**
 * Arrays of at least this many points are projected by a polynomial fitted to proj4 over their own box
 * (fitted-projection.ts: error measured against proj4 on a dense grid and required ≤ 0.1 mm; ≈ 30 ns a
 * point instead of ≈ 0.4 µs), smaller ones by proj4 point by point. The fit costs ≈ 10⁴ proj4 calls, so
 * below this size it would not pay. Either way the same input gives the same output.
 */
const FIT_MIN_POINTS = 50_000;

/** Box [minLon, minLat, maxLon, maxLat] of the finite positions of an interleaved array; undefined if it has no area. */
function lonLatBox(xy: Float64Array): [number, number, number, number] | undefined {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < xy.length; i += 2) {
    const x = xy[i];
    const y = xy[i + 1];
    if (!(Math.abs(x) <= 360 && Math.abs(y) <= 90)) continue; // NaN too: the exact path reports it
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return minX < maxX && minY < maxY ? [minX, minY, maxX, maxY] : undefined;
}

/** lon_0 of a proj string (or a UTM zone's central meridian), degrees; undefined if it names none. */
function centralMeridian(definition: string): number | undefined {
  const lon = /\+lon_0=(-?[\d.]+)/.exec(definition);
  if (lon) return Number(lon[1]);
  const zone = /\+proj=utm\b.*\+zone=(\d+)/.exec(definition);
  return zone ? 6 * Number(zone[1]) - 183 : undefined;
}

/** Longitudes more than 180° from lon0 moved by ±360° in place (only those: the others keep their bits). */
function unwrapLongitudes(xy: Float64Array, lon0: number): void {
  for (let i = 0; i < xy.length; i += 2) {
    if (xy[i] - lon0 > 180) xy[i] -= 360;
    else if (xy[i] - lon0 < -180) xy[i] += 360;
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** The CRS of input coordinates, converted to WGS84 lon/lat degrees at the door. */
export interface InputCrs {
  /** "EPSG:32638 (WGS 84 / UTM zone 38N)" or the proj string. */
  readonly name: string;
  /** The proj string used. */
  readonly definition: string;
  /** True when the CRS is already geographic WGS84-compatible lon/lat (nothing to convert). */
  readonly isLonLat: boolean;
  /** True for any geographic (degree) CRS, WGS84 or not. */
  readonly isGeographic: boolean;
  /** (x, y) in the input CRS → [lon, lat]; undefined when proj4 cannot convert it (NaN/Infinity guarded). */
  toWgs84(x: number, y: number): [number, number] | undefined;
}

/** One EPSG entry of epsg-index (complete EPSG registry with proj4 strings, ISC). */
interface EpsgEntry {
  code: string;
  kind: string;
  name: string;
  proj4: string | null;
}

/**
 * Resolve an input CRS: "EPSG:NNNN" (or "urn:ogc:def:crs:EPSG::NNNN", "EPSG::NNNN", "NNNN") through
 * epsg-index, "CRS84" / "OGC:CRS84" as WGS84 lon/lat, or a proj string ("+proj=…"). Axis order is always
 * taken as x = easting/longitude, y = northing/latitude, as GeoJSON and GIS exports write them.
 * Throws an OptionError naming the CRS when it is unknown or proj4 cannot read it.
 */
export function inputCrs(spec: string): InputCrs {
  const s = spec.trim();
  if (/^(urn:ogc:def:crs:)?(OGC:(1\.3)?:?)?CRS84$/i.test(s)) return lonLatCrs("OGC:CRS84 (WGS 84 lon/lat)");
  const m = /^(?:urn:ogc:def:crs:)?(?:EPSG:{1,2}(?:[\d.]*:)?)?(\d{4,6})$/i.exec(s);
  let definition = s;
  let name = s;
  if (m) {
    const entry = epsgEntry(m[1]);
    if (!entry?.proj4) throw new OptionError(`unknown CRS "${spec}": EPSG:${m[1]} is not in the EPSG registry (epsg-index) with a proj4 definition`);
    definition = entry.proj4.replace(/\s*\+type=crs\b/, "");
    name = `EPSG:${entry.code} (${entry.name})`;
  } else if (WKT.test(s)) {
    // a Shapefile .prj or a GeoPackage srs definition: its own EPSG authority when it names one (the top
    // level's is the last one), else the WKT itself, which proj4 parses (ESRI and OGC flavours)
    const auth = /AUTHORITY\["EPSG",\s*"?(\d{4,6})"?\]\s*\]\s*$/i.exec(s) ?? /\bID\["EPSG",\s*(\d{4,6})\]\s*\]\s*$/i.exec(s);
    if (auth) return inputCrs(`EPSG:${auth[1]}`);
    name = /^\w+\["([^"]*)"/.exec(s)?.[1] ?? "WKT";
    if (/^GEOG(CS|CRS)\[/i.test(s) && /WGS[ _]?(19)?84/i.test(s)) return lonLatCrs(`${name} (WKT)`);
    name = `${name} (WKT)`;
  } else if (!s.includes("+proj=")) {
    throw new OptionError(`cannot read the CRS "${spec}": give "EPSG:NNNN" or a proj string "+proj=…"`);
  }
  if (/\+proj=(longlat|latlong|lonlat|latlon)\b/.test(definition)) {
    if (!/\+(datum|ellps)=/.test(definition) || /\+(datum|ellps)=WGS84\b/.test(definition) || /\+towgs84=0,0,0(,0,0,0,0)?\b/.test(definition)) return lonLatCrs(name);
  }
  let converter: Converter;
  try {
    converter = proj4(definition, "WGS84");
  } catch (e) {
    throw new OptionError(`proj4 cannot read the CRS "${spec}": ${(e as Error).message}`);
  }
  const toWgs84 = (x: number, y: number): [number, number] | undefined => {
    let q: number[];
    try {
      q = converter.forward([x, y]);
    } catch {
      return undefined;
    }
    return Number.isFinite(q[0]) && Number.isFinite(q[1]) && Math.abs(q[0]) <= 180 && Math.abs(q[1]) <= 90 ? [q[0], q[1]] : undefined;
  };
  return { name, definition, isLonLat: false, isGeographic: /\+proj=(longlat|latlong|lonlat|latlon)\b/.test(definition) || /^GEOG(CS|CRS)\[/i.test(definition), toWgs84 };
}

/** Well-known text of a CRS (WKT 1 or 2), as in a .prj file or gpkg_spatial_ref_sys. */
const WKT = /^(PROJCS|GEOGCS|PROJCRS|GEOGCRS|PROJECTEDCRS|GEOGRAPHICCRS)\[/i;

function lonLatCrs(name: string): InputCrs {
  return { name, definition: "+proj=longlat +datum=WGS84 +no_defs", isLonLat: true, isGeographic: true, toWgs84: (x, y) => [x, y] };
}

function epsgEntry(code: string): EpsgEntry | undefined {
  const require = createRequire(import.meta.url);
  try {
    return require(`epsg-index/s/${code}.json`) as EpsgEntry;
  } catch {
    return undefined;
  }
}

/** EPSG code of WGS 84 / UTM zone `zone` (1–60) in the northern (326zz) or southern (327zz) hemisphere. */
export function utmEpsg(zone: number, south: boolean): string {
  return `EPSG:${south ? 327 : 326}${String(zone).padStart(2, "0")}`;
}

/** UTM (WGS84) zone + hemisphere + easting/northing in metres → [lon, lat], or undefined if not convertible. */
export function utmToWgs84(zone: number, south: boolean, eastingM: number, northingM: number): [number, number] | undefined {
  return inputCrs(`+proj=utm +zone=${zone}${south ? " +south" : ""} +datum=WGS84 +units=m +no_defs`).toWgs84(eastingM, northingM);
}

/** [lon, lat] → UTM easting/northing in metres of the given zone (WGS84); used to make test inputs. */
export function wgs84ToUtm(lon: number, lat: number, zone: number, south: boolean): [number, number] {
  const q = proj4("WGS84", `+proj=utm +zone=${zone}${south ? " +south" : ""} +datum=WGS84 +units=m +no_defs`).forward([lon, lat]);
  return [q[0], q[1]];
}

/**
 * A Lambert azimuthal equal-area projection centred on (lon0, lat0), WGS84 ellipsoid: [lon, lat] →
 * [x, y] metres in which planar areas are true areas; used to report how much a polygon repair changed
 * an area. (+x_0/+y_0 must be given: proj4 2.22 returns NaN for laea without them.)
 */
export function equalAreaAt(lon0: number, lat0: number): (lon: number, lat: number) => [number, number] {
  const c = proj4("WGS84", `+proj=laea +lat_0=${lat0} +lon_0=${lon0} +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs`);
  return (lon, lat) => {
    const q = c.forward([lon, lat]);
    return [q[0], q[1]];
  };
}
