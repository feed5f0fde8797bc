/**
 * bench-w1w2 — the SPEC workloads W1 (per-road nearest incident + count within 500 m) and W2 (quartic
 * density on 250 m cells, 2 km radius) end to end through minerisk's public path, on the seeded data of
 * ../shared/bench/gen.mjs, against a naive per-pair baseline on a sample (extrapolated).
 *
 * Inputs:  a folder written by `node ../shared/bench/gen.mjs S|M|L DIR` (roads.geojson, incidents.geojson)
 * Outputs: a markdown table on stdout and in scripts/bench/results/w1w2-<size>.md
 * Params:  npx tsx scripts/bench/bench-w1w2.ts DIR SIZE [runs=3]
 * Steps timed: read+parse, validate, project (EPSG:32638), index, W1 queries, W2 scatter, writing both
 * results (W1 CSV per road id, W2 raw float64 grid) to a temp folder; peak RSS.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { cpus } from "node:os";
import { join } from "node:path";
import { kernelDensity } from "../../src/analyses/density/kernel-density.ts";
import { buildDataset } from "../../src/io/build-dataset.ts";
import { validateIncidents } from "../../src/io/read-incidents.ts";
import { validateRoads } from "../../src/io/read-roads.ts";
import { polylineDistance } from "../../src/core/math.ts";
import { buildPointIndex, countPointsNearPolyline, nearestPointToPolyline } from "../../src/spatial/point-index.ts";

const [dir, size = "?", runsArg = "3"] = process.argv.slice(2);
if (!dir) {
  console.error("usage: npx tsx scripts/bench/bench-w1w2.ts DIR SIZE [runs]");
  process.exit(2);
}
const OUT = mkdtempSync(join(tmpdir(), "minerisk-bench-"));
const UTM38N = "+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs";
const runs = Number(runsArg);
let sink = 0;

function once() {
  const t: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    t[name] = now - t0;
    t0 = now;
  };
  const roadsJson = JSON.parse(readFileSync(join(dir, "roads.geojson"), "utf8"));
  const incJson = JSON.parse(readFileSync(join(dir, "incidents.geojson"), "utf8"));
  lap("read + JSON.parse");
  // gen.mjs writes numeric ids and a `casualties` column: the validator accepts them as given
  const roads = validateRoads(roadsJson, "roads.geojson");
  const incidents = validateIncidents(incJson, "incidents.geojson");
  lap("validate");
  const ds = buildDataset({ roads, incidents }, { crs: UTM38N });
  lap("project");
  const pi = buildPointIndex(ds.incidents.x, ds.incidents.y);
  lap("index");
  const { xy, roadStart } = ds.roads;
  const nearest = new Float64Array(ds.roads.count);
  const n500 = new Uint32Array(ds.roads.count);
  for (let r = 0; r < ds.roads.count; r++) {
    nearest[r] = nearestPointToPolyline(pi, xy, roadStart[r], roadStart[r + 1]).distanceM;
    n500[r] = countPointsNearPolyline(pi, xy, roadStart[r], roadStart[r + 1], 500);
  }
  lap("W1 queries");
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < ds.incidents.count; i++) {
    minX = Math.min(minX, ds.incidents.x[i]);
    maxX = Math.max(maxX, ds.incidents.x[i]);
    minY = Math.min(minY, ds.incidents.y[i]);
    maxY = Math.max(maxY, ds.incidents.y[i]);
  }
  const zero = new Float64Array(ds.incidents.count); // W2 uses the plain points, no precision widening
  const grid = kernelDensity({ ...ds.incidents, precisionM: zero }, { cellSizeM: 250, bandwidthM: 2000, extent: [minX, minY, maxX, maxY] });
  lap("W2 scatter");
  // write both results, as every tool in the SPEC comparison does
  const w1 = ["id,nearest_m,n500"];
  for (let r = 0; r < ds.roads.count; r++) w1.push(`${ds.roads.ids[r]},${nearest[r].toFixed(4)},${n500[r]}`);
  writeFileSync(join(OUT, "w1.csv"), `${w1.join("\n")}\n`);
  writeFileSync(join(OUT, "w2.f64"), new Uint8Array(grid.values.buffer));
  lap("write results");
  sink += nearest[ds.roads.count >> 1] + n500[7] + grid.values[grid.values.length >> 1];
  return { t, ds, nearest, n500, pi, grid };
}

once(); // warm-up
const samples: Record<string, number>[] = [];
let last!: ReturnType<typeof once>;
for (let k = 0; k < runs; k++) {
  last = once();
  samples.push(last.t);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const steps = Object.keys(samples[0]);
const rows = steps.map((s) => [s, median(samples.map((x) => x[s]))] as const);
const total = rows.reduce((a, [, v]) => a + v, 0);

// naive baseline: every road against every incident, on a sample of roads, extrapolated
const { ds, nearest, pi } = last;
const sampleN = Math.min(200, ds.roads.count);
const tb = performance.now();
for (let r = 0; r < sampleN; r++) {
  let best = Infinity;
  for (let i = 0; i < ds.incidents.count; i++) {
    const d = polylineDistance(ds.roads.xy, ds.roads.roadStart[r], ds.roads.roadStart[r + 1], pi.x[i], pi.y[i]);
    if (d < best) best = d;
  }
  if (best !== nearest[r]) throw new Error(`road ${r}: indexed ${nearest[r]} ≠ naive ${best}`);
  sink += best;
}
const naivePerRoad = (performance.now() - tb) / sampleN;
const peak = process.resourceUsage().maxRSS / 1024;

const lines = [
  `## W1 + W2, size ${size} (${ds.roads.count.toLocaleString("en")} roads, ${ds.incidents.count.toLocaleString("en")} incidents)`,
  "",
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; median of ${runs} runs after a warm-up.`,
  "",
  "| step | median ms |",
  "|---|---:|",
  ...rows.map(([s, v]) => `| ${s} | ${v.toFixed(0)} |`),
  `| **end to end** | **${total.toFixed(0)}** |`,
  "",
  `Peak RSS ${peak.toFixed(0)} MiB. Naive W1 (every road × every incident, checked equal to the indexed answer on ${sampleN} roads): ${naivePerRoad.toFixed(2)} ms per road → ${((naivePerRoad * ds.roads.count) / 1000).toFixed(0)} s extrapolated for W1 alone. Sink ${sink.toFixed(3)}.`,
  "",
];
console.log(lines.join("\n"));
mkdirSync("scripts/bench/results", { recursive: true });
writeFileSync(`scripts/bench/results/w1w2-${size}.md`, lines.join("\n"));
