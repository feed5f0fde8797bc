/**
 * blocked-layer — the lixel layer written and drawn whole (one TypedLayer) and as a BlockedLayer
 * (io/write/blocked-layer.ts, blocksOf: sub-layers sharing the whole layer's arrays, so what differs is
 * what the consumers hold per block: the column data) at bench scale; BENCHMARKS.md "The lixel layer in
 * blocks". One analysis (the library's `analyze` with its defaults), then for each of `whole` and
 * `blocked` in turn (same process, whole first):
 *
 *   - layers: writeLayer of the lixels as geojson, geojsonseq and csv (a blocked layer: one pass, inStep);
 *   - map: staticMap fed the stretches (stretchBlocks / blockedStretchBlocks), its SVG;
 *   - report: reportChunks with the stretch cap fed from the same stretches, written in pieces.
 *
 *   node scripts/bench/blocked-layer.mjs DIST ROADS.geojson INCIDENTS.geojson OUTDIR BLOCK_LIXELS
 *
 * Inputs:  DIST, a compiled dist folder; a gen.mjs roads and incidents file; the block size.
 * Outputs: OUTDIR/whole/ and OUTDIR/blocked/ (the files of each); one JSON line per step on stdout: CPU
 *          seconds, the highest RSS during the step over the RSS before it (sampled every 50 ms from a
 *          worker thread), and at the end whether every file of the two folders is the same bytes.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const [dist, roadsFile, incidentsFile, outDir, blockArg] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(resolve(dist, p)).href);
const { readRoadsGeoJson } = await load("io/read/read-roads.js");
const { readIncidentsGeoJson } = await load("io/read/read-incidents.js");
const { analyze } = await load("pipeline/analyze.js");
const { lixelLayer, incidentFeatures } = await load("io/layers/layers.js");
const { stretchBlocks } = await load("render/report/report-layers.js");
const { blockedStretchBlocks } = await load("render/report/blocked-stretches.js");
const { stretchCapAccumulator } = await load("render/report/report-cap.js");
const { staticMap } = await load("render/map/svg-map.js");
const { reportChunks } = await load("render/report/report.js");
const { summarize } = await load("pipeline/summary.js");
const { writeLayer } = await load("io/write/write-layer.js");
const { writeChunksAtomic, writeFileAtomic } = await load("io/write/write-file.js");
const { blocksOf } = await load("io/write/blocked-layer.js");
const { forgetColumnData } = await load("io/typed/column-data.js");

const mib = (b) => Math.round(b / 2 ** 20);
const peak = new Int32Array(new SharedArrayBuffer(4));
const w = new Worker(`const { workerData } = require("node:worker_threads"); setInterval(() => { const m = Math.round(process.memoryUsage.rss() / 2 ** 20); if (m > workerData[0]) workerData[0] = m; }, 50);`, { eval: true, workerData: peak });
w.unref();
function step(name, fn) {
  globalThis.gc?.();
  const before = mib(process.memoryUsage.rss());
  Atomics.store(peak, 0, before);
  const cpu = process.cpuUsage();
  fn();
  const c = process.cpuUsage(cpu);
  console.log(JSON.stringify({ step: name, cpuS: +((c.user + c.system) / 1e6).toFixed(2), rssOverStartMiB: Atomics.load(peak, 0) - before }));
}

const result = analyze({ roads: readRoadsGeoJson(roadsFile), incidents: readIncidentsGeoJson(incidentsFile) }, {});
const whole = lixelLayer(result);
const incidents = incidentFeatures(result);
const summary = summarize(result);
const META = { toolkit: "minerisk", version: "bench", inputs: [], options: {}, workingCrs: { name: "bench", definition: "bench", distanceErrorBound: null } };
const block = Number(blockArg);
console.log(JSON.stringify({ lixels: whole.length, block }));

for (const mode of ["whole", "blocked"]) {
  const dir = join(outDir, mode);
  mkdirSync(dir, { recursive: true });
  const lixels = mode === "whole" ? whole : blocksOf(whole, block);
  step(`${mode} layers`, () => writeLayer(dir, "lixels", lixels, { formats: ["geojson", "geojsonseq", "csv"], protect: [], meta: META }));
  forgetColumnData(whole);
  let svg = "";
  let cap;
  step(`${mode} map`, () => {
    const map = staticMap({ lixels, incidents }, { title: "bench" });
    const acc = stretchCapAccumulator();
    for (const b of mode === "whole" ? stretchBlocks(whole) : blockedStretchBlocks(lixels)) (map.add(b), acc.add(b));
    svg = map.svg();
    cap = acc.finish();
    writeFileAtomic(join(dir, "map.svg"), svg);
  });
  forgetColumnData(whole);
  step(`${mode} report`, () => writeChunksAtomic(join(dir, "report.html"), reportChunks({ summary, layers: { lixels, incidents }, stretchCap: cap, staticMapSvg: svg })));
}
const hash = (p) => createHash("sha256").update(readFileSync(p)).digest("hex");
const files = readdirSync(join(outDir, "whole")).filter((f) => !f.endsWith(".meta.json")).sort();
console.log(JSON.stringify({ files, sameBytes: files.every((f) => hash(join(outDir, "whole", f)) === hash(join(outDir, "blocked", f))) }));
