import { schematicKmBefore } from "./scored-network.ts";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { OptionError } from "../core/errors.ts";
import type { OutFeature } from "../io/write/format-geojson.ts";
import { densityLayer, hazardFeatures, incidentFeatures, lixelLayer } from "../io/layers/layers.ts";
import { routeFeatures, worstStretchFeatures } from "../io/layers/route-layers.ts";
import { contextQml, type StyledLayer, qmlStyle } from "../io/write/styles.ts";
import { type ContextLayer, contextAttributions } from "../io/layers/context-layers.ts";
import { writeChunksAtomic, writeFileAtomic } from "../io/write/write-file.ts";
import { LAYER_FORMATS, LISTED_FORMATS, type LayerFormat, layerFiles, type WrittenFile, writeLayer, writeSidecar } from "../io/write/write-layer.ts";
import { writeGeoTiff } from "../io/write/write-geotiff.ts";
import { fileDigest, type OutputMeta } from "../io/write/write-meta.ts";
import { riskProfileSvg } from "../render/charts/charts.ts";
import { svgToPng } from "../render/png.ts";
import { reportChunks } from "../render/report/report.ts";
import { lixelStretchBlocks } from "../render/report/blocked-stretches.ts";
import { type BlockedLayer, isBlockedLayer } from "../io/write/blocked-layer.ts";
import { isTypedLayer } from "../io/write/typed-layer.ts";
import { type FlatGeobufPrepass, writeBlockedFlatGeobuf } from "../io/write/write-flatgeobuf-blocked.ts";
import type { LayerFeatures } from "../io/write/write-layer.ts";
import { stretchCapAccumulator } from "../render/report/report-cap.ts";
import { forgetColumnData } from "../io/typed/column-data.ts";
import type { MapLayers, MapPlace, SvgMapOptions } from "../render/map/svg-map.ts";
import { DEFAULT_ATTRIBUTION, staticMap } from "../render/map/svg-map.ts";
import type { IntakeReport } from "../io/intake/types.ts";
import type { AnalysisResult } from "./analyze.ts";
import { summarize } from "./summary.ts";
import type { SummarizedRun } from "./summarized-run.ts";
import { type WriteHelper, writeHelper } from "./write-helper.ts";
import { windowText } from "../render/summary-text.ts";

export type { WrittenFile } from "../io/write/write-layer.ts";

export interface WriteOutputsOptions {
  /** Vector formats for every layer. Default ["geojson", "fgb", "csv"] (CSV only for lixels, incidents and worst stretches). */
  formats?: readonly LayerFormat[];
  /** Formats for single layers, overriding `formats` for them (e.g. `{ lixels: ["fgb", "csv"] }` for a national run). */
  layerFormats?: Partial<Record<string, readonly LayerFormat[]>>;
  /** Write a QGIS .qml style beside each layer. Default true. */
  styles?: boolean;
  /** Write the self-contained HTML report (report.html). Default true. */
  report?: boolean;
  /** Write the static map (map.svg, map.png) and, with a route, its risk profile (risk-profile.svg, .png). Default true. */
  maps?: boolean;
  /** Write the density grid as a GeoTIFF in the working CRS (density.tif). Default true. */
  geotiff?: boolean;
  /** Places to label on the map and in the report. Default: the route's two ends. */
  places?: readonly MapPlace[];
  /** Context layers (a former front line, districts, borders): written as styled layers `context-KEY` and drawn under the risk layers. */
  context?: readonly ContextLayer[];
  /** The intake report of the run's inputs: the summary counts what was given and rejected (hazard areas). */
  intake?: IntakeReport;
  /** Credit line for the map and report, from the data used (io/intake/attribution.ts). Default: "Made with minerisk." only. */
  attribution?: string;
  /**
   * Threads to write with, this one included: with 2, the lixels' FlatGeobuf and the map's PNG are written on
   * a helper thread (write-helper.ts), the same bytes. Default 2 for runs of over 100,000 lixels on a
   * machine with two cores or more, else 1 (starting the thread costs more than it saves on small runs).
   */
  threads?: number;
  /**
   * The lixel layer as blocks (a bounded merge: pipeline/tiles/merge/bounded-run.ts), instead of
   * lixelLayer(result): every writer, the map and the report read it block by block, the same bytes.
   */
  lixelLayer?: BlockedLayer;
  /** Called after each step with its name and how many of `total` steps are done (for progress bars). */
  onProgress?: (step: string, done: number, total: number) => void;
}

