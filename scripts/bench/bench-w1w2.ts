/**
 * bench-w1w2 — the SPEC workloads W1 (per-road nearest incident + count within 500 m) and W2 (quartic
 * density on 250 m cells, 2 km radius) end to end through minerisk's public door, on the seeded data of
 * ../shared/bench/gen.mjs, side by side with the JSON.parse floor, a naive per-pair baseline (on a sample,
 * extrapolated) and — when asked — PostGIS and GeoPandas (scripts/bench/reference/), whose answers are
 * checked against ours number for number.
 *
 * Inputs:  a folder written by `node ../shared/bench/gen.mjs S|M|L DIR` (roads.geojson, incidents.geojson,
 *          and roads.csv / incidents.csv for PostGIS)
 * Outputs: a markdown table on stdout and in scripts/bench/results/w1w2-<size>.md; our W1 CSV and W2 grid
 *          in a temp folder
 * Params:  npm run build && npx tsx scripts/bench/bench-w1w2.ts DIR SIZE [runs=3] [--references]
 *          (a first child process runs one cold end-to-end run alone, for the peak RSS of a single run)
 *          (it runs the compiled package in dist/, as users do: worker threads need the compiled worker)
 *          --references also runs w1w2-postgis.sh and w1w2_geopandas.py once each (they need the Debian
 *          packages named in scripts/bench/reference/README.md) and compares their outputs with ours;
 *          --postgis runs only the PostGIS one (GeoPandas 0.12 takes ≈ 13 min at L).
 *          MINERISK_MAX_INPUT_BYTES is raised to 1 GiB unless set: L's roads are past the default budget.
 * Steps timed (each run is one whole process's work from the files to the written results): reading the
 * roads (readRoads: the typed-array scanner, or the full intake when it declines) while the incidents are
 * read on a worker thread (readIncidentsAsync: the full intake), then what is left of the wait for them, projection to EPSG:32638 (buildDataset), the point index, W1, W2 and writing.
 */
import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { buildDataset, buildPointIndex, kernelDensity, polylineProximityParallel, readIncidentsAsync, readRoads } from "../../dist/index.js";
import { polylineDistance } from "../../dist/core/math.js";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const [dir, size = "?", runsArg = "3"] = args;
if (!dir) {
  console.error("usage: npx tsx scripts/bench/bench-w1w2.ts DIR SIZE [runs] [--references | --postgis]");
  process.exit(2);
}
const withReferences = process.argv.includes("--references") || process.argv.includes("--postgis");
const onlyPostgis = process.argv.includes("--postgis");
// the SPEC's L roads (279 MB) are past the default input budget (256 MiB, io/read/read-bounded.ts), which
// is there to stop a runaway pipe: this run raises it to 1 GiB unless the environment already sets it
process.env.MINERISK_MAX_INPUT_BYTES ??= String(2 ** 30);
const OUT = mkdtempSync(join(tmpdir(), "minerisk-bench-"));
const UTM38N = "+proj=utm +zone=38 +datum=WGS84 +units=m +no_defs";
const CELL_M = 250;
const RADIUS_M = 2000;
const runs = Number(runsArg);
let sink = 0;

async function once() {
  const t: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    t[name] = now - t0;
    t0 = now;
  };
  // the incidents are read on a worker thread while this one reads the roads (readIncidentsAsync)
  const incidentsRead = readIncidentsAsync([join(dir, "incidents.geojson")]);
  const roads = readRoads([join(dir, "roads.geojson")]).records;
  lap("read roads (scan + checks; incidents read meanwhile)");
  const incidents = (await incidentsRead).records;
  lap("wait for the incidents (full intake, on a worker thread)");
  const ds = buildDataset({ roads, incidents }, { crs: UTM38N });
  lap("project (EPSG:32638)");
  const pi = buildPointIndex(ds.incidents.x, ds.incidents.y);
  lap("index");
  const w1 = await polylineProximityParallel({ count: ds.roads.count, xy: ds.roads.xy, start: ds.roads.roadStart }, pi, { radiiM: [500] });
  lap("W1 (nearest + count within 500 m, all cores)");
  const grid = kernelDensity({ ...ds.incidents, precisionM: new Float64Array(ds.incidents.count) }, { cellSizeM: CELL_M, bandwidthM: RADIUS_M, extent: incidentBox(ds.incidents.x, ds.incidents.y) });
  lap("W2 (250 m cells, 2 km quartic)");
  const fd = openSync(join(OUT, "w1.csv"), "w");
  writeSync(fd, "id,nearest_m,n500\n");
  for (let r0 = 0; r0 < ds.roads.count; r0 += 65_536) {
    let chunk = "";
    for (let r = r0; r < Math.min(ds.roads.count, r0 + 65_536); r++) chunk += `${ds.roads.ids[r]},${w1.nearestIncidentM[r].toFixed(4)},${w1.countWithin[0][r]}\n`;
    writeSync(fd, chunk);
  }
  closeSync(fd);
  writeFileSync(join(OUT, "w2.f64"), new Uint8Array(grid.values.buffer, grid.values.byteOffset, grid.values.byteLength));
  lap("write results");
  sink += w1.nearestIncidentM[ds.roads.count >> 1] + w1.countWithin[0][7] + grid.values[grid.values.length >> 1];
  return { t, ds, w1, pi, grid };
}

