import type { Command } from "commander";
import { join } from "node:path";
import type { BandwidthRule } from "../../analyses/density/bandwidth-rules.ts";
import { corridorMask } from "../../analyses/density/corridor-mask.ts";
import { densityWeights } from "../../analyses/density/density-weights.ts";
import { kernelDensity } from "../../analyses/density/kernel-density.ts";
import { kernelDensityAt } from "../../analyses/density/kernel-density-at.ts";
import { KERNELS, type KernelName } from "../../analyses/density/kernels.ts";
import { snapEventsToLixels } from "../../analyses/density/network-events.ts";
import { networkKernelDensity } from "../../analyses/density/network-kernel-density.ts";
import { NKDE_DEAD_ENDS, NKDE_METHODS, type NkdeDeadEnds, type NkdeMethod } from "../../analyses/density/network-spread.ts";
import { buildRoadGraph } from "../../analyses/routing/road-graph.ts";
import { OptionError } from "../../core/errors.ts";
import { lixelize } from "../../core/lixels.ts";
import { buildDataset } from "../../io/read/build-dataset.ts";
import { MAX_DISTANCE_ERROR_HELP, MAX_LIXELS_HELP, maxDistanceErrorFlag, maxLixelsFlag } from "../model-options.ts";
import { type CellSet, cellFeatures, h3Cells, hexCells, squareCells } from "../../io/layers/cells.ts";
import type { OutFeature } from "../../io/write/format-geojson.ts";
import { hazardFeatures, toLonLat } from "../../io/layers/layers.ts";
import { networkDensityQml, qmlStyle } from "../../io/write/styles.ts";
import { writeGeoTiff } from "../../io/write/write-geotiff.ts";
import { buildLixelIndex } from "../../spatial/lixel-index.ts";
import { splitAtJunctions } from "../../spatial/road-junctions.ts";
import { dateFlag, numberFlag } from "../flags.ts";
import { addInputOptions, type InputFlags, inputFilesOf, readInputs, withVectorFormats } from "../inputs.ts";
import { stagedAction } from "../staged-action.ts";
import { runCredits } from "../credits.ts";
import { addLayerRunOptions, formatsFlag, LayerRun, type LayerRunFlags, layerRunMeta, PLACES_LABEL_HELP, roadsContext } from "../layer-run.ts";
import { defaultStudyArea } from "../paths.ts";
import { createProgress } from "../progress.ts";
import { readMapPlaces } from "./map.ts";

interface DensityFlags extends InputFlags, LayerRunFlags {
  maxLixels?: string;
  out: string;
  cellSize: string;
  maxCells: string;
  bandwidth: string;
  kernel: string;
  adaptive?: boolean;
  widen: boolean;
  halfLife?: string;
  asOf?: string;
  perCasualty: string;
  cells: string;
  h3Resolution: string;
  corridor?: string;
  network?: boolean;
  method: string;
  deadEnds?: string;
  networkBandwidth: string;
  snap: string;
  lixelLength: string;
  workingCrs?: string;
  maxDistanceError?: string;
}

/** Cells under this share of the largest density are left off the static map (they stay in the layers). */
const MAP_MIN_SHARE = 0.05;
const sig = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null);

/**
 * `minerisk density`: planar KDE → density.tif + density-cells (GeoJSON, FlatGeobuf, … with .qml and
 * sidecar); with --network, NKDE per lixel → network-density; and a static map (map.svg, map.png).
 */
