import type { Command } from "commander";
import { join } from "node:path";
import { dbscanClusters, DBSCAN_ROLES } from "../../analyses/clusters/dbscan-clusters.ts";
import { snapEventsToLixels } from "../../analyses/density/network-events.ts";
import { getisOrdGiStar } from "../../analyses/hotspots/getis-ord-gi-star.ts";
import { HOTSPOT_CLASSES } from "../../analyses/hotspots/hotspot-classes.ts";
import { networkBandNeighbours } from "../../analyses/hotspots/network-neighbours.ts";
import { buildRoadGraph } from "../../analyses/routing/road-graph.ts";
import { OptionError } from "../../core/errors.ts";
import { lixelize } from "../../core/lixels.ts";
import { buildDataset } from "../../io/read/build-dataset.ts";
import { MAX_DISTANCE_ERROR_HELP, maxDistanceErrorFlag } from "../model-options.ts";
import { cellFeatures, squareCells } from "../../io/layers/cells.ts";
import { formatFeatureCollection, type OutFeature } from "../../io/write/format-geojson.ts";
import { toLonLat } from "../../io/layers/layers.ts";
import { writeFileAtomic } from "../../io/write/write-file.ts";
import { buildLixelIndex } from "../../spatial/lixel-index.ts";
import { distanceBandNeighbours, nearestNeighbours } from "../../spatial/neighbours.ts";
import { splitAtJunctions } from "../../spatial/road-junctions.ts";
import { numberFlag } from "../flags.ts";
import { checkOutDir, addInputOptions, type InputFlags, readInputs } from "../inputs.ts";

interface HotspotFlags extends InputFlags {
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

/** ArcGIS-like Gi_Bin colours: reds hot, blues cold, light grey not significant. */
const CLASS_COLOURS: Record<string, string> = { "-3": "#4575b4", "-2": "#91bfdb", "-1": "#e0f3f8", "0": "#f0f0f0", "1": "#fee090", "2": "#fc8d59", "3": "#d73027" };
const sig = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null);

/** `minerisk hotspots`: Getis-Ord Gi* of incident counts on lixels or square cells → hotspots.geojson; optional DBSCAN clusters. */
export function registerHotspots(program: Command, print: (text: string) => void): void {
  addInputOptions(program.command("hotspots").description("Getis-Ord Gi* hot and cold spots of incidents on road lixels or square cells, and optional DBSCAN clusters"))
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
    .option("--cluster-eps <m>", "also write DBSCAN clusters of incidents with this radius, metres")
    .option("--cluster-min <n>", "DBSCAN: points within the radius (itself included) that make a core point", "3")
    .option("--working-crs <proj>", "working CRS as a projected proj string in metres (default: a transverse Mercator fitted to the roads)")
    .option("--max-distance-error <fraction>", MAX_DISTANCE_ERROR_HELP)
    .action((flags: HotspotFlags) => {
      checkOutDir(flags.out);
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
      const cellSizeM = numberFlag(flags.cellSize, "--cell-size");
      const epsM = flags.clusterEps === undefined ? undefined : numberFlag(flags.clusterEps, "--cluster-eps");
      const minPoints = numberFlag(flags.clusterMin, "--cluster-min");

      const inputs = readInputs(flags, { reportDir: flags.out });
      const dataset = buildDataset(inputs, { crs: flags.workingCrs, maxDistanceError: maxDistanceErrorFlag(flags.maxDistanceError) });
      const inc = dataset.incidents;
      const written: string[] = [];
      const layer = (name: string, features: OutFeature[]) => {
        writeFileAtomic(join(flags.out, `${name}.geojson`), formatFeatureCollection(features, { name }), inputs.files);
        written.push(`${flags.out}/${name}.geojson (${features.length} features)`);
      };
      const giProps = (g: ReturnType<typeof getisOrdGiStar>, i: number) => {
        const cls = String(g.hotspotClass[i]) as keyof typeof HOTSPOT_CLASSES;
        return { giZ: sig(g.z[i]), giP: sig(g.p[i]), giPSim: sig(g.pSim[i]), giQ: sig(g.q[i]), giBin: g.hotspotClass[i], hotspot: HOTSPOT_CLASSES[cls] };
      };
      let g: ReturnType<typeof getisOrdGiStar>;
      let note: string;
      if (flags.on === "lixels") {
        const network = splitAtJunctions(dataset.roads);
        const lixels = lixelize(network.roads, { lixelLengthM });
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
        layer("hotspots", feats);
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
        layer("hotspots", cellFeatures(cells, (c) => ({ incidents: counts[c], ...giProps(gg, c), fill: CLASS_COLOURS[String(gg.hotspotClass[c])], "fill-opacity": 0.6, "stroke-width": 0 })));
        note = `${inc.count - outside} incidents in ${counts.length} cells of ${cellSizeM} m over the roads' extent (${outside} outside it); neighbours: ${k !== undefined ? `${k} nearest` : `planar band ${bandM} m`}`;
      }
      if (epsM !== undefined) {
        const lon = Float64Array.from(dataset.incidentRecords, (r) => r.lon);
        const lat = Float64Array.from(dataset.incidentRecords, (r) => r.lat);
        const cl = dbscanClusters(lon, lat, { epsM, minPoints });
        layer("incident-clusters", dataset.incidentRecords.map((r, i) => ({ type: "Feature", properties: { id: r.id, cluster: cl.cluster[i], role: DBSCAN_ROLES[cl.role[i]] }, geometry: { type: "Point", coordinates: [r.lon, r.lat] } })));
        note += `\nDBSCAN (ε ${epsM} m, ${minPoints} points): ${cl.clusterCount} clusters, ${cl.role.filter((v) => v === 0).length} incidents as noise`;
      }
      const counts = [3, 2, 1, -1, -2, -3].map((c) => `${HOTSPOT_CLASSES[String(c) as keyof typeof HOTSPOT_CLASSES]}: ${g.hotspotClass.filter((v) => v === c).length}`);
      print(`Getis-Ord Gi* on ${flags.on}: ${note}\n${g.meta.fdr ? "classes by Benjamini–Hochberg adjusted p-values (FDR)" : "classes by raw p-values"}${permutations > 0 ? `; ${permutations} permutations, seed ${seed}, ${permutationTest} pseudo p-values` : ""}\n${counts.join("\n")}\nWrote:\n${written.map((w) => `  ${w}\n`).join("")}`);
    });
}
