/**
 * bench-stream-read — one road layer read by one build of minerisk, whole-file or streamed, for
 * BENCHMARKS.md ("Streamed input"): run each mode in its own process under /usr/bin/time -v (peak RSS)
 * and alternate the modes in the same minutes.
 *
 * Inputs:  DIST (a build's dist folder), FILE (a roads GeoJSON), MODE: whole (readRoads as before: the
 *          split two-thread scan), stream (readRoads with streamInput: the scanner over 4 MiB batches) or
 *          stream-full (readRoadsChecked streamed: the full intake, batch by batch) or whole-full (readRoadsChecked
 *          whole: JSON.parse of the file as one string)
 * Outputs: one JSON line: records, wall and CPU ms (process.cpuUsage, every thread), a checksum of the
 *          positions and ids (equal across modes), the 1-minute load average
 * Params:  node scripts/bench/bench-stream-read.mjs DIST FILE whole|stream|stream-full|whole-full
 */
const [dist, file, mode] = process.argv.slice(2);
if (!dist || !file || !["whole", "stream", "stream-full", "whole-full"].includes(mode)) {
  console.error("usage: node scripts/bench/bench-stream-read.mjs DIST FILE whole|stream|stream-full|whole-full");
  process.exit(2);
}
const m = await import(`${dist}/io/read/read-roads.js`);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const t = performance.now(), c = cpu();
const options = { strictness: "lenient", streamInput: mode.startsWith("stream") };
const read = mode.endsWith("-full") ? m.readRoadsChecked([file], options) : m.readRoads([file], options);
const wallMs = Math.round(performance.now() - t), cpuMs = Math.round(cpu() - c);
let sum = 0, positions = 0;
for (const r of read.records) {
  if (r.packed) {
    // the scanner's records: read the packed positions (r.parts would build 7 M small arrays and dwarf the read's memory)
    const { lonLat, partStart, featurePart, firstRecord } = r.packed;
    const f = r.record - 1 - firstRecord;
    for (let k = featurePart[f]; k < featurePart[f + 1]; k++) for (let v = partStart[k]; v < partStart[k + 1]; v++) { sum += lonLat[2 * v] * 3 + lonLat[2 * v + 1]; positions++; }
  } else for (const part of r.parts) for (const [x, y] of part) { sum += x * 3 + y; positions++; }
  for (let k = 0; k < r.id.length; k++) sum += r.id.charCodeAt(k) * 1e-6;
}
const f = read.report.files[0];
console.log(JSON.stringify({ mode, records: read.records.length, read: f.read, used: f.used, issues: f.issues.length, positions, checksum: sum.toFixed(6), wallMs, cpuMs, load: (await import("node:os")).loadavg()[0] }));
