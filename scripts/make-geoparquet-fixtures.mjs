// make-geoparquet-fixtures — GeoParquet input fixtures written by an outside tool, DuckDB (npm
// @duckdb/node-api 1.5.6-r.1, DuckDB v1.5.6: its own WKB encoder behind `WKT::GEOMETRY` and its own `geo`
// file metadata, GeoParquet 1.0.0), for test/io/geoparquet-input.test.ts. This GDAL (3.6.2, Debian) has no
// Parquet driver, so DuckDB is the outside writer, as in test/io/write-geoparquet.test.ts.
//
// Inputs:  data/karabakh/incidents.geojson (29 real incidents), data/karabakh/roads.geojson (3 real roads)
// Outputs: test/fixtures/io/formats/karabakh-incidents-duckdb.parquet, karabakh-roads-duckdb.parquet
// Each row: the feature's properties as columns (types inferred by DuckDB's read_json_auto from NDJSON),
// then its geometry from WKT (the text form only; the binary WKB is DuckDB's). Row order is file order.
// Run:     node scripts/make-geoparquet-fixtures.mjs   (also step 4 of scripts/make-format-fixtures.sh)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

const root = join(import.meta.dirname, "..");
const out = join(root, "test/fixtures/io/formats");
const pt = (p) => `${p[0]} ${p[1]}`;
const ring = (r) => `(${r.map(pt).join(", ")})`;
function wkt(g) {
  if (g.type === "Point") return `POINT (${pt(g.coordinates)})`;
  if (g.type === "LineString") return `LINESTRING ${ring(g.coordinates)}`;
  if (g.type === "MultiLineString") return `MULTILINESTRING (${g.coordinates.map(ring).join(", ")})`;
  if (g.type === "Polygon") return `POLYGON (${g.coordinates.map(ring).join(", ")})`;
  throw new Error(`no WKT for ${g.type}`);
}
const db = await DuckDBInstance.create(":memory:");
const c = await db.connect();
const tmp = mkdtempSync(join(tmpdir(), "minerisk-duckdb-"));
try {
  for (const [name, src] of [["karabakh-incidents-duckdb", "data/karabakh/incidents.geojson"], ["karabakh-roads-duckdb", "data/karabakh/roads.geojson"]]) {
    const fc = JSON.parse(readFileSync(join(root, src), "utf8"));
    const nd = join(tmp, `${name}.ndjson`);
    writeFileSync(nd, fc.features.map((f, i) => JSON.stringify({ ...f.properties, __row: i, __wkt: wkt(f.geometry) })).join("\n") + "\n");
    const file = join(out, `${name}.parquet`);
    await c.run(`copy (select * exclude (__row, __wkt), __wkt::GEOMETRY as geometry from read_json_auto('${nd}') order by __row) to '${file}' (format parquet, compression zstd)`);
    console.log(`${file}: ${fc.features.length} rows`);
  }
} finally {
  c.closeSync();
  rmSync(tmp, { recursive: true, force: true });
}
