/**
 * What a GIS user does first: open every layer `minerisk analyze` writes (GeoJSON and FlatGeobuf) in
 * GDAL — right feature count, WGS 84 — convert one to GeoPackage, and query the FlatGeobuf spatial
 * index. Also the formats the default run does not write (GeoJSON Text Sequences, CSV) through the
 * library. GDAL is a system package (apt-get install gdal-bin); CI sets MINERISK_REQUIRE_GDAL=1 so that
 * its absence fails instead of skipping.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { writeOutputs } from "../../src/pipeline/write-outputs.ts";

const hasOgr = spawnSync("ogrinfo", ["--version"]).status === 0 && spawnSync("ogr2ogr", ["--version"]).status === 0;
const required = process.env.MINERISK_REQUIRE_GDAL === "1";
const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const DATA = join(import.meta.dirname, "../../data/karabakh");
const ogrinfo = (...args: string[]) => execFileSync("ogrinfo", args, { encoding: "utf8" });

describe.skipIf(!hasOgr && !required)("GDAL opens every layer of the default run", () => {
  const out = mkdtempSync(join(tmpdir(), "minerisk-gdal-out-"));
  if (hasOgr) execFileSync(process.execPath, [CLI, "analyze", "--out", out, "--json"]);
  const count = (name: string) => JSON.parse(readFileSync(join(out, `${name}.geojson`), "utf8")).features.length as number;

  it("GDAL is available when CI requires it", () => {
    expect(hasOgr).toBe(true);
  });

  it("ogrinfo -al -so: every GeoJSON and FlatGeobuf layer with its feature count and EPSG:4326", () => {
    const layers = readdirSync(out).filter((f) => f.endsWith(".geojson") || f.endsWith(".fgb"));
    const names = [...new Set(layers.map((f) => f.replace(/\.(geojson|fgb)$/, "")))].sort();
    const context = ["area-held", "borders", "ceasefire-2020", "districts", "line-of-contact"].map((k) => `context-${k}`);
    expect(names).toEqual([...context, "density", "incidents", "lixels", "route", "worst-stretches"]);
    expect(layers).toHaveLength(20);
    for (const f of layers) {
      const info = ogrinfo("-al", "-so", join(out, f));
      const n = count(f.replace(/\.(geojson|fgb)$/, ""));
      expect(n, f).toBeGreaterThan(0);
      expect(info, f).toContain(`Feature Count: ${n}`);
      expect(info, f).toMatch(/GEOGCRS\["WGS 84"/);
      expect(info, f).toContain(`ID["EPSG",4326]`);
    }
  });

  it("FlatGeobuf layers keep the attribute types a GIS user filters on", () => {
    const info = ogrinfo("-al", "-so", join(out, "lixels.fgb"));
    expect(info).toMatch(/ratePerKmYear: Real/);
    expect(info).toMatch(/riskClass: String/);
    expect(info).toMatch(/lixel: Integer/);
  });

  it("a window query on the indexed FlatGeobuf returns what the GeoJSON returns", () => {
    const spat = ["-spat", "46.9", "39.6", "47.0", "39.7"];
    const ids = (file: string) => [...ogrinfo("-al", "-q", ...spat, join(out, file)).matchAll(/lixel \(Integer\) = (\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    const fromFgb = ids("lixels.fgb");
    expect(fromFgb.length).toBeGreaterThan(10);
    expect(fromFgb).toEqual(ids("lixels.geojson"));
  });

  it("ogr2ogr converts the lixels to GeoPackage", () => {
    const gpkg = join(out, "lixels.gpkg");
    execFileSync("ogr2ogr", ["-f", "GPKG", gpkg, join(out, "lixels.fgb")]);
    const info = ogrinfo("-al", "-so", gpkg);
    expect(info).toContain(`Feature Count: ${count("lixels")}`);
    expect(info).toContain(`ID["EPSG",4326]`);
  });

  it("GeoJSON Text Sequences and CSV tables open in GDAL too", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-gdal-seq-"));
    const result = analyze({ roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) });
    writeOutputs(result, dir, [], { formats: ["geojsonseq", "csv"], maps: false, report: false, geotiff: false });
    const seq = ogrinfo("-al", "-so", join(dir, "incidents.geojsons"));
    expect(seq).toContain("Feature Count: 28");
    expect(seq).toContain(`ID["EPSG",4326]`);
    const csv = ogrinfo("-al", "-so", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", join(dir, "incidents.csv"));
    expect(csv).toContain("Feature Count: 28");
  });

  it("route --out: the routes open in GDAL as layers and as GPX tracks, with the chainage waypoints", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-gdal-route-"));
    const j = JSON.parse(execFileSync(process.execPath, [CLI, "route", "--alternatives", "2", "--out", dir, "--chainage-km", "5", "--json"], { encoding: "utf8" }));
    for (const f of ["route.geojson", "route.fgb"]) {
      const info = ogrinfo("-al", "-so", join(dir, f));
      expect(info, f).toContain(`Feature Count: ${j.alternatives.length}`);
      expect(info, f).toContain(`ID["EPSG",4326]`);
    }
    const tracks = ogrinfo("-so", join(dir, "route.gpx"), "tracks");
    expect(tracks).toContain(`Feature Count: ${j.alternatives.length}`);
    const waypoints = ogrinfo("-so", join(dir, "route.gpx"), "waypoints");
    expect(waypoints).toContain(`Feature Count: ${Math.floor(j.alternatives[0].lengthM / 5000)}`);
  });
});

