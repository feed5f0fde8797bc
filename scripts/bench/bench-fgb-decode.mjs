/**
 * bench-fgb-decode — the FlatGeobuf reader alone, without the intake, for BENCHMARKS.md ("Streamed
 * FlatGeobuf input"): how much of a read's memory is the reader's. Run under /usr/bin/time -v.
 *
 * Inputs:  DIST (a build's dist folder), FILE (a .fgb), MODE: visit (this branch's forEachFeature: each
 *          feature decoded and dropped, the reused 4 MiB buffer only) or collect (readFlatGeobuf: every
 *          feature kept, as the whole read hands them to the intake; on main, flatgeobuf's deserialize over
 *          the file read as one buffer), BBOX (optional minX,minY,maxX,maxY)
 * Outputs: one JSON line: features, positions, a checksum, wall and CPU ms, the 1-minute load average
 * Params:  node scripts/bench/bench-fgb-decode.mjs DIST FILE visit|collect [BBOX]
 */
import { loadavg } from "node:os";

const [dist, file, mode, boxText] = process.argv.slice(2);
if (!dist || !file || !["visit", "collect"].includes(mode)) {
  console.error("usage: node scripts/bench/bench-fgb-decode.mjs DIST FILE visit|collect [minX,minY,maxX,maxY]");
  process.exit(2);
}
const bbox = boxText ? boxText.split(",").map(Number) : undefined;
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const t = performance.now(), c = cpu();
let features = 0, positions = 0, sum = 0;
const add = (f) => {
  features++;
  for (const p of f.geometry.coordinates) { sum += p[0] + p[1]; positions++; } // LineStrings
};
if (mode === "visit") {
  const { openFlatGeobuf, forEachFeature, closeFlatGeobuf } = await import(`${dist}/io/formats/fgb-file.js`);
  const { findHits } = await import(`${dist}/io/formats/fgb-search.js`);
  const f = openFlatGeobuf(file);
  const hits = bbox ? await findHits(f, bbox, 4 * 2 ** 20) : undefined;
  forEachFeature(f, 4 * 2 ** 20, hits, add);
  closeFlatGeobuf(f);
} else {
  const { readFlatGeobuf } = await import(`${dist}/io/formats/read-flatgeobuf.js`);
  for (const f of (await readFlatGeobuf(file, { bbox })).collection.features) add(f);
}
console.log(JSON.stringify({ mode, bbox: boxText ?? null, features, positions, checksum: sum.toFixed(6), wallMs: Math.round(performance.now() - t), cpuMs: Math.round(cpu() - c), load1: loadavg()[0].toFixed(1) }));
