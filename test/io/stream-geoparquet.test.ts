/**
 * Streamed GeoParquet input (io/formats/stream-geoparquet.ts through io/read/stream-layer.ts): row group by
 * row group, the same records and byte-identical intake reports as the whole-file read (readGeoParquet,
 * parquet-wasm + apache-arrow, an independent decoder) on the committed fixtures and on seeded messy layers
 * (synthetic, labelled below) written with row groups of 1, 2 and 7 rows; --bbox skips row groups by their
 * GeoParquet 1.1 covering statistics and keeps the records a filter of the whole read keeps; broken files
 * are refused naming the file (and the row group), never with a stack trace.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { Binary, DateDay, Float64, Int32, Int64, List, makeVector, Struct, Field, TimestampMillisecond, Table as ArrowTable, tableToIPC, Utf8, vectorFromArray, type Vector } from "apache-arrow";
import wkx from "wkx";
import { afterEach, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { seededRandom } from "../../src/core/random.ts";
import { loadVectorFormats } from "../../src/io/formats/vector-formats.ts";
import { meets } from "../../src/io/formats/read-flatgeobuf.ts";
import { readHazards } from "../../src/io/read/read-hazards.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoadsChecked } from "../../src/io/read/read-roads.ts";
import { streamsInput } from "../../src/io/read/stream-layer.ts";
import { geoParquetBytes } from "../../src/io/write/write-geoparquet.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";

const ROOT = join(import.meta.dirname, "../..");
const F = join(ROOT, "test/fixtures/io/formats");
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-spq-"));
const pq = createRequire(import.meta.url)("parquet-wasm/node") as typeof import("parquet-wasm/node");
const json = (x: unknown) => JSON.stringify(x);
afterEach(() => {
  delete process.env.MINERISK_MAX_INPUT_BYTES;
  delete process.env.MINERISK_STREAM_INPUT;
});

type Read = typeof readRoadsChecked;
/** The whole-file read (loaded ahead) and the streamed read of one file: records and report as JSON text. */
async function both(read: Read, file: string) {
  const loaded = await loadVectorFormats([file]);
  const whole = read([file], { loaded, strictness: "list", streamInput: false });
  const streamed = read([file], { strictness: "list", streamInput: true }); // no `loaded`: only the streamed path can read it
  return { whole, streamed, same: () => expect(json(streamed)).toBe(json(whole)) };
}

/** SYNTHETIC messy roads, seeded: lines, a point, a null and an unreadable geometry, a degenerate line, repeated ids, dates, big integers. */
type Geom = { type: string; coordinates: number[][] | number[] } | null | "bad";
function messyRoads(seed: number, n: number) {
  const rng = seededRandom(seed);
  const rows: { id: string; cls: string | null; lanes: number; big: bigint; day: number; geom: Geom }[] = [];
  for (let i = 0; i < n; i++) {
    const x = 46 + 2 * rng();
    const y = 39 + 2 * rng();
    const kind = Math.floor(rng() * 10);
    const line = { type: "LineString", coordinates: [[x, y], [x + 0.01 * rng(), y + 0.01 * rng()], [x + 0.02, y - 0.01]] };
    const geom: Geom = kind === 0 ? { type: "Point", coordinates: [x, y] } : kind === 1 ? null : kind === 2 ? "bad" : kind === 3 ? { type: "LineString", coordinates: [[x, y], [x, y]] } : kind === 4 ? { type: "LineString", coordinates: [[x, 95], [x + 1, y]] } : line;
    rows.push({ id: kind === 5 ? "dup" : `r${i}`, cls: rng() < 0.3 ? null : ["primary", "track", "Road", ""][Math.floor(rng() * 4)], lanes: Math.floor(rng() * 4), big: BigInt(i) * 3_000_000_000n, day: Math.floor(rng() * 20000), geom });
  }
  return rows;
}

/** Roads as GeoParquet 1.1 through parquet-wasm: row groups of `groupRows`, a covering `bbox` struct column when `covering`. */
function writeRoads(file: string, rows: ReturnType<typeof messyRoads>, groupRows: number, covering = false, compression = pq.Compression.ZSTD) {
  const wkb = rows.map((r) => (r.geom === null ? null : r.geom === "bad" ? new Uint8Array([1, 2, 0, 0, 0, 9]) : new Uint8Array(wkx.Geometry.parseGeoJSON(r.geom).toWkb())));
  const cols: Record<string, Vector> = {
    id: vectorFromArray(rows.map((r) => r.id), new Utf8()),
    class: vectorFromArray(rows.map((r) => r.cls), new Utf8()),
    lanes: vectorFromArray(rows.map((r) => r.lanes), new Int32()),
    big: vectorFromArray(rows.map((r) => r.big), new Int64()),
    day: vectorFromArray(rows.map((r) => r.day * 86400000), new DateDay()),
    geometry: vectorFromArray(wkb, new Binary()),
  };
  if (covering) {
    const box = rows.map((r) => (r.geom === null || r.geom === "bad" ? [NaN, NaN, NaN, NaN] : extent(r.geom.coordinates)));
    const f = (k: number) => makeVector(new Float64Array(box.map((b) => b[k])));
    const type = new Struct(["xmin", "ymin", "xmax", "ymax"].map((n) => new Field(n, new Float64())));
    cols.bbox = makeVector({ type, length: rows.length, nullCount: 0, children: [0, 1, 2, 3].map((k) => f(k).data[0]) });
  }
  const geo = { version: "1.1.0", primary_column: "geometry", columns: { geometry: { encoding: "WKB", geometry_types: [], ...(covering ? { covering: { bbox: { xmin: ["bbox", "xmin"], ymin: ["bbox", "ymin"], xmax: ["bbox", "xmax"], ymax: ["bbox", "ymax"] } } } : {}) } } };
  const props = new pq.WriterPropertiesBuilder().setCompression(compression).setMaxRowGroupSize(groupRows).setKeyValueMetadata(new Map([["geo", JSON.stringify(geo)]])).build();
  writeFileSync(file, pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(new ArrowTable(cols), "stream")), props));
}