function incidentBox(x: Float64Array, y: Float64Array): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < x.length; i++) {
    if (x[i] < minX) minX = x[i];
    if (x[i] > maxX) maxX = x[i];
    if (y[i] < minY) minY = y[i];
    if (y[i] > maxY) maxY = y[i];
  }
  return [minX, minY, maxX, maxY];
}

/** The floor any reader built on JSON.parse has: reading and parsing both files, nothing else (in a child process, so its memory is not ours). */
function jsonParseFloor(): number {
  const code = `const fs=require("fs");const t=performance.now();let n=0;for(const f of ["roads.geojson","incidents.geojson"])n+=JSON.parse(fs.readFileSync(require("path").join(${JSON.stringify(dir)},f),"utf8")).features.length;console.log(performance.now()-t)`;
  return Number(execFileSync(process.execPath, ["-e", code], { encoding: "utf8" }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (process.argv.includes("--single")) {
  // one end-to-end run in a fresh process: the peak RSS a user's single run has
  const { t } = await once();
  console.log(JSON.stringify({ totalMs: Object.values(t).reduce((a, b) => a + b, 0), peakMiB: process.resourceUsage().maxRSS / 1024, steps: t }));
  process.exit(0);
}
const single = JSON.parse(execFileSync(process.execPath, [...process.execArgv, process.argv[1], dir, size, "1", "--single"], { encoding: "utf8" })) as { totalMs: number; peakMiB: number };
await once(); // warm-up
const samples: Record<string, number>[] = [];
const floors: number[] = [];
let last!: Awaited<ReturnType<typeof once>>;
for (let k = 0; k < runs; k++) {
  floors.push(jsonParseFloor());
  last = await once();
  samples.push(last.t);
}
const steps = Object.keys(samples[0]);
const rows = steps.map((s) => [s, median(samples.map((x) => x[s]))] as const);
const totals = samples.map((x) => Object.values(x).reduce((a, b) => a + b, 0));
const total = median(totals);
const floor = median(floors);
const peak = process.resourceUsage().maxRSS / 1024;

// naive baseline: every road against every incident, on a sample of roads, extrapolated; must equal W1
const { ds, w1, pi, grid } = last;
const sampleN = Math.min(200, ds.roads.count);
const tb = performance.now();
for (let r = 0; r < sampleN; r++) {
  let best = Infinity;
  let n500 = 0;
  for (let i = 0; i < ds.incidents.count; i++) {
    const d = polylineDistance(ds.roads.xy, ds.roads.roadStart[r], ds.roads.roadStart[r + 1], pi.x[i], pi.y[i]);
    if (d < best) best = d;
    if (d <= 500) n500++;
  }
  if (best !== w1.nearestIncidentM[r] || n500 !== w1.countWithin[0][r]) throw new Error(`road ${r}: indexed ${w1.nearestIncidentM[r]}/${w1.countWithin[0][r]} ≠ naive ${best}/${n500}`);
  sink += best;
}
const naivePerRoad = (performance.now() - tb) / sampleN;

const lines = [
  `## W1 + W2, size ${size} (${ds.roads.count.toLocaleString("en")} roads, ${ds.incidents.count.toLocaleString("en")} incidents)`,
  "",
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}; median of ${runs} runs after a warm-up, in one process.`,
  "",
  "| step | median ms |",
  "|---|---:|",
  ...rows.map(([s, v]) => `| ${s} | ${v.toFixed(0)} |`),
  `| **end to end** (median of the run totals) | **${total.toFixed(0)}** |`,
  "",
  `JSON.parse floor (read + parse both files, nothing else; median): ${floor.toFixed(0)} ms → minerisk end to end = ${(total / floor).toFixed(2)} × the floor.`,
  `Peak RSS of one end-to-end run in a fresh process: ${single.peakMiB.toFixed(0)} MiB (it took ${single.totalMs.toFixed(0)} ms, cold); of this process over the warm-up and all runs: ${peak.toFixed(0)} MiB (the floor ran in a child process). Naive W1 (every road × every incident; equal to the indexed answer on ${sampleN} roads): ${naivePerRoad.toFixed(2)} ms per road → ${((naivePerRoad * ds.roads.count) / 1000).toFixed(0)} s extrapolated for W1 alone. Sink ${sink.toFixed(3)}.`,
  "",
];
if (withReferences) lines.push(...references(total, w1, grid, ds.roads.ids));
console.log(lines.join("\n"));
mkdirSync("scripts/bench/results", { recursive: true });
writeFileSync(`scripts/bench/results/w1w2-${size}.md`, lines.join("\n"));

/** Run PostGIS and GeoPandas on the same files, once each, and check their answers against ours. */
function references(oursMs: number, ours: typeof w1, ourGrid: typeof grid, ids: readonly string[]): string[] {
  const out = ["| tool | end to end s | × minerisk | W1 nearest_m max |Δ| (m) | W1 n500 differing roads | W2 max |Δ| ÷ largest cell |", "|---|---:|---:|---:|---:|---:|"];
  // our W2 is the normalised quartic 3/(π h²)·(1 − d²/h²)² per km² (kernels.ts); the SPEC's is (1 − d²/h²)²
  const scale = (3 / (Math.PI * (RADIUS_M / 1000) ** 2)) ** -1;
  const row = new Map(ids.map((id, r) => [id, r]));
  for (const [tool, cmd, argv] of [
    ["PostGIS", "bash", ["scripts/bench/reference/w1w2-postgis.sh"]],
    ["GeoPandas", "/usr/bin/python3", ["scripts/bench/reference/w1w2_geopandas.py"]], // Debian's python, where python3-geopandas is
  ] as const) {
    if (onlyPostgis && tool !== "PostGIS") continue;
    const dest = mkdtempSync(join(tmpdir(), `minerisk-ref-${tool}-`));
    execFileSync(cmd, [...argv, dir, dest], { stdio: ["ignore", "ignore", "inherit"] });
    const timing = JSON.parse(readFileSync(join(dest, "timing.json"), "utf8")) as { tool: string; totalS: number };
    let maxNear = 0;
    let nDiff = 0;
    for (const l of readFileSync(join(dest, "w1.csv"), "utf8").trim().split("\n").slice(1)) {
      const [id, near, n500] = l.split(",");
      const r = row.get(id)!;
      maxNear = Math.max(maxNear, Math.abs(Number(near) - ours.nearestIncidentM[r]));
      if (Number(n500) !== ours.countWithin[0][r]) nDiff++;
    }
    // relative to the largest cell: near the 2 km edge a cell's value tends to 0 and so does any relative error's meaning
    let maxAbs = 0;
    let largest = 0;
    for (const l of readFileSync(join(dest, "w2.csv"), "utf8").trim().split("\n").slice(1)) {
      const [r, c, v] = l.split(",").map(Number);
      maxAbs = Math.max(maxAbs, Math.abs(ourGrid.values[r * ourGrid.ncols + c] * scale - v));
      largest = Math.max(largest, Math.abs(v));
    }
    const maxRel = maxAbs / largest;
    out.push(`| ${timing.tool} | ${timing.totalS.toFixed(1)} | ${((timing.totalS * 1000) / oursMs).toFixed(1)} | ${maxNear.toExponential(1)} | ${nDiff} | ${maxRel.toExponential(1)} |`);
  }
  return ["References, one run each, in this process's run (end to end from their input files to written results):", "", ...out, ""];
}
