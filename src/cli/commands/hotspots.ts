import type { Command } from "commander";
import { dbscanClusters, DBSCAN_ROLES } from "../../analyses/clusters/dbscan-clusters.ts";
import { snapEventsToLixels } from "../../analyses/density/network-events.ts";
import { getisOrdGiStar } from "../../analyses/hotspots/getis-ord-gi-star.ts";
import { HOTSPOT_CLASSES } from "../../analyses/hotspots/hotspot-classes.ts";
import { networkBandNeighbours } from "../../analyses/hotspots/network-neighbours.ts";
import { buildRoadGraph } from "../../analyses/routing/road-graph.ts";
import { OptionError } from "../../core/errors.ts";
import { lixelize } from "../../core/lixels.ts";
import { buildDataset } from "../../io/read/build-dataset.ts";
import { MAX_DISTANCE_ERROR_HELP, MAX_LIXELS_HELP, maxDistanceErrorFlag, maxLixelsFlag } from "../model-options.ts";
import { cellFeatures, squareCells } from "../../io/layers/cells.ts";
import type { ContextLayer } from "../../io/layers/context-layers.ts";
import type { OutFeature } from "../../io/write/format-geojson.ts";
import { hazardFeatures, toLonLat } from "../../io/layers/layers.ts";
import { clusterQml, HOTSPOT_COLOURS as CLASS_COLOURS, hotspotQml } from "../../io/write/styles.ts";
import { buildLixelIndex } from "../../spatial/lixel-index.ts";
import { distanceBandNeighbours, nearestNeighbours } from "../../spatial/neighbours.ts";
import { splitAtJunctions } from "../../spatial/road-junctions.ts";
import { numberFlag } from "../flags.ts";
import { addInputOptions, type InputFlags, inputFilesOf, readInputs, withVectorFormats } from "../inputs.ts";
import { stagedAction } from "../staged-action.ts";
import { runCredits } from "../credits.ts";
import { addLayerRunOptions, formatsFlag, LayerRun, type LayerRunFlags, layerRunMeta, PLACES_LABEL_HELP, roadsContext } from "../layer-run.ts";
import { defaultStudyArea } from "../paths.ts";
import { createProgress } from "../progress.ts";
import { readMapPlaces } from "./map.ts";

interface HotspotFlags extends InputFlags, LayerRunFlags {
  maxLixels?: string;
  out: string;
  on: string;
  cellSize: string;
  band: string;
  k?: string;
  distance?: string;
  permutations: string;
  permutationTest: string;
  seed: string;
  fdr: boolean;
  snap: string;
  lixelLength: string;
  clusterEps?: string;
  clusterMin: string;
  workingCrs?: string;
  maxDistanceError?: string;
}

const sig = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null);

/**
 * `minerisk hotspots`: Getis-Ord Gi* of incident counts on lixels or square cells → the hotspots layer
 * (GeoJSON, FlatGeobuf, … with a .qml by class and a sidecar); optional DBSCAN clusters; a static map.
 */
