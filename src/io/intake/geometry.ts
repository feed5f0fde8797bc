import { OptionError } from "../../core/errors.ts";
import { type InputCrs, inputCrs } from "../crs/crs.ts";
import type { DeclaredCrs } from "../formats/loaded-layer.ts";
import { nestingDepth, readCoordinates, type ScannedFeature } from "../json/validate-geojson.ts";
import type { Positioned } from "./positions.ts";
import type { Tally } from "./tally.ts";
import type { IntakeOptions } from "./types.ts";

const FIELD = "geometry.coordinates";

/**
 * Read a feature's coordinates at the depth its geometry type needs, repairing one level of wrong
 * nesting: an extra single-element wrapper (`coordinates-too-deep`) or a Polygon/MultiPolygon one level
 * too shallow (`coordinates-too-shallow`, a bare ring). Empty coordinates are `empty-geometry`.
 * Returns undefined (and the record is rejected) when the coordinates cannot be read.
 */
export function featureCoordinates(f: ScannedFeature, depth: number, tally: Tally): unknown {
  let c = f.geometry.coordinates;
  if (Array.isArray(c) && c.length === 0) {
    tally.error(f.record, FIELD, "empty-geometry", `the ${f.geometry.type} has no coordinates; give it some or remove the feature`);
    return undefined;
  }
  const d = nestingDepth(c);
  if (d === depth + 1 && Array.isArray(c) && c.length === 1) {
    tally.error(f.record, FIELD, "coordinates-too-deep", `${f.geometry.type} coordinates are nested one level too deep (an extra [ ] around them); lenient mode removes it`, "repaired");
    c = c[0];
  } else if (d === depth - 1 && depth >= 3) {
    tally.error(f.record, FIELD, "coordinates-too-shallow", `${f.geometry.type} coordinates are one level too shallow (a bare ring where a list of rings belongs); lenient mode wraps them`, "repaired");
    c = [c];
  }
  return readCoordinates(c, depth, (code, message) => tally.error(f.record, FIELD, code, message));
}

/** Every position array of nested coordinates (the arrays themselves, so repairs change them in place). */
export function positionsOf(nested: unknown, depth: number): number[][] {
  if (depth === 1) return [nested as number[]];
  return (nested as unknown[]).flatMap((c) => positionsOf(c, depth - 1));
}

/** A Positioned item for the layer-wide checks. */
export function positioned(tally: Tally, record: number, positions: number[][], names?: string[]): Positioned {
  return { tally, record, field: FIELD, positions, names };
}

/**
 * The CRS a file's coordinates are in: the --crs option, else a legacy `crs` member, else WGS84. The legacy
 * member is reported (warning); an unknown one is a file-level error. Returns undefined for WGS84 lon/lat.
 */
export function fileCrs(tally: Tally, legacy: string | undefined, options: IntakeOptions, declared?: DeclaredCrs): InputCrs | undefined {
  if (options.crs !== undefined) {
    const crs = inputCrs(options.crs); // OptionError for a bad flag: a flag mistake, not a data problem
    if (declared !== undefined) tally.warn(undefined, "crs", "crs-overridden", `the file's ${declared.from} declares its CRS; the --crs given (${crs.name}) is used instead`);
    if (legacy !== undefined) tally.warn(undefined, "crs", "legacy-crs", `the file declares a legacy crs member ${JSON.stringify(legacy)}; the --crs given (${crs.name}) is used instead`);
    return crs.isLonLat ? undefined : crs;
  }
  if (declared !== undefined) {
    // a Shapefile .prj or a GeoPackage srs: the format's own, normal way to state a CRS (no warning)
    try {
      const crs = inputCrs(declared.spec);
      return crs.isLonLat ? undefined : crs;
    } catch (e) {
      if (!(e instanceof OptionError)) throw e;
      tally.error(undefined, "crs", "unknown-crs", `the CRS of the file's ${declared.from} cannot be read (${e.message}); give the input CRS with --crs EPSG:NNNN`);
      return undefined;
    }
  }
  if (legacy === undefined) return undefined;
  try {
    const crs = inputCrs(legacy);
    tally.warn(undefined, "crs", "legacy-crs", `the file declares the obsolete GeoJSON 2008 crs member ${JSON.stringify(legacy)} (RFC 7946 GeoJSON is always WGS84 lon/lat)${crs.isLonLat ? "; it is lon/lat already" : `; coordinates are converted from ${crs.name}`}`);
    return crs.isLonLat ? undefined : crs;
  } catch (e) {
    if (!(e instanceof OptionError)) throw e;
    tally.error(undefined, "crs", "unknown-crs", `the file's crs member ${JSON.stringify(legacy)} cannot be read (${e.message}); give the input CRS as EPSG:NNNN`);
    return undefined;
  }
}

/**
 * Convert one file's positions to WGS84 in place; a record with a position proj4 cannot convert is
 * rejected. A projected CRS is not applied to a file whose every value lies within degree ranges (±180,
 * ±90): such a file is WGS84 already (the CRS option applies to every input file of a run, e.g. UTM
 * incidents with WGS84 roads), and a note says so; no real projected data set fits in ±180 m of its origin.
 */
export function convertPositions(items: readonly Positioned[], crs: InputCrs): Positioned[] {
  const degrees = items.length > 0 && items.every((it) => it.positions.every(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 90));
  if (degrees && !crs.isGeographic) {
    items[0].tally.warn(undefined, "crs", "crs-not-applied", `every coordinate is within WGS84 degree ranges, so the file is read as WGS84 lon/lat and ${crs.name} is not applied to it`);
    return [...items];
  }
  return items.filter((it) => {
    const out = it.positions.map(([x, y]) => crs.toWgs84(x, y));
    const bad = out.findIndex((q) => q === undefined);
    if (bad >= 0) {
      const [x, y] = it.positions[bad];
      it.tally.error(it.record, it.field, "projection-failed", `position [${x}, ${y}] cannot be converted from ${crs.name} to WGS84 lon/lat; check the CRS`);
      return false;
    }
    it.positions.forEach((p, k) => {
      p[0] = out[k]![0];
      p[1] = out[k]![1];
    });
    return true;
  });
}
