import { readFlatGeobuf } from "../../io/formats/read-flatgeobuf.ts";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { InputError, OptionError } from "../../core/errors.ts";
import { resolvePlace } from "../../io/places/gazetteer.ts";
import type { OutFeature } from "../../io/write/format-geojson.ts";
import { incidentFeatures, lixelFeatures, hazardFeatures } from "../../io/layers/layers.ts";
import { contextAttributions, readContextLayer } from "../../io/layers/context-layers.ts";
import { parseJson, readTextFile } from "../../io/json/read-json.ts";
import { routeFeatures, worstStretchFeatures } from "../../io/layers/route-layers.ts";
import { writeFileAtomic } from "../../io/write/write-file.ts";
import { analyze } from "../../pipeline/analyze.ts";
import { summarize } from "../../pipeline/summary.ts";
import { svgToPng } from "../../render/png.ts";
import { type MapLayers, type MapPlace, renderSvgMap } from "../../render/map/svg-map.ts";
import { numberFlag } from "../flags.ts";
import { runCredits } from "../credits.ts";
import { checkOutDir, readInputs } from "../inputs.ts";
import { defaultStudyArea } from "../paths.ts";
import { covariateSources } from "../covariate-flags.ts";
import { createProgress, PROGRESS_HELP } from "../progress.ts";
import { windowText } from "../../render/summary-text.ts";

interface MapFlags {
  out?: string;
  places?: string;
  title?: string;
  width: string;
  height: string;
  grid: string;
  quiet?: boolean;
  progress?: string;
}

/**
 * `minerisk map [run]`: render the layers of a run folder (written by `minerisk analyze`) or, with no
 * folder, of the default Shusha–Fuzuli run, to map.svg and map.png. Input layers are never overwritten.
 */
export function registerMap(program: Command, print: (text: string) => void): void {
  program
    .command("map")
    .description("render a static map (SVG and PNG) of a run folder's layers, or of the default study area")
    .argument("[run]", "folder written by `minerisk analyze` (default: analyse the shipped study area in memory)")
    .option("--out <dir>", "where to write map.svg and map.png (default: the run folder, or out/)")
    .option("--places <file>", "GeoJSON points with a `name` to label (default with the shipped study area: its places)")
    .option("--title <text>", "map title")
    .option("--width <px>", "image width, pixels", "1200")
    .option("--height <px>", "image height, pixels", "850")
    .option("--grid <kind>", "draw a labelled grid: none or latlon", "none")
    .option("--quiet", "no progress output")
    .option("--progress <mode>", PROGRESS_HELP)
    .action(async (run: string | undefined, flags: MapFlags) => {
      checkOutDir(flags.out);
      const widthPx = numberFlag(flags.width, "--width");
      const heightPx = numberFlag(flags.height, "--height");
      if (!(widthPx >= 400 && heightPx >= 300)) throw new OptionError("--width must be at least 400 and --height at least 300 pixels");
      if (flags.grid !== "none" && flags.grid !== "latlon") throw new OptionError(`--grid must be none or latlon, got "${flags.grid}"`);
      const progress = createProgress({ quiet: flags.quiet, mode: flags.progress });
      const { layers, places, title, subtitle, inputs, attribution } = run === undefined ? defaultRun() : await runFolder(run);
      progress.onProgress("layers read", 1, 3);
      const extra = flags.places ? readMapPlaces(flags.places) : run === undefined ? readMapPlaces(defaultStudyArea().places) : [];
      const svg = renderSvgMap(layers, { title: flags.title ?? title, subtitle, places: dedupe([...places, ...extra]), widthPx, heightPx, grid: flags.grid, attribution, notes: ["Rates are estimated from recorded incidents only; a low or 'none recorded' rate never means a road is safe."] });
      progress.onProgress("map drawn", 2, 3);
      const out = flags.out ?? run ?? "out";
      const protect = [...inputs, ...(flags.places ? [flags.places] : [])];
      writeFileAtomic(join(out, "map.svg"), svg, protect);
      writeFileAtomic(join(out, "map.png"), svgToPng(svg), protect);
      progress.onProgress("PNG written", 3, 3);
      progress.stop();
      print(`${join(out, "map.svg")}\n${join(out, "map.png")}\n`);
    });
}

/** The shipped study area, analysed in memory. */
interface MapSource {
  layers: MapLayers;
  places: MapPlace[];
  title: string;
  subtitle?: string;
  inputs: string[];
  /** Credits of the data shown (the run's summary.json, or the default run's inputs). */
  attribution?: string;
}

/** One line on what the colours are and where the route stands, from a run's summary. */
function subtitleOf(s: { risk: { model: { windowStart: string; asOf: string; effectiveYears: number } }; route: { lengthKm: number; schematicKm: number; expectedIncidentsPerYear: number | null } | null }): string {
  const base = `Road pieces coloured by estimated incidents per km per year, from incidents recorded ${windowText(s.risk.model)}.`;
  if (!s.route) return base;
  const schematic = s.route.schematicKm > 0 ? ` ${s.route.schematicKm.toFixed(1)} km of it on schematic geometry.` : "";
  return `${base} Route ${s.route.lengthKm.toFixed(1)} km, expected incidents per year along it ${s.route.expectedIncidentsPerYear === null ? "n/a" : s.route.expectedIncidentsPerYear.toPrecision(2)}.${schematic}`;
}