export function registerHotspots(program: Command, print: (text: string) => void): void {
  addLayerRunOptions(addInputOptions(program.command("hotspots").description("Getis-Ord Gi* hot and cold spots of incidents on road lixels or square cells, optional DBSCAN clusters, and a static map"), PLACES_LABEL_HELP))
    .option("--out <dir>", "output folder", "out")
    .option("--on <units>", "lixels (incidents per km of road) or cells (incidents per square cell)", "lixels")
    .option("--cell-size <m>", "square cell size for --on cells, metres", "1000")
    .option("--band <m>", "neighbours within this distance, metres", "1000")
    .option("--k <n>", "use the k nearest neighbours instead of a distance band (planar)")
    .option("--distance <kind>", "distance band measured planar or along the network (default: network for lixels, planar for cells)")
    .option("--permutations <n>", "conditional permutations for pseudo p-values (0 = none)", "0")
    .option("--permutation-test <kind>", "how giPSim reads the permutations: two-sided, or folded (esda's one-sided p_sim)", "two-sided")
    .option("--seed <n>", "seed of the permutations", "1")
    .option("--no-fdr", "classify by raw p-values instead of Benjamini–Hochberg adjusted ones")
    .option("--snap <m>", "lixels: incidents farther than this from a road are not counted, metres", "1000")
    .option("--lixel-length <m>", "maximum lixel length, metres", "100")
    .option("--max-lixels <n>", MAX_LIXELS_HELP)
    .option("--cluster-eps <m>", "also write DBSCAN clusters of incidents with this radius, metres")
    .option("--cluster-min <n>", "DBSCAN: points within the radius (itself included) that make a core point", "3")
    .option("--working-crs <proj>", "working CRS as a projected proj string in metres (default: a transverse Mercator fitted to the roads)")
    .option("--max-distance-error <fraction>", MAX_DISTANCE_ERROR_HELP)
    .action(
      withVectorFormats(stagedAction(print, (flags: HotspotFlags) => [...inputFilesOf(flags)], (flags: HotspotFlags, print, shownOut) => {
      const formats = formatsFlag(flags.formats);
      if (flags.on !== "lixels" && flags.on !== "cells") throw new OptionError(`--on must be lixels or cells, got "${flags.on}"`);
      const distance = flags.distance ?? (flags.on === "lixels" ? "network" : "planar");
      if (distance !== "planar" && distance !== "network") throw new OptionError(`--distance must be planar or network, got "${distance}"`);
      if (distance === "network" && flags.on === "cells") throw new OptionError("--distance network applies to --on lixels only");
      const bandM = numberFlag(flags.band, "--band");
      const k = flags.k === undefined ? undefined : numberFlag(flags.k, "--k");
      const permutations = numberFlag(flags.permutations, "--permutations");
      const seed = numberFlag(flags.seed, "--seed");
      const permutationTest = flags.permutationTest;
      if (permutationTest !== "two-sided" && permutationTest !== "folded") throw new OptionError(`--permutation-test must be two-sided or folded, got "${permutationTest}"`);
      const snapM = numberFlag(flags.snap, "--snap");
      const lixelLengthM = numberFlag(flags.lixelLength, "--lixel-length");
      const maxLixels = maxLixelsFlag(flags.maxLixels);
      const cellSizeM = numberFlag(flags.cellSize, "--cell-size");
      const epsM = flags.clusterEps === undefined ? undefined : numberFlag(flags.clusterEps, "--cluster-eps");
      const minPoints = numberFlag(flags.clusterMin, "--cluster-min");

      const progress = createProgress({ quiet: flags.quiet, mode: flags.progress });
      const steps = epsM === undefined ? 4 : 5;
      const inputs = readInputs(flags, { reportDir: flags.out });
      const dataset = buildDataset(inputs, { crs: flags.workingCrs, maxDistanceError: maxDistanceErrorFlag(flags.maxDistanceError) });
      progress.onProgress("inputs read", 1, steps);
      const inc = dataset.incidents;
      const protect = [...inputs.files, ...(flags.places ? [flags.places] : [])];
      const options = { on: flags.on, distance: k === undefined ? distance : "planar", ...(k === undefined ? { bandM } : { k }), ...(flags.on === "cells" ? { cellSizeM } : { lixelLengthM, snapM }), permutations, seed, permutationTest, fdr: flags.fdr, ...(epsM === undefined ? {} : { cluster: { epsM, minPoints } }) };
      const run = new LayerRun(flags.out, formats, protect, layerRunMeta(dataset, protect, options), shownOut);
      let hotFeatures: OutFeature[] = [];
      const giProps = (g: ReturnType<typeof getisOrdGiStar>, i: number) => {
        const cls = String(g.hotspotClass[i]) as keyof typeof HOTSPOT_CLASSES;
        return { giZ: sig(g.z[i]), giP: sig(g.p[i]), giPSim: sig(g.pSim[i]), giQ: sig(g.q[i]), giBin: g.hotspotClass[i], hotspot: HOTSPOT_CLASSES[cls] };
      };
      let g: ReturnType<typeof getisOrdGiStar>;
      let note: string;
      if (flags.on === "lixels") {
        const network = splitAtJunctions(dataset.roads);
        const lixels = lixelize(network.roads, { lixelLengthM, maxLixels });
        const { events, dropped } = snapEventsToLixels(inc, buildLixelIndex(lixels), { maxDistanceM: snapM });
        const perKm = new Float64Array(lixels.count);
        for (let j = 0; j < events.count; j++) perKm[events.lixel[j]] += 1;
        for (let i = 0; i < lixels.count; i++) perKm[i] = lixels.lengthM[i] > 0 ? (perKm[i] * 1000) / lixels.lengthM[i] : 0;
        const mx = new Float64Array(lixels.count);
        const my = new Float64Array(lixels.count);
        for (let i = 0; i < lixels.count; i++) {
          const a = 2 * lixels.start[i];
          const b = 2 * (lixels.start[i + 1] - 1);
          mx[i] = (lixels.xy[a] + lixels.xy[b]) / 2;
          my[i] = (lixels.xy[a + 1] + lixels.xy[b + 1]) / 2;
        }
        const nb =
          k !== undefined ? nearestNeighbours(mx, my, k) : distance === "network" ? networkBandNeighbours({ lengthM: lixels.lengthM, graph: buildRoadGraph(network, lixels) }, bandM) : distanceBandNeighbours(mx, my, bandM);
        g = getisOrdGiStar(perKm, nb, { permutations, seed, permutationTest, fdr: flags.fdr });
        const feats: OutFeature[] = [];
        for (let i = 0; i < lixels.count; i++) {
          feats.push({
            type: "Feature",
            properties: { lixel: i, roadId: network.roads.ids[lixels.road[i]], incidentsPerKm: sig(perKm[i]), neighbours: nb.start[i + 1] - nb.start[i] - 1, ...giProps(g, i), stroke: CLASS_COLOURS[String(g.hotspotClass[i])] },
            geometry: { type: "LineString", coordinates: toLonLat(dataset, lixels.xy.subarray(2 * lixels.start[i], 2 * lixels.start[i + 1])) },
          });
        }
        progress.onProgress("Gi*", 2, steps);
        run.layer("hotspots", feats, hotspotQml("line", HOTSPOT_CLASSES));
        hotFeatures = feats;
        note = `${events.count} incidents on ${lixels.count} lixels (${dropped.length} farther than ${snapM} m not counted); neighbours: ${k !== undefined ? `${k} nearest` : `${distance} band ${bandM} m`}`;
      } else {
        const spec = { minX: 0, minY: 0, cellSizeM, ncols: 1, nrows: 1 };
        let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
        for (let v = 0; v < dataset.roads.xy.length; v += 2) {
          minX = Math.min(minX, dataset.roads.xy[v]);
          maxX = Math.max(maxX, dataset.roads.xy[v]);
          minY = Math.min(minY, dataset.roads.xy[v + 1]);
          maxY = Math.max(maxY, dataset.roads.xy[v + 1]);
        }
        Object.assign(spec, { minX, minY, ncols: Math.max(1, Math.ceil((maxX - minX) / cellSizeM)), nrows: Math.max(1, Math.ceil((maxY - minY) / cellSizeM)) });
        const counts = new Float64Array(spec.ncols * spec.nrows);
        let outside = 0;
        for (let i = 0; i < inc.count; i++) {
          const c = Math.floor((inc.x[i] - minX) / cellSizeM);
          const r = Math.floor((inc.y[i] - minY) / cellSizeM);
          if (c >= 0 && r >= 0 && c < spec.ncols && r < spec.nrows) counts[r * spec.ncols + c]++;
          else outside++;
        }
        const cells = squareCells(dataset, spec);
        const nb = k !== undefined ? nearestNeighbours(cells.x, cells.y, k) : distanceBandNeighbours(cells.x, cells.y, bandM);
        g = getisOrdGiStar(counts, nb, { permutations, seed, permutationTest, fdr: flags.fdr });
        const gg = g;
        progress.onProgress("Gi*", 2, steps);
        hotFeatures = cellFeatures(cells, (c) => ({ incidents: counts[c], ...giProps(gg, c), fill: CLASS_COLOURS[String(gg.hotspotClass[c])], "fill-opacity": 0.6, "stroke-width": 0 }));
        run.layer("hotspots", hotFeatures, hotspotQml("fill", HOTSPOT_CLASSES));
        note = `${inc.count - outside} incidents in ${counts.length} cells of ${cellSizeM} m over the roads' extent (${outside} outside it); neighbours: ${k !== undefined ? `${k} nearest` : `planar band ${bandM} m`}`;
      }
      let clusters: { clusters: number; noise: number } | null = null;
      if (epsM !== undefined) {
        const lon = Float64Array.from(dataset.incidentRecords, (r) => r.lon);
        const lat = Float64Array.from(dataset.incidentRecords, (r) => r.lat);
        const cl = dbscanClusters(lon, lat, { epsM, minPoints });
        run.layer("incident-clusters", dataset.incidentRecords.map((r, i) => ({ type: "Feature", properties: { id: r.id, cluster: cl.cluster[i], role: DBSCAN_ROLES[cl.role[i]] }, geometry: { type: "Point", coordinates: [r.lon, r.lat] } })), clusterQml());
        progress.onProgress("clusters", 3, steps);
        clusters = { clusters: cl.clusterCount, noise: cl.role.filter((v) => v === 0).length };
        note += `\nDBSCAN (ε ${epsM} m, ${minPoints} points): ${cl.clusterCount} clusters, ${cl.role.filter((v) => v === 0).length} incidents as noise`;
      }
      const byClass = [3, 2, 1, 0, -1, -2, -3].map((c) => ({ giBin: c, hotspot: HOTSPOT_CLASSES[String(c) as keyof typeof HOTSPOT_CLASSES], count: g.hotspotClass.filter((v) => v === c).length }));
      const placesFile = flags.places ?? (flags.roads === undefined ? defaultStudyArea(flags.area).places : undefined);
      const attribution = runCredits(inputs, { given: flags.attribution, placesFile });
      const hazards = dataset.hazards.count > 0 ? hazardFeatures(dataset) : undefined;
      const classes = g.meta.fdr ? "classes by Benjamini–Hochberg adjusted p-values (FDR)" : "classes by raw p-values";
      run.map({ hazards, context: [roadsContext(dataset), ...classLayers(hotFeatures, flags.on === "lixels" ? "line" : "fill")] }, { title: `Hot and cold spots of incidents (Getis-Ord Gi* on ${flags.on})`, subtitle: `${note.split("\n")[0]}; ${classes}.`, places: placesFile ? readMapPlaces(placesFile) : [], notes: ["From recorded incidents only: \"not significant\" or a cold spot never means the ground is safe."], attribution });
      progress.onProgress("map", steps, steps);
      progress.stop();
      if (flags.json) {
        const summary = { command: "hotspots", outDir: shownOut, incidents: inc.count, ...options, fdr: g.meta.fdr, units: hotFeatures.length, classes: byClass, dbscan: clusters, workingCrs: dataset.crs.name, outputs: run.written };
        print(`${JSON.stringify(summary, null, 2)}\n`);
      } else if (!flags.quiet) {
        const counts = byClass.filter((c) => c.giBin !== 0).map((c) => `${c.hotspot}: ${c.count}`);
        print(`Getis-Ord Gi* on ${flags.on}: ${note}\n${classes}${permutations > 0 ? `; ${permutations} permutations, seed ${seed}, ${permutationTest} pseudo p-values` : ""}\n${counts.join("\n")}\nWrote:\n${run.lines()}`);
      }
      })),
    );
}

/** One map layer per significant class (hot 99 % … cold 99 %), in the class colours, so the legend names each. */
function classLayers(features: readonly OutFeature[], kind: "line" | "fill"): ContextLayer[] {
  return [3, 2, 1, -1, -2, -3].map((c) => ({
    key: `hotspot-${c}`,
    file: "",
    features: features.filter((f) => f.properties.giBin === c),
    style: { kind, colour: CLASS_COLOURS[String(c)], widthPx: kind === "line" ? 2 + 0.6 * Math.abs(c) : 0, dash: "", opacity: kind === "line" ? 1 : 0.7, label: HOTSPOT_CLASSES[String(c) as keyof typeof HOTSPOT_CLASSES] },
  }));
}
