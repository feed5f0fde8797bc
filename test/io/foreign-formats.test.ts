import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { loadVectorFormats } from "../../src/io/formats/vector-formats.ts";
import { encodingOf } from "../../src/io/formats/read-shapefile.ts";
import { readHazards } from "../../src/io/read/read-hazards.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoads, readRoadsChecked } from "../../src/io/read/read-roads.ts";
import { loadMapping } from "../../src/io/mapping/load-mapping.ts";
import { flatGeobufBytes } from "../../src/io/write/write-flatgeobuf.ts";
import { writeGeoJsonSeq } from "../../src/io/write/write-geojsonseq.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";

// Fixtures and their GeoJSON twins: scripts/make-format-fixtures.sh (GDAL 3.6.2 ogr2ogr), from real data.
const F = join(import.meta.dirname, "../fixtures/io/formats");
const ROOT = join(import.meta.dirname, "../..");
const near = (a: number, b: number) => Math.abs(a - b) < 2e-7; // ≈ 2 cm: proj4 against GDAL's PROJ
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-formats-"));

/** Records equal but for the file name and positions within 2e-7°. */
function sameRecords(got: object[], twin: object[]) {
  expect(got.length).toBe(twin.length);
  const strip = (r: object) => JSON.stringify(r, (k, v) => (k === "file" ? undefined : typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v));
  const coords = (r: object) => JSON.stringify(r).match(/-?\d+\.\d+/g)?.map(Number) ?? [];
  for (let i = 0; i < got.length; i++) {
    const a = coords(got[i]);
    const b = coords(twin[i]);
    expect(a.length).toBe(b.length);
    expect(a.every((v, k) => near(v, b[k]))).toBe(true);
    expect(strip(got[i]).replace(/-?\d+\.\d+/g, "#")).toBe(strip(twin[i]).replace(/-?\d+\.\d+/g, "#"));
  }
}

