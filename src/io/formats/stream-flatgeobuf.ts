import { GeometryType } from "flatgeobuf/lib/mjs/flat-geobuf/geometry-type.js";
import { InputError } from "../../core/errors.ts";
import { closeFlatGeobuf, type FgbFile, forEachFeature, headerCrs, headerNotes, openFlatGeobuf } from "./fgb-file.ts";
import type { DeclaredCrs, LoadedLayer, LoadIssue } from "./loaded-layer.ts";

/** FlatGeobuf files, by extension. */
export function isFlatGeobufFile(file: string): boolean {
  return /\.fgb$/i.test(file);
}

/**
 * A FlatGeobuf layer read in batches for the intake (io/read/stream-layer.ts), in file order: every feature,
 * or with `plan` (planFlatGeobuf's result for a box) only its hits. Batches of about `chunkBytes` of
 * feature bytes, and at most `chunkFeatures` features, go to `onFeatures` with the 0-based index of their
 * first feature among those read, as the whole read would number them. Returns the count read, the
 * file-level notes the whole read gives (the plan's `bbox-filtered`, a header with no CRS) and the CRS;
 * throws the whole read's InputError for a file it cannot read. Memory: one feature batch, the reused read
 * buffer and, with a plan, its two numbers per hit.
 */
export function streamFlatGeobuf(file: string, plan: LoadedLayer | undefined, chunkBytes: number, chunkFeatures: number, onFeatures: (features: unknown[], firstIndex: number) => void): { read: number; issues: LoadIssue[]; crs?: DeclaredCrs } {
  const failed = plan?.issues.filter((i) => i.severity === "error") ?? [];
  if (failed.length > 0) throw new InputError(failed.map((i) => ({ file, code: i.code, message: i.message })));
  let f: FgbFile | undefined;
  try {
    f = openFlatGeobuf(file);
    let batch: unknown[] = [];
    let bytes = 0;
    let read = 0;
    const flush = () => {
      if (batch.length > 0) onFeatures(batch, read - batch.length);
      batch = [];
      bytes = 0;
    };
    forEachFeature(f, chunkBytes, plan?.hits, (feature, _id, size) => {
      batch.push(feature);
      read++;
      bytes += size;
      if (bytes >= chunkBytes || batch.length >= chunkFeatures) flush();
    });
    flush();
    return { read, issues: [...(plan?.issues ?? []), ...(plan ? [] : headerNotes(f.header))], crs: headerCrs(f.header) };
  } finally {
    if (f) closeFlatGeobuf(f);
  }
}

/**
 * The geometry type a FlatGeobuf holds, for guessing its layer without reading it: the header's, else (a
 * header of type Unknown) its first feature's; "" when it cannot be read (its reader then says why).
 */
export function flatGeobufGeometryType(file: string): string {
  let f: FgbFile | undefined;
  try {
    f = openFlatGeobuf(file);
    if (f.header.geometryType !== GeometryType.Unknown) return GeometryType[f.header.geometryType] ?? "";
    const first = f.header.featuresCount > 0 ? { offsets: Float64Array.of(0), ids: Float64Array.of(0) } : undefined;
    let type = "";
    if (first) forEachFeature(f, 1 << 16, first, (x) => (type = (x as { geometry: { type?: string } | null }).geometry?.type ?? ""));
    return type;
  } catch {
    return "";
  } finally {
    if (f) closeFlatGeobuf(f);
  }
}
