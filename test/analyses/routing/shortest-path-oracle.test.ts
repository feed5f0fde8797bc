import { describe, expect, it } from "vitest";
import { OptionError } from "../../../src/core/errors.ts";
import { lixelize, type Lixels } from "../../../src/core/lixels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { buildRoadGraph } from "../../../src/analyses/routing/road-graph.ts";
import { shortestPath } from "../../../src/analyses/routing/shortest-path.ts";
import { buildLixelIndex, nearestLixel } from "../../../src/spatial/lixel-index.ts";
import { splitAtJunctions } from "../../../src/spatial/road-junctions.ts";
import { packRoads, type Line } from "../../helpers/roads.ts";

/**
 * A seeded random road network on a jittered 32 × 32 grid (1,024 grid nodes, 200 m apart, ±40 m
 * jitter). Each grid edge exists with probability 0.8 and sometimes bends through an offset midpoint;
 * consecutive edges of a row or column are often chained into one long road (so junctions fall on
 * interior vertices); diagonals cross each other, and six long tunnels cross everything, without shared
 * vertices.
 */
function randomNetwork(seed: number): { lines: Line[]; grid: Array<[number, number]> } {
  const rand = seededRandom(seed);
  const G = 32;
  const grid: Array<[number, number]> = [];
  for (let r = 0; r < G; r++) for (let c = 0; c < G; c++) grid.push([c * 200 + (rand() - 0.5) * 80, r * 200 + (rand() - 0.5) * 80]);
  const at = (c: number, r: number) => grid[r * G + c];
  const lines: Line[] = [];
  for (const horizontal of [true, false]) {
    for (let a = 0; a < G; a++) {
      let current: Array<[number, number]> = [];
      for (let b = 0; b < G - 1; b++) {
        const p = horizontal ? at(b, a) : at(a, b);
        const q = horizontal ? at(b + 1, a) : at(a, b + 1);
        if (rand() < 0.2) {
          if (current.length > 1) lines.push(current);
          current = [];
          continue;
        }
        if (current.length === 0 || rand() < 0.3) {
          if (current.length > 1) lines.push(current);
          current = [p];
        }
        if (rand() < 0.3) current.push([(p[0] + q[0]) / 2 + (rand() - 0.5) * 60, (p[1] + q[1]) / 2 + (rand() - 0.5) * 60]);
        current.push(q);
      }
      if (current.length > 1) lines.push(current);
    }
  }
  // Diagonals, each cell at most once: a duplicated diagonal would share its lixel breakpoints with its
  // twin, which the coordinate-keyed oracle below would (wrongly) treat as junctions.
  const diagonals = new Set<number>();
  for (let k = 0; k < 150; k++) {
    const c = Math.floor(rand() * (G - 1));
    const r = Math.floor(rand() * (G - 1));
    const up = rand() < 0.5;
    if (diagonals.has(r * G + c)) continue;
    diagonals.add(r * G + c);
    lines.push(up ? [at(c, r), at(c + 1, r + 1)] : [at(c + 1, r), at(c, r + 1)]);
  }
  // Long straight "tunnels" with vertices only at their portals: they cross many roads and join none.
  for (let k = 0; k < 6; k++) {
    const y0 = 100 + rand() * 6000;
    lines.push([[rand() * 1000, y0], [5200 + rand() * 1000, y0 + (rand() - 0.5) * 1000]]);
  }
  return { lines, grid };
}

/**
 * The oracle's own graph: nodes are lixel end coordinates (exact, since shared vertices are exact copies
 * here), edges the lixels with cost L × (1 + λρ). Nothing from buildRoadGraph or shortestPath is used.
 */
function oracleGraph(lixels: Lixels, lambda: number, rate: Float64Array) {
  const ids = new Map<string, number>();
  const node = (v: number) => {
    const key = `${lixels.xy[2 * v]},${lixels.xy[2 * v + 1]}`;
    if (!ids.has(key)) ids.set(key, ids.size);
    return ids.get(key) as number;
  };
  const a: number[] = [];
  const b: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < lixels.count; i++) {
    a.push(node(lixels.start[i]));
    b.push(node(lixels.start[i + 1] - 1));
    w.push(lixels.lengthM[i] * (1 + lambda * rate[i]));
  }
  return { ids, a, b, w };
}

/** Bellman–Ford from several weighted sources at once (a virtual source), undirected edges. */
function bellmanFord(g: ReturnType<typeof oracleGraph>, sources: Array<[number, number]>): Float64Array {
  const d = new Float64Array(g.ids.size + 2).fill(Infinity);
  for (const [v, c] of sources) d[v] = Math.min(d[v], c);
  for (let round = 0; round < d.length; round++) {
    let changed = false;
    for (let e = 0; e < g.w.length; e++) {
      if (d[g.a[e]] + g.w[e] < d[g.b[e]]) (d[g.b[e]] = d[g.a[e]] + g.w[e]), (changed = true);
      if (d[g.b[e]] + g.w[e] < d[g.a[e]]) (d[g.a[e]] = d[g.b[e]] + g.w[e]), (changed = true);
    }
    if (!changed) break;
  }
  return d;
}

function polylineLength(xy: Float64Array): number {
  let len = 0;
  for (let k = 2; k < xy.length; k += 2) len += Math.hypot(xy[k] - xy[k - 2], xy[k + 1] - xy[k - 1]);
  return len;
}

