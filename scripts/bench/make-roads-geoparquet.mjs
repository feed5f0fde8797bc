// make-roads-geoparquet — a bench roads layer as GeoParquet in many row groups, written by an outside tool,
// DuckDB (npm @duckdb/node-api 1.5.6-r.1: its own WKB and `geo` metadata, GeoParquet 1.0.0, ZSTD), for the
// "Streamed GeoParquet input" measurement in BENCHMARKS.md (streamed vs whole-file read).
//
// Inputs:  a gen.mjs roads.geojson (one feature per line, as gen.mjs and gen-xl.mjs write it), e.g. /tmp/bench/L/roads.geojson
// Outputs: OUT.parquet: columns id, class (as DuckDB's read_json infers them), geometry; row order is file order
// Params:  ROWS_PER_GROUP (default 100000: L's 1,000,000 roads in 10 row groups)
// Run:     node scripts/bench/make-roads-geoparquet.mjs /tmp/bench/L/roads.geojson /tmp/NAME/L-roads.parquet [ROWS_PER_GROUP]
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DuckDBInstance } from "@duckdb/node-api";

const [src, out, rowsArg] = process.argv.slice(2);
if (!src || !out) throw new Error("usage: make-roads-geoparquet.mjs ROADS.geojson OUT.parquet [ROWS_PER_GROUP]");
const rowsPerGroup = Number(rowsArg ?? 100000);
const line = (cs) => `LINESTRING (${cs.map((p) => `${p[0]} ${p[1]}`).join(", ")})`;
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
    if (!w.write(JSON.stringify({ id: f.properties.id, class: f.properties.class, wkt: wkt(f.geometry) }) + "\n")) await new Promise((r) => w.once("drain", r));
    n++;
  }
  await new Promise((r) => w.end(r));
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  await c.run(`copy (select id, class, wkt::GEOMETRY as geometry from read_json('${nd}', format = 'newline_delimited')) to '${out}' (format parquet, compression zstd, row_group_size ${rowsPerGroup}, preserve_order true)`);
  c.closeSync();
  console.log(JSON.stringify({ roads: n, rowsPerGroup, out }));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
