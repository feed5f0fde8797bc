/**
 * fgb-blocked-memory — the memory and CPU of writing a lixel-shaped layer's FlatGeobuf from blocks
 * (writeBlockedFlatGeobuf, io/write/write-flatgeobuf-blocked.ts) against the whole layer at once
 * (writeTypedFlatGeobuf), in separate processes, and whether both give the same bytes (sha256). The layer is
 * SYNTHETIC and seeded, shaped like fgb-memory.mjs's (lixelLayer's 24 columns, 2 or 3 vertices per lixel,
 * ≈ 8.5 lixels per road in a 6° × 4° box), made in blocks of BLOCK features, each from its own seed, so a
 * block can be made without the others; "typed" joins all blocks into one layer first.
 *
 *   node --expose-gc scripts/bench/fgb-blocked-memory.mjs DIST typed|blocked|prepass OUT.fgb [LIXELS=2000000] [BLOCK=65536]
 *
 * Inputs:  DIST, a compiled dist folder; the mode; OUT.fgb, where to write (the blocked mode's scratch file
 *          goes beside it); the lixel count and block size.
 * Outputs: one JSON line: peak RSS of the process (maxRSS), the RSS before the write, the write's CPU
 *          seconds (in "prepass" mode with pass A's, made during the script's own pass over the blocks as
 *          another writer of the layer would, through flatGeobufPrepass), one block pass's CPU seconds
 *          (making the blocks and reading their columns, which the blocked writer does twice, once after
 *          a prepass; not "typed"), the file's size and sha256.
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dist, mode, out, count, blockArg] = process.argv.slice(2);
if (!dist || !out || (mode !== "typed" && mode !== "blocked" && mode !== "prepass")) {
  console.error("usage: node --expose-gc scripts/bench/fgb-blocked-memory.mjs DIST typed|blocked|prepass OUT.fgb [LIXELS] [BLOCK]");
  process.exit(2);
}
const n = Number(count ?? 2_000_000);
const B = Number(blockArg ?? 65536);
const mod = (p) => import(pathToFileURL(resolve(dist, p)).href);
const { typedLayer } = await mod("io/write/typed-layer.js");
const { layerColumnData, forgetColumnData } = await mod("io/typed/column-data.js");
const { writeTypedFlatGeobuf } = await mod("io/write/write-flatgeobuf-typed.js");
const { flatGeobufPrepass, writeBlockedFlatGeobuf } = await mod("io/write/write-flatgeobuf-blocked.js");

/** mulberry32 seeded with `seed`. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const perRoad = 8.5;
const classes = ["none recorded", "low", "moderate", "high", "very high"];
const colours = ["#bdbdbd", "#fee08b", "#fdae61", "#f46d43", "#a50026"];
const sig = (v) => Number(v.toPrecision(6));
const r3 = (v) => Math.round(v * 1000) / 1000;

/** Features [from, to): vertices (offsets from 0) and rates, from the block's own seed. */
function blockData(b) {
  const from = b * B;
  const m = Math.min(n, from + B) - from;
  const rand = random(0x16 + b);
  const offsets = new Float64Array(m + 1);
  for (let j = 0; j < m; j++) offsets[j + 1] = offsets[j] + (rand() < 0.6 ? 2 : 3);
  const lonLat = new Float64Array(2 * offsets[m]);
  let x = 44 + 6 * rand();
  let y = 38 + 4 * rand();
  for (let j = 0; j < m; j++) {
    if ((from + j) % perRoad < 1) (x = 44 + 6 * rand()), (y = 38 + 4 * rand());
    for (let v = offsets[j]; v < offsets[j + 1]; v++) {
      if (v > offsets[j]) (x += (rand() - 0.5) * 0.0012), (y += (rand() - 0.5) * 0.0012);
      lonLat[2 * v] = x;
      lonLat[2 * v + 1] = y;
    }
  }
  const rate = new Float64Array(m);
  for (let j = 0; j < m; j++) rate[j] = rand() < 0.3 ? 0 : sig(rand() ** 3 * 2);
  return { from, m, offsets, lonLat, rate };
}