function defaultRun(): MapSource {
  const def = defaultStudyArea();
  const inputs = readInputs({});
  const from = resolvePlace(def.from, def.places);
  const to = resolvePlace(def.to, def.places);
  // the study area's default covariate too, so the map shows the rates `minerisk analyze` prints
  const r = analyze({ roads: inputs.roads, incidents: inputs.incidents, hazards: inputs.hazards }, { route: { from, to }, covariates: covariateSources(def.covariates) });
  const route = r.route;
  const layers: MapLayers = { lixels: lixelFeatures(r), incidents: incidentFeatures(r), hazards: hazardFeatures(r.dataset), context: def.context.map((f) => readContextLayer(f)) };
  if (route) {
    layers.route = routeFeatures(r.dataset, route);
    layers.worstStretches = worstStretchFeatures(r.dataset, route);
  }
  const attribution = runCredits(inputs, { placesFile: def.places, placeSources: [from.source, to.source], extra: contextAttributions(layers.context ?? []) });
  return { layers, places: [], title: `Recorded mine risk along the roads: ${from.name} → ${to.name}`, subtitle: subtitleOf(summarize(r)), inputs: inputs.files, attribution };
}

/** The layers of a folder `minerisk analyze` wrote; lixels.geojson must be there, the others may be. */
async function runFolder(dir: string): Promise<MapSource> {
  const file = (name: string) => join(dir, name);
  // runs over 100,000 lixels write lixels.fgb without lixels.geojson (analyze.ts): read whichever is there
  const lixelsFile = existsSync(file("lixels.geojson")) ? file("lixels.geojson") : existsSync(file("lixels.fgb")) ? file("lixels.fgb") : undefined;
  if (lixelsFile === undefined) throw new OptionError(`${dir} has no lixels.geojson or lixels.fgb: give a folder written by \`minerisk analyze\``);
  const read = (name: string) => (existsSync(file(name)) ? readLayer(file(name)) : undefined);
  const lixels = lixelsFile.endsWith(".fgb") ? await readFgbLayer(lixelsFile) : readLayer(lixelsFile);
  const contextFiles = readdirSync(dir).filter((f) => /^context-.+\.geojson$/.test(f)).sort();
  const context = contextFiles.map((f) => readContextLayer(file(f), f.slice("context-".length, -".geojson".length)));
  const layers: MapLayers = { lixels, incidents: read("incidents.geojson"), hazards: read("hazards.geojson"), route: read("route.geojson"), worstStretches: read("worst-stretches.geojson"), context };
  const props = layers.route?.[0]?.properties;
  const places: MapPlace[] = [];
  const ends = (layers.route?.[0]?.geometry.coordinates ?? []) as number[][];
  if (props && ends.length > 1) places.push({ name: String(props.from), lon: ends[0][0], lat: ends[0][1] }, { name: String(props.to), lon: ends[ends.length - 1][0], lat: ends[ends.length - 1][1] });
  const title = props ? `Recorded mine risk along the roads: ${props.from} → ${props.to}` : "Recorded mine risk along the roads";
  const inputs = [lixelsFile, ...["incidents", "hazards", "route", "worst-stretches"].map((n) => file(`${n}.geojson`)), ...contextFiles.map(file)];
  const summary = existsSync(file("summary.json")) ? (parseJson(readTextFile(file("summary.json")), file("summary.json")) as Parameters<typeof subtitleOf>[0] & { attribution?: unknown }) : undefined;
  const attribution = typeof summary?.attribution === "string" ? summary.attribution : undefined;
  return { layers, places, title, subtitle: summary?.risk?.model ? subtitleOf(summary) : undefined, inputs: [...inputs, file("summary.json")], attribution };
}

/** The features of a FlatGeobuf layer minerisk wrote (its header says WGS 84), or an InputError saying why not. */
async function readFgbLayer(path: string): Promise<OutFeature[]> {
  const layer = await readFlatGeobuf(path);
  const errors = layer.issues.filter((i) => i.severity === "error");
  if (!layer.collection || errors.length > 0) throw new InputError(errors.map((i) => ({ file: path, code: i.code, message: i.message })));
  return (layer.collection.features as OutFeature[]).map((f) => ({ ...f, properties: f.properties ?? {} }));
}

/** A GeoJSON FeatureCollection whose features all have a geometry with coordinates (enough to draw it). */
function readLayer(path: string): OutFeature[] {
  const fc = parseJson(readTextFile(path), path) as { type?: unknown; features?: unknown };
  if (fc?.type !== "FeatureCollection" || !Array.isArray(fc.features)) throw new InputError([{ file: path, code: "not-feature-collection", message: "expected a GeoJSON FeatureCollection" }]);
  const bad = fc.features.findIndex((f) => !f || typeof f !== "object" || !Array.isArray(f.geometry?.coordinates) || typeof f.geometry?.type !== "string");
  if (bad >= 0) throw new InputError([{ file: path, record: bad + 1, field: "geometry", code: "invalid-geometry", message: "every feature needs a geometry with a type and coordinates" }]);
  return (fc.features as OutFeature[]).map((f) => ({ ...f, properties: f.properties ?? {} }));
}

/** Named points of a places GeoJSON (as shipped in data/karabakh/places.geojson), to label maps. */
export function readMapPlaces(path: string): MapPlace[] {
  return readLayer(path)
    .filter((f) => f.geometry.type === "Point" && typeof f.properties.name === "string")
    .map((f) => ({ name: f.properties.name as string, lon: (f.geometry.coordinates as number[])[0], lat: (f.geometry.coordinates as number[])[1] }));
}

function dedupe(places: MapPlace[]): MapPlace[] {
  const seen = new Set<string>();
  return places.filter((p) => (seen.has(p.name) ? false : (seen.add(p.name), true)));
}