export function registerDensity(program: Command, print: (text: string) => void): void {
  addLayerRunOptions(addInputOptions(program.command("density").description("planar kernel density of incidents (GeoTIFF and cell layers) and, with --network, density along the roads per lixel, with a static map"), PLACES_LABEL_HELP))
    .option("--out <dir>", "output folder", "out")
    .option("--cell-size <m>", "grid cell size (hexagon width for --cells hex), metres", "250")
    .option("--max-cells <n>", "largest number of GeoJSON density cells written (the GeoTIFF grid may hold up to 25 million); a denser result is refused before it is written, with a cell size that fits", "500000")
    .option("--bandwidth <m>", 'bandwidth in metres, or "scott" / "silverman" (rules of thumb on the incidents)', "2000")
    .option("--kernel <name>", `kernel: ${KERNELS.join(", ")}`, "quartic")
    .option("--adaptive", "Abramson adaptive bandwidths (narrower where incidents are dense)")
    .option("--no-widen", "do not widen kernels by each incident's location precision")
    .option("--half-life <days>", "weight incidents by age with this half-life, days (default: no decay)")
    .option("--as-of <date>", "date the ages are counted to, YYYY-MM-DD (default: the latest incident date)")
    .option("--per-casualty <w>", "weight × (1 + w × (killed + injured))", "0")
    .option("--cells <shape>", "GeoJSON cells: square, hex or h3", "square")
    .option("--h3-resolution <n>", "H3 resolution for --cells h3", "8")
    .option("--corridor <m>", "keep only cells within this distance of a road, metres")
    .option("--network", "also network KDE along the roads, per lixel")
    .option("--method <name>", `network KDE estimator: ${NKDE_METHODS.join(", ")}`, "discontinuous")
    .option("--dead-ends <rule>", `network KDE, continuous estimator at a dead end: ${NKDE_DEAD_ENDS.join(" (spNetwork, default) or ")} (mass kept)`)
    .option("--network-bandwidth <m>", "network KDE bandwidth along the roads, metres", "1000")
    .option("--snap <m>", "network KDE: incidents farther than this from a road are left out, metres", "1000")
    .option("--lixel-length <m>", "maximum lixel length, metres", "100")
    .option("--max-lixels <n>", MAX_LIXELS_HELP)
    .option("--working-crs <proj>", "working CRS as a projected proj string in metres (default: a transverse Mercator fitted to the roads)")
    .option("--max-distance-error <fraction>", MAX_DISTANCE_ERROR_HELP)
    .action(
      withVectorFormats(stagedAction(print, (flags: DensityFlags) => [...inputFilesOf(flags)], (flags: DensityFlags, print, shownOut) => {
      const formats = formatsFlag(flags.formats);
      const kernel = flags.kernel as KernelName;
      if (!KERNELS.includes(kernel)) throw new OptionError(`--kernel must be one of ${KERNELS.join(", ")}, got "${flags.kernel}"`);
      if (!["square", "hex", "h3"].includes(flags.cells)) throw new OptionError(`--cells must be square, hex or h3, got "${flags.cells}"`);
      if (!NKDE_METHODS.includes(flags.method as NkdeMethod)) throw new OptionError(`--method must be one of ${NKDE_METHODS.join(", ")}, got "${flags.method}"`);
      if (flags.deadEnds !== undefined && !NKDE_DEAD_ENDS.includes(flags.deadEnds as NkdeDeadEnds)) throw new OptionError(`--dead-ends must be one of ${NKDE_DEAD_ENDS.join(", ")}, got "${flags.deadEnds}"`);
      const bandwidthM: number | BandwidthRule = flags.bandwidth === "scott" || flags.bandwidth === "silverman" ? flags.bandwidth : numberFlag(flags.bandwidth, "--bandwidth");
      const cellSizeM = numberFlag(flags.cellSize, "--cell-size");
      const maxCells = numberFlag(flags.maxCells, "--max-cells");
      if (!(Number.isInteger(maxCells) && maxCells >= 1)) throw new OptionError(`--max-cells must be a whole number >= 1, got "${flags.maxCells}"`);
      const asOfDay = flags.asOf === undefined ? undefined : dateFlag(flags.asOf, "--as-of");
      const halfLifeDays = flags.halfLife === undefined ? undefined : numberFlag(flags.halfLife, "--half-life");
      const perCasualty = numberFlag(flags.perCasualty, "--per-casualty");
      const h3Res = numberFlag(flags.h3Resolution, "--h3-resolution");
      const corridorM = flags.corridor === undefined ? undefined : numberFlag(flags.corridor, "--corridor");
      const networkBandwidthM = numberFlag(flags.networkBandwidth, "--network-bandwidth");
      const snapM = numberFlag(flags.snap, "--snap");
      const lixelLengthM = numberFlag(flags.lixelLength, "--lixel-length");
      const maxLixels = maxLixelsFlag(flags.maxLixels);

      const progress = createProgress({ quiet: flags.quiet, mode: flags.progress });
      const steps = flags.network ? 6 : 5;
      const inputs = readInputs(flags, { reportDir: flags.out });
      const dataset = buildDataset(inputs, { crs: flags.workingCrs, maxDistanceError: maxDistanceErrorFlag(flags.maxDistanceError) });
      progress.onProgress("inputs read", 1, steps);
      const weights = densityWeights(dataset.incidents, { halfLifeDays, asOfDay, perCasualty });
      const common = { kernel, bandwidthM, adaptive: flags.adaptive, widenByPrecision: flags.widen, weights };
      const needLixels = flags.network || corridorM !== undefined;
      const network = needLixels ? splitAtJunctions(dataset.roads) : undefined;
      const lixels = network ? lixelize(network.roads, { lixelLengthM, maxLixels }) : undefined;
      const grid0 = kernelDensity(dataset.incidents, { ...common, cellSizeM });
      const mask = corridorM !== undefined && lixels ? corridorMask(grid0, lixels, corridorM) : undefined;
      const grid = mask ? kernelDensity(dataset.incidents, { ...common, template: grid0, mask }) : grid0;
      progress.onProgress("density grid", 2, steps);
      const protect = [...inputs.files, ...(flags.places ? [flags.places] : [])];
      const options = { kernel: grid.kernel, bandwidthM: grid.bandwidthM, bandwidthRule: grid.bandwidthRule, adaptive: grid.adaptive, widenByPrecision: flags.widen, cellSizeM, cells: flags.cells, ...(flags.cells === "h3" ? { h3Resolution: h3Res } : {}), corridorM: corridorM ?? null, halfLifeDays: halfLifeDays ?? null, perCasualty, ...(flags.network ? { network: { method: flags.method, bandwidthM: networkBandwidthM, snapM, lixelLengthM } } : {}) };
      const run = new LayerRun(flags.out, formats, protect, layerRunMeta(dataset, protect, options), shownOut);

      const extent = [grid.minX, grid.minY, grid.minX + grid.ncols * grid.cellSizeM, grid.minY + grid.nrows * grid.cellSizeM] as const;
      let cells: CellSet;
      let values: Float64Array;
      if (flags.cells === "square") {
        cells = squareCells(dataset, grid);
        values = grid.values;
      } else {
        cells = flags.cells === "hex" ? hexCells(dataset, extent, cellSizeM) : h3Cells(dataset, extent, h3Res);
        values = kernelDensityAt(dataset.incidents, cells.x, cells.y, common);
        if (mask) values = values.map((v, k) => (insideMask(grid, mask, cells.x[k], cells.y[k]) ? v : Number.NaN));
      }
      progress.onProgress("cells", 3, steps);
      let max = 0;
      let shown = 0;
      for (const v of values) {
        if (v > max) max = v;
        if (v > 0) shown++;
      }
      if (shown > maxCells) {
        const fits = Math.ceil(cellSizeM * Math.sqrt(shown / maxCells));
        throw new OptionError(`${shown.toLocaleString("en")} density cells of ${cellSizeM} m would be written, over --max-cells ${maxCells.toLocaleString("en")}: use --cell-size ${fits} or more, --corridor M to keep cells near the roads, or raise --max-cells (nothing was written)`);
      }
      // checked first, so a refused run writes nothing
      writeGeoTiff(join(flags.out, "density.tif"), grid, dataset.crs, protect);
      const cellFeats = cellFeatures(cells, (k) => ({ densityPerKm2: sig(values[k]), fill: "#d7301f", "fill-opacity": Math.round((0.1 + 0.7 * (values[k] / max)) * 1000) / 1000, "stroke-width": 0 }), (k) => values[k] > 0);
      run.layer("density-cells", cellFeats, qmlStyle("density", { maxDensityPerKm2: max }), [{ file: "density.tif" }]);
      progress.onProgress("density-cells written", 4, steps);

      let networkNote = "";
      let networkSummary: Record<string, unknown> | null = null;
      if (flags.network && network && lixels) {
        const graph = buildRoadGraph(network, lixels);
        const { events, dropped } = snapEventsToLixels(dataset.incidents, buildLixelIndex(lixels), { maxDistanceM: snapM, weights });
        const nk = networkKernelDensity({ lengthM: lixels.lengthM, graph }, events, { method: flags.method as NkdeMethod, deadEnds: flags.deadEnds as NkdeDeadEnds | undefined, kernel: kernel === "gaussian" ? "quartic" : kernel, bandwidthM: networkBandwidthM });
        const feats: OutFeature[] = [];
        let maxPerKm = 0;
        for (let i = 0; i < lixels.count; i++) {
          if (nk.densityPerKm[i] > maxPerKm) maxPerKm = nk.densityPerKm[i];
          const r = lixels.road[i];
          feats.push({
            type: "Feature",
            properties: { lixel: i, roadId: network.roads.ids[r], roadName: network.roads.names[r], lengthM: Math.round(lixels.lengthM[i] * 1000) / 1000, densityPerKm: sig(nk.densityPerKm[i]), meanDensityPerKm: sig(nk.meanDensityPerKm[i]), method: nk.method, stroke: "#d7301f" },
            geometry: { type: "LineString", coordinates: toLonLat(dataset, lixels.xy.subarray(2 * lixels.start[i], 2 * lixels.start[i + 1])) },
          });
        }
        run.layer("network-density", feats, networkDensityQml(maxPerKm));
        progress.onProgress("network-density written", 5, steps);
        networkSummary = { method: nk.method, deadEnds: nk.method === "continuous" ? nk.deadEnds : null, kernel: nk.kernel, bandwidthM: nk.bandwidthM, incidentsOnRoads: events.count, incidentsLeftOut: dropped.length, lixels: lixels.count, maxDensityPerKm: sig(maxPerKm) };
        networkNote = `network KDE (${nk.method}${nk.method === "continuous" ? `, dead ends: ${nk.deadEnds}` : ""}, ${nk.kernel}, h = ${nk.bandwidthM} m): ${events.count} incidents on the roads, ${dropped.length} farther than ${snapM} m left out${nk.truncatedWalks ? `; ${nk.truncatedWalks} walks cut at depth 15 (${nk.truncatedMass.toFixed(4)} incidents of kernel mass)` : ""}${kernel === "gaussian" ? "; the Gaussian has no finite reach on a network, the quartic was used" : ""}\n`;
      }
      const placesFile = flags.places ?? (flags.roads === undefined ? defaultStudyArea(flags.area).places : undefined);
      const attribution = runCredits(inputs, { given: flags.attribution, placesFile });
      const hazards = dataset.hazards.count > 0 ? hazardFeatures(dataset) : undefined;
      const bw = `${grid.kernel} kernel, bandwidth ${grid.bandwidthM.toFixed(1)} m (${grid.bandwidthRule}${grid.adaptive ? ", adaptive" : ""})`;
      // the faintest cells (drawn at ≤ 13.5 % opacity) would make most of a national map's SVG and show little
      const mapCells = cellFeats.filter((f) => Number(f.properties.densityPerKm2) >= MAP_MIN_SHARE * max);
      const mapNotes = ["Density of recorded incidents only: a pale or empty cell never means the ground is safe."];
      if (mapCells.length < cellFeats.length) mapNotes.unshift(`${(cellFeats.length - mapCells.length).toLocaleString("en")} of ${cellFeats.length.toLocaleString("en")} cells under ${MAP_MIN_SHARE * 100} % of the largest density are left off this map (all are in density-cells).`);
      run.map({ density: mapCells, hazards, context: [roadsContext(dataset)] }, { title: "Incident density (planar kernel density)", subtitle: `${dataset.incidents.count} incidents, ${bw}, cells of ${cellSizeM} m; darker = more incidents per km².`, places: placesFile ? readMapPlaces(placesFile) : [], notes: mapNotes, attribution });
      progress.onProgress("map", steps, steps);
      progress.stop();
      const tif = `${grid.ncols} × ${grid.nrows} cells of ${grid.cellSizeM} m, incidents per km², NaN = no data`;
      if (flags.json) {
        const summary = { command: "density", outDir: shownOut, incidents: dataset.incidents.count, ...options, grid: { ncols: grid.ncols, nrows: grid.nrows, cellSizeM: grid.cellSizeM }, densityCells: cellFeats.length, maxDensityPerKm2: sig(max), network: networkSummary, workingCrs: dataset.crs.name, outputs: run.written };
        print(`${JSON.stringify(summary, null, 2)}\n`);
      } else if (!flags.quiet) {
        print(`Density of ${dataset.incidents.count} incidents: ${bw.replace(")", flags.widen ? ", widened by location precision)" : ")")}, in incidents per km².\n${networkNote}density.tif: ${tif}\nWrote:\n${run.lines()}`);
      }
      })),
    );
}

function insideMask(grid: { minX: number; minY: number; cellSizeM: number; ncols: number; nrows: number }, mask: Uint8Array, x: number, y: number): boolean {
  const c = Math.floor((x - grid.minX) / grid.cellSizeM);
  const r = Math.floor((y - grid.minY) / grid.cellSizeM);
  return c >= 0 && r >= 0 && c < grid.ncols && r < grid.nrows && mask[r * grid.ncols + c] === 1;
}
