// make-roads-geoparquet — a bench roads layer as GeoParquet in many row groups, written by an outside tool,
// DuckDB (npm @duckdb/node-api 1.5.6-r.1: its own WKB and `geo` metadata, GeoParquet 1.0.0, ZSTD), for the
// "Streamed GeoParquet input" measurement in BENCHMARKS.md (streamed vs whole-file read).
//
// Inputs:  a gen.mjs roads.geojson (one feature per line, as gen.mjs and gen-xl.mjs write it), e.g. /tmp/bench/L/roads.geojson
// Outputs: OUT.parquet: columns id, class (as DuckDB's read_json infers them), geometry; row order is file order
// Params:  ROWS_PER_GROUP (default 100000: L's 1,000,000 roads in 10 row groups); `covering` as a 4th
//          argument: GeoParquet 1.1 with a covering `bbox` struct column (each road's extent, computed here),
//          rows ordered by xmin so each row group is a west-east strip, DuckDB's own `geo` key replaced by one
//          naming the covering (geoparquet_version 'NONE' + kv_metadata): the file --bbox can skip groups of
// Run:     node scripts/bench/make-roads-geoparquet.mjs /tmp/bench/L/roads.geojson /tmp/NAME/L-roads.parquet [ROWS_PER_GROUP] [covering]
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DuckDBInstance } from "@duckdb/node-api";

const [src, out, rowsArg, coveringArg] = process.argv.slice(2);
const covering = coveringArg === "covering";
if (!src || !out) throw new Error("usage: make-roads-geoparquet.mjs ROADS.geojson OUT.parquet [ROWS_PER_GROUP]");
const rowsPerGroup = Number(rowsArg ?? 100000);
const line = (cs) => `LINESTRING (${cs.map((p) => `${p[0]} ${p[1]}`).join(", ")})`;
const extent = (g) => {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of g.type === "LineString" ? g.coordinates : g.coordinates.flat()) {
    if (p[0] < b[0]) b[0] = p[0];
    if (p[1] < b[1]) b[1] = p[1];
    if (p[0] > b[2]) b[2] = p[0];
    if (p[1] > b[3]) b[3] = p[1];
  }
  return b;
};
const wkt = (g) => (g.type === "LineString" ? line(g.coordinates) : `MULTILINESTRING (${g.coordinates.map((p) => line(p).slice(11)).join(", ")})`);

const tmp = mkdtempSync(join(tmpdir(), "minerisk-roads-pq-"));
try {
  // NDJSON with the geometry as WKT text: DuckDB parses the text, the binary WKB is its own
  const nd = join(tmp, "roads.ndjson");
  const w = createWriteStream(nd);
  let n = 0;
  for await (const l of createInterface({ input: createReadStream(src) })) {
    const s = l.endsWith(",") ? l.slice(0, -1) : l;
    if (!s.startsWith('{"type":"Feature"')) continue;
    const f = JSON.parse(s);
    const row = { id: f.properties.id, class: f.properties.class, wkt: wkt(f.geometry) };
    if (covering) [row.xmin, row.ymin, row.xmax, row.ymax] = extent(f.geometry);
    if (!w.write(JSON.stringify(row) + "\n")) await new Promise((r) => w.once("drain", r));
    n++;
  }
  await new Promise((r) => w.end(r));
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const from = `read_json('${nd}', format = 'newline_delimited')`;
  if (!covering) await c.run(`copy (select id, class, wkt::GEOMETRY as geometry from ${from}) to '${out}' (format parquet, compression zstd, row_group_size ${rowsPerGroup}, preserve_order true)`);
  else {
    const bbox = Object.fromEntries(["xmin", "ymin", "xmax", "ymax"].map((k) => [k, ["bbox", k]]));
    const geo = JSON.stringify({ version: "1.1.0", primary_column: "geometry", columns: { geometry: { encoding: "WKB", geometry_types: ["LineString"], covering: { bbox } } } });
    const pack = "struct_pack(xmin := xmin::double, ymin := ymin::double, xmax := xmax::double, ymax := ymax::double)";
    await c.run(`copy (select id, class, wkt::GEOMETRY as geometry, ${pack} as bbox from ${from} order by xmin, id) to '${out}' (format parquet, compression zstd, row_group_size ${rowsPerGroup}, preserve_order true, geoparquet_version 'NONE', kv_metadata {geo: '${geo}'})`);
  }
  c.closeSync();
  console.log(JSON.stringify({ roads: n, rowsPerGroup, covering, out }));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
