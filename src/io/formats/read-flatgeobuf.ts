import { readFileSync } from "node:fs";
import { geojson } from "flatgeobuf";
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import type { LoadedLayer } from "./loaded-layer.ts";

/**
 * Read a FlatGeobuf file (`.fgb`, as minerisk, GDAL and QGIS write it) into a FeatureCollection with the
 * coordinates as stored, through flatgeobuf's own reader; the CRS from its header (the EPSG code when the
 * organisation is EPSG, else its WKT). Features are collected whole: this is format support, not a
 * bounded-memory stream.
 */
export async function readFlatGeobuf(file: string): Promise<LoadedLayer> {
  let header: HeaderMeta | undefined;
  const features: unknown[] = [];
  try {
    for await (const f of geojson.deserialize(new Uint8Array(readFileSync(file)), { headerMetaFn: (h: HeaderMeta) => (header = h) })) features.push(f);
  } catch (e) {
    return { issues: [{ code: "file-unreadable", message: `cannot read the FlatGeobuf file: ${(e as Error).message}`, severity: "error" }] };
  }
  const crs = header?.crs;
  const spec = crs ? ((crs.org ?? "EPSG").toUpperCase() === "EPSG" && crs.code > 0 ? `EPSG:${crs.code}` : (crs.wkt ?? undefined)) : undefined;
  return {
    collection: { type: "FeatureCollection", features },
    crs: spec ? { spec, from: "FlatGeobuf header" } : undefined,
    issues: spec ? [] : [{ code: "missing-sidecar", message: "the FlatGeobuf header names no CRS: coordinates are read as WGS 84 lon/lat; give --crs if they are not", severity: "warning" }],
  };
}
