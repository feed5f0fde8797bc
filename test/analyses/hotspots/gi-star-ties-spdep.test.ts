/**
 * k-nearest ties and Gi* against R spdep on integer coordinates full of exact distance ties (fixture
 * from scripts/reference/gistar-ties-spdep.R; spdep/R versions and the knearneigh engine are in the
 * fixture). spdep's C knearneigh keeps, of equal distances, the lower site index; the lattice has stacks
 * of coincident sites, so a site next to a stack sees up to 14 sites at its k-th distance.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getisOrdGiStar } from "../../../src/analyses/hotspots/getis-ord-gi-star.ts";
import { distanceBandNeighbours, type Neighbours, nearestNeighbours } from "../../../src/spatial/neighbours.ts";

const fx = JSON.parse(readFileSync(new URL("../../fixtures/hotspots/gistar-ties-spdep.json", import.meta.url), "utf8"));
const lat = fx.lattice;
const x = Float64Array.from(lat.x as number[]);
const y = Float64Array.from(lat.y as number[]);
const values = Float64Array.from(lat.values as number[]);

/** Neighbour lists without self, 1-based like R's nb objects. */
function lists(nb: Neighbours): number[][] {
  return Array.from({ length: nb.count }, (_, i) => Array.from(nb.index.subarray(nb.start[i], nb.start[i + 1])).filter((j) => j !== i).map((j) => j + 1));
}

const cases = [
  ["4 nearest", (self: boolean) => nearestNeighbours(x, y, 4, { includeSelf: self }), lat.knn4],
  ["6 nearest", (self: boolean) => nearestNeighbours(x, y, 6, { includeSelf: self }), lat.knn6],
  ["100 m band (ties at the band)", (self: boolean) => distanceBandNeighbours(x, y, lat.bandM, { includeSelf: self }), lat.band],
] as const;

describe.each(cases)(`Gi* vs spdep ${fx.tool.spdep} on a tied lattice (knearneigh engine ${fx.tool.knnEngine}) — %s`, (_name, build, ref) => {
  it("has spdep's neighbour lists exactly", () => {
    expect(lists(build(false))).toEqual(ref.neighbours);
  });

  it("z-scores within 1e-9 (absolute) of localG", () => {
    const g = getisOrdGiStar(values, build(true), { fdr: true });
    let worst = 0;
    g.z.forEach((z, i) => (worst = Math.max(worst, Math.abs(z - ref.z[i]))));
    expect(worst).toBeLessThan(1e-9);
    g.q.forEach((q, i) => expect(Math.abs(q - ref.q[i])).toBeLessThanOrEqual(1e-9 * Math.max(ref.q[i], 1e-300)));
  });
});

describe("nearestNeighbours breaks ties as spdep's knearneigh", () => {
  it(`on ${fx.knnCases.length} random integer point sets (with and without coincident points)`, () => {
    for (const c of fx.knnCases) {
      expect(c.engine).toBe("C");
      const nb = nearestNeighbours(Float64Array.from(c.x), Float64Array.from(c.y), c.k, { includeSelf: false });
      const want = Array.from({ length: c.x.length }, (_, i) => (c.nn as number[]).slice(i * c.k, (i + 1) * c.k).sort((a, b) => a - b));
      expect(lists(nb)).toEqual(want);
    }
  });

  it("compares rounded distances, not squared ones (an ulp apart in d², equal in d: lower index wins)", () => {
    // Site 1 = (a, b) and site 2 = (a, 0) from site 0 = (0, 0): fl(a² + b²) is one ulp above fl(a²), but
    // √ of both rounds to the same double, so knearneigh sees a tie and keeps the lower index, site 1.
    // Comparing d² instead would pick site 2.
    const t = fx.sqrtTie;
    const [a, b] = [t.x[1], t.y[1]];
    expect(a * a + b * b).toBeGreaterThan(a * a);
    expect(Math.sqrt(a * a + b * b)).toBe(Math.sqrt(a * a));
    const nb = nearestNeighbours(Float64Array.from(t.x), Float64Array.from(t.y), 1, { includeSelf: false });
    expect(lists(nb)[0]).toEqual([t.nn[0]]);
    expect(t.nn[0]).toBe(2); // R's 1-based index of site 1
  });
});
