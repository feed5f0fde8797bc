import { join } from "node:path";
import { densityFeatures, hazardFeatures, incidentFeatures, lixelFeatures } from "../io/layers.ts";
import { formatFeatureCollection, type OutFeature } from "../io/format-geojson.ts";
import { routeFeatures, worstStretchFeatures } from "../io/route-layers.ts";
import { writeFileAtomic } from "../io/write-file.ts";
import type { AnalysisResult } from "./analyze.ts";
import { summarize } from "./summary.ts";

/** A file a run wrote, relative to the output folder, with its feature count for layers. */
export interface WrittenFile {
  file: string;
  features?: number;
}

/**
 * Write a run's layers (RFC 7946 GeoJSON, WGS84, 6 decimals, input order) and summary.json into `outDir`,
 * each atomically; refuses to overwrite any path in `protect` (the inputs). Deterministic: the same result
 * gives the same bytes, so nothing time- or machine-dependent is written.
 */
export function writeOutputs(result: AnalysisResult, outDir: string, protect: readonly string[] = []): WrittenFile[] {
  const written: WrittenFile[] = [];
  const layer = (name: string, features: OutFeature[]) => {
    writeFileAtomic(join(outDir, `${name}.geojson`), formatFeatureCollection(features, { name }), protect);
    written.push({ file: `${name}.geojson`, features: features.length });
  };
  layer("lixels", lixelFeatures(result));
  layer("incidents", incidentFeatures(result));
  layer("density", densityFeatures(result));
  if (result.dataset.hazards.count > 0) layer("hazards", hazardFeatures(result.dataset));
  if (result.route) {
    layer("route", routeFeatures(result.dataset, result.route));
    layer("worst-stretches", worstStretchFeatures(result.dataset, result.route));
  }
  const summary = { ...summarize(result), outputs: [...written, { file: "summary.json" }] };
  writeFileAtomic(join(outDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`, protect);
  written.push({ file: "summary.json" });
  return written;
}
