// bench-geoparquet-read — the GeoParquet reader alone, whole vs streamed, for BENCHMARKS.md "Streamed
// GeoParquet input": what the input costs before the intake holds its records.
//
// Inputs:  a GeoParquet file (e.g. scripts/bench/make-roads-geoparquet.mjs's L roads, 10 row groups)
// Outputs: one JSON line: mode, rows, a sink (vertices counted, so the decoding is not optimised away),
//          CPU seconds (user + system) and peak RSS (process.resourceUsage().maxRSS) of this process
// Params:  MODE: whole (readGeoParquet: parquet-wasm → one Arrow table → features, all held) or stream
//          (streamGeoParquet: a row group at a time, each group's features dropped after counting); or the
//          roads intake on top (readRoads, lenient "list"): intake-whole (loadVectorFormats, then the
//          intake over the collection) or intake-stream (streamInput: the intake takes each row group)
// Run:     npm run build && node scripts/bench/bench-geoparquet-read.mjs FILE MODE   (one mode per process)
import { readGeoParquet } from "../../dist/io/formats/read-geoparquet.js";
import { streamGeoParquet } from "../../dist/io/formats/stream-geoparquet.js";
import { loadVectorFormats } from "../../dist/io/formats/vector-formats.js";
import { readRoads } from "../../dist/io/read/read-roads.js";

const [file, mode] = process.argv.slice(2);
const MODES = ["whole", "stream", "intake-whole", "intake-stream"];
if (!file || !MODES.includes(mode)) throw new Error(`usage: bench-geoparquet-read.mjs FILE ${MODES.join("|")}`);
let rows = 0;
let vertices = 0;
const count = (features) => {
  for (const f of features) {
    rows++;
    vertices += f.geometry?.coordinates?.length ?? 0;
  }
};
if (mode === "whole") {
  const layer = await readGeoParquet(file);
  if (!layer.collection) throw new Error(layer.issues.map((i) => i.message).join("; "));
  count(layer.collection.features);
} else if (mode === "stream") streamGeoParquet(file, {}, count);
else {
  const streamInput = mode === "intake-stream";
  const loaded = streamInput ? undefined : await loadVectorFormats([file]);
  const got = readRoads([file], { loaded, streamInput, strictness: "list" });
  rows = got.report.files[0].read;
  for (const r of got.records) for (const p of r.parts) vertices += p.length;
}
const u = process.resourceUsage();
console.log(JSON.stringify({ mode, rows, vertices, cpuS: Math.round((u.userCPUTime + u.systemCPUTime) / 1e4) / 100, peakRssMB: Math.round(u.maxRSS / 1024) }));
