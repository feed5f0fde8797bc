/**
 * bench-routing: safest-route queries on a road graph of ≥ 1,000,000 edges (lixels).
 *
 * Inputs: none — a SYNTHETIC, seeded network (seededRandom(20230919)): a 708 × 708 jittered street grid,
 * 100 m spacing (≈ 70 km across), every row and column one long road whose vertices are the grid
 * points, so junctions fall on interior vertices (splitAtJunctions cuts them: 1,001,112 lixels of
 * ≈ 100 m); rates (incidents/km/year) from 60 seeded Gaussian hotspots of 1–4 km, 0 elsewhere.
 * Outputs: scripts/bench/results/routing.md (machine, Node, date, build time, memory, query medians).
 * Params: 20 queries between seeded points ≥ 20 km apart, λ = 20 (safest-route trade-off), 3 warm-up.
 * Baselines in the same run: the same search with the A* heuristic off (plain Dijkstra on the CSR
 * arrays), and a naive Dijkstra over JS objects (Map of adjacency arrays, flatqueue) on the same graph.
 * Run: npx tsx scripts/bench/bench-routing.ts
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import FlatQueue from "flatqueue";
import { lixelize } from "../../src/core/lixels.ts";
import { seededRandom } from "../../src/core/random.ts";
import { type RoadNetwork, roadLengths } from "../../src/core/road-network.ts";
import { buildRoadGraph, type RoadGraph } from "../../src/analyses/routing/road-graph.ts";
import { createSearchWorkspace } from "../../src/analyses/routing/search.ts";
import { shortestPath } from "../../src/analyses/routing/shortest-path.ts";
import { buildLixelIndex, nearestLixel } from "../../src/spatial/lixel-index.ts";
import { splitAtJunctions } from "../../src/spatial/road-junctions.ts";

const G = 708;
const SPACING = 100;
const LAMBDA = 20;
const rand = seededRandom(20230919);

let peakRss = 0;
const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

function gridRoads(): RoadNetwork {
  const px = new Float64Array(G * G);
  const py = new Float64Array(G * G);
  for (let k = 0; k < G * G; k++) {
    px[k] = (k % G) * SPACING + (rand() - 0.5) * 30;
    py[k] = Math.floor(k / G) * SPACING + (rand() - 0.5) * 30;
  }
  const count = 2 * G;
  const xy = new Float64Array(2 * count * G);
  const roadStart = new Uint32Array(count + 1);
  let w = 0;
  for (let r = 0; r < count; r++) {
    roadStart[r] = w;
    for (let k = 0; k < G; k++) {
      const id = r < G ? r * G + k : k * G + (r - G); // rows, then columns
      xy[2 * w] = px[id];
      xy[2 * w + 1] = py[id];
      w++;
    }
  }
  roadStart[count] = w;
  const z = (n: number) => new Uint8Array(n);
  return {
    count, xy, roadStart, lengthM: roadLengths(xy, roadStart), startM: new Float64Array(count),
    featureIndex: Uint32Array.from({ length: count }, (_, i) => i), partIndex: new Uint32Array(count),
    ids: Array.from({ length: count }, (_, i) => `r${i}`), names: Array(count).fill(""), classes: Array(count).fill("synthetic"),
    bridge: z(count), tunnel: z(count), layer: new Int8Array(count), oneway: new Int8Array(count),
  };
}

function rates(lixels: ReturnType<typeof lixelize>): Float64Array {
  const spots = Array.from({ length: 60 }, () => ({ x: rand() * G * SPACING, y: rand() * G * SPACING, s: 1000 + rand() * 3000, a: 0.02 + rand() * 0.2 }));
  const out = new Float64Array(lixels.count);
  for (let i = 0; i < lixels.count; i++) {
    const x = lixels.xy[2 * lixels.start[i]];
    const y = lixels.xy[2 * lixels.start[i] + 1];
    let r = 0;
    for (const h of spots) {
      const d2 = (x - h.x) ** 2 + (y - h.y) ** 2;
      if (d2 < 9 * h.s * h.s) r += h.a * Math.exp(-d2 / (2 * h.s * h.s));
    }
    out[i] = r;
  }
  return out;
}

/** Naive baseline: node-to-node Dijkstra over a Map of JS adjacency objects (what a quick script does). */
function naiveAdjacency(graph: RoadGraph) {
  const adj = new Map<number, { to: number; edge: number }[]>();
  for (let e = 0; e < graph.edgeFrom.length; e++) {
    const a = graph.edgeFrom[e];
    const b = graph.edgeTo[e];
    if (!adj.has(a)) adj.set(a, []);
    if (!adj.has(b)) adj.set(b, []);
    adj.get(a)?.push({ to: b, edge: e });
    adj.get(b)?.push({ to: a, edge: e });
  }
  return adj;
}
function naiveDijkstra(adj: Map<number, { to: number; edge: number }[]>, cost: Float64Array, s: number, t: number): number {
  const dist = new Map<number, number>([[s, 0]]);
  const done = new Set<number>();
  const q = new FlatQueue<number>();
  q.push(s, 0);
  while (q.length > 0) {
    const u = q.pop() as number;
    if (done.has(u)) continue;
    done.add(u);
    if (u === t) return dist.get(u) as number;
    for (const { to, edge } of adj.get(u) ?? []) {
      const d = (dist.get(u) as number) + cost[edge];
      if (d < (dist.get(to) ?? Infinity)) {
        dist.set(to, d);
        q.push(to, d);
      }
    }
  }
  return Infinity;
}

