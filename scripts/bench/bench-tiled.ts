/**
 * bench-tiled — `analyze` through tiles on the worker-thread pool against the whole run, on the seeded data
 * of ../shared/bench/gen.mjs (or scripts/bench/gen-xl.mjs): per-tile throughput and the speed-up from 1 to 2
 * worker threads, with the merged per-lixel rates checked against the whole run's bit for bit.
 *
 * Inputs:  a folder written by `node ../shared/bench/gen.mjs S|M|L DIR` (roads.geojson, incidents.geojson)
 * Outputs: one line per run on stdout: wall and CPU s (process.cpuUsage: every thread of this process),
 *          peak RSS of the process (all threads share it), lixels/s per worker; and whether the bytes agree
 * Params:  npm run build && npx tsx scripts/bench/bench-tiled.ts DIR [tiles=16] [threads=1,2] [whole=1]
 *          (it runs the compiled package in dist/, as users do; whole=0 skips the whole-run reference)
 */
import { join } from "node:path";
import { analyze, analyzeTiledPool, readIncidents, readRoads } from "../../dist/index.js";

const [dir, tilesArg = "16", threadsArg = "1,2", wholeArg = "1"] = process.argv.slice(2);
if (!dir) {
  console.error("usage: npx tsx scripts/bench/bench-tiled.ts DIR [tiles] [threads,list] [whole 0|1]");
  process.exit(2);
}
const roads = readRoads([join(dir, "roads.geojson")]).records;
const incidents = readIncidents([join(dir, "incidents.geojson")]).records;
const input = { roads, incidents };
const mib = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
const cpuS = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;

function measure<T>(run: () => T): { value: T; wallS: number; cpuS: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = run();
  return { value, wallS: (performance.now() - t0) / 1000, cpuS: cpuS(process.cpuUsage(c0)) };
}

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
let reference: Float64Array | undefined;
if (wholeArg !== "0") {
  const w = measure(() => analyze(input));
  reference = w.value.risk.ratePerKmYear;
  console.log(`whole: ${w.value.lixels.count} lixels, ${w.wallS.toFixed(1)} s wall, ${w.cpuS.toFixed(1)} CPU-s, peak RSS so far ${mib()} MiB`);
}
for (const threads of threadsArg.split(",").map(Number)) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const tiled = await analyzeTiledPool(input, { tiles: Number(tilesArg) }, { threads });
  const wallS = (performance.now() - t0) / 1000;
  const cpu = cpuS(process.cpuUsage(c0));
  const agree = reference ? (same(tiled.risk.ratePerKmYear, reference) ? "rates bit-identical to the whole run" : "RATES DIFFER") : "no reference";
  console.log(`tiled ${tilesArg} tiles on ${threads} thread(s): ${tiled.lixels.count} lixels, ${wallS.toFixed(1)} s wall, ${cpu.toFixed(1)} CPU-s, ${(tiled.lixels.count / wallS / threads).toFixed(0)} lixels/s per worker, peak RSS so far ${mib()} MiB; ${agree}`);
}
