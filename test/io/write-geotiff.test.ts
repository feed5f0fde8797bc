/**
 * GeoTIFF output read back by GDAL (gdal-bin: gdalinfo, gdallocationinfo): size, pixel size, origin,
 * CRS parameters, no-data, and — end to end — the value GDAL finds at the WGS 84 position of every cell
 * centre, which only comes out right if GDAL's reading of our CRS matches proj4's.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OptionError } from "../../src/core/errors.ts";
import { fitWorkingCrs, workingCrsFromDefinition } from "../../src/io/crs/crs.ts";
import { geoTiffBytes, writeGeoTiff } from "../../src/io/write/write-geotiff.ts";

const hasGdal = spawnSync("gdalinfo", ["--version"]).status === 0;
const required = process.env.MINERISK_REQUIRE_GDAL === "1";
const dir = mkdtempSync(join(tmpdir(), "minerisk-tif-"));
const crs = fitWorkingCrs([46.5, 39.5, 47.2, 39.9]);
const grid = { minX: -12_000, minY: 3_000, cellSizeM: 500, ncols: 5, nrows: 4, values: Float64Array.from({ length: 20 }, (_, i) => (i === 7 ? Number.NaN : i * 1.5)) };

describe("writeGeoTiff", () => {
  it("gdalinfo is available when CI requires it", () => {
    expect(hasGdal || !required).toBe(true);
  });

  it("is deterministic and refuses to overwrite an input", () => {
    expect(Buffer.from(geoTiffBytes(grid, crs)).equals(Buffer.from(geoTiffBytes(grid, crs)))).toBe(true);
    const path = join(dir, "input.tif");
    expect(() => writeGeoTiff(path, grid, crs, [path])).toThrow(OptionError);
  });

  it("refuses a working CRS it cannot georeference instead of writing none", () => {
    expect(() => geoTiffBytes(grid, workingCrsFromDefinition("+proj=lcc +lat_1=39 +lat_2=41 +lon_0=47 +ellps=WGS84 +units=m"))).toThrow(/transverse Mercator or UTM/);
  });

  it.skipIf(!hasGdal)("gdalinfo: size, origin, pixel size, no-data and the transverse Mercator parameters", () => {
    const path = join(dir, "tm.tif");
    writeGeoTiff(path, grid, crs);
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", path], { encoding: "utf8" }));
    expect(info.size).toEqual([5, 4]);
    expect(info.geoTransform).toEqual([-12_000, 500, 0, 3_000 + 4 * 500, 0, -500]);
    expect(info.bands[0].type).toBe("Float64");
    expect(String(info.bands[0].noDataValue)).toBe("NaN");
    const wkt: string = info.coordinateSystem.wkt;
    expect(wkt).toContain('METHOD["Transverse Mercator"');
    expect(wkt).toContain('BASEGEOGCRS["WGS 84"');
    const def = Object.fromEntries(crs.definition.split(" ").map((t) => t.replace(/^\+/, "").split("=")));
    expect(wkt).toContain(`PARAMETER["Latitude of natural origin",${def.lat_0},`);
    expect(wkt).toContain(`PARAMETER["Longitude of natural origin",${def.lon_0},`);
    expect(wkt).toContain(`PARAMETER["Scale factor at natural origin",${def.k_0},`);
  });

  it.skipIf(!hasGdal)("gdallocationinfo finds each cell's value at the WGS 84 position of its centre (row 0 is south)", () => {
    const path = join(dir, "tm-values.tif");
    writeGeoTiff(path, grid, crs);
    const centres = new Float64Array(40);
    for (let r = 0; r < 4; r++) for (let c = 0; c < 5; c++) centres.set([-12_000 + (c + 0.5) * 500, 3_000 + (r + 0.5) * 500], 2 * (r * 5 + c));
    crs.inverse(centres);
    const input = Array.from({ length: 20 }, (_, k) => `${centres[2 * k].toFixed(9)} ${centres[2 * k + 1].toFixed(9)}`).join("\n");
    const out = execFileSync("gdallocationinfo", ["-valonly", "-wgs84", path], { input, encoding: "utf8" }).trim().split("\n");
    expect(out.map((v) => (v === "nan" ? Number.NaN : Number(v)))).toEqual(Array.from(grid.values));
  });

  // the conformal maps fitted to areas too wide for the TM (io/crs/fit-conformal.ts): GDAL's reading of the
  // keys, as a proj string (gdalsrsinfo), must project points of the area to within 1 mm of ours
  it.skipIf(!hasGdal).each([
    ["Lambert conic (20° × 6° at 45°)", [0, 42, 20, 48], /^\+proj=lcc/],
    ["oblique stereographic (14° square at the equator)", [13, -7, 27, 7], /^\+proj=sterea/],
  ] as const)("a fitted %s is written so that GDAL projects as we do", (_, box, family) => {
    const fitted = fitWorkingCrs(box);
    expect(fitted.definition).toMatch(family);
    const path = join(dir, "conformal.tif");
    writeFileSync(path, geoTiffBytes(grid, fitted));
    const gdalDef = execFileSync("gdalsrsinfo", ["-o", "proj4", path], { encoding: "utf8" }).trim().replace(/^'|'$/g, "");
    const theirs = workingCrsFromDefinition(gdalDef);
    const points = new Float64Array([box[0], box[1], box[2], box[3], (box[0] + box[2]) / 2, (box[1] + box[3]) / 2, box[0] + 1, box[3] - 1]);
    const ours = fitted.forward(points.slice());
    const gdal = theirs.forward(points.slice());
    for (let i = 0; i < ours.length; i++) expect(Math.abs(ours[i] - gdal[i]), `${gdalDef}`).toBeLessThan(1e-3);
  });

  it.skipIf(!hasGdal)("a UTM working CRS is written as its EPSG code", () => {
    const path = join(dir, "utm.tif");
    writeFileSync(path, geoTiffBytes(grid, workingCrsFromDefinition("+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs")));
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", path], { encoding: "utf8" }));
    expect(info.coordinateSystem.wkt).toContain('ID["EPSG",32638]');
  });
});
