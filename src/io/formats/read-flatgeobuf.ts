import { readFileSync } from "node:fs";
import { geojson } from "flatgeobuf";
import { ArrayReader } from "flatgeobuf/lib/mjs/array-reader.js";
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import type { LoadedLayer, LoadIssue } from "./loaded-layer.ts";

/** A box in the file's own coordinates: [minX, minY, maxX, maxY]. */
export type Bbox = readonly [number, number, number, number];

/**
 * Read a FlatGeobuf file (`.fgb`, as minerisk, GDAL and QGIS write it) into a FeatureCollection with the
 * coordinates as stored, through flatgeobuf's own reader; the CRS from its header (the EPSG code when the
 * organisation is EPSG, else its WKT). With `bbox`, only the features whose bounding box meets it, found
 * through the file's packed Hilbert R-tree (flatgeobuf's `deserialize` with a rect: only the index nodes
 * and features inside are decoded), in file order; a file without an index is read whole and filtered by
 * each feature's bounding box, which selects the same features. Features are collected whole: format
 * support, not a bounded-memory stream.
 */
export async function readFlatGeobuf(file: string, options: { bbox?: Bbox } = {}): Promise<LoadedLayer> {
  let header: HeaderMeta | undefined;
  const features: unknown[] = [];
  const notes: LoadIssue[] = [];
  try {
    const bytes = new Uint8Array(readFileSync(file));
    const box = options.bbox;
    if (box === undefined) {
      for await (const f of geojson.deserialize(bytes, { headerMetaFn: (h: HeaderMeta) => (header = h) })) features.push(f);
    } else {
      header = ArrayReader.open(bytes).header;
      if (header.indexNodeSize > 0) {
        const rect = { minX: box[0], minY: box[1], maxX: box[2], maxY: box[3] };
        // each feature comes with its position in the file as its id (as in the full read): sorted by it, a
        // filtered read is the subsequence of the full read, whatever order the tree search yields
        const found: { id: number }[] = [];
        // flatgeobuf 4.5's tree search logs every step with console.debug, which Node prints on stdout (and
        // would corrupt --json output): silenced for the search, put back after it
        const debug = console.debug;
        console.debug = () => undefined;
        try {
          for await (const f of geojson.deserialize(bytes, { rect })) found.push(f as unknown as { id: number });
        } finally {
          console.debug = debug;
        }
        found.sort((a, b) => a.id - b.id);
        for (const f of found) features.push(f);
      } else {
        for await (const f of geojson.deserialize(bytes)) if (meets(f as { geometry: { coordinates: unknown } | null }, box)) features.push(f);
      }
      const how = header.indexNodeSize > 0 ? "through its spatial index" : "whole and filtered (the file has no spatial index: write it with one for a faster read)";
      notes.push({ code: "bbox-filtered", message: `read with the box ${box.join(",")}, ${how}: ${features.length} of its ${header.featuresCount} features meet it; record numbers count the features read, in file order, not all the file's features`, severity: "warning" });
    }
  } catch (e) {
    return { issues: [{ code: "file-unreadable", message: `cannot read the FlatGeobuf file: ${(e as Error).message}`, severity: "error" }] };
  }
  const crs = header?.crs;
  const spec = crs ? ((crs.org ?? "EPSG").toUpperCase() === "EPSG" && crs.code > 0 ? `EPSG:${crs.code}` : (crs.wkt ?? undefined)) : undefined;
  return {
    collection: { type: "FeatureCollection", features },
    crs: spec ? { spec, from: "FlatGeobuf header" } : undefined,
    issues: [...notes, ...(spec ? [] : [{ code: "missing-sidecar" as const, message: "the FlatGeobuf header names no CRS: coordinates are read as WGS 84 lon/lat; give --crs if they are not", severity: "warning" as const }])],
  };
}

/** Whether a feature's bounding box meets the box (edges included, as the R-tree search counts them). */
export function meets(f: { geometry: { coordinates: unknown } | null }, box: Bbox): boolean {
  if (f.geometry === null) return false;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  // an explicit stack, not recursion (test/no-recursion.test.ts): positions at any depth
  const stack: unknown[] = [f.geometry.coordinates];
  while (stack.length > 0) {
    const c = stack.pop();
    if (!Array.isArray(c)) continue;
    if (typeof c[0] === "number") {
      const x = c[0] as number;
      const y = c[1] as number;
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    } else for (const d of c) stack.push(d);
  }
  return x0 <= box[2] && x1 >= box[0] && y0 <= box[3] && y1 >= box[1];
}