describe("shortestPath against Bellman–Ford on a seeded random network", () => {
  const { lines, grid } = randomNetwork(20230919);
  const j = splitAtJunctions(packRoads(lines));
  const lixels = lixelize(j.roads, { lixelLengthM: 100 });
  const graph = buildRoadGraph(j, lixels);
  const index = buildLixelIndex(lixels);
  const rand = seededRandom(7);
  const rate = Float64Array.from({ length: lixels.count }, () => rand() * 0.3);

  it("is big enough to mean something", () => {
    expect(graph.nodeCount).toBeGreaterThan(3000);
    expect(graph.componentCount).toBeGreaterThan(6); // the tunnels at least stand alone
  });

  for (const lambda of [0, 4]) {
    it(`node to node, λ = ${lambda}`, () => {
      const g = oracleGraph(lixels, lambda, rate);
      const onNetwork = grid.filter(([x, y]) => g.ids.has(`${x},${y}`));
      let routed = 0;
      let refused = 0;
      for (let s = 0; s < 8; s++) {
        const from = onNetwork[Math.floor(rand() * onNetwork.length)];
        const d = bellmanFord(g, [[g.ids.get(`${from[0]},${from[1]}`) as number, 0]]);
        for (let t = 0; t < 8; t++) {
          const to = onNetwork[Math.floor(rand() * onNetwork.length)];
          const expected = d[g.ids.get(`${to[0]},${to[1]}`) as number];
          const run = () => shortestPath(graph, index, { x: from[0], y: from[1] }, { x: to[0], y: to[1] }, { lambda, ratePerKmYear: rate });
          if (expected === Infinity) {
            expect(run).toThrow(OptionError);
            refused++;
            continue;
          }
          const path = run();
          expect(Math.abs(path.cost - expected)).toBeLessThan(1e-9);
          expect(Math.abs(polylineLength(path.xy) - path.lengthM)).toBeLessThan(1e-6);
          routed++;
        }
      }
      expect(routed).toBeGreaterThan(40);
      expect(refused + routed).toBe(64);
    });

    it(`arbitrary points snapped to partial lixels, λ = ${lambda}`, () => {
      // The oracle attaches each point to both ends of its nearest lixel with the partial costs, and
      // allows the direct partial path when both points share a lixel.
      const g = oracleGraph(lixels, lambda, rate);
      const S = g.ids.size;
      const T = S + 1;
      let checked = 0;
      for (let k = 0; k < 40; k++) {
        const p = { x: rand() * 6200, y: rand() * 6200 };
        const q = { x: rand() * 6200, y: rand() * 6200 };
        const hp = nearestLixel(index, p.x, p.y);
        const hq = nearestLixel(index, q.x, q.y);
        if (!hp || !hq) throw new Error("empty network");
        const ends = (i: number) => [g.a[i], g.b[i]];
        const [pa, pb] = ends(hp.lixel);
        const [qa, qb] = ends(hq.lixel);
        const fp = hp.alongM / lixels.lengthM[hp.lixel];
        const fq = hq.alongM / lixels.lengthM[hq.lixel];
        const withT = { ids: new Map([...g.ids, ["S", S], ["T", T]]), a: [...g.a], b: [...g.b], w: [...g.w] };
        withT.a.push(qa, qb);
        withT.b.push(T, T);
        withT.w.push(fq * g.w[hq.lixel], (1 - fq) * g.w[hq.lixel]);
        const d = bellmanFord(withT, [
          [pa, fp * g.w[hp.lixel]],
          [pb, (1 - fp) * g.w[hp.lixel]],
        ]);
        let expected = d[T];
        if (hp.lixel === hq.lixel) expected = Math.min(expected, Math.abs(fp - fq) * g.w[hp.lixel]);
        const run = () => shortestPath(graph, index, p, q, { lambda, ratePerKmYear: rate });
        if (expected === Infinity) {
          expect(run).toThrow(OptionError);
          continue;
        }
        const path = run();
        expect(Math.abs(path.cost - expected)).toBeLessThan(1e-9);
        expect([path.snapFromM, path.snapToM]).toEqual([hp.distanceM, hq.distanceM]);
        checked++;
      }
      expect(checked).toBeGreaterThan(30);
    });
  }

  it("never finds a shorter route with λ > 0 than with λ = 0, nor a cheaper one with λ = 0", () => {
    for (let k = 0; k < 20; k++) {
      const p = { x: rand() * 6200, y: rand() * 6200 };
      const q = { x: rand() * 6200, y: rand() * 6200 };
      let plain;
      try {
        plain = shortestPath(graph, index, p, q);
      } catch {
        continue;
      }
      const safe = shortestPath(graph, index, p, q, { lambda: 4, ratePerKmYear: rate });
      expect(safe.lengthM).toBeGreaterThanOrEqual(plain.lengthM - 1e-9);
      let plainCost = 0;
      for (const s of plain.steps) plainCost += Math.abs(s.toFrac - s.fromFrac) * lixels.lengthM[s.lixel] * (1 + 4 * rate[s.lixel]);
      expect(safe.cost).toBeLessThanOrEqual(plainCost + 1e-9);
    }
  });
});