describe("Shapefile and GeoPackage inputs read like their GeoJSON twins", () => {
  it("a zipped Shapefile in Colombia's national CRS (EPSG:9377) with Windows-1252 text: same 44 incidents", async () => {
    const zip = join(F, "colombia-incidents-9377.zip");
    const loaded = await loadVectorFormats([zip]);
    expect(loaded.get(zip)?.encoding).toBe("windows-1252");
    // Shapefile field names stop at 10 characters: the AICMA mapping's TIPO_EVENTO is TIPO_EVENT there
    const json = readFileSync(join(ROOT, "data/mappings/colombia-aicma.json"), "utf8").replaceAll('"TIPO_EVENTO"', '"TIPO_EVENT"');
    const mappingFile = join(tmp(), "aicma-shp.json");
    writeFileSync(mappingFile, json);
    const mapping = loadMapping(mappingFile);
    const shp = readIncidents([zip], { loaded, mapping, strictness: "list" });
    const twin = readIncidents([join(F, "colombia-incidents-twin.geojson")], { mapping, strictness: "list" });
    sameRecords(shp.records, twin.records);
    const names = shp.records.map((r) => r.properties.MUNICIPIO);
    for (const accented of ["MONTAÑITA", "PUERTO GUZMÁN", "TIBÚ"]) expect(names).toContain(accented); // decoded as the .cpg says
    expect(shp.records[0].properties).toHaveProperty("AÑO");
    const counts = (r: typeof shp) => r.report.files.map((f) => [f.read, f.used, f.repaired, f.rejected, f.issues.map((i) => i.code).sort().join()]);
    expect(counts(shp)).toEqual(counts(twin));
  });

  it("a GeoPackage of roads in UTM 38N: same 3 roads, CRS from gpkg_spatial_ref_sys", async () => {
    const gpkg = join(F, "karabakh-roads-32638.gpkg");
    const loaded = await loadVectorFormats([gpkg]);
    expect(loaded.get(gpkg)?.crs).toEqual({ spec: "EPSG:32638", from: "gpkg_spatial_ref_sys (srs_id 32638)" });
    const got = readRoads([gpkg], { loaded, strictness: "list" });
    expect(got.report.files[0].issues).toEqual([]);
    // the twin through the full intake too (the fast scanner packs positions differently)
    sameRecords(got.records, readRoadsChecked([join(F, "karabakh-roads-twin.geojson")], { strictness: "list" }).records);
  });

  it("a plain Shapefile of hazard areas in UTM 38N, CRS from its ESRI .prj: same 5 areas", async () => {
    const shp = join(F, "hazards-32638.shp");
    const loaded = await loadVectorFormats([shp]);
    const got = readHazards([shp], { loaded, strictness: "list" });
    sameRecords(got.records, readHazards([join(F, "hazards-twin.geojson")], { strictness: "list" }).records);
  });

  it("says what is missing or wrong: no .prj, no .cpg, an unknown .cpg, two Shapefiles in one zip, no .shp", async () => {
    const dir = tmp();
    for (const ext of ["shp", "shx", "dbf"]) copyFileSync(join(F, `hazards-32638.${ext}`), join(dir, `h.${ext}`));
    let loaded = await loadVectorFormats([join(dir, "h.shp")]);
    const codes = (f: string) => loaded.get(f)?.issues.map((i) => `${i.severity} ${i.code}: ${i.message.slice(0, 30)}`);
    expect(codes(join(dir, "h.shp"))).toEqual(["warning missing-sidecar: no .cpg beside the .shp: text ", "warning missing-sidecar: no .prj beside the .shp: coord"]);
    // without its .prj the UTM metres are out of WGS84 range: rejected, with a zone guess (positions.ts)
    const r = readHazards([join(dir, "h.shp")], { loaded, strictness: "list" });
    expect(r.report.files[0].issues.filter((i) => i.code === "out-of-range")).toHaveLength(5);
    writeFileSync(join(dir, "h.cpg"), "KLINGON-7");
    loaded = await loadVectorFormats([join(dir, "h.shp")]);
    expect(codes(join(dir, "h.shp"))?.[0]).toContain("error unknown-encoding: the .cpg names the enc");
    const two = join(dir, "two.zip");
    const part = (ext: string) => readFileSync(join(F, `hazards-32638.${ext}`));
    writeFileSync(two, zipSync({ "a.shp": part("shp"), "a.dbf": part("dbf"), "b.shp": part("shp"), "b.dbf": part("dbf") }));
    const none = join(dir, "none.zip");
    writeFileSync(none, zipSync({ "readme.txt": new TextEncoder().encode("no layer here") }));
    loaded = await loadVectorFormats([two, none]);
    expect(codes(two)).toEqual(["error several-layers: the zip holds 2 Shapefiles (a."]);
    expect(codes(none)).toEqual(["error missing-sidecar: no .shp found: a Shapefile nee"]);
    // the intake refuses a file that failed to load, naming why, and reads nothing from it
    const refused = readHazards([two], { loaded, strictness: "list" });
    expect(refused.records).toEqual([]);
    expect(refused.report.files[0].issues.map((i) => i.code)).toEqual(["several-layers"]);
  });

  it("FlatGeobuf and GeoJSON Text Sequences (what minerisk itself writes) read back as the same incidents", async () => {
    const src = join(ROOT, "data/karabakh/incidents.geojson");
    const fc = JSON.parse(readFileSync(src, "utf8")) as { features: OutFeature[] };
    const dir = tmp();
    const fgb = join(dir, "incidents.fgb");
    const seq = join(dir, "incidents.geojsons");
    writeFileSync(fgb, flatGeobufBytes(fc.features, { name: "incidents" }));
    writeGeoJsonSeq(seq, fc.features);
    const loaded = await loadVectorFormats([fgb, seq]);
    expect(loaded.get(fgb)?.crs).toEqual({ spec: "EPSG:4326", from: "FlatGeobuf header" });
    const want = readIncidents([src], { strictness: "list" }).records;
    sameRecords(readIncidents([seq], { loaded, strictness: "list" }).records, want);
    // a FlatGeobuf with a spatial index stores its features in index (Hilbert) order: same records, by id
    // and its columns are one schema for the layer, in first-seen order, holding no null: the raw properties
    // come back in the schema's key order and without their null values, nothing else changed
    const plain = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null).sort(([a], [b]) => a.localeCompare(b)));
    const byId = (rs: readonly { id: string; properties: Record<string, unknown> }[]) => [...rs].sort((a, b) => a.id.localeCompare(b.id)).map((r) => ({ ...r, record: 0, properties: plain(r.properties) }));
    sameRecords(byId(readIncidents([fgb], { loaded, strictness: "list" }).records), byId(want));
    // a broken record of a sequence is rejected by number, the rest used
    writeFileSync(seq, `${readFileSync(seq, "utf8")}\u001e{"type": "Feature", broken\n`);
    const again = await loadVectorFormats([seq]);
    const r = readIncidents([seq], { loaded: again, strictness: "list" });
    expect(r.report.files[0].read).toBe(29);
    expect(r.report.files[0].rejected).toBe(1);
    expect(r.report.files[0].issues.map((i) => i.code)).toContain("invalid-json");
  });

  it("maps .cpg contents to encodings", () => {
    expect(["UTF-8", "65001", "1252", "CP1252", "ANSI 1251", "88591", "ISO-8859-15", "cp866"].map(encodingOf)).toEqual(["utf-8", "utf-8", "windows-1252", "windows-1252", "windows-1251", "windows-1252", "iso-8859-15", "ibm866"]);
    expect(encodingOf("KLINGON-7")).toBeUndefined();
  });

  it("the CLI takes them on every command: validate and analyze on a GeoPackage and a Shapefile", () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args], { encoding: "utf8" });
    const v = cli("validate", "--json", "--lenient", join(F, "karabakh-roads-32638.gpkg"), join(F, "hazards-32638.shp"));
    expect(v.status).toBe(0);
    const files = JSON.parse(v.stdout).files;
    expect(files.map((f: { layer: string; used: number }) => [f.layer, f.used])).toEqual([["roads", 3], ["hazards", 5]]);
    const out = tmp();
    const a = cli("analyze", "--quiet", "--json", "--roads", join(F, "karabakh-roads-32638.gpkg"), "--incidents", join(ROOT, "data/karabakh/incidents.geojson"), "--out", out, "--from", "Shusha", "--to", "Fuzuli", "--places", join(ROOT, "data/karabakh/places.geojson"));
    expect(a.stderr).toBe("");
    expect(a.status).toBe(0);
    const s = JSON.parse(a.stdout);
    // the shipped study area's default run adds its Line of Contact covariate; explicit roads get none
    const def = JSON.parse(cli("analyze", "--quiet", "--json", "--no-covariates", "--out", tmp()).stdout);
    // the same roads through GeoPackage and UTM give the same network to the centimetre and the same rates
    expect(s.inputs.roadKm ?? s.network?.km ?? s.route.lengthKm).toBeCloseTo(def.inputs.roadKm ?? def.network?.km ?? def.route.lengthKm, 2);
    expect(s.route.expectedIncidentsPerYear).toBeCloseTo(def.route.expectedIncidentsPerYear, 4);
  });
});
