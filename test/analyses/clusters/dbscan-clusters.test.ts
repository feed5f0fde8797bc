import { describe, expect, it } from "vitest";
import { dbscanClusters } from "../../../src/analyses/clusters/dbscan-clusters.ts";
import { OptionError } from "../../../src/core/errors.ts";
import { seededRandom } from "../../../src/core/random.ts";

/** Haversine on Turf's sphere (6,371,008.8 m), written out. */
function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6371008.8 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
}

describe("dbscanClusters vs brute-force DBSCAN (all pairs, haversine)", () => {
  const rand = seededRandom(3);
  const n = 300;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    const spread = c === 3 ? 0.2 : 0.01; // three tight clusters and scattered noise
    lon[i] = 46.6 + c * 0.1 + (rand() - 0.5) * spread;
    lat[i] = 39.6 + (c % 2) * 0.1 + (rand() - 0.5) * spread;
  }
  const eps = 250;
  const minPoints = 4;
  const got = dbscanClusters(lon, lat, { epsM: eps, minPoints });
  const nbr = (i: number) => Array.from({ length: n }, (_, j) => j).filter((j) => haversineM(lon[i], lat[i], lon[j], lat[j]) <= eps);
  const core = Array.from({ length: n }, (_, i) => nbr(i).length >= minPoints);

  it("has exactly the core points of the definition", () => {
    for (let i = 0; i < n; i++) expect(got.role[i] === 1, `point ${i}`).toBe(core[i]);
    expect(core.filter(Boolean).length).toBeGreaterThan(30);
  });

  it("groups core points exactly as ε-connectivity does; border points join a cluster with a core point within ε; noise has none", () => {
    // connected components of core points (union-find)
    const parent = Array.from({ length: n }, (_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    for (let i = 0; i < n; i++) if (core[i]) for (const j of nbr(i)) if (core[j]) parent[find(i)] = find(j);
    const label = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      if (!core[i]) continue;
      const root = find(i);
      if (!label.has(root)) label.set(root, got.cluster[i]);
      expect(got.cluster[i]).toBe(label.get(root));
    }
    expect(new Set(label.values()).size).toBe(label.size); // different components, different clusters
    expect(got.clusterCount).toBe(label.size);
    for (let i = 0; i < n; i++) {
      if (core[i]) continue;
      const coreNbr = nbr(i).filter((j) => core[j]);
      if (coreNbr.length === 0) expect([got.cluster[i], got.role[i]]).toEqual([-1, 0]);
      else {
        expect(got.role[i]).toBe(2);
        expect(coreNbr.map((j) => got.cluster[j])).toContain(got.cluster[i]);
      }
    }
  });

  it("rejects a bad radius", () => {
    expect(() => dbscanClusters(lon, lat, { epsM: 0 })).toThrow(OptionError);
  });
});
