/**
 * Streamed GeoParquet input (io/formats/stream-geoparquet.ts through io/read/stream-layer.ts): row group by
 * row group, the same records and byte-identical intake reports as the whole-file read (readGeoParquet,
 * parquet-wasm + apache-arrow, an independent decoder) on the committed fixtures and on seeded messy layers
 * (SYNTHETIC, test/helpers/layers/parquet-layers.ts) written with row groups of 1, 2 and 7 rows and in every codec;
 * --bbox skips row groups by their GeoParquet 1.1 covering statistics or Parquet geospatial statistics and
 * keeps the records a filter of the whole read keeps. Broken files: stream-geoparquet-errors.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { Binary, Int64, List, Struct, Field, TimestampMillisecond, Table as ArrowTable, tableToIPC, Utf8, vectorFromArray, type Vector } from "apache-arrow";
import wkx from "wkx";
import { describe, expect, it } from "vitest";
import { loadVectorFormats } from "../../src/io/formats/vector-formats.ts";
import { meets } from "../../src/io/formats/read-flatgeobuf.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoadsChecked } from "../../src/io/read/read-roads.ts";
import { geoParquetBytes } from "../../src/io/write/write-geoparquet.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { both, extent, json, messyRoads, pq, type Read, writeRoads } from "../helpers/layers/parquet-layers.ts";

const ROOT = join(import.meta.dirname, "../..");
const F = join(ROOT, "test/fixtures/io/formats");
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-spq-"));

describe("streamed GeoParquet input", () => {
  it("the committed fixtures (DuckDB v1.5.6) and our writer's files: the same records and byte-identical reports", async () => {
    for (const file of ["karabakh-roads-duckdb.parquet"]) (await both(readRoadsChecked, join(F, file))).same();
    const inc = await both(readIncidents as unknown as Read, join(F, "karabakh-incidents-duckdb.parquet"));
    inc.same();
    expect(inc.streamed.records.length).toBe(28);
    const dir = tmp();
    const ours = join(dir, "incidents.parquet");
    writeFileSync(ours, geoParquetBytes((JSON.parse(readFileSync(join(ROOT, "data/karabakh/incidents.geojson"), "utf8")) as { features: OutFeature[] }).features));
    (await both(readIncidents as unknown as Read, ours)).same();
  });

  it.each([1, 2, 7])("seeded messy roads in row groups of %i rows: the same records, rejections and report", async (groupRows) => {
    const dir = tmp();
    const file = join(dir, `messy-${groupRows}.parquet`);
    const rows = messyRoads(22 + groupRows, 40);
    writeRoads(file, rows, groupRows, groupRows === 2);
    const got = await both(readRoadsChecked, file);
    got.same();
    const f = got.streamed.report.files[0];
    expect(f.read).toBe(40);
    expect(f.used + f.repaired + f.rejected).toBe(f.read);
    // every point, null, unreadable-WKB and degenerate row is rejected, by its 1-based file row
    const bad = rows.flatMap((r, i) => (r.geom === null || r.geom === "bad" || r.geom.type === "Point" || (r.geom.coordinates as number[][])[1][0] === (r.geom.coordinates as number[][])[0][0] ? [i + 1] : []));
    const rejected = new Set(f.issues.filter((i) => i.action === "rejected").map((i) => i.record));
    expect(bad.length).toBeGreaterThan(3);
    for (const r of bad) expect(rejected.has(r)).toBe(true);
    expect(got.streamed.records.map((r) => r.record)).toEqual(got.whole.records.map((r) => r.record));
    expect(got.streamed.records.length).toBeGreaterThan(15);
  });

  it.each(["UNCOMPRESSED", "SNAPPY", "GZIP", "BROTLI", "LZ4_RAW"] as const)("pages compressed %s (GDAL writes Snappy by default): the same records and report", async (codec) => {
    const file = join(tmp(), `${codec}.parquet`);
    writeRoads(file, messyRoads(5, 30), 4, false, pq.Compression[codec]);
    const got = await both(readRoadsChecked, file);
    got.same();
    expect(got.streamed.records.length).toBeGreaterThan(10);
  });

  it("nested columns (a struct with a 64-bit integer, a list of them, a timestamp): the same values as the whole read", async () => {
    const file = join(tmp(), "nested.parquet");
    const n = 9;
    const ids = Array.from({ length: n }, (_, i) => BigInt(i) * 5_000_000_000n);
    const cols: Record<string, Vector> = {
      info: vectorFromArray(ids.map((b, i) => (i === 4 ? null : { big: b, name: `n${i}` })), new Struct([new Field("big", new Int64()), new Field("name", new Utf8())])),
      tags: vectorFromArray(ids.map((b, i) => (i === 2 ? null : [b, BigInt(i)])), new List(new Field("item", new Int64()))),
      at: vectorFromArray(ids.map((_, i) => 1_600_000_000_000 + i * 86_399_123), new TimestampMillisecond()),
      geometry: vectorFromArray(ids.map((_, i) => new Uint8Array(wkx.Geometry.parseGeoJSON({ type: "Point", coordinates: [46 + i / 10, 39.5] }).toWkb())), new Binary()),
    };
    const geo = { version: "1.1.0", primary_column: "geometry", columns: { geometry: { encoding: "WKB", geometry_types: ["Point"] } } };
    const props = new pq.WriterPropertiesBuilder().setMaxRowGroupSize(2).setKeyValueMetadata(new Map([["geo", JSON.stringify(geo)]])).build();
    writeFileSync(file, pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(new ArrowTable(cols), "stream")), props));
    const got = await both(readIncidents as unknown as Read, file);
    got.same();
    expect(got.streamed.records).toHaveLength(n);
    expect(got.streamed.records[1].properties).toMatchObject({ info: { big: 5e9, name: "n1" }, tags: [5e9, 1] });
  });

  it("--bbox: row groups outside the box skipped by their covering statistics; the records a filter of the whole read keeps, by file row", async () => {
    const dir = tmp();
    const file = join(dir, "boxed.parquet");
    // SYNTHETIC: rows sorted west to east so row groups of 4 rows cover narrow strips
    const rows = messyRoads(7, 60).sort((a, b) => (a.geom && a.geom !== "bad" ? extent(a.geom.coordinates)[0] : 0) - (b.geom && b.geom !== "bad" ? extent(b.geom.coordinates)[0] : 0));
    writeRoads(file, rows, 4, true);
    const box = [46.5, 39.2, 47.2, 40.6] as const;
    const loaded = await loadVectorFormats([file], { bbox: box });
    const boxed = readRoadsChecked([file], { loaded, strictness: "list" });
    const whole = readRoadsChecked([file], { loaded: await loadVectorFormats([file]), strictness: "list" });
    const keep = whole.records.filter((r) => meets({ geometry: { coordinates: r.parts } }, box));
    expect(boxed.records.length).toBeGreaterThan(3);
    expect(boxed.records.length).toBeLessThan(whole.records.length);
    expect(json(boxed.records)).toBe(json(keep)); // same records, same file-row record numbers and default ids
    const note = boxed.report.files[0].issues.find((i) => i.code === "bbox-filtered")!.message;
    const skipped = Number(/; (\d+) of its 15 row groups were skipped/.exec(note)?.[1]);
    expect(skipped).toBeGreaterThan(5);
  });

  it("--bbox on DuckDB's native GEOMETRY column: row groups skipped by its Parquet geospatial statistics alone (no covering column)", async () => {
    const file = join(tmp(), "duck-geom.parquet");
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    // SYNTHETIC: 10,000 short lines marching east, 2,048-row groups; DuckDB's geo key replaced by one without covering
    const geo = JSON.stringify({ version: "1.1.0", primary_column: "geometry", columns: { geometry: { encoding: "WKB", geometry_types: ["LineString"] } } });
    await c.run(`copy (select 'r' || i as id, ('LINESTRING (' || (46 + i / 10000.0) || ' 39.5, ' || (46.0005 + i / 10000.0) || ' 39.6)')::GEOMETRY as geometry from range(10000) t(i)) to '${file}' (format parquet, row_group_size 2048, geoparquet_version 'NONE', kv_metadata {geo: '${geo}'})`);
    c.closeSync();
    const box = [46.45, 39, 46.5, 40] as const;
    const boxed = readRoadsChecked([file], { loaded: await loadVectorFormats([file], { bbox: box }), strictness: "list" });
    const whole = readRoadsChecked([file], { loaded: await loadVectorFormats([file]), strictness: "list" });
    expect(whole.records.length).toBe(10000);
    expect(json(boxed.records)).toBe(json(whole.records.filter((r) => meets({ geometry: { coordinates: r.parts } }, box))));
    expect(boxed.records.length).toBe(506); // rows 4495-5000: x from 46.4495 (its east end 46.45) to 46.5
    expect(boxed.report.files[0].issues[0].message).toMatch(/; [3-9] of its \d+ row groups were skipped/);
  });

});
