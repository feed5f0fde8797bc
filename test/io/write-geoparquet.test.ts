/**
 * GeoParquet layers read back by an independent reader: DuckDB (npm @duckdb/node-api, Parquet built in,
 * its own WKB decoder behind `geometry::VARCHAR`) must see the same features, values and geometries as the
 * GeoJSON twin of each layer of the default corridor run, and the `geo` metadata of GeoParquet 1.1.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import { resolvePlace } from "../../src/io/places/gazetteer.ts";
import { geoParquetBytes } from "../../src/io/write/write-geoparquet.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { writeOutputs } from "../../src/pipeline/write-outputs.ts";

const DATA = join(import.meta.dirname, "../../data/karabakh");

/** WKT as DuckDB prints it, from GeoJSON coordinates (shortest round-trip decimals, as DuckDB uses). */
function wkt(g: { type: string; coordinates: unknown }): string {
  const pt = (p: number[]) => `${p[0]} ${p[1]}`;
  const ring = (r: number[][]) => `(${r.map(pt).join(", ")})`;
  if (g.type === "Point") return `POINT (${pt(g.coordinates as number[])})`;
  if (g.type === "LineString") return `LINESTRING ${ring(g.coordinates as number[][])}`;
  if (g.type === "Polygon") return `POLYGON (${(g.coordinates as number[][][]).map(ring).join(", ")})`;
  throw new Error(g.type);
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const rows = (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  c.closeSync();
  return rows;
}

describe("GeoParquet", () => {
  it("every layer of the default run reads back in DuckDB with the GeoJSON's features, values and geometry", async () => {
    const out = mkdtempSync(join(tmpdir(), "minerisk-parquet-"));
    const places = join(DATA, "places.geojson");
    const result = analyze(
      { roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) },
      { route: { from: resolvePlace("Shusha", places), to: resolvePlace("Fuzuli", places) } },
    );
    writeOutputs(result, out, [], { formats: ["geojson", "parquet"], maps: false, report: false, geotiff: false });
    for (const layer of ["lixels", "incidents", "density", "route", "worst-stretches"]) {
      const gj = JSON.parse(readFileSync(join(out, `${layer}.geojson`), "utf8")).features as { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[];
      const file = join(out, `${layer}.parquet`);
      const rows = await query(`select *, geometry::VARCHAR as wkt from read_parquet('${file}')`);
      expect(rows.length, layer).toBe(gj.length);
      expect(rows.length, layer).toBeGreaterThan(0);
      for (let i = 0; i < gj.length; i++) {
        expect(rows[i].wkt, `${layer} #${i}`).toBe(wkt(gj[i].geometry));
        for (const [k, v] of Object.entries(gj[i].properties)) {
          const got = rows[i][k];
          if (v === null) expect(got, `${layer} #${i} ${k}`).toBeNull();
          else if (typeof v === "object") expect(JSON.parse(String(got)), `${layer} #${i} ${k}`).toEqual(v);
          else if (typeof v === "number") expect(Number(got), `${layer} #${i} ${k}`).toBe(v);
          else expect(got, `${layer} #${i} ${k}`).toBe(v);
        }
      }
      const [meta] = await query(`select decode(value) as v from parquet_kv_metadata('${file}') where decode(key) = 'geo'`);
      const geo = JSON.parse(String(meta.v));
      expect(geo.version).toBe("1.1.0");
      expect(geo.primary_column).toBe("geometry");
      expect(geo.columns.geometry.encoding).toBe("WKB");
      expect(geo.columns.geometry.geometry_types).toEqual([...new Set(gj.map((f) => f.geometry.type))].sort());
    }
  });

  it("is deterministic and types columns from their values", async () => {
    const features = [
      { type: "Feature" as const, properties: { id: "a", n: 1, r: 0.5, ok: true, big: 3e9 }, geometry: { type: "Point" as const, coordinates: [46.1, 39.2] as [number, number] } },
      { type: "Feature" as const, properties: { id: null, n: 2, r: Number.NaN, ok: false, big: 1 }, geometry: { type: "Point" as const, coordinates: [46.2, 39.3] as [number, number] } },
    ];
    expect(geoParquetBytes(features)).toEqual(geoParquetBytes(features));
    const file = join(mkdtempSync(join(tmpdir(), "minerisk-parquet-")), "t.parquet");
    (await import("node:fs")).writeFileSync(file, geoParquetBytes(features));
    const types = await query(`select column_name as c, column_type as t from (describe select * from read_parquet('${file}'))`);
    expect(Object.fromEntries(types.map((r) => [r.c, r.t]))).toMatchObject({ id: "VARCHAR", n: "INTEGER", r: "DOUBLE", ok: "BOOLEAN", big: "DOUBLE" });
    const rows = await query(`select r from read_parquet('${file}')`);
    expect(rows.map((x) => x.r)).toEqual([0.5, null]); // NaN has no place in a typed column: null, as the GeoJSON writes it
  });
});
