/**
 * bench-fgb-read — one FlatGeobuf road layer read through the intake by one build of minerisk, whole or
 * streamed, with or without a box, for BENCHMARKS.md ("Streamed FlatGeobuf input"): run each mode in its
 * own process under /usr/bin/time -v (peak RSS) and alternate the modes in the same minutes.
 *
 * Inputs:  DIST (a build's dist folder: main's or a branch's), FILE (a roads .fgb), MODE: whole
 *          (loadVectorFormats then readRoads, as the CLI reads a .fgb below the byte budget) or stream
 *          (readRoads with streamInput: true; with a box, loadVectorFormats finds the hits first, as the CLI
 *          does with --stream-input --bbox), BBOX (optional minX,minY,maxX,maxY)
 * Outputs: one JSON line: records read, wall and CPU ms (process.cpuUsage), a checksum of every position
 *          and the record count (equal across modes), the 1-minute load average
 * Params:  node scripts/bench/bench-fgb-read.mjs DIST FILE whole|stream [BBOX]
 */
import { loadavg } from "node:os";

const [dist, file, mode, boxText] = process.argv.slice(2);
if (!dist || !file || !["whole", "stream"].includes(mode)) {
  console.error("usage: node scripts/bench/bench-fgb-read.mjs DIST FILE whole|stream [minX,minY,maxX,maxY]");
  process.exit(2);
}
const { readRoads } = await import(`${dist}/io/read/read-roads.js`);
const { loadVectorFormats } = await import(`${dist}/io/formats/vector-formats.js`);
const bbox = boxText ? boxText.split(",").map(Number) : undefined;
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const t = performance.now(), c = cpu();
const stream = mode === "stream";
const loaded = await loadVectorFormats([file], { bbox, streamed: () => stream });
const read = readRoads([file], { strictness: "lenient", loaded, streamInput: stream });
const wallMs = Math.round(performance.now() - t), cpuMs = Math.round(cpu() - c);
let sum = 0, positions = 0;
for (const r of read.records) for (const part of r.parts) for (const p of part) { sum += p[0] + p[1]; positions++; }
const f = read.report.files[0];
console.log(JSON.stringify({ mode, bbox: boxText ?? null, records: read.records.length, read: f.read, rejected: f.rejected, positions, checksum: sum.toFixed(6), wallMs, cpuMs, load1: loadavg()[0].toFixed(1) }));
