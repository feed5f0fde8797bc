/**
 * What `density` and `hotspots` share with `analyze` when they write: the --formats, --json and --quiet
 * flags, one sidecar for every layer (inputs with SHA-256, options, working CRS), the static map, and
 * the list of files written.
 */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { OptionError } from "../core/errors.ts";
import type { Dataset } from "../io/read/build-dataset.ts";
import type { ContextLayer } from "../io/layers/context-layers.ts";
import type { FeatureList, OutFeature } from "../io/write/format-geojson.ts";
import { writeFileAtomic } from "../io/write/write-file.ts";
import { LAYER_FORMATS, type LayerFormat, type WrittenFile, writeLayer, writeSidecar } from "../io/write/write-layer.ts";
import { fileDigest, type OutputMeta } from "../io/write/write-meta.ts";
import { svgToPng } from "../render/png.ts";
import { type MapLayers, type MapPlace, renderSvgMap } from "../render/map/svg-map.ts";
import { crsMeta } from "../pipeline/scored-network.ts";
import { addProgressOption } from "./progress.ts";
import { VERSION } from "../version.ts";

export interface LayerRunFlags {
  formats: string;
  json?: boolean;
  quiet?: boolean;
  progress?: string;
}

/** The --places help of commands that label maps but have no --from/--to. */
export const PLACES_LABEL_HELP = "GeoJSON of named places to label on the map (default with the shipped study area: its places)";

/** Add --formats (default geojson,fgb, as analyze without its tables), --json, --quiet and --progress. */
export function addLayerRunOptions(command: Command): Command {
  return addProgressOption(command)
    .option("--formats <list>", `layer formats, comma-separated: ${LAYER_FORMATS.join(", ")}`, "geojson,fgb")
    .option("--json", "print a machine summary (files written, counts, parameters) as JSON instead of the text")
    .option("--quiet", "no progress bar and no text");
}

/** The --formats list, checked. */
export function formatsFlag(text: string): LayerFormat[] {
  const formats = text.split(",").map((f) => f.trim());
  const unknown = formats.filter((f) => !(LAYER_FORMATS as readonly string[]).includes(f));
  if (unknown.length) throw new OptionError(`--formats: unknown ${unknown.join(", ")}; choose from ${LAYER_FORMATS.join(", ")}`);
  return formats as LayerFormat[];
}

/** The sidecar fields every output of a density or hotspots run shares: inputs that exist, with digests; `options` as given. */
export function layerRunMeta(dataset: Dataset, protect: readonly string[], options: Record<string, unknown>): Omit<OutputMeta, "outputs"> {
  const d = dataset;
  const files = [...new Set([...d.roadRecords.map((r) => r.file), ...d.incidentRecords.map((r) => r.file), ...d.hazardRecords.map((r) => r.file), ...protect])];
  return { toolkit: "minerisk", version: VERSION, inputs: files.filter((f) => existsSync(f)).map(fileDigest), options, workingCrs: crsMeta(d.crs) };
}

/** Collects a run's files: layers through writeLayer (GeoJSON, FlatGeobuf, … + .qml + NAME.meta.json), and the static map. */
export class LayerRun {
  readonly written: WrittenFile[] = [];
  constructor(
    private readonly dir: string,
    private readonly formats: readonly LayerFormat[],
    private readonly protect: readonly string[],
    private readonly meta: Omit<OutputMeta, "outputs">,
    /** The folder named in what is printed, when `dir` is a staging folder (cli/staged-action.ts). Default `dir`. */
    private readonly shownDir: string = dir,
  ) {}

  /** Write one layer in every chosen format with its style and sidecar; `alsoWritten` (e.g. a GeoTIFF) joins its sidecar. */
  layer(name: string, features: FeatureList, qml: string, alsoWritten: WrittenFile[] = []): void {
    for (const w of writeLayer(this.dir, name, features, { formats: this.formats, qml, protect: this.protect, meta: this.meta, alsoWritten })) this.written.push(w);
  }

  /** map.svg and map.png (renderSvgMap, svgToPng) with their sidecar map.meta.json. */
  map(layers: MapLayers, options: { title: string; subtitle?: string; places: readonly MapPlace[]; notes: string[]; attribution: string }): void {
    const svg = renderSvgMap(layers, options);
    writeFileAtomic(join(this.dir, "map.svg"), svg, this.protect);
    writeFileAtomic(join(this.dir, "map.png"), svgToPng(svg), this.protect);
    const files: WrittenFile[] = [{ file: "map.svg" }, { file: "map.png" }];
    writeSidecar(this.dir, "map", files, this.meta, this.protect);
    for (const w of files) this.written.push(w);
    this.written.push({ file: "map.meta.json" });
  }

  /** "  DIR/FILE (N features)" lines for the text summary. */
  lines(): string {
    return this.written.map((w) => `  ${join(this.shownDir, w.file)}${w.features === undefined ? "" : ` (${w.features} features)`}\n`).join("");
  }
}

/** The roads as a thin grey context layer for the maps (drawn under the density or hotspot layers). */
export function roadsContext(dataset: Dataset): ContextLayer {
  const features: OutFeature[] = dataset.roadRecords.flatMap((r) =>
    r.parts.map((part): OutFeature => ({ type: "Feature", properties: { id: r.id }, geometry: { type: "LineString", coordinates: part.map((p) => [p[0], p[1]]) } })),
  );
  return { key: "roads", file: "", features, style: { kind: "line", colour: "#8c8c8c", widthPx: 1, dash: "", opacity: 0.9, label: "roads" } };
}