const CSV_LAYERS = new Set(["lixels", "incidents", "worst-stretches"]);

/**
 * Write a run into `outDir`: each layer as RFC 7946 GeoJSON (WGS84, 6 decimals, input order) and
 * FlatGeobuf (EPSG:4326, spatial index), CSV tables, QGIS styles, a static map (SVG + PNG), the HTML
 * report and summary.json, each atomically, each group with a sidecar NAME.meta.json (inputs with
 * SHA-256, options, working CRS, toolkit version). Refuses to overwrite any path in `protect` (the
 * inputs). Deterministic: the same result gives the same bytes. Returns every file written.
 */
export function writeOutputs(result: SummarizedRun, outDir: string, protect: readonly string[] = [], options: WriteOutputsOptions = {}): WrittenFile[] {
  const helper = writeHelper(options.threads ?? (result.lixels.count > HELPER_ABOVE_LIXELS && availableParallelism() >= 2 ? 2 : 1));
  try {
    return writeAll(result, outDir, protect, options, helper);
  } catch (e) {
    // the helper stops before the error goes on, so nothing is written into a staging folder being removed
    try {
      helper.join();
    } catch {
      // the first error is the one to report
    }
    throw e;
  }
}

/** Runs over this many lixels get a helper thread by default. */
const HELPER_ABOVE_LIXELS = 100_000;

