/**
 * Gi* against R spdep's localG with include.self() (fixture from scripts/reference/gistar-spdep.R; the
 * spdep version is in the fixture). Neighbours are built by our Flatbush-backed functions, so the test
 * checks them too: same neighbour counts as dnearneigh / knearneigh.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { getisOrdGiStar } from "../../../src/analyses/hotspots/getis-ord-gi-star.ts";
import { distanceBandNeighbours, nearestNeighbours } from "../../../src/spatial/neighbours.ts";

const fx = JSON.parse(readFileSync(new URL("../../fixtures/hotspots/gistar-spdep.json", import.meta.url), "utf8"));
const x = Float64Array.from(fx.x as number[]);
const y = Float64Array.from(fx.y as number[]);
const values = Float64Array.from(fx.values as number[]);

const cases = [
  ["distance band 1.5 km", () => distanceBandNeighbours(x, y, fx.bandM), fx.band],
  ["6 nearest neighbours", () => nearestNeighbours(x, y, fx.k), fx.knn],
] as const;

describe.each(cases)(`getisOrdGiStar vs spdep ${fx.tool.spdep} localG — %s`, (_name, build, ref) => {
  const nb = build();
  const g = getisOrdGiStar(values, nb, { fdr: true });

  it("has spdep's neighbour counts (self excluded)", () => {
    const card = Array.from({ length: nb.count }, (_, i) => nb.start[i + 1] - nb.start[i] - 1);
    expect(card).toEqual(ref.cardinality);
  });

  it("z-scores within 1e-9 (absolute) of localG", () => {
    let worst = 0;
    g.z.forEach((z, i) => (worst = Math.max(worst, Math.abs(z - ref.z[i]))));
    expect(worst).toBeLessThan(1e-9);
  });

  it("p-values equal R's 2·pnorm(−|z|) and BH q-values equal p.adjust (1e-11 relative)", () => {
    g.p.forEach((p, i) => expect(Math.abs(p - ref.p[i])).toBeLessThanOrEqual(1e-11 * Math.max(ref.p[i], 1e-300)));
    g.q.forEach((q, i) => expect(Math.abs(q - ref.q[i])).toBeLessThanOrEqual(1e-11 * Math.max(ref.q[i], 1e-300)));
  });

  it("finds the planted hot spot", () => {
    expect(Math.max(...g.hotspotClass)).toBeGreaterThanOrEqual(2);
  });
});
