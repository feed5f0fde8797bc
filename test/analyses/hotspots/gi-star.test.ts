import { describe, expect, it } from "vitest";
import { benjaminiHochberg } from "../../../src/analyses/hotspots/benjamini-hochberg.ts";
import { getisOrdGiStar } from "../../../src/analyses/hotspots/getis-ord-gi-star.ts";
import { hotspotClass } from "../../../src/analyses/hotspots/hotspot-classes.ts";
import { erfc, twoSidedNormalP } from "../../../src/analyses/hotspots/normal-tail.ts";
import { networkBandNeighbours } from "../../../src/analyses/hotspots/network-neighbours.ts";
import { OptionError } from "../../../src/core/errors.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { distanceBandNeighbours, packNeighbours } from "../../../src/spatial/neighbours.ts";
import { kdeNetwork } from "../../helpers/density-network.ts";

describe("Gi* by hand", () => {
  it("a path of 5 sites, each with itself and its neighbours on the line", () => {
    // x = [0, 0, 0, 0, 10]: x̄ = 2, s² = 100/5 − 4 = 16, s = 4, n = 5.
    // Site 4 (neighbours 3, 4): W = 2, S1 = 2, lag = 10 → z = (10 − 4) / (4·√((10 − 4)/4)) = 6 / (4·√1.5)
    // Site 0 (neighbours 0, 1): lag = 0 → z = −4 / (4·√1.5)
    const nb = packNeighbours([[0, 1], [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4]], true);
    const g = getisOrdGiStar(Float64Array.of(0, 0, 0, 0, 10), nb, { fdr: false });
    expect(g.z[4]).toBeCloseTo(6 / (4 * Math.sqrt(1.5)), 12);
    expect(g.z[0]).toBeCloseTo(-4 / (4 * Math.sqrt(1.5)), 12);
    // site 3 (2, 3, 4): W = 3, S1 = 3, lag = 10 → z = (10 − 6) / (4·√((15 − 9)/4)) = 4 / (4·√1.5)
    expect(g.z[3]).toBeCloseTo(4 / (4 * Math.sqrt(1.5)), 12);
  });

  it("normal tail: known values of erfc and p", () => {
    expect(erfc(0)).toBe(1);
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedNormalP(2.5758293035489)).toBeCloseTo(0.01, 13);
    expect(Math.abs(erfc(3) - 2.209049699858544e-5) / 2.209049699858544e-5).toBeLessThan(1e-13); // A&S Table 7.1
    expect(Math.abs(twoSidedNormalP(8) - 1.2441921148543e-15) / 1.2441921148543e-15).toBeLessThan(1e-10);
  });

  it("Benjamini–Hochberg by hand", () => {
    // p sorted 0.01, 0.02, 0.03, 0.5 (m = 4): p·m/k = 0.04, 0.04, 0.04, 0.5 → running minimum from the top
    const q = benjaminiHochberg(Float64Array.of(0.03, 0.5, 0.01, 0.02));
    expect(Array.from(q).map((v) => Number(v.toFixed(12)))).toEqual([0.04, 0.5, 0.04, 0.04]);
  });

  it("classes: sign of z and 90/95/99 % thresholds", () => {
    expect([hotspotClass(3, 0.005), hotspotClass(2, 0.03), hotspotClass(1.7, 0.09), hotspotClass(1, 0.3), hotspotClass(-3, 0.001)]).toEqual([3, 2, 1, 0, -3]);
  });
});