function writeAll(result: SummarizedRun, outDir: string, protect: readonly string[], options: WriteOutputsOptions, helper: WriteHelper): WrittenFile[] {
  const formats = options.formats ?? ["geojson", "fgb", "csv"];
  for (const f of formats) if (!LAYER_FORMATS.includes(f)) throw new OptionError(`unknown output format "${f}": use ${LAYER_FORMATS.join(", ")}`);
  // without a credit line from the caller, the context layers' own credits still reach the map and report
  const contextCredit = contextAttributions(options.context ?? []);
  const attribution = options.attribution ?? (contextCredit.length ? `Context layers: ${contextCredit.join("; ")}. ${DEFAULT_ATTRIBUTION}` : undefined);
  const summary = summarize(result, { intake: options.intake, attribution });
  const meta = runMeta(result, summary, protect);
  const layerFormatsOf = (name: string) => (options.layerFormats?.[name] ?? formats).filter((f) => f !== "csv" || CSV_LAYERS.has(name));
  // The incidents layer (20,000 features at gen.mjs M, three formats) goes to the helper thread first: it
  // writes it while this thread makes the lixels' layer and column data, which the helper's next job (their
  // FlatGeobuf) needs. If the helper has not started it when this thread reaches join, this thread writes it.
  const incidents = incidentFeatures(result);
  const incidentOptions = { formats: layerFormatsOf("incidents"), qml: options.styles === false ? undefined : qmlStyle("incidents", { maxDensityPerKm2: undefined }), csvLonLat: true, protect, meta };
  const incidentsElsewhere = helper.threaded && incidentOptions.formats.every((f) => LISTED_FORMATS.includes(f));
  if (incidentsElsewhere) helper.layer(outDir, "incidents", incidents, incidentOptions);
  const density = densityLayer(result);
  // lixels and density cells are typed layers (io/write/typed-layer.ts): written and drawn from the run's
  // typed arrays, never as one object per feature
  const lixels = options.lixelLayer ?? lixelLayer(result);
  const layers: [StyledLayer, LayerFeatures][] = [
    ["lixels", lixels],
    ["incidents", incidents],
    ["density", density.features],
  ];
  if (result.dataset.hazards.count > 0) layers.push(["hazards", hazardFeatures(result.dataset)]);
  if (result.route) layers.push(["route", routeFeatures(result.dataset, result.route)], ["worst-stretches", worstStretchFeatures(result.dataset, result.route, schematicKmBefore(result.route.path, result))]);
  const context = options.context ?? [];
  const maps = options.maps ?? true;
  const report = options.report ?? true;
  const total = layers.length + context.length + (maps ? 1 : 0) + (report ? 1 : 0) + 1;
  let done = 0;
  const step = (name: string) => options.onProgress?.(name, ++done, total);
  const written: WrittenFile[] = [];
  // Both threads busy from the start to the end (issue 16): the helper's jobs (the lixels' FlatGeobuf, then
  // the map's PNG) are posted first, so they run while this thread writes the CSV, the other layers and
  // the report; before, the PNG could only start once every layer was written, and this thread then waited
  // for it. Only the moment each file is written changes: its bytes, the list of outputs and the progress
  // steps are as before.
  const fgbElsewhere = helper.threaded && isTypedLayer(lixels) && layerFormatsOf("lixels").includes("fgb");
  if (fgbElsewhere && isTypedLayer(lixels)) helper.fgb(join(outDir, "lixels.fgb"), lixels, "lixels", protect);
  // the map and report draw the lixels' merged stretches from the typed layer; every other layer they draw is an array (the density grid is not drawn)
  const byName = Object.fromEntries(layers) as Record<string, readonly OutFeature[] | undefined>;
  const mapLayers: MapLayers = { lixels, incidents: byName.incidents, hazards: byName.hazards, route: byName.route, worstStretches: byName["worst-stretches"], context };
  const places = options.places ?? (result.route ? [result.route.from, result.route.to].map((p) => ({ name: p.name, lon: p.lon, lat: p.lat })) : []);
  const profile = summary.route && result.route ? { title: `Risk profile along the route, ${summary.route.from.name} → ${summary.route.to.name}`, svg: profileSvg(result, summary) } : null;
  // the merged stretches are made a block at a time for the map and the report (at gen.mjs M: 864k lixels →
  // 128k stretches), each keeping what it draws in bounded memory (render/map/map-lixels.ts, report-cap.ts)
  const staticMapDrawing = maps ? staticMap(mapLayers, mapOptions(summary, places)) : undefined;
  const stretchCap = report && lixels.length > 0 ? stretchCapAccumulator() : undefined;
  if (staticMapDrawing || stretchCap) {
    for (const block of lixelStretchBlocks(lixels)) {
      staticMapDrawing?.add(block);
      stretchCap?.add(block);
    }
  }
  const staticMapSvg = staticMapDrawing?.svg();
  if (staticMapSvg !== undefined) {
    writeFileAtomic(join(outDir, "map.svg"), staticMapSvg, protect);
    helper.png(join(outDir, "map.png"), staticMapSvg, protect);
  }
  for (const [name, features] of layers) {
    const max = name === "density" ? density.maxDensityPerKm2 : undefined;
    const alsoWritten: WrittenFile[] = [];
    if (name === "density" && (options.geotiff ?? true)) {
      writeGeoTiff(join(outDir, "density.tif"), result.density, result.dataset.crs, protect);
      alsoWritten.push({ file: "density.tif" });
    }
    // the lixels' FlatGeobuf is on the helper thread (posted above, when there is one), and their sidecar
    // after it; the CSV stays here: FlatGeobuf ≈ 5, CSV ≈ 2 CPU-s at gen.mjs M, and the map's SVG, the
    // report and the other layers are this thread's, the PNG the helper's
    const elsewhere = name === "lixels" && fgbElsewhere;
    const layerOptions = { formats: layerFormatsOf(name), qml: options.styles === false ? undefined : qmlStyle(name, { maxDensityPerKm2: max }), csvLonLat: name === "incidents", protect, meta };
    if (name === "incidents" && incidentsElsewhere) {
      for (const w of layerFiles(name, features.length, layerOptions.formats, layerOptions.qml !== undefined)) written.push(w);
      step(`layer ${name}`);
      continue;
    }
    // a blocked layer's FlatGeobuf: its features sorted on disk by Hilbert rank, in the staging folder (write-flatgeobuf-blocked.ts)
    const blockedFgb = isBlockedLayer(features) ? (path: string, prepass?: FlatGeobufPrepass) => void writeBlockedFlatGeobuf(path, features, { name, protect, prepass }) : undefined;
    const files = writeLayer(outDir, name, features, { ...layerOptions, alsoWritten, writeTypedFgb: elsewhere ? () => {} : blockedFgb, sidecar: !elsewhere });
    if (elsewhere) helper.sidecar(outDir, name, files.slice(0, -1), meta, protect);
    for (const w of files) written.push(w);
    step(`layer ${name}`);
  }
  for (const c of context) {
    const formats2 = formats.filter((f) => f !== "csv" && f !== "geojsonseq");
    const files = writeLayer(outDir, `context-${c.key}`, c.features, { formats: formats2.length ? formats2 : ["geojson"], qml: options.styles === false ? undefined : contextQml(c.style), protect, meta });
    for (const w of files) written.push(w);
    step(`layer context-${c.key}`);
  }
  // every reader of the lixels' columns is done (a helper thread keeps its own reference): ≈ 170 MB at M
  if (isTypedLayer(lixels)) forgetColumnData(lixels);
  const group = (name: string, files: WrittenFile[], wait = false) => {
    if (wait) helper.sidecar(outDir, name, files, meta, protect);
    else writeSidecar(outDir, name, files, meta, protect);
    for (const w of files) written.push(w);
    written.push({ file: `${name}.meta.json` });
  };
  if (maps) {
    // map.svg and map.png are written (or posted) above
    const files: WrittenFile[] = [{ file: "map.svg" }, { file: "map.png" }];
    if (profile) {
      writeFileAtomic(join(outDir, "risk-profile.svg"), profile.svg, protect);
      writeFileAtomic(join(outDir, "risk-profile.png"), svgToPng(profile.svg), protect);
      files.push({ file: "risk-profile.svg" }, { file: "risk-profile.png" });
    }
    group("map", files, helper.threaded);
    step("map");
  }
  if (report) {
    // in pieces, never one string (render/report/report.ts reportChunks): the same bytes as renderReport
    writeChunksAtomic(join(outDir, "report.html"), reportChunks({ summary, layers: mapLayers, stretchCap: stretchCap?.finish(), places, charts: profile ? [profile] : [], staticMapSvg, attribution: summary.attribution }), protect);
    group("report", [{ file: "report.html" }]);
    step("report");
  }
  // every file the helper thread writes, sidecars included, is there before summary.json
  helper.join();
  const files = [...written.map((w) => w.file), "summary.json", "summary.meta.json"];
  writeFileAtomic(join(outDir, "summary.json"), `${JSON.stringify({ ...summary, outputs: files }, null, 2)}\n`, protect);
  group("summary", [{ file: "summary.json" }]);
  step("summary");
  return written;
}

