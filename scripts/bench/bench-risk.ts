/**
 * bench-risk — time riskScores (and its incident-intensity part) on the seeded data of
 * ../shared/bench/gen.mjs, through the package's public door, as scored-network.ts calls it (roads split
 * at junctions, 100 m lixels, routes rejoined through junctions).
 *
 * Inputs:  a folder written by `node ../shared/bench/gen.mjs S|M|L DIR` (roads.geojson, incidents.geojson)
 * Outputs: one line per run on stdout: lixels, incidents, wall and CPU ms of riskScores (CPU of this
 *          process, all threads: on a shared machine wall time moves with the load); a checksum as the sink
 * Params:  npm run build && npx tsx scripts/bench/bench-risk.ts DIR [runs=3]
 *          (it runs the compiled package in dist/, as users do)
 */
import { join } from "node:path";
import { buildAreaIndex, buildDataset, buildLixelIndex, lixelize, lixelRoutes, readIncidents, readRoads, riskScores, splitAtJunctions } from "../../dist/index.js";

const [dir, runsArg = "3"] = process.argv.slice(2);
if (!dir) {
  console.error("usage: npx tsx scripts/bench/bench-risk.ts DIR [runs]");
  process.exit(2);
}
const UTM38N = "+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs";
const roads = readRoads([join(dir, "roads.geojson")]).records;
const incidents = readIncidents([join(dir, "incidents.geojson")]).records;
const ds = buildDataset({ roads, incidents }, { crs: UTM38N });
const network = splitAtJunctions(ds.roads, { snapToleranceM: 1 });
const lixels = lixelize(network.roads, { lixelLengthM: 100 });
const index = buildLixelIndex(lixels);
const areas = buildAreaIndex(ds.hazards, () => true);
const routes = lixelRoutes(lixels, network.roads);
let sink = 0;
const times: number[] = [];
for (let r = 0; r < Number(runsArg); r++) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const risk = riskScores(index, ds.incidents, areas, { routes });
  times.push(performance.now() - t0);
  const cpu = process.cpuUsage(cpu0);
  for (let l = 0; l < lixels.count; l += 97) sink += risk.ratePerKmYear[l];
  console.log(`run ${r + 1}: ${lixels.count} lixels, ${ds.incidents.count} incidents: riskScores ${times[r].toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`);
}
times.sort((a, b) => a - b);
console.log(`median riskScores ${times[times.length >> 1].toFixed(0)} ms (sink ${sink.toPrecision(6)})`);
