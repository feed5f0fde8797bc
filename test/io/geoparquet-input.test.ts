/**
 * GeoParquet inputs (io/formats/read-geoparquet.ts) read like their GeoJSON sources, through the same intake:
 * files written by our own writer (io/write/write-geoparquet.ts) and by an outside tool, DuckDB v1.5.6
 * (test/fixtures/io/formats/*-duckdb.parquet, made by scripts/make-geoparquet-fixtures.mjs); bad files are
 * refused naming the file, a bad row is rejected by its 1-based record number.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import { DuckDBInstance } from "@duckdb/node-api";
import { Binary, tableToIPC, Table as ArrowTable, Utf8, vectorFromArray } from "apache-arrow";
import wkx from "wkx";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { loadVectorFormats } from "../../src/io/formats/vector-formats.ts";
import { readHazards } from "../../src/io/read/read-hazards.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoads, readRoadsChecked } from "../../src/io/read/read-roads.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { geoParquetBytes } from "../../src/io/write/write-geoparquet.ts";

const ROOT = join(import.meta.dirname, "../..");
const F = join(ROOT, "test/fixtures/io/formats");
const KARABAKH = join(ROOT, "data/karabakh");
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-gpq-"));
const features = (file: string) => (JSON.parse(readFileSync(file, "utf8")) as { features: OutFeature[] }).features;

/**
 * Records equal but for the file name: the intake's values, positions and 1-based record numbers exactly; the
 * raw properties without their null values and in key order, since a Parquet file has one schema for all
 * rows (a key some features lack is a null column there), as for FlatGeobuf in foreign-formats.test.ts.
 */
const plainProps = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null).sort(([a], [b]) => a.localeCompare(b)));
const strip = (rs: readonly { properties: Record<string, unknown> }[]) => rs.map((r) => JSON.stringify({ ...r, properties: plainProps(r.properties) }, (k, v) => (k === "file" ? undefined : v)));
/** Per-file accounting and issue codes by record number. */
const accounting = (i: { report: { files: { read: number; used: number; repaired: number; rejected: number; issues: { code: string; record?: number }[] }[] } }) =>
  i.report.files.map((f) => ({ read: f.read, used: f.used, repaired: f.repaired, rejected: f.rejected, issues: f.issues.map((x) => `${x.record}:${x.code}`) }));