const t0 = process.hrtime.bigint();
const roads = gridRoads();
const tGen = ms(t0);
sample();
const t1 = process.hrtime.bigint();
const j = splitAtJunctions(roads, { snapToleranceM: 1 });
const tSplit = ms(t1);
sample();
const t2 = process.hrtime.bigint();
const lixels = lixelize(j.roads, { lixelLengthM: 150 });
const index = buildLixelIndex(lixels);
const graph = buildRoadGraph(j, lixels);
const workspace = createSearchWorkspace(graph);
const tBuild = ms(t2);
sample();
const rssAfterBuild = process.memoryUsage().rss;
const rate = rates(lixels);
console.log(`graph: ${graph.nodeCount} nodes, ${lixels.count} edges; split ${tSplit.toFixed(0)} ms, lixels+index+graph ${tBuild.toFixed(0)} ms`);

const W = G * SPACING;
const queries: Array<{ from: { x: number; y: number }; to: { x: number; y: number } }> = [];
while (queries.length < 23) {
  const from = { x: rand() * W, y: rand() * W };
  const to = { x: rand() * W, y: rand() * W };
  if (Math.hypot(to.x - from.x, to.y - from.y) >= 20_000) queries.push({ from, to });
}
let sink = 0;
const timed = (heuristic: boolean) =>
  queries.map((q) => {
    const t = process.hrtime.bigint();
    const p = shortestPath(graph, index, q.from, q.to, { lambda: LAMBDA, ratePerKmYear: rate, heuristic, workspace });
    sink += p.cost;
    sample();
    return { ms: ms(t), cost: p.cost, lengthM: p.lengthM };
  }).slice(3); // the first three are warm-up
const astar = timed(true);
const dijkstra = timed(false);
for (let k = 0; k < astar.length; k++) if (Math.abs(astar[k].cost - dijkstra[k].cost) > 1e-6) throw new Error(`A* and Dijkstra disagree on query ${k}`);
const adj = naiveAdjacency(graph);
const cost = Float64Array.from(lixels.lengthM, (l, i) => l * (1 + LAMBDA * rate[i]));
const naive = queries.slice(3, 8).map((q) => {
  // node to node between the first vertices of the lixels the endpoints snap to
  const a = graph.edgeFrom[nearestLixel(index, q.from.x, q.from.y)?.lixel ?? 0];
  const b = graph.edgeFrom[nearestLixel(index, q.to.x, q.to.y)?.lixel ?? 0];
  const t = process.hrtime.bigint();
  sink += naiveDijkstra(adj, cost, a, b);
  return ms(t);
});
sample();
const row = (name: string, v: number[]) => `| ${name} | ${median(v).toFixed(1)} | ${Math.min(...v).toFixed(1)} | ${Math.max(...v).toFixed(1)} | ${v.length} |`;
const md = `# Routing benchmark (scripts/bench/bench-routing.ts)

SYNTHETIC seeded network (not real roads): ${G} × ${G} jittered grid, ${SPACING} m spacing, rows and columns as
long roads split at every shared vertex. ${graph.nodeCount.toLocaleString("en")} nodes, **${lixels.count.toLocaleString("en")} edges** (lixels ≤ 150 m).

Machine: ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.

## Build (once per run)
| step | ms |
|---|---:|
| generate roads (synthetic) | ${tGen.toFixed(0)} |
| splitAtJunctions (Flatbush over ${(roads.roadStart[roads.count]).toLocaleString("en")} vertices, union-find) | ${tSplit.toFixed(0)} |
| lixelize + lixel index + CSR graph + search workspace | ${tBuild.toFixed(0)} |

RSS after the build (roads, pieces, lixels, index, graph, workspace): **${(rssAfterBuild / 2 ** 20).toFixed(0)} MiB**;
peak RSS over the whole run: ${(peakRss / 2 ** 20).toFixed(0)} MiB (includes the naive baseline's Map adjacency).

## Safest-route query, λ = ${LAMBDA} km·yr per incident (endpoints ≥ 20 km apart, snapped to partial edges)
Each query = snap both points + per-lixel costs L(1 + λρ) over all ${lixels.count.toLocaleString("en")} lixels (checked, so O(edges) per
query) + search + route geometry, reusing one search workspace (createSearchWorkspace, built once with the graph).

| method | median ms | min | max | queries |
|---|---:|---:|---:|---:|
${row("shortestPath, A* (default)", astar.map((r) => r.ms))}
${row("shortestPath, heuristic off (Dijkstra, CSR)", dijkstra.map((r) => r.ms))}
${row("naive Dijkstra, Map of JS objects (node to node)", naive)}

A* and Dijkstra costs agree on every query (checked in the run). Target: median ≤ 100 ms after build.
Load average at the end of the run: ${loadavg().map((v) => v.toFixed(1)).join(", ")} (a shared machine: medians moved between
≈ 64 and ≈ 124 ms across runs on the same day while other jobs ran; rerun on an idle machine before quoting).
sink ${sink.toFixed(0)}
`;
writeFileSync(new URL("./results/routing.md", import.meta.url), md);
console.log(md);
