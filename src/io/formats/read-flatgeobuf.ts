import { InputError } from "../../core/errors.ts";
import { closeFlatGeobuf, type FgbFile, headerCrs, headerNotes, forEachFeature, openFlatGeobuf } from "./fgb-file.ts";
import { type Bbox, findHits, meets } from "./fgb-search.ts";
import type { LoadedLayer, LoadIssue } from "./loaded-layer.ts";

export { type Bbox, meets };

/** Positional reads of FlatGeobuf through a buffer of this size: 4 MiB, as the streamed GeoJSON's batches. */
export const FGB_CHUNK_BYTES = 4 * 2 ** 20;

/**
 * Read a FlatGeobuf file (`.fgb`, as minerisk, GDAL and QGIS write it) into a FeatureCollection with the
 * coordinates as stored, decoded by flatgeobuf's own header, feature, geometry and property readers
 * (fgb-file.ts) from positional reads through a reused buffer, never the file as one buffer; the CRS from
 * its header (the EPSG code when the organisation is EPSG, else its WKT). With `bbox`, only the features
 * whose bounding box meets it, found through the file's packed Hilbert R-tree (fgb-search.ts: only the
 * index nodes the search needs are read, then only the features found), in file order; a file without an
 * index is read whole and filtered by each feature's bounding box, which selects the same features. The
 * features found are collected: memory is that of the features returned (for a bounded-memory read of a
 * roads, incidents or hazards layer, the intake streams the file: io/read/stream-layer.ts).
 */
export async function readFlatGeobuf(file: string, options: { bbox?: Bbox } = {}): Promise<LoadedLayer> {
  let f: FgbFile | undefined;
  try {
    f = openFlatGeobuf(file);
    const hits = options.bbox === undefined ? undefined : await findHits(f, options.bbox, FGB_CHUNK_BYTES);
    const features: unknown[] = [];
    forEachFeature(f, FGB_CHUNK_BYTES, hits, (feature) => features.push(feature));
    const notes = options.bbox === undefined ? [] : [bboxNote(f, options.bbox, features.length)];
    return { collection: { type: "FeatureCollection", features }, crs: headerCrs(f.header), issues: [...notes, ...headerNotes(f.header)] };
  } catch (e) {
    return { issues: unreadable(e) };
  } finally {
    if (f) closeFlatGeobuf(f);
  }
}

/**
 * The features of `file` meeting `bbox` as a plan for the streamed intake: their byte offsets and numbers
 * (`hits`), the file's CRS and the `bbox-filtered` note, no feature kept. The intake then reads those
 * features in batches (stream-layer.ts), so memory is bounded by the hits' count, not the file.
 */
export async function planFlatGeobuf(file: string, bbox: Bbox): Promise<LoadedLayer> {
  let f: FgbFile | undefined;
  try {
    f = openFlatGeobuf(file);
    const hits = await findHits(f, bbox, FGB_CHUNK_BYTES);
    return { hits, crs: headerCrs(f.header), issues: [bboxNote(f, bbox, hits.ids.length), ...headerNotes(f.header)] };
  } catch (e) {
    return { issues: unreadable(e) };
  } finally {
    if (f) closeFlatGeobuf(f);
  }
}

function bboxNote(f: FgbFile, box: Bbox, found: number): LoadIssue {
  const how = f.header.indexNodeSize > 0 ? "through its spatial index" : "whole and filtered (the file has no spatial index: write it with one for a faster read)";
  return { code: "bbox-filtered", message: `read with the box ${box.join(",")}, ${how}: ${found} of its ${f.header.featuresCount} features meet it; record numbers count the features read, in file order, not all the file's features`, severity: "warning" };
}

/** A failed read as the layer's issues: our InputError's message, else the error's own (never a stack). */
export function unreadable(e: unknown): LoadIssue[] {
  if (e instanceof InputError) return e.issues.map((i) => ({ code: i.code, message: i.message, severity: "error" as const }));
  return [{ code: "file-unreadable", message: `cannot read the FlatGeobuf file: ${(e as Error).message}`, severity: "error" }];
}
