/**
 * Shared by the streamed GeoParquet tests: the whole-file read against the streamed read of one file, and
 * SYNTHETIC seeded messy road layers written as GeoParquet 1.1 through parquet-wasm (row groups of any size,
 * any codec, an optional covering `bbox` struct column).
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Binary, DateDay, Float64, Int32, Int64, makeVector, Struct, Field, Table as ArrowTable, tableToIPC, Utf8, vectorFromArray, type Vector } from "apache-arrow";
import wkx from "wkx";
import { expect } from "vitest";
import { seededRandom } from "../../../src/core/random.ts";
import { loadVectorFormats } from "../../../src/io/formats/vector-formats.ts";
import type { readRoadsChecked } from "../../../src/io/read/read-roads.ts";

export const pq = createRequire(import.meta.url)("parquet-wasm/node") as typeof import("parquet-wasm/node");
export const json = (x: unknown) => JSON.stringify(x);

export type Read = typeof readRoadsChecked;
/** The whole-file read (loaded ahead) and the streamed read of one file: records and report as JSON text. */
export async function both(read: Read, file: string) {
  const loaded = await loadVectorFormats([file]);
  const whole = read([file], { loaded, strictness: "list", streamInput: false });
  const streamed = read([file], { strictness: "list", streamInput: true }); // no `loaded`: only the streamed path can read it
  return { whole, streamed, same: () => expect(json(streamed)).toBe(json(whole)) };
}

/** SYNTHETIC messy roads, seeded: lines, a point, a null and an unreadable geometry, a degenerate line, repeated ids, dates, big integers. */
export type Geom = { type: string; coordinates: number[][] | number[] } | null | "bad";
export function messyRoads(seed: number, n: number) {
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
export function writeRoads(file: string, rows: ReturnType<typeof messyRoads>, groupRows: number, covering = false, compression = pq.Compression.ZSTD) {
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

export function extent(c: unknown): number[] {
  const flat = JSON.stringify(c).match(/-?\d+(\.\d+)?(e-?\d+)?/g)!.map(Number);
  const xs = flat.filter((_, k) => k % 2 === 0);
  const ys = flat.filter((_, k) => k % 2 === 1);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
