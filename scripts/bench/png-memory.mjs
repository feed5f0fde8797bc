/**
 * png-memory — the memory and CPU of rendering a map SVG to PNG (render/png.ts, resvg) with a compiled
 * dist folder, optionally with every path's `d` repeated COPIES times: an SVG with the drawing of a run
 * COPIES times larger (M's map.svg × 10 ≈ L's), without a run at that size.
 *
 *   node --expose-gc scripts/bench/png-memory.mjs DIST MAP.svg [COPIES=1]
 *
 * Inputs:  DIST, a compiled dist folder; MAP.svg, e.g. a run's map.svg; COPIES.
 * Outputs: one JSON line on stdout: the SVG's size, the RSS before, the highest RSS during the render
 *          (sampled every 50 ms from a worker thread: the render is synchronous), the RSS after a GC, the
 *          PNG's size and the render's CPU seconds.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
const [dist, svgFile, copies] = process.argv.slice(2);
const { svgToPng } = await import(pathToFileURL(resolve(dist, "render/png.js")).href);
let svg = readFileSync(svgFile, "utf8");
const k = Number(copies ?? 1);
if (k > 1) svg = svg.replace(/ d="([^"]*)"/g, (_, d) => ` d="${Array.from({ length: k }, () => d).join(" ")}"`);
globalThis.gc?.();
const before = process.memoryUsage.rss();
const peak = new Int32Array(new SharedArrayBuffer(4));
const w = new Worker(`const { workerData } = require("node:worker_threads"); setInterval(() => { const m = Math.round(process.memoryUsage.rss() / 2 ** 20); if (m > workerData[0]) workerData[0] = m; }, 50);`, { eval: true, workerData: peak });
w.unref();
await new Promise((r) => setTimeout(r, 200));
const c0 = process.cpuUsage();
const png = svgToPng(svg);
const c = process.cpuUsage(c0);
globalThis.gc?.();
await new Promise((r) => setTimeout(r, 200));
const mib = (b) => Math.round(b / 2 ** 20);
console.log(JSON.stringify({ svgMB: +(Buffer.byteLength(svg) / 1e6).toFixed(1), copies: k, rssBeforeMiB: mib(before), peakMiB: Atomics.load(peak, 0), rssAfterGcMiB: mib(process.memoryUsage.rss()), pngBytes: png.length, cpuS: +((c.user + c.system) / 1e6).toFixed(2) }));