describe("Gi* conditional permutations", () => {
  const rand = seededRandom(5);
  const n = 200;
  const x = Float64Array.from({ length: n }, () => rand() * 10000);
  const y = Float64Array.from({ length: n }, () => rand() * 10000);
  const v = Float64Array.from({ length: n }, (_, i) => (Math.hypot(x[i] - 2500, y[i] - 2500) < 1500 ? 8 : 2) + Math.floor(rand() * 3));
  const nb = distanceBandNeighbours(x, y, 1200);

  it("are reproducible with a seed, and differ with another seed", () => {
    const a = getisOrdGiStar(v, nb, { permutations: 199, seed: 3 });
    const b = getisOrdGiStar(v, nb, { permutations: 199, seed: 3 });
    const c = getisOrdGiStar(v, nb, { permutations: 199, seed: 4 });
    expect(Array.from(a.pSim)).toEqual(Array.from(b.pSim));
    expect(Array.from(a.pSim)).not.toEqual(Array.from(c.pSim));
  });

  it("agree with the normal approximation where it is good (many neighbours), and lie in [2/(R+1), 1]", () => {
    const g = getisOrdGiStar(v, nb, { permutations: 999, seed: 1, classBy: "permutation" });
    for (let i = 0; i < n; i++) {
      expect(g.pSim[i]).toBeGreaterThanOrEqual(2 / 1000);
      expect(g.pSim[i]).toBeLessThanOrEqual(1);
    }
    // the planted cluster's core: strongly significant either way
    const core = Array.from({ length: n }, (_, i) => i).filter((i) => Math.hypot(x[i] - 2500, y[i] - 2500) < 700 && nb.start[i + 1] - nb.start[i] > 8);
    expect(core.length).toBeGreaterThan(0);
    for (const i of core) {
      expect(g.p[i]).toBeLessThan(0.01);
      expect(g.pSim[i]).toBeLessThan(0.02);
      expect(g.hotspotClass[i]).toBeGreaterThan(0);
    }
  });

  it("rejects neighbours without self, constant values and permutation classes without permutations", () => {
    expect(() => getisOrdGiStar(v, distanceBandNeighbours(x, y, 1200, { includeSelf: false }))).toThrow(OptionError);
    expect(() => getisOrdGiStar(new Float64Array(n).fill(2), nb)).toThrow(/all values are equal/);
    expect(() => getisOrdGiStar(v, nb, { classBy: "permutation" })).toThrow(/permutations/);
  });
});

describe("networkBandNeighbours", () => {
  it("equals all-pairs shortest paths between lixel midpoints (Floyd–Warshall on a small network)", () => {
    const net = kdeNetwork([
      [[0, 0], [300, 0]],
      [[300, 0], [300, 300]],
      [[300, 300], [0, 0]],
      [[300, 0], [700, 0]],
    ], 100);
    const { lengthM, graph } = net.network;
    const m = lengthM.length;
    // Floyd–Warshall over nodes, then midpoint distances via the two ends of each lixel
    const N = graph.nodeCount;
    const D = Array.from({ length: N }, (_, i) => Array.from({ length: N }, (_, j) => (i === j ? 0 : Infinity)));
    for (let e = 0; e < m; e++) {
      const [a, b] = [graph.edgeFrom[e], graph.edgeTo[e]];
      D[a][b] = Math.min(D[a][b], lengthM[e]);
      D[b][a] = D[a][b];
    }
    for (let k = 0; k < N; k++) for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) D[i][j] = Math.min(D[i][j], D[i][k] + D[k][j]);
    const mid = (i: number, j: number) => {
      if (i === j) return 0;
      const ends = (e: number) => [graph.edgeFrom[e], graph.edgeTo[e]];
      let best = Infinity;
      for (const a of ends(i)) for (const b of ends(j)) best = Math.min(best, lengthM[i] / 2 + D[a][b] + lengthM[j] / 2);
      return best;
    };
    for (const band of [150, 420, 1000]) {
      const nb = networkBandNeighbours(net.network, band);
      for (let i = 0; i < m; i++) {
        const want = Array.from({ length: m }, (_, j) => j).filter((j) => mid(i, j) <= band);
        expect(Array.from(nb.index.subarray(nb.start[i], nb.start[i + 1]))).toEqual(want);
      }
    }
  });
});
