import { writeArrayBuffer } from "geotiff";
import { OptionError } from "../../core/errors.ts";
import type { Grid } from "../../core/grid.ts";
import type { WorkingCrs } from "../crs/crs.ts";
import { writeFileAtomic } from "./write-file.ts";

/**
 * GeoTIFF georeference (GeoKeys, OGC GeoTIFF 1.1) of the working CRS. Our working CRS is a proj string:
 * a fitted transverse Mercator (`+proj=tmerc … +ellps=WGS84`) is written as a user-defined projected
 * CRS (ProjectedCSTypeGeoKey = 32767) on the WGS 84 geographic CRS with ProjCoordTransGeoKey =
 * CT_TransverseMercator and its parameters (likewise the one-parallel Lambert conic and the oblique
 * stereographic fitted to wide areas, see `transform`); `+proj=utm +zone=Z [+south]` on WGS 84 as EPSG 326ZZ/327ZZ.
 * Anything else is refused with an OptionError rather than written without a CRS.
 */
export function geoKeysFor(crs: WorkingCrs): { keys: number[]; doubles: number[]; ascii: string } {
  const p = parseProj(crs.definition);
  const wgs84 = p.ellps === "WGS84" || p.datum === "WGS84";
  if (!wgs84) throw new OptionError(`GeoTIFF: only WGS 84 based working CRSs can be written, got "${crs.definition}"`);
  if (p.units !== undefined && p.units !== "m") throw new OptionError(`GeoTIFF: the working CRS must be in metres, got "${crs.definition}"`);
  const citation = `${crs.name}|`;
  // GeoKeyDirectory header: version 1, revision 1.0, number of keys (filled below)
  const keys: number[] = [1, 1, 0, 0];
  const doubles: number[] = [];
  const short = (id: number, v: number) => keys.push(id, 0, 1, v);
  const dbl = (id: number, v: number) => {
    keys.push(id, 34736, 1, doubles.length);
    doubles.push(v);
  };
  const asc = (id: number) => keys.push(id, 34737, citation.length, 0);
  short(1024, 1); // GTModelTypeGeoKey = ModelTypeProjected
  short(1025, 1); // GTRasterTypeGeoKey = RasterPixelIsArea
  asc(1026); // GTCitationGeoKey
  if (p.proj === "utm") {
    const zone = Number(p.zone);
    if (!Number.isInteger(zone) || zone < 1 || zone > 60) throw new OptionError(`GeoTIFF: bad UTM zone in "${crs.definition}"`);
    short(3072, ("south" in p ? 32700 : 32600) + zone); // ProjectedCSTypeGeoKey = EPSG code
  } else if (transform(p) !== undefined) {
    short(2048, 4326); // GeographicTypeGeoKey = WGS 84
    short(3072, 32767); // ProjectedCSTypeGeoKey = user-defined
    short(3074, 32767); // ProjectionGeoKey = user-defined
    short(3075, transform(p) as number); // ProjCoordTransGeoKey
    short(3076, 9001); // ProjLinearUnitsGeoKey = metre
    dbl(3080, num(p.lon_0, 0)); // ProjNatOriginLongGeoKey, degrees
    dbl(3081, num(p.lat_0, 0)); // ProjNatOriginLatGeoKey, degrees
    dbl(3082, num(p.x_0, 0)); // ProjFalseEastingGeoKey, metres
    dbl(3083, num(p.y_0, 0)); // ProjFalseNorthingGeoKey, metres
    dbl(3092, num(p.k_0 ?? p.k, 1)); // ProjScaleAtNatOriginGeoKey
  } else {
    throw new OptionError(`GeoTIFF: cannot georeference the working CRS "${crs.definition}" (transverse Mercator or UTM, or the one-parallel Lambert conic and oblique stereographic that minerisk fits to wide areas, on WGS 84 only)`);
  }
  // keys must be sorted by id (GeoTIFF spec 2.4)
  const entries: number[][] = [];
  for (let k = 4; k < keys.length; k += 4) entries.push(keys.slice(k, k + 4));
  entries.sort((a, b) => a[0] - b[0]);
  return { keys: [1, 1, 0, entries.length, ...entries.flat()], doubles, ascii: citation };
}

/**
 * ProjCoordTransGeoKey of a proj string whose parameters are all natural-origin ones (lon_0, lat_0, x_0,
 * y_0, k_0): CT_TransverseMercator (1); CT_LambertConfConic_1SP (9) for `lcc` with lat_1 = lat_2 = lat_0
 * (EPSG method 9801: its one standard parallel is the latitude of natural origin); CT_ObliqueStereographic
 * (16) for `sterea` (EPSG 9809). Undefined for anything else. The fitted CRSs of io/crs/fit-conformal.ts.
 */
function transform(p: Record<string, string>): number | undefined {
  if (p.proj === "tmerc" || p.proj === "etmerc") return 1;
  if (p.proj === "sterea") return 16;
  if (p.proj === "lcc" && p.lat_1 !== undefined && p.lat_1 === (p.lat_2 ?? p.lat_1) && p.lat_1 === p.lat_0) return 9;
  return undefined;
}

/**
 * A single-band Float64 GeoTIFF of the grid, north up: TIFF row 0 is the grid's northernmost row (our
 * grids keep row 0 southernmost, so rows are flipped). Pixel size = cellSizeM; the upper-left corner
 * is (minX, minY + nrows·cellSizeM) in the working CRS; NaN is "no data". Deterministic bytes (no
 * timestamps are written).
 */
export function geoTiffBytes(grid: Grid, crs: WorkingCrs): Uint8Array {
  const { ncols, nrows, cellSizeM, minX, minY } = grid;
  const flipped = new Float64Array(ncols * nrows);
  for (let r = 0; r < nrows; r++) flipped.set(grid.values.subarray(r * ncols, (r + 1) * ncols), (nrows - 1 - r) * ncols);
  const geo = geoKeysFor(crs);
  const meta = {
    width: ncols,
    height: nrows,
    ModelPixelScale: [cellSizeM, cellSizeM, 0],
    ModelTiepoint: [0, 0, 0, minX, minY + nrows * cellSizeM, 0],
    GeoKeyDirectory: geo.keys,
    GeoDoubleParams: geo.doubles.length > 0 ? geo.doubles : undefined,
    GeoAsciiParams: geo.ascii,
    ProjectedCSTypeGeoKey: 32767, // stops geotiff.js from adding its WGS 84 default; the directory above is written as given
    GDAL_NODATA: "nan",
  };
  if (meta.GeoDoubleParams === undefined) delete meta.GeoDoubleParams;
  return new Uint8Array(writeArrayBuffer(flipped, meta));
}

/** Write the grid as a GeoTIFF atomically; refuses to overwrite any path in `protect`. */
export function writeGeoTiff(path: string, grid: Grid, crs: WorkingCrs, protect: readonly string[] = []): void {
  writeFileAtomic(path, geoTiffBytes(grid, crs), protect);
}

function parseProj(def: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tok of def.trim().split(/\s+/)) {
    const m = /^\+([a-z_0-9]+)(?:=(.*))?$/i.exec(tok);
    if (m) out[m[1]] = m[2] ?? "";
  }
  return out;
}

function num(v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new OptionError(`GeoTIFF: cannot read the number "${v}" in the working CRS`);
  return n;
}
