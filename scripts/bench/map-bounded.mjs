/**
 * map-bounded — the static map and the report's map selection at bench scale, before and after they were
 * fed a block at a time (render/map/map-lixels.ts, render/report/report-cap.ts; BENCHMARKS.md "Bounded
 * maps"). One analysis (the library's `analyze` with its defaults, not the CLI: no layer is written), then:
 *
 *   - report selection, before: displayStretches of every lixel, held, then capStretches;
 *   - report selection, after: stretchBlocks into stretchCapAccumulator;
 *   - static map, before: every stretch as vector paths (staticMap with no vector budget: the bytes of
 *     renderSvgMap before this change, as the gen.mjs M outputs compared with `cmp` show);
 *   - static map, after: staticMap with its default budget (past it, the roads as the map's pixels).
 *
 *   node --expose-gc scripts/bench/map-bounded.mjs DIST ROADS.geojson INCIDENTS.geojson OUTDIR
 *
 * Inputs:  DIST, a compiled dist folder; a gen.mjs roads and incidents file.
 * Outputs: OUTDIR/map-before.svg and OUTDIR/map-after.svg (render them with png-memory.mjs, one process
 *          each); one JSON line per measure on stdout: CPU seconds, the live JS heap after a full GC
 *          with the result held (MiB), the highest RSS during the step over the RSS before it (sampled
 *          every 50 ms from a worker thread), counts and sizes.
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const [dist, roadsFile, incidentsFile, outDir] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(resolve(dist, p)).href);
const { readRoads } = await load("io/read/read-roads.js");
const { readIncidents } = await load("io/read/read-incidents.js");
const { analyze } = await load("pipeline/analyze.js");
const { lixelLayer, incidentFeatures } = await load("io/layers/layers.js");
const { displayStretches, stretchBlocks } = await load("render/report/report-layers.js");
const { capStretches, stretchCapAccumulator } = await load("render/report/report-cap.js");
const { staticMap } = await load("render/map/svg-map.js");

const mib = (b) => Math.round(b / 2 ** 20);
const peak = new Int32Array(new SharedArrayBuffer(4));
const w = new Worker(`const { workerData } = require("node:worker_threads"); setInterval(() => { const m = Math.round(process.memoryUsage.rss() / 2 ** 20); if (m > workerData[0]) workerData[0] = m; }, 50);`, { eval: true, workerData: peak });
w.unref();

/** Run `fn`, report its CPU, its RSS peak over the start, and the live heap with its result held; then `keep` it (nothing is returned, so no result outlives its step). */
async function measure(name, fn, describe, keep = () => {}) {
  globalThis.gc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage.rss();
  await new Promise((r) => setTimeout(r, 120));
  Atomics.store(peak, 0, mib(rss0));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = fn();
  const c = process.cpuUsage(c0);
  const wallS = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 120));
  globalThis.gc();
  const held = process.memoryUsage().heapUsed - heap0;
  console.log(JSON.stringify({ name, cpuS: +((c.user + c.system) / 1e6).toFixed(2), wallS: +wallS.toFixed(2), heapHeldMiB: mib(held), rssPeakOverStartMiB: Atomics.load(peak, 0) - mib(rss0), ...describe(out) }));
  keep(out);
}

const t0 = performance.now();
const roads = readRoads([roadsFile]).records;
const incidents = readIncidents([incidentsFile]).records;
const result = analyze({ roads, incidents });
const lixels = lixelLayer(result);
const layers = { lixels, incidents: incidentFeatures(result) };
console.log(JSON.stringify({ name: "analysis", lixels: lixels.length, wallS: +((performance.now() - t0) / 1000).toFixed(1) }));
const mapOptions = { title: "Recorded mine risk along the roads", notes: ["bench map-bounded.mjs"] };

await measure("report selection, before (all stretches, then capStretches)", () => {
  const all = displayStretches(lixels);
  const cap = capStretches(all);
  return { all, cap };
}, ({ all, cap }) => ({ stretches: all.length, drawn: cap.drawn.length }));
await measure("report selection, after (blocks into stretchCapAccumulator)", () => {
  const acc = stretchCapAccumulator();
  for (const block of stretchBlocks(lixels)) acc.add(block);
  return acc.finish();
}, (cap) => ({ stretches: cap.total, drawn: cap.drawn.length }));
for (const [name, budget] of [["before", Infinity], ["after", undefined]]) {
  await measure(`static map, ${name}`, () => {
    const map = staticMap(layers, { ...mapOptions, vectorMaxChars: budget });
    for (const block of stretchBlocks(lixels)) map.add(block);
    return map.svg();
  }, (s) => ({ svgBytes: Buffer.byteLength(s), raster: s.includes('class="lixels raster"') }), (s) => writeFileSync(join(outDir, `map-${name}.svg`), s));
}
