import type { IssueCode } from "../../core/issue-codes.ts";
import { InputError, type InputIssue, OptionError } from "../../core/errors.ts";
import type { HazardSet } from "../../core/hazard-set.ts";
import { type CovariateLayer, lineCovariate, polygonCovariate } from "../../analyses/model/covariates.ts";
import { parseJson, readTextFile } from "../json/read-json.ts";
import { isObject, readCoordinates } from "../json/validate-geojson.ts";
import type { WorkingCrs } from "../crs/crs.ts";

/** `--covariate NAME=FILE` split into its name and file, or an OptionError saying the form. */
export function covariateFlag(value: string): { name: string; file: string } {
  const m = /^([^=]+)=(.+)$/.exec(value);
  if (!m || m[1].trim() === "") throw new OptionError(`--covariate must be NAME=FILE, e.g. --covariate frontline=front-line.geojson; got "${value}"`);
  return { name: m[1].trim(), file: m[2] };
}

const LINES = ["LineString", "MultiLineString"];
const POLYGONS = ["Polygon", "MultiPolygon"];

/**
 * Read a covariate layer: a GeoJSON FeatureCollection (WGS84 lon/lat, RFC 7946) of lines only or of polygons
 * only, projected into the run's working CRS. Lines give the distance to them, polygons whether a lixel is
 * inside and the distance to them (analyses/model/covariates.ts). A GeoTIFF is refused with an InputError
 * (raster covariates are not read yet), as is a mixed, empty or malformed layer, each issue with its record.
 */
export function readCovariate(name: string, file: string, crs: Pick<WorkingCrs, "forward">): CovariateLayer {
  if (/\.(tiff?|gtiff)$/i.test(file))
    throw new InputError([{ file, field: "file", code: "raster-covariate-unsupported", message: `covariate "${name}" is a GeoTIFF; raster covariates are not read yet: give a GeoJSON of lines or polygons (e.g. gdal_polygonize.py the raster's classes) instead` }]);
  const json = parseJson(readTextFile(file), file);
  const issues: InputIssue[] = [];
  const lines: Float64Array[] = [];
  const polygons: Float64Array[][][] = [];
  if (!isObject(json) || json.type !== "FeatureCollection" || !Array.isArray(json.features))
    throw new InputError([{ file, field: "type", code: "not-feature-collection", message: `covariate "${name}": expected a GeoJSON FeatureCollection` }]);
  json.features.forEach((f: unknown, index: number) => {
    const record = index + 1; // 1-based, as every intake issue (docs/intake.md, "Records by name")
    const g = isObject(f) && isObject(f.geometry) ? f.geometry : undefined;
    const type = g && typeof g.type === "string" ? g.type : undefined;
    const issue = (code: IssueCode, message: string) => issues.push({ file, record, field: "geometry", code, message: `covariate "${name}": ${message}` });
    if (!g || !type || ![...LINES, ...POLYGONS].includes(type)) return issue("wrong-geometry-type", `geometry ${type ?? "missing"} is not a line or polygon; remove the feature or give it a LineString/Polygon geometry`);
    const multi = type.startsWith("Multi");
    const raw = readCoordinates(g.coordinates, (LINES.includes(type) ? 2 : 3) + (multi ? 1 : 0), issue);
    if (raw === undefined) return;
    const flat = (raw as unknown[]).flat(3) as number[];
    for (let k = 0; k < flat.length; k += 2)
      if (Math.abs(flat[k]) > 180 || Math.abs(flat[k + 1]) > 90) return issue("out-of-range", `position [${flat[k]}, ${flat[k + 1]}] is not WGS84 lon/lat (RFC 7946); reproject the layer to EPSG:4326`);
    if (LINES.includes(type)) for (const line of (multi ? raw : [raw]) as number[][][]) lines.push(crs.forward(Float64Array.from(line.flat())));
    else for (const poly of (multi ? raw : [raw]) as number[][][][]) polygons.push([poly.map((ring) => crs.forward(Float64Array.from(ring.flat())))]);
  });
  if (issues.length === 0 && lines.length > 0 && polygons.length > 0)
    issues.push({ file, field: "geometry.type", code: "mixed-geometry-types", message: `covariate "${name}" mixes ${lines.length} lines and ${polygons.length} polygons; give lines and polygons as two covariates` });
  if (issues.length === 0 && lines.length === 0 && polygons.length === 0) issues.push({ file, field: "features", code: "empty-covariate", message: `covariate "${name}" has no features` });
  if (issues.length > 0) throw new InputError(issues);
  if (lines.length > 0) {
    const start = new Uint32Array(lines.length + 1);
    lines.forEach((l, k) => (start[k + 1] = start[k] + l.length / 2));
    const xy = new Float64Array(2 * start[lines.length]);
    lines.forEach((l, k) => xy.set(l, 2 * start[k]));
    return lineCovariate(name, { count: lines.length, xy, start });
  }
  return polygonCovariate(name, packPolygons(polygons));
}

function packPolygons(polygons: Float64Array[][][]): HazardSet {
  const bbox = new Float64Array(4 * polygons.length);
  polygons.forEach((p, h) => {
    const outer = p[0][0];
    let [a, b, c, d] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = 0; k < outer.length; k += 2) (a = Math.min(a, outer[k])), (b = Math.min(b, outer[k + 1])), (c = Math.max(c, outer[k])), (d = Math.max(d, outer[k + 1]));
    bbox.set([a, b, c, d], 4 * h);
  });
  return { count: polygons.length, polygons, status: new Uint8Array(polygons.length), bbox, ids: polygons.map((_, h) => `${h}`) };
}
