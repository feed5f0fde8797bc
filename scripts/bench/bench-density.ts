/**
 * bench-density — planar KDE of 100,000 incidents on a 2,000 × 2,000 grid, and network KDE (simple,
 * discontinuous, continuous) on a ~100,000-lixel network with 20,000 events, each against a naive
 * baseline in the same run.
 *
 * Inputs:  DIR/L/incidents.geojson written by `node ../shared/bench/gen.mjs L DIR/L` (seeded synthetic,
 *          100k incidents) for the planar KDE; the network is generated here (`townGrids`, seeded, synthetic).
 * Outputs: a markdown report on stdout and in scripts/bench/results/density.md.
 * Params:  npx tsx scripts/bench/bench-density.ts DIR [runs=3]
 * Coordinates: gen.mjs draws in a local metric frame and writes lon/lat with fixed metres per degree;
 * the bench inverts that exactly (x = (lon − 46.4)·KX, y = (lat − 39.3)·KY) so that only the analysis
 * is timed, not reading or projection (those are bench-w1w2's subject).
 * Planar: quartic, h = 2 km, 50 m cells over 100 × 100 km (2000 × 2000 cells = 4 M). Baselines:
 * brute force (every incident for every cell) and one index query per cell (`kernelDensityAt`), each on
 * a sample of cells, extrapolated to the grid.
 * Network: 1 km bandwidth, quartic, max depth 15. Baseline: an unbounded Dijkstra from each event (a
 * full shortest-path tree, then every lixel evaluated), on a sample of events, extrapolated.
 */
import { writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import FlatQueue from "flatqueue";
import { kernelDensity } from "../../src/analyses/density/kernel-density.ts";
import { kernelDensityAt } from "../../src/analyses/density/kernel-density-at.ts";
import { snapEventsToLixels } from "../../src/analyses/density/network-events.ts";
import { networkKernelDensity } from "../../src/analyses/density/network-kernel-density.ts";
import { buildRoadGraph } from "../../src/analyses/routing/road-graph.ts";
import type { IncidentSet } from "../../src/core/incident-set.ts";
import { lixelize } from "../../src/core/lixels.ts";
import { seededRandom } from "../../src/core/random.ts";
import { type RoadNetwork, roadLengths } from "../../src/core/road-network.ts";
import { buildLixelIndex } from "../../src/spatial/lixel-index.ts";
import { splitAtJunctions } from "../../src/spatial/road-junctions.ts";

const [dir, runsArg = "3"] = process.argv.slice(2);
if (!dir) {
  console.error("usage: npx tsx scripts/bench/bench-density.ts DIR [runs]");
  process.exit(2);
}
const runs = Number(runsArg);
const KX = 111320 * Math.cos((39.75 * Math.PI) / 180);
const KY = 110950;
let sink = 0;

function readPoints(file: string): IncidentSet {
  const fc = JSON.parse(readFileSync(file, "utf8"));
  const n = fc.features.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  fc.features.forEach((f: { geometry: { coordinates: number[] } }, i: number) => {
    x[i] = (f.geometry.coordinates[0] - 46.4) * KX;
    y[i] = (f.geometry.coordinates[1] - 39.3) * KY;
  });
  return { count: n, x, y, precisionM: new Float64Array(n), dateDay: new Float64Array(n), killed: new Float64Array(n), injured: new Float64Array(n), device: new Uint8Array(n), onRoad: new Uint8Array(n), ids: Array.from({ length: n }, (_, i) => String(i)) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(label: string, fn: () => number, n = runs): { label: string; ms: number } {
  fn(); // warm-up
  const t: number[] = [];
  for (let r = 0; r < n; r++) {
    const t0 = performance.now();
    sink += fn();
    t.push(performance.now() - t0);
  }
  return { label, ms: median(t) };
}

const rows: string[] = [];
const row = (task: string, what: string, ms: number, note = "") => rows.push(`| ${task} | ${what} | ${ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`} | ${note} |`);

// ---- planar KDE ----
const SKIP_PLANAR = process.env.SKIP_PLANAR === "1";
const inc = readPoints(join(dir, "L", "incidents.geojson"));
const template = { minX: 0, minY: 0, cellSizeM: 50, ncols: 2000, nrows: 2000 };
const planarOpts = { kernel: "quartic" as const, bandwidthM: 2000, template, widenByPrecision: false };
const scatter = time("scatter", () => kernelDensity(inc, planarOpts).values[2_001_000]);
row("planar KDE", `minerisk kernelDensity, ${inc.count.toLocaleString("en")} incidents → 2000 × 2000 cells`, scatter.ms, `median of ${runs} after a warm-up`);
const rand = seededRandom(42);
const sampleCells = Array.from({ length: 2000 }, () => Math.floor(rand() * 4_000_000));
const brute = time("brute", () => {
  let s = 0;
  const h2 = 2000 * 2000;
  for (const k of sampleCells) {
    const cx = ((k % 2000) + 0.5) * 50;
    const cy = (Math.floor(k / 2000) + 0.5) * 50;
    for (let i = 0; i < inc.count; i++) {
      const u2 = ((cx - inc.x[i]) ** 2 + (cy - inc.y[i]) ** 2) / h2;
      if (u2 < 1) s += (3 / Math.PI) * (1 - u2) ** 2;
    }
  }
  return s;
}, 1);
row("planar KDE", "naive: every incident for every cell (2,000-cell sample, extrapolated)", (brute.ms * 4_000_000) / 2000, "O(cells × incidents)");
const qx = Float64Array.from(sampleCells.slice(0, 2000), (k) => ((k % 2000) + 0.5) * 50);
const qy = Float64Array.from(sampleCells.slice(0, 2000), (k) => (Math.floor(k / 2000) + 0.5) * 50);
const bigX = new Float64Array(200_000).map((_, i) => qx[i % 2000] + (i >> 11));
const bigY = new Float64Array(200_000).map((_, i) => qy[i % 2000]);
const perCell = time("per cell", () => kernelDensityAt(inc, bigX, bigY, planarOpts)[0], 1);
row("planar KDE", "one index query per cell (kernelDensityAt, 200,000-cell sample, extrapolated)", (perCell.ms * 4_000_000) / 200_000, "the SPEC's slower strategy");
const rssPlanar = process.resourceUsage().maxRSS / 1024;

// ---- network KDE ----
const { roads, events: events0 } = townGrids(20230919);
const j = splitAtJunctions(roads);
let total = 0;
for (let r = 0; r < j.roads.count; r++) total += j.roads.lengthM[r];
let lixelLengthM = total / 100_000;
let lixels = lixelize(j.roads, { lixelLengthM });
lixelLengthM *= lixels.count / 100_000; // one correction for the per-road rounding up
lixels = lixelize(j.roads, { lixelLengthM });
const graph = buildRoadGraph(j, lixels);
const { events } = snapEventsToLixels(events0, buildLixelIndex(lixels));
const network = { lengthM: lixels.lengthM, graph };
const netNote = `${lixels.count.toLocaleString("en")} lixels of ≤ ${lixelLengthM.toFixed(1)} m, ${graph.nodeCount.toLocaleString("en")} nodes, ${events.count.toLocaleString("en")} events`;
for (const method of ["simple", "discontinuous", "continuous"] as const) {
  let truncated = 0;
  const t = time(method, () => {
    const r = networkKernelDensity(network, events, { method, bandwidthM: 1000 });
    truncated = r.truncatedWalks;
    return r.densityPerKm[0];
  });
  row("network KDE", `minerisk networkKernelDensity, ${method}, h = 1 km`, t.ms, `${netNote}${truncated ? `; ${truncated.toLocaleString("en")} walks cut at depth 15` : ""}`);
}
const sampleEvents = 20;
const naive = time("naive nkde", () => {
  const { nodeCount, adjStart, adjEdge, adjNode, edgeFrom, edgeTo } = graph;
  const dist = new Float64Array(nodeCount);
  const out = new Float64Array(lixels.count);
  const q = new FlatQueue<number>();
  for (let e = 0; e < sampleEvents; e++) {
    dist.fill(Infinity);
    const l = events.lixel[e];
    dist[edgeFrom[l]] = events.alongM[e];
    dist[edgeTo[l]] = Math.min(dist[edgeTo[l]], lixels.lengthM[l] - events.alongM[e]);
    q.push(edgeFrom[l], dist[edgeFrom[l]]);
    q.push(edgeTo[l], dist[edgeTo[l]]);
    while (q.length) {
      const d = q.peekValue() as number;
      const u = q.pop() as number;
      if (d > dist[u]) continue;
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const dv = d + lixels.lengthM[adjEdge[k]];
        if (dv < dist[adjNode[k]]) {
          dist[adjNode[k]] = dv;
          q.push(adjNode[k], dv);
        }
      }
    }
    for (let i = 0; i < lixels.count; i++) {
      const dm = Math.min(dist[edgeFrom[i]], dist[edgeTo[i]]) + lixels.lengthM[i] / 2;
      if (dm < 1000) out[i] += (15 / 16) * (1 - (dm / 1000) ** 2) ** 2;
    }
  }
  return out[0];
}, 1);
row("network KDE", `naive: unbounded Dijkstra per event, every lixel evaluated (${sampleEvents}-event sample, extrapolated)`, (naive.ms * events.count) / sampleEvents, "simple estimator only");
const rss = process.resourceUsage().maxRSS / 1024;

const report = `# Density benchmark (scripts/bench/bench-density.ts)

Machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.
Data (all seeded and synthetic): ../shared/bench/gen.mjs L incidents for the planar KDE; for the network KDE the bench's own \`townGrids\` (40 towns of 25 × 25 streets, 120 m blocks, every crossing a degree-4 junction, linked by highways; 20,000 events, 70 % around 200 hot crossings).
Times are medians of ${runs} runs after a warm-up unless marked as a single extrapolated run; the analysis only (no reading, projection or writing).

| task | what | time | note |
|---|---|---:|---|
${rows.join("\n")}

Peak RSS: ${rssPlanar.toFixed(0)} MiB after the planar part, ${rss.toFixed(0)} MiB at the end (process.resourceUsage().maxRSS).
(sink ${sink.toExponential(3)})
`;
process.stdout.write(report);
writeFileSync(join(import.meta.dirname, "results", "density.md"), report);

/**
 * Seeded synthetic network at realistic scale, labelled as such: 40 towns, each a 25 × 25 street grid
 * of 120 m blocks whose streets share a vertex at every crossing (so every crossing is a junction of
 * degree 4 — the hardest case for walk-based estimators), linked in a chain by highways; 20,000 events,
 * 70 % within 30 m of a street near one of 200 "hot" crossings, 30 % anywhere in a town.
 * (gen.mjs's roads are too loosely connected — more nodes than lixels — to exercise network search.)
 */
function townGrids(seed: number): { roads: RoadNetwork; events: IncidentSet } {
  const rnd = seededRandom(seed);
  const lines: number[][] = [];
  const towns: [number, number][] = [];
  const B = 120;
  const N = 25;
  for (let t = 0; t < 40; t++) {
    const ox = (t % 8) * 12_000 + rnd() * 2000;
    const oy = Math.floor(t / 8) * 12_000 + rnd() * 2000;
    towns.push([ox, oy]);
    for (let k = 0; k <= N; k++) {
      const h: number[] = [];
      const v: number[] = [];
      for (let s = 0; s <= N; s++) {
        h.push(ox + s * B, oy + k * B);
        v.push(ox + k * B, oy + s * B);
      }
      lines.push(h, v);
    }
    if (t > 0) {
      const [px, py] = towns[t - 1];
      lines.push([px + N * B, py + N * B, (px + N * B + ox) / 2 + rnd() * 500, (py + N * B + oy) / 2, ox, oy]);
    }
  }
  const starts = [0];
  for (const l of lines) starts.push(starts[starts.length - 1] + l.length / 2);
  const n = lines.length;
  const xy = Float64Array.from(lines.flat());
  const roadStart = Uint32Array.from(starts);
  const roads: RoadNetwork = { count: n, xy, roadStart, lengthM: roadLengths(xy, roadStart), startM: new Float64Array(n), featureIndex: Uint32Array.from({ length: n }, (_, i) => i), partIndex: new Uint32Array(n), ids: Array.from({ length: n }, (_, i) => String(i)), names: new Array(n).fill(""), classes: new Array(n).fill("synthetic"), bridge: new Uint8Array(n), tunnel: new Uint8Array(n), layer: new Int8Array(n), oneway: new Int8Array(n) };
  const m = 20_000;
  const x = new Float64Array(m);
  const y = new Float64Array(m);
  const hot = Array.from({ length: 200 }, () => {
    const [ox, oy] = towns[Math.floor(rnd() * towns.length)];
    return [ox + Math.floor(rnd() * (N + 1)) * B, oy + Math.floor(rnd() * (N + 1)) * B];
  });
  for (let i = 0; i < m; i++) {
    if (rnd() < 0.7) {
      const [hx, hy] = hot[Math.floor(rnd() * hot.length)];
      const along = (rnd() - 0.5) * 600;
      const off = (rnd() - 0.5) * 60;
      [x[i], y[i]] = rnd() < 0.5 ? [hx + along, hy + off] : [hx + off, hy + along];
    } else {
      const [ox, oy] = towns[Math.floor(rnd() * towns.length)];
      x[i] = ox + rnd() * N * B;
      y[i] = oy + rnd() * N * B;
    }
  }
  const events: IncidentSet = { count: m, x, y, precisionM: new Float64Array(m), dateDay: new Float64Array(m), killed: new Float64Array(m), injured: new Float64Array(m), device: new Uint8Array(m), onRoad: new Uint8Array(m), ids: Array.from({ length: m }, (_, i) => String(i)) };
  return { roads, events };
}
