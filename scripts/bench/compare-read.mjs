/**
 * compare-read — the read and project steps of bench-w1w2 through one build of minerisk, for A/B runs of
 * two builds in the same hour (BENCHMARKS.md, "Reading faster"): `serial` reads the roads then the
 * incidents (readRoads, readIncidents), `async` reads the incidents on a worker meanwhile
 * (readIncidentsAsync, which older builds lack); then buildDataset in EPSG:32638.
 *
 * Inputs:  LIB (a build's dist/index.js, e.g. a copy of main's dist), DIR (gen.mjs output), MODE
 * Outputs: one JSON line: wall and CPU ms (process.cpuUsage, every thread) of read and of project, load average
 * Params:  MINERISK_MAX_INPUT_BYTES=1073741824 node scripts/bench/compare-read.mjs LIB DIR serial|async
 */
const [lib, dir, mode] = process.argv.slice(2);
if (!lib || !dir || !["serial", "async"].includes(mode)) {
  console.error("usage: node scripts/bench/compare-read.mjs LIB DIR serial|async");
  process.exit(2);
}
const m = await import(lib);
const cpu = () => { const c = process.cpuUsage(); return (c.user + c.system) / 1000; };
const t = performance.now(), c = cpu();
let roads, inc;
if (mode === "serial") {
  roads = m.readRoads([dir + "/roads.geojson"]).records;
  inc = m.readIncidents([dir + "/incidents.geojson"]).records;
} else {
  const p = m.readIncidentsAsync([dir + "/incidents.geojson"]);
  roads = m.readRoads([dir + "/roads.geojson"]).records;
  inc = (await p).records;
}
const t1 = performance.now(), c1 = cpu();
const ds = m.buildDataset({ roads, incidents: inc }, { crs: "+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs" });
console.log(JSON.stringify({ mode, lib, roads: roads.length, incidents: inc.length, readWallMs: Math.round(t1 - t), readCpuMs: Math.round(c1 - c), projectWallMs: Math.round(performance.now() - t1), projectCpuMs: Math.round(cpu() - c1), load: (await import("node:os")).loadavg()[0] }));
