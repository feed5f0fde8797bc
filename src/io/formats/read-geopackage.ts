import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import initSqlJs from "sql.js";
import wkx from "wkx";
import type { LoadedLayer } from "./loaded-layer.ts";

/**
 * Read the one feature table of a GeoPackage (OGC 12-128r18) into a FeatureCollection with coordinates as
 * stored, and its CRS from `gpkg_spatial_ref_sys` (the organisation's code when it is EPSG, else the
 * definition's WKT). SQLite by sql.js (WebAssembly, no native build); each geometry blob is the GeoPackage
 * header (magic "GP", flags, srs_id, optional envelope) then standard WKB, parsed by wkx. A GeoPackage of
 * several feature tables is refused with their names, so a user is never handed the wrong layer quietly.
 */
export async function readGeoPackage(file: string): Promise<LoadedLayer> {
  const SQL = await initSqlJs({ locateFile: (f: string) => createRequire(import.meta.url).resolve(`sql.js/dist/${f}`) });
  let db: InstanceType<typeof SQL.Database>;
  try {
    db = new SQL.Database(readFileSync(file));
  } catch (e) {
    return { issues: [{ code: "file-unreadable", message: `cannot open the GeoPackage: ${(e as Error).message}`, severity: "error" }] };
  }
  try {
    const rows = (sql: string, params: (string | number)[] = []) => {
      const st = db.prepare(sql);
      st.bind(params);
      const out: Record<string, unknown>[] = [];
      while (st.step()) out.push(st.getAsObject());
      st.free();
      return out;
    };
    let tables: Record<string, unknown>[];
    try {
      tables = rows("SELECT c.table_name AS t, g.column_name AS g, g.srs_id AS s FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name WHERE c.data_type = 'features' ORDER BY c.table_name");
    } catch (e) {
      return { issues: [{ code: "file-unreadable", message: `not a GeoPackage (no gpkg_contents / gpkg_geometry_columns table): ${(e as Error).message}`, severity: "error" }] };
    }
    if (tables.length === 0) return { issues: [{ code: "empty-layer", message: "the GeoPackage has no feature table", severity: "error" }] };
    if (tables.length > 1) {
      return { issues: [{ code: "several-layers", message: `the GeoPackage holds ${tables.length} feature tables (${tables.map((t) => t.t).join(", ")}): give one layer per file, e.g. ogr2ogr -f GPKG one.gpkg ${file} ${tables[0].t}`, severity: "error" }] };
    }
    const { t: table, g: geomColumn, s: srsId } = tables[0] as { t: string; g: string; s: number };
    const srs = rows("SELECT organization AS o, organization_coordsys_id AS c, definition AS d FROM gpkg_spatial_ref_sys WHERE srs_id = ?", [srsId])[0] as { o: string; c: number; d: string } | undefined;
    const crsSpec = srs === undefined ? undefined : String(srs.o).toUpperCase() === "EPSG" && srs.c > 0 ? `EPSG:${srs.c}` : srs.d;
    const quoted = (n: string) => `"${n.replaceAll('"', '""')}"`;
    const features: unknown[] = [];
    for (const row of rows(`SELECT * FROM ${quoted(table)} ORDER BY rowid`)) {
      const blob = row[geomColumn] as Uint8Array | null;
      const properties: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) if (k !== geomColumn && k !== "fid") properties[k] = v;
      features.push({ type: "Feature", id: row.fid, properties, geometry: blob ? gpkgGeometry(blob) : null });
    }
    return {
      collection: { type: "FeatureCollection", features },
      crs: crsSpec !== undefined && srsId > 0 ? { spec: crsSpec, from: `gpkg_spatial_ref_sys (srs_id ${srsId})` } : undefined,
      issues: srsId <= 0 ? [{ code: "missing-sidecar", message: `the layer's srs_id is ${srsId} (undefined CRS): coordinates are read as WGS 84 lon/lat; give --crs if they are not`, severity: "warning" }] : [],
    };
  } finally {
    db.close();
  }
}

/** GeoJSON geometry of a GeoPackage geometry blob; null for an empty one, a marker object for a bad one. */
function gpkgGeometry(blob: Uint8Array): unknown {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) return { type: "Invalid", coordinates: "not a GeoPackage geometry blob" };
  const flags = blob[3];
  if (flags & 0x10) return null; // the empty-geometry flag
  const envelopeBytes = [0, 32, 48, 48, 64][(flags >> 1) & 0x07] ?? 0;
  try {
    return wkx.Geometry.parse(Buffer.from(blob.subarray(8 + envelopeBytes))).toGeoJSON();
  } catch (e) {
    return { type: "Invalid", coordinates: `unreadable WKB: ${(e as Error).message}` };
  }
}