function extent(c: unknown): number[] {
  const flat = JSON.stringify(c).match(/-?\d+(\.\d+)?(e-?\d+)?/g)!.map(Number);
  const xs = flat.filter((_, k) => k % 2 === 0);
  const ys = flat.filter((_, k) => k % 2 === 1);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

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

  it("hazards (not streamed by the intake) from a GeoParquet left to stream: the same areas and report; validate guesses the layer from the footer", async () => {
    const dir = tmp();
    const file = join(dir, "hazards.parquet");
    writeFileSync(file, geoParquetBytes((JSON.parse(readFileSync(join(F, "hazards-twin.geojson"), "utf8")) as { features: OutFeature[] }).features));
    const whole = readHazards([file], { loaded: await loadVectorFormats([file]), strictness: "list" });
    const marked = await loadVectorFormats([file], { streamed: () => true });
    expect(marked.get(file)?.stream).toEqual({ bbox: undefined });
    const streamed = readHazards([file], { loaded: marked, strictness: "list" });
    expect(whole.records.length).toBeGreaterThan(0);
    expect(json(streamed)).toBe(json(whole));
    const roads = join(F, "karabakh-roads-duckdb.parquet");
    const v = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "validate", "--json", "--stream-input", roads, file], { encoding: "utf8" });
    expect(v.status).toBe(0);
    expect((JSON.parse(v.stdout) as { files: { layer: string; read: number }[] }).files.map((f) => `${f.layer} ${f.read}`)).toEqual(["roads 3", `hazards ${whole.report.files[0].read}`]);
  });

  it("switches itself on past the byte budget (MINERISK_MAX_INPUT_BYTES) or MINERISK_STREAM_INPUT=1, never with 0", () => {
    const file = join(F, "karabakh-roads-duckdb.parquet");
    expect(streamsInput(file, {})).toBe(false);
    process.env.MINERISK_MAX_INPUT_BYTES = "1000";
    expect(streamsInput(file, {})).toBe(true);
    expect(readRoadsChecked([file], { strictness: "list" }).records.length).toBe(3); // read with no `loaded`: streamed
    process.env.MINERISK_STREAM_INPUT = "0";
    expect(streamsInput(file, {})).toBe(false);
    delete process.env.MINERISK_MAX_INPUT_BYTES;
    process.env.MINERISK_STREAM_INPUT = "1";
    expect(streamsInput(file, {})).toBe(true);
  });

  it("broken files: truncated, bad magic, no geo metadata, a corrupt page: file-unreadable naming the file (and row group), no stack trace", () => {
    const dir = tmp();
    const good = join(dir, "good.parquet");
    writeRoads(good, messyRoads(3, 20), 7);
    const bytes = readFileSync(good);
    const cases: [string, Uint8Array, RegExp][] = [
      ["truncated", bytes.subarray(0, bytes.length - 100), /does not end with the Parquet magic/],
      ["cut-head", Buffer.concat([bytes.subarray(0, 8), bytes.subarray(bytes.length - 4000)]), /./],
      ["magic", Buffer.concat([Buffer.from("PAR2"), bytes.subarray(4)]), /does not start with the Parquet magic/],
      ["tiny", Buffer.from("PAR1"), /fewer than a Parquet file's 12/],
    ];
    const corrupt = Buffer.from(bytes);
    corrupt.fill(0x55, 40, 400); // inside the first row group's column chunks
    cases.push(["corrupt", corrupt, /row group 1 \(rows 1-7\)/]);
    const plainPq = join(dir, "nogeo.parquet");
    writeFileSync(plainPq, pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(new ArrowTable({ id: vectorFromArray(["a"], new Utf8()) }), "stream"))));
    for (const [name, b, why] of cases) writeFileSync(join(dir, `${name}.parquet`), b);
    for (const [name, , why] of [...cases, ["nogeo", null, /no GeoParquet `geo` metadata/] as const]) {
      const file = join(dir, `${name}.parquet`);
      const got = readRoadsChecked([file], { strictness: "list", streamInput: true });
      const f = got.report.files[0];
      expect(f.file).toBe(file);
      expect(got.records).toEqual([]);
      expect(f.issues.map((i) => i.code)).toEqual(["file-unreadable"]);
      expect(f.issues[0].message).toMatch(why);
      expect(() => readRoadsChecked([file], { streamInput: true })).toThrow(InputError);
    }
    const v = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "validate", "--stream-input", "--layer", "roads", join(dir, "corrupt.parquet")], { encoding: "utf8" });
    expect(v.status).toBe(2);
    expect(v.stdout).toMatch(/corrupt\.parquet[\s\S]*cannot read the Parquet file in row group 1 \(rows 1-7\)/);
    expect(v.stdout + v.stderr).not.toMatch(/\n\s+at /);
  });
});
