import { InputError } from "../../core/errors.ts";
import { readFileBounded } from "../read/read-bounded.ts";
import type { LoadedLayer, LoadIssue } from "./loaded-layer.ts";

/**
 * Read GeoJSON Text Sequences (RFC 8142: each feature after a record separator U+001E; also the common
 * newline-delimited form, `.geojsonl` / `.ndjson`) into a FeatureCollection, one feature per record in order.
 * A record that is not valid JSON becomes a feature with no geometry (so the intake rejects it by number,
 * naming it) and a file-level note lists the first few; blank records are skipped, as RFC 8142 allows.
 */
export async function readGeoJsonSeq(file: string): Promise<LoadedLayer> {
  let text: string;
  try {
    text = readFileBounded(file).toString("utf8"); // text, so under the byte budget like GeoJSON and CSV
  } catch (e) {
    if (e instanceof InputError) return { issues: e.issues.map((i) => ({ code: i.code, message: i.message, severity: "error" as const })) };
    return { issues: [{ code: "file-unreadable", message: `cannot read the file: ${(e as Error).message}`, severity: "error" }] };
  }
  const records = text.includes("\u001e") ? text.split("\u001e") : text.split(/\r?\n/);
  const features: unknown[] = [];
  const bad: number[] = [];
  for (const r of records) {
    const s = r.trim();
    if (s === "") continue;
    try {
      features.push(JSON.parse(s));
    } catch {
      bad.push(features.length + 1);
      features.push(unparsedRecordFeature());
    }
  }
  const issues: LoadIssue[] = bad.length ? [badRecordsIssue(bad)] : [];
  return { collection: { type: "FeatureCollection", features }, issues };
}

/** The feature a record that is not JSON becomes: no geometry, so the intake rejects it by its number. */
export const unparsedRecordFeature = (): unknown => ({ type: "Feature", properties: {}, geometry: null });

/** The file-level note listing the first records of a sequence that are not JSON. */
export function badRecordsIssue(bad: readonly number[]): LoadIssue {
  return { code: "invalid-json", message: `${bad.length} record(s) of the sequence are not valid JSON (records ${bad.slice(0, 10).join(", ")}${bad.length > 10 ? ", …" : ""}): each is rejected as having no geometry`, severity: "warning" };
}
