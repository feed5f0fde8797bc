/**
 * Permutation pseudo p-values: minerisk's two-sided one and PySAL esda's one-sided folded p_sim
 * (esda/crand.py `crand`/`compute_chunk`; the same formula is spdep 1.2-7 localG_perm "Pr(folded) Sim").
 */
import { describe, expect, it } from "vitest";
import { getisOrdGiStar } from "../../../src/analyses/hotspots/getis-ord-gi-star.ts";
import { pseudoPValue } from "../../../src/analyses/hotspots/permutation-p.ts";
import { OptionError } from "../../../src/core/errors.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { distanceBandNeighbours, packNeighbours } from "../../../src/spatial/neighbours.ts";

/** Tail counts of simulated statistics, ties in both: ge = #{s ≥ obs}, le = #{s ≤ obs}. */
function tails(sims: number[], obs: number): [number, number] {
  return [sims.filter((s) => s >= obs).length, sims.filter((s) => s <= obs).length];
}

describe("pseudoPValue by hand", () => {
  const sims = [1, 2, 3, 3, 4, 5, 6, 7, 8]; // R = 9

  it("an observation tied in the lower half: folded excludes the ties from the lower tail", () => {
    // obs = 3: ge = #{3,3,4,5,6,7,8} = 7, le = #{1,2,3,3} = 4.
    // esda: larger = 7; R − larger = 2 = #{1,2} (< 3 strictly) < 7 → larger = 2 → p = (2 + 1)/10 = 0.3.
    // two-sided: min(1, 2·(1 + min(7, 4))/10) = min(1, 1.0) = 1.
    const [ge, le] = tails(sims, 3);
    expect([ge, le]).toEqual([7, 4]);
    expect(pseudoPValue(ge, le, 9, "folded")).toBe(3 / 10);
    expect(pseudoPValue(ge, le, 9, "two-sided")).toBe(1);
  });

  it("an observation in the upper tail", () => {
    // obs = 7: ge = #{7,8} = 2, le = 8. esda: R − larger = 7 is not < 2 → p = (2 + 1)/10 = 0.3.
    // two-sided: 2·(1 + 2)/10 = 0.6.
    const [ge, le] = tails(sims, 7);
    expect(pseudoPValue(ge, le, 9, "folded")).toBe(3 / 10);
    expect(pseudoPValue(ge, le, 9, "two-sided")).toBe(6 / 10);
  });

  it("an observation above every permutation, and one below every permutation", () => {
    // obs = 9: ge = 0 → folded (0 + 1)/10 = 0.1, two-sided 2·1/10 = 0.2.
    // obs = 0: ge = 9, R − ge = 0 < 9 → folded (0 + 1)/10 = 0.1; le = 0 → two-sided 0.2.
    expect(pseudoPValue(...tails(sims, 9), 9, "folded")).toBe(1 / 10);
    expect(pseudoPValue(...tails(sims, 9), 9, "two-sided")).toBe(2 / 10);
    expect(pseudoPValue(...tails(sims, 0), 9, "folded")).toBe(1 / 10);
    expect(pseudoPValue(...tails(sims, 0), 9, "two-sided")).toBe(2 / 10);
  });

  it("every permutation ties the observation: folded says 1/(R + 1), two-sided says 1", () => {
    // R = 99, all equal: ge = le = 99. esda: R − larger = 0 < 99 → larger = 0 → p = 1/100.
    // two-sided: min(1, 2·100/100) = 1.
    expect(pseudoPValue(99, 99, 99, "folded")).toBe(1 / 100);
    expect(pseudoPValue(99, 99, 99, "two-sided")).toBe(1);
  });
});

describe("getisOrdGiStar permutationTest", () => {
  it("a site whose permutations all tie: folded 1/(R + 1), two-sided 1", () => {
    // Site 0 (value 9) has neighbours {0, 1}; every other site has value 1, so whichever site is drawn
    // into its one other slot the lag is 9 + 1 = 10 = observed: all R = 99 permutations tie.
    const v = Float64Array.of(9, 1, 1, 1, 1);
    const nb = packNeighbours([[0, 1], [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4]], true);
    const folded = getisOrdGiStar(v, nb, { permutations: 99, permutationTest: "folded" });
    const two = getisOrdGiStar(v, nb, { permutations: 99 });
    expect(folded.pSim[0]).toBe(1 / 100);
    expect(two.pSim[0]).toBe(1);
    expect(two.meta.permutationTest).toBe("two-sided");
    expect(folded.meta.permutationTest).toBe("folded");
  });

  it("with one seed, two-sided ≥ min(1, 2 × folded) everywhere, = where no permutation can tie", () => {
    // le ≥ R − ge (ties are in le only), so 2(1 + min(ge, le))/(R + 1) ≥ 2 · (min(ge, R − ge) + 1)/(R + 1).
    // Without ties le = R − ge and the two are equal (×2 is exact). A permuted lag ties the observed one
    // when it redraws the site's own neighbours: likely for a site with 1–2 others among 149, but with
    // ≥ 6 others the chance is about 199 / C(149, 6) = 199 / 1.37e10 ≈ 1.4e-8 per site, so equality is asserted there.
    const rand = seededRandom(11);
    const n = 150;
    const x = Float64Array.from({ length: n }, () => rand() * 5000);
    const y = Float64Array.from({ length: n }, () => rand() * 5000);
    const v = Float64Array.from({ length: n }, (_, i) => (x[i] < 1500 ? 5 : 1) + rand());
    const nb = distanceBandNeighbours(x, y, 800);
    const two = getisOrdGiStar(v, nb, { permutations: 199, seed: 7 });
    const folded = getisOrdGiStar(v, nb, { permutations: 199, seed: 7, permutationTest: "folded" });
    let significant = 0;
    let checked = 0;
    for (let i = 0; i < n; i++) {
      expect(two.pSim[i]).toBeGreaterThanOrEqual(Math.min(1, 2 * folded.pSim[i]));
      if (nb.start[i + 1] - nb.start[i] - 1 >= 6) {
        expect(two.pSim[i]).toBe(Math.min(1, 2 * folded.pSim[i]));
        checked++;
      }
      expect(folded.pSim[i]).toBeGreaterThanOrEqual(1 / 200);
      expect(folded.pSim[i]).toBeLessThanOrEqual(100 / 200); // (⌊199/2⌋ + 1)/200
      if (folded.pSim[i] <= 0.005) significant++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(significant).toBeGreaterThan(0); // the planted west strip
  });

  it("rejects an unknown permutationTest", () => {
    const nb = packNeighbours([[0, 1], [0, 1, 2], [1, 2]], true);
    expect(() => getisOrdGiStar(Float64Array.of(1, 2, 3), nb, { permutations: 9, permutationTest: "one-sided" as never })).toThrow(OptionError);
  });
});