describe("GeoParquet inputs", () => {
  it("written by minerisk's own writer: the same incidents and roads, accounting and record numbers as the GeoJSON", async () => {
    const dir = tmp();
    const inc = join(dir, "incidents.parquet");
    const roads = join(dir, "roads.parquet");
    writeFileSync(inc, geoParquetBytes(features(join(KARABAKH, "incidents.geojson"))));
    writeFileSync(roads, geoParquetBytes(features(join(KARABAKH, "roads.geojson"))));
    const loaded = await loadVectorFormats([inc, roads]);
    expect(loaded.get(inc)?.issues).toEqual([]);
    expect(loaded.get(inc)?.crs).toBeUndefined(); // no crs member: OGC:CRS84, WGS 84 lon/lat
    const got = readIncidents([inc], { loaded, strictness: "list" });
    const want = readIncidents([join(KARABAKH, "incidents.geojson")], { strictness: "list" });
    expect(got.records).toHaveLength(28);
    expect(strip(got.records)).toEqual(strip(want.records));
    expect(accounting(got)).toEqual(accounting(want));
    const r = readRoads([roads], { loaded, strictness: "list" });
    expect(r.records).toHaveLength(3);
    expect(strip(r.records)).toEqual(strip(readRoadsChecked([join(KARABAKH, "roads.geojson")], { strictness: "list" }).records));
  });

  it("hazard areas (polygons with holes, multipolygons) through our writer: same areas", async () => {
    const dir = tmp();
    const file = join(dir, "hazards.parquet");
    const src = join(F, "hazards-twin.geojson");
    writeFileSync(file, geoParquetBytes(features(src)));
    const loaded = await loadVectorFormats([file]);
    const got = readHazards([file], { loaded, strictness: "list" });
    const want = readHazards([src], { strictness: "list" });
    expect(got.records.length).toBe(want.records.length);
    expect(got.records.length).toBeGreaterThan(0);
    // the writer turns rings right-handed (RFC 7946): compare areas' ids and extents, not ring order
    const key = (rs: typeof got.records) => rs.map((h) => JSON.stringify([h.id, h.status, JSON.stringify(h).match(/-?\d+\.\d+/g)?.map(Number).sort((a, b) => a - b)]));
    expect(key(got.records)).toEqual(key(want.records));
    expect(accounting(got)).toEqual(accounting(want));
  });

  it("written by an outside tool (DuckDB v1.5.6, its own WKB and geo metadata): the same incidents and roads", async () => {
    const inc = join(F, "karabakh-incidents-duckdb.parquet");
    const roads = join(F, "karabakh-roads-duckdb.parquet");
    // the fixture really is DuckDB's GeoParquet 1.0.0
    expect(readFileSync(inc).includes(Buffer.from('"version":"1.0.0"'))).toBe(true);
    const loaded = await loadVectorFormats([inc, roads]);
    expect(loaded.get(inc)?.issues).toEqual([]);
    const got = readIncidents([inc], { loaded, strictness: "list" });
    const want = readIncidents([join(KARABAKH, "incidents.geojson")], { strictness: "list" });
    // DuckDB typed "date" as DATE: read back as the same ISO day, so the same dates, records and warnings
    expect(strip(got.records)).toEqual(strip(want.records));
    expect(accounting(got)).toEqual(accounting(want));
    expect(strip(readRoads([roads], { loaded, strictness: "list" }).records)).toEqual(strip(readRoadsChecked([join(KARABAKH, "roads.geojson")], { strictness: "list" }).records));
  });

  it("refuses a file that is not Parquet or has no geo metadata, naming the file; rejects a bad row by number", async () => {
    const dir = tmp();
    const junk = join(dir, "junk.parquet");
    writeFileSync(junk, "not parquet at all");
    const plain = join(dir, "plain.parquet");
    const rows = join(dir, "rows.parquet");
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    await c.run(`copy (select 1 as id, 46.1 as lon) to '${plain}' (format parquet)`);
    // row 2's geometry is a NULL: rejected as having no geometry, by record number 2; rows 1 and 3 used
    await c.run(`copy (select * from (values ('A', 'POINT (46.9 39.9)'::GEOMETRY), ('B', NULL), ('C', 'POINT (47.0 39.8)'::GEOMETRY)) t(id, geometry)) to '${rows}' (format parquet)`);
    c.closeSync();
    const loaded = await loadVectorFormats([junk, plain, rows]);
    expect(loaded.get(junk)?.issues.map((i) => `${i.severity} ${i.code}`)).toEqual(["error file-unreadable"]);
    expect(loaded.get(plain)?.issues.map((i) => i.message)).toEqual([expect.stringContaining("no GeoParquet `geo` metadata")]);
    for (const f of [junk, plain]) {
      const refused = readIncidents([f], { loaded, strictness: "list" });
      expect(refused.records).toEqual([]);
      expect(refused.report.files[0].file).toBe(f);
      expect(() => readIncidents([f], { loaded })).toThrow(InputError);
    }
    const mixed = readIncidents([rows], { loaded, strictness: "list" });
    const file = mixed.report.files[0];
    expect([file.read, file.used, file.rejected]).toEqual([3, 2, 1]);
    expect(file.used + file.repaired + file.rejected).toBe(file.read);
    expect(file.issues.filter((i) => i.severity === "error").map((i) => i.record)).toEqual([2]);
    // the CLI: exit 2 and a message naming the file, no stack trace
    const v = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "analyze", "--quiet", "--incidents", junk, "--out", dir], { encoding: "utf8" });
    expect(v.status).toBe(2);
    expect(v.stderr).toContain("junk.parquet");
    expect(v.stderr).not.toMatch(/\n\s+at /);
  });

  it("a projected layer: the CRS from the column's PROJJSON id (EPSG:32638) converts like the Shapefile's .prj; one without an EPSG id is refused", async () => {
    // the UTM 38N hazard areas of the Shapefile fixture (coordinates as stored), written as GeoParquet whose
    // `geo` metadata carries a PROJJSON crs with id EPSG:32638, as GDAL and GeoPandas write it
    const shp = join(F, "hazards-32638.shp");
    const utm = (await loadVectorFormats([shp])).get(shp)?.collection?.features as { properties: Record<string, unknown>; geometry: object }[];
    const p = createRequire(import.meta.url)("parquet-wasm/node") as typeof import("parquet-wasm/node");
    const write = (file: string, crs: unknown) => {
      const table = new ArrowTable({
        id: vectorFromArray(utm.map((f) => String(f.properties.id ?? "")), new Utf8()),
        status: vectorFromArray(utm.map((f) => String(f.properties.status)), new Utf8()),
        geometry: vectorFromArray(utm.map((f) => new Uint8Array(wkx.Geometry.parseGeoJSON(f.geometry).toWkb())), new Binary()),
      });
      const geo = { version: "1.1.0", primary_column: "geometry", columns: { geometry: { encoding: "WKB", geometry_types: [], crs } } };
      const props = new p.WriterPropertiesBuilder().setKeyValueMetadata(new Map([["geo", JSON.stringify(geo)]])).build();
      writeFileSync(file, p.writeParquet(p.Table.fromIPCStream(tableToIPC(table, "stream")), props));
    };
    const dir = tmp();
    const good = join(dir, "hazards-32638.parquet");
    const noId = join(dir, "hazards-noid.parquet");
    write(good, { type: "ProjectedCRS", name: "WGS 84 / UTM zone 38N", id: { authority: "EPSG", code: 32638 } });
    write(noId, { type: "ProjectedCRS", name: "a local grid" });
    const loaded = await loadVectorFormats([good, noId, shp]);
    expect(loaded.get(good)?.crs).toEqual({ spec: "EPSG:32638", from: "GeoParquet geo metadata (PROJJSON id)" });
    const got = readHazards([good], { loaded, strictness: "list" }).records;
    const want = readHazards([shp], { loaded, strictness: "list" }).records;
    expect(got.length).toBe(want.length);
    expect(got.length).toBeGreaterThan(0);
    const nums = (r: object) => JSON.stringify(r).match(/-?\d+\.\d+/g)?.map(Number) ?? [];
    for (let i = 0; i < got.length; i++) expect(nums(got[i])).toEqual(nums(want[i])); // the same proj4 conversion
    expect(nums(got[0]).every((v) => Math.abs(v) <= 180)).toBe(true); // degrees, not UTM metres
    expect(loaded.get(noId)?.issues.map((i) => `${i.severity} ${i.code}`)).toEqual(["error unknown-crs"]);
    expect(readHazards([noId], { loaded, strictness: "list" }).records).toEqual([]);
  });
});