/** lixelLayer's columns over features whose rate is rate[i - from] (i the global index, j = i - from local). */
function columns(from, rate) {
  const road = (i) => Math.floor(i / perRoad);
  const cls = (j) => (rate[j] === 0 ? 0 : Math.min(4, 1 + Math.floor(rate[j] * 2.5)));
  const part = (j, k) => sig(rate[j] * (0.1 + 0.2 * (((from + j) * 7 + k) % 5)));
  const g = (f) => (j) => f(from + j, j);
  return [
    ["lixel", g((i) => i)],
    ["roadId", g((i) => `synthetic-road-${road(i)}`)],
    ["roadName", g((i) => (road(i) % 4 === 0 ? null : `Synthetic road ${road(i) % 100_000}`))],
    ["fromKm", g((i) => r3((i % perRoad) * 0.1))],
    ["toKm", g((i) => r3((i % perRoad) * 0.1 + 0.1))],
    ["lengthM", g((i) => r3(95 + (i % 10) / 3))],
    ["ratePerKmYear", (j) => rate[j]],
    ["riskClass", (j) => classes[cls(j)]],
    ["incidentRatePerKmYear", (j) => part(j, 1)],
    ["localRatePerKmYear", (j) => part(j, 2)],
    ["networkRatePerKmYear", (j) => part(j, 3)],
    ["regionalRatePerKmYear", (j) => part(j, 4)],
    ["hazardRatePerKmYear", () => 0],
    ["casualtyRatePerKmYear", (j) => part(j, 5)],
    ["confirmedHazardShare", () => 0],
    ["suspectedHazardShare", () => 0],
    ["nearestHazardM", () => null],
    ["nearestIncidentM", g((i) => r3(((i * 2654435761) % 3e7) / 1000))],
    ["nearestIncidentId", g((i) => `synthetic-inc-${(i * 7) % 100_000}`)],
    ["incidentsWithin1000m", g((i) => i % 3)],
    ["incidentsWithin5000m", g((i) => i % 17)],
    ["geometryQuality", g((i) => (road(i) % 9 === 0 ? "schematic" : "surveyed"))],
    ["stroke", (j) => colours[cls(j)]],
    ["stroke-width", (j) => 1 + cls(j)],
  ].map(([name, value]) => ({ name, value }));
}

const blockCount = Math.ceil(n / B);
const makeBlock = (b) => {
  const d = blockData(b);
  return typedLayer(d.m, columns(d.from, d.rate), "LineString", d.lonLat, d.offsets);
};
const mib = (b) => Math.round(b / 2 ** 20);
const cpuS = (c) => Math.round((c.user + c.system) / 1e4) / 100;
let result;
if (mode === "typed") {
  // the whole layer: every block's arrays joined (the rates as one array, the columns over it)
  const parts = Array.from({ length: blockCount }, (_, b) => blockData(b));
  const offsets = new Float64Array(n + 1);
  const lonLat = new Float64Array(2 * parts.reduce((s, p) => s + p.offsets[p.m], 0));
  const rate = new Float64Array(n);
  let v0 = 0;
  for (const p of parts) {
    for (let j = 1; j <= p.m; j++) offsets[p.from + j] = v0 + p.offsets[j];
    lonLat.set(p.lonLat, 2 * v0);
    rate.set(p.rate, p.from);
    v0 += p.offsets[p.m];
  }
  parts.length = 0;
  const layer = typedLayer(n, columns(0, rate), "LineString", lonLat, offsets);
  layerColumnData(layer);
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  writeTypedFlatGeobuf(out, layer, { name: "lixels" });
  result = { rssBeforeMiB: mib(before), writeCpuS: cpuS(process.cpuUsage(cpu0)) };
} else {
  const layer = {
    blocked: true,
    length: n,
    vertexCount: 0, // not read by the FlatGeobuf writer
    *blocks() {
      for (let b = 0; b < blockCount; b++) yield makeBlock(b);
    },
  };
  // one pass making the blocks and reading their columns, as another writer of the layer would; "prepass":
  // pass A of the FlatGeobuf writer made on the way (its CPU is counted in the write's, measured apart)
  const prepass = mode === "prepass" ? flatGeobufPrepass({ tmpDir: dirname(resolve(out)) }) : undefined;
  let prepassCpu = 0;
  const pass0 = process.cpuUsage();
  for (const block of layer.blocks()) {
    layerColumnData(block);
    const p0 = process.cpuUsage();
    prepass?.add(block);
    const p = process.cpuUsage(p0);
    prepassCpu += p.user + p.system;
    forgetColumnData(block);
  }
  const passCpuS = cpuS(process.cpuUsage(pass0)) - cpuS({ user: prepassCpu, system: 0 });
  globalThis.gc?.();
  const before = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  writeBlockedFlatGeobuf(out, layer, { name: "lixels", prepass });
  const write = process.cpuUsage(cpu0);
  result = { rssBeforeMiB: mib(before), writeCpuS: cpuS({ user: write.user + write.system + prepassCpu, system: 0 }), blockPassCpuS: passCpuS };
}
const maxRssMiB = mib(process.resourceUsage().maxRSS * 1024); // before the hash, which reads the file in pieces
const hash = createHash("sha256");
const fd = openSync(out, "r");
const chunk = new Uint8Array(1 << 22);
for (let got; (got = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) hash.update(chunk.subarray(0, got));
closeSync(fd);
console.log(JSON.stringify({ mode, lixels: n, block: B, ...result, maxRssMiB, fileBytes: statSync(out).size, sha256: hash.digest("hex") }));