/** The static map's options: every layer drawn, the route (if any) in its title. */
function mapOptions(summary: ReturnType<typeof summarize>, places: readonly MapPlace[]): SvgMapOptions {
  const title = summary.route ? `Recorded mine risk along the roads: ${summary.route.from.name} → ${summary.route.to.name}` : "Recorded mine risk along the roads";
  const subtitle = summary.route
    ? `Route ${summary.route.lengthKm.toFixed(1)} km; expected incidents per year along it ${summary.route.expectedIncidentsPerYear === null ? "n/a" : summary.route.expectedIncidentsPerYear.toPrecision(2)} (incidents/km/yr × km, from recorded incidents, ${windowText(summary.risk.model)}).`
    : `Rates from recorded incidents, ${windowText(summary.risk.model)}.`;
  return { title, subtitle, places, notes: [summary.caveat], attribution: summary.attribution };
}

/** The route's risk profile chart: rate against chainage, one bar per lixel step, coloured by class. */
function profileSvg(result: SummarizedRun, summary: ReturnType<typeof summarize>): string {
  const route = summary.route;
  const steps = result.route?.report.profile ?? [];
  return riskProfileSvg(
    steps.map((p) => ({ fromKm: p.fromKm, toKm: p.toKm, ratePerKmYear: p.ratePerKmYear, riskClass: p.riskClass })),
    {
      title: route ? `Risk along ${route.from.name} → ${route.to.name} (incidents per km per year)` : "Risk along the route",
      note: route && route.schematicKm > 0 ? `${route.schematicKm.toFixed(1)} km of the route run on schematic geometry: chainages there are approximate.` : undefined,
    },
  );
}

/** The sidecar fields shared by every output of a run. */
function runMeta(result: SummarizedRun, summary: ReturnType<typeof summarize>, protect: readonly string[]): Omit<OutputMeta, "outputs"> {
  const d = result.dataset;
  const roadFiles = result.roadRecordsSummary?.files ?? d.roadRecords.map((r) => r.file);
  const files = [...new Set([...roadFiles, ...d.incidentRecords.map((r) => r.file), ...d.hazardRecords.map((r) => r.file), ...protect])];
  return {
    toolkit: result.meta.toolkit,
    version: result.meta.version,
    inputs: files.filter((f) => existsSync(f)).map(fileDigest),
    options: {
      lixelLengthM: result.meta.lixelLengthM,
      snapToleranceM: result.meta.snapToleranceM,
      radiiM: result.meta.radiiM,
      risk: summary.risk.model,
      density: { kernel: summary.density.kernel, cellSizeM: summary.density.cellSizeM, bandwidthM: summary.density.bandwidthM },
      route: summary.route ? { from: summary.route.from, to: summary.route.to } : null,
    },
    workingCrs: result.meta.crs,
  };
}
