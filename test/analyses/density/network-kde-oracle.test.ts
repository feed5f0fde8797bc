/**
 * Oracle: the walk estimators against a plain recursive enumeration of every walk, written from the
 * published rules alone (Okabe, Satoh & Sugihara 2009; Okabe & Sugihara 2012 §9.3) with no heap, no
 * merging and no depth limit, on seeded random graphs with dead ends, cycles and junctions of degree
 * up to 6, with events inside edges and exactly on nodes. Density at every lixel midpoint.
 */
import { describe, expect, it } from "vitest";
import { networkKernelDensity } from "../../../src/analyses/density/network-kernel-density.ts";
import type { KdeGraph } from "../../../src/analyses/density/network-spread.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { kdeNetwork } from "../../helpers/density-network.ts";
import type { Line } from "../../helpers/roads.ts";

const H = 300;
const K = (d: number) => ((15 / 16) * (1 - (d / H) ** 2) ** 2) / H;
type Rule = "discontinuous" | "stop" | "reflect";

/** Density (per m) at each lixel midpoint and the sum of |terms| (for the tolerance), by enumeration. */
function oracle(g: KdeGraph, len: Float64Array, lixel: number, a: number, rule: Rule) {
  const f = new Float64Array(len.length);
  const abs = new Float64Array(len.length);
  const add = (e: number, d: number, m: number) => {
    if (d < H) {
      f[e] += m * K(d);
      abs[e] += Math.abs(m * K(d));
    }
  };
  // walk along edge e leaving node u at distance d with multiplier m, then on from its other end
  const along = (u: number, e: number, d: number, m: number) => {
    add(e, d + len[e] / 2, m);
    const v = g.edgeFrom[e] === u ? g.edgeTo[e] : g.edgeFrom[e];
    if (d + len[e] < H) arrive(v, e, d + len[e], m);
  };
  const arrive = (u: number, via: number, d: number, m: number) => {
    const n = g.adjStart[u + 1] - g.adjStart[u];
    if (n === 1) {
      if (rule === "reflect") along(u, via, d, m); // (2 − 1)/1 = 1 back
      return;
    }
    for (let k = g.adjStart[u]; k < g.adjStart[u + 1]; k++) {
      const e = g.adjEdge[k];
      if (e === via) {
        if (rule !== "discontinuous" && n !== 2) along(u, e, d, (m * (2 - n)) / n);
      } else along(u, e, d, rule === "discontinuous" ? m / (n - 1) : (2 * m) / n);
    }
  };
  const L = len[lixel];
  if (a < 1e-7 || a > L - 1e-7) {
    const u = a < 1e-7 ? g.edgeFrom[lixel] : g.edgeTo[lixel];
    const n = g.adjStart[u + 1] - g.adjStart[u];
    for (let k = g.adjStart[u]; k < g.adjStart[u + 1]; k++) along(u, g.adjEdge[k], 0, 2 / n);
  } else {
    add(lixel, Math.abs(L / 2 - a), 1);
    if (a < H) arrive(g.edgeFrom[lixel], lixel, a, 1);
    if (L - a < H) arrive(g.edgeTo[lixel], lixel, L - a, 1);
  }
  return { f, abs };
}

/** A jittered 5 × 5 lattice, each lattice and diagonal link kept with some probability (no self-loops). */
function randomGraph(seed: number): Line[] {
  const rnd = seededRandom(seed);
  const nodes: [number, number][] = [];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) nodes.push([i * 110 + Math.floor(rnd() * 40), j * 110 + Math.floor(rnd() * 40)]);
  const lines: Line[] = [];
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 5; j++) {
      const p = nodes[i * 5 + j];
      if (i < 4 && rnd() < 0.7) lines.push([p, nodes[(i + 1) * 5 + j]]);
      if (j < 4 && rnd() < 0.7) lines.push([p, nodes[i * 5 + j + 1]]);
      if (i < 4 && j < 4 && rnd() < 0.25) lines.push([p, nodes[(i + 1) * 5 + j + 1]]);
    }
  }
  return lines;
}

describe("walk estimators = enumeration of every walk (seeded random graphs)", () => {
  it("discontinuous, continuous-stop and continuous-reflect at every lixel midpoint, 1e-10 of Σ|terms|", () => {
    let checked = 0;
    let atNodes = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const lines = randomGraph(seed);
      const net = kdeNetwork(lines, 1000); // one lixel per link: the graph is the road graph
      const rnd = seededRandom(1000 + seed);
      const pts: [number, number][] = [];
      for (let q = 0; q < 4; q++) {
        const [p0, p1] = lines[Math.floor(rnd() * lines.length)];
        const t = rnd();
        pts.push(q % 2 === 0 ? [...p0] : [p0[0] + t * (p1[0] - p0[0]), p0[1] + t * (p1[1] - p0[1])]);
      }
      const events = net.eventsAt(pts);
      for (const [method, rule] of [["discontinuous", "discontinuous"], ["continuous", "stop"], ["continuous", "reflect"]] as const) {
        for (let j = 0; j < events.count; j++) {
          const one = { ...events, weight: events.weight.map((_, i) => (i === j ? 1 : 0)) };
          const r = networkKernelDensity(net.network, one, { method, bandwidthM: H, maxDepth: 60, ...(rule === "reflect" ? { deadEnds: "reflect" as const } : {}) });
          expect(r.truncatedWalks).toBe(0);
          const L = net.network.lengthM[events.lixel[j]];
          if (events.alongM[j] < 1e-7 || events.alongM[j] > L - 1e-7) atNodes++;
          const { f, abs } = oracle(net.network.graph, net.network.lengthM, events.lixel[j], events.alongM[j], rule);
          for (let e = 0; e < f.length; e++) {
            expect(Math.abs(r.densityPerKm[e] - 1000 * f[e]), `seed ${seed} ${rule} event ${j} lixel ${e}`).toBeLessThanOrEqual(1e-10 * 1000 * abs[e]);
            checked++;
          }
        }
      }
    }
    expect(atNodes).toBeGreaterThanOrEqual(150); // half the events sit exactly on nodes (3 rules × 30 graphs × 2)
    expect(checked).toBeGreaterThan(10_000);
  });
});
