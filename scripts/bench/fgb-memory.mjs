/**
 * fgb-memory — the memory of writing the lixel layer's FlatGeobuf at bench L size, without a run at L
 * (whose risk phase alone takes many minutes): a SYNTHETIC, seeded typed layer shaped like `lixelLayer`
 * (io/layers/layers.ts: the same 24 columns, text columns as dictionaries of as many distinct values as a
 * run at L has, ≈ 2.6 vertices per lixel as L's 22.7 M vertices over 8.66 M lixels), written with the
 * compiled writer of a given dist folder (main's or a branch's: both export writeTypedFlatGeobuf(path,
 * layer, options)).
 *
 *   node --expose-gc scripts/bench/fgb-memory.mjs DIST OUT.fgb [LIXELS=8658951]
 *
 * Inputs:  DIST, a compiled dist folder; OUT.fgb, where to write; the lixel count (default bench L's).
 * Outputs: one JSON line on stdout: the RSS before the write (the layer and its column data read, after a
 *          full GC), the highest RSS during the write (sampled every 100 ms from a worker thread: the write
 *          is synchronous), the file's size, and the CPU seconds of the write.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

const [dist, out, count] = process.argv.slice(2);
if (!dist || !out) {
  console.error("usage: node --expose-gc scripts/bench/fgb-memory.mjs DIST OUT.fgb [LIXELS]");
  process.exit(2);
}
const n = Number(count ?? 8_658_951);
const mod = (p) => import(pathToFileURL(resolve(dist, p)).href);
const { typedLayer } = await mod("io/write/typed-layer.js");
const { layerColumnData } = await mod("io/typed/column-data.js");
const { writeTypedFlatGeobuf } = await mod("io/write/write-flatgeobuf-typed.js");

// mulberry32, seeded: the same layer every run
let seed = 0x16;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
// lixels of ≈ 8.5 per road (L: 1,014,568 pieces), each of 2 or 3 vertices, in a 6° × 4° box
const perRoad = 8.5;
const offsets = new Float64Array(n + 1);
for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + (rand() < 0.6 ? 2 : 3);
const lonLat = new Float64Array(2 * offsets[n]);
let x = 44;
let y = 38;
for (let i = 0; i < n; i++) {
  if (i % perRoad < 1) (x = 44 + 6 * rand()), (y = 38 + 4 * rand());
  for (let v = offsets[i]; v < offsets[i + 1]; v++) {
    if (v > offsets[i]) (x += (rand() - 0.5) * 0.0012), (y += (rand() - 0.5) * 0.0012);
    lonLat[2 * v] = x;
    lonLat[2 * v + 1] = y;
  }
}
const road = (i) => Math.floor(i / perRoad);
const rate = new Float64Array(n);
for (let i = 0; i < n; i++) rate[i] = rand() < 0.3 ? 0 : Number((rand() ** 3 * 2).toPrecision(6));
const classes = ["none recorded", "low", "moderate", "high", "very high"];
const colours = ["#bdbdbd", "#fee08b", "#fdae61", "#f46d43", "#a50026"];
const cls = (i) => (rate[i] === 0 ? 0 : Math.min(4, 1 + Math.floor(rate[i] * 2.5)));
const sig = (v) => Number(v.toPrecision(6));
const r3 = (v) => Math.round(v * 1000) / 1000;
const part = (i, k) => sig(rate[i] * (0.1 + 0.2 * ((i * 7 + k) % 5)));
const columns = [
  ["lixel", (i) => i],
  ["roadId", (i) => `synthetic-road-${road(i)}`],
  ["roadName", (i) => (road(i) % 4 === 0 ? null : `Synthetic road ${road(i) % 100_000}`)],
  ["fromKm", (i) => r3((i % perRoad) * 0.1)],
  ["toKm", (i) => r3((i % perRoad) * 0.1 + 0.1)],
  ["lengthM", (i) => r3(95 + (i % 10) / 3)],
  ["ratePerKmYear", (i) => rate[i]],
  ["riskClass", (i) => classes[cls(i)]],
  ["incidentRatePerKmYear", (i) => part(i, 1)],
  ["localRatePerKmYear", (i) => part(i, 2)],
  ["networkRatePerKmYear", (i) => part(i, 3)],
  ["regionalRatePerKmYear", (i) => part(i, 4)],
  ["hazardRatePerKmYear", () => 0],
  ["casualtyRatePerKmYear", (i) => part(i, 5)],
  ["confirmedHazardShare", () => 0],
  ["suspectedHazardShare", () => 0],
  ["nearestHazardM", () => null],
  ["nearestIncidentM", (i) => r3(((i * 2654435761) % 3e7) / 1000)],
  ["nearestIncidentId", (i) => `synthetic-inc-${(i * 7) % 100_000}`],
  ["incidentsWithin1000m", (i) => i % 3],
  ["incidentsWithin5000m", (i) => i % 17],
  ["geometryQuality", (i) => (road(i) % 9 === 0 ? "schematic" : "surveyed")],
  ["stroke", (i) => colours[cls(i)]],
  ["stroke-width", (i) => 1 + cls(i)],
].map(([name, value]) => ({ name, value }));
const layer = typedLayer(n, columns, "LineString", lonLat, offsets);
layerColumnData(layer); // the column data the run has read before it writes (write-outputs.ts)
globalThis.gc?.();
const before = process.memoryUsage.rss();
const peak = new Int32Array(new SharedArrayBuffer(4));
const ticker = new Worker(
  `const { workerData } = require("node:worker_threads");
   setInterval(() => { const m = Math.round(process.memoryUsage.rss() / 2 ** 20); if (m > workerData[0]) workerData[0] = m; }, 100);`,
  { eval: true, workerData: peak },
);
ticker.unref();
await new Promise((r) => setTimeout(r, 300));
const cpu0 = process.cpuUsage();
writeTypedFlatGeobuf(out, layer, { name: "lixels" });
const cpu = process.cpuUsage(cpu0);
await new Promise((r) => setTimeout(r, 300));
const mib = (b) => Math.round(b / 2 ** 20);
console.log(JSON.stringify({ dist, lixels: n, rssBeforeMiB: mib(before), rssPeakDuringMiB: Math.max(Atomics.load(peak, 0), mib(before)), maxRssMiB: mib(process.resourceUsage().maxRSS * 1024), fileBytes: statSync(out).size, bytesPerLixel: Math.round(statSync(out).size / n), writeCpuS: Math.round((cpu.user + cpu.system) / 1e4) / 100 }));
