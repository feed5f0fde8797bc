import { seededRandom } from "../../core/random.ts";
import type { Neighbours } from "../../spatial/neighbours.ts";

/**
 * How a conditional-permutation pseudo p-value is read from the R permuted statistics.
 * - `"two-sided"` (minerisk's default): min(1, 2·(1 + min(#{G ≥ Gobs}, #{G ≤ Gobs})) / (R + 1)); a tie
 *   counts in both tails. On the scale of the two-sided normal p-value, so the same class thresholds apply.
 * - `"folded"`: PySAL esda's one-sided folded `p_sim` (esda/crand.py `crand`: larger = #{G ≥ Gobs};
 *   where R − larger < larger, larger := R − larger; p = (larger + 1)/(R + 1)), also spdep 1.2-7
 *   `localG_perm`'s "Pr(folded) Sim". Ties count in the upper tail only (R − larger = #{G < Gobs}).
 */
export type PermutationTest = "two-sided" | "folded";

/**
 * A pseudo p-value from tail counts of R permutations: ge = #{G ≥ Gobs}, le = #{G ≤ Gobs} (ties in
 * both). "two-sided": min(1, 2(1 + min(ge, le))/(R + 1)); "folded" (esda `p_sim`): (min(ge, R − ge) + 1)/(R + 1).
 */
export function pseudoPValue(ge: number, le: number, R: number, test: PermutationTest): number {
  if (test === "folded") return (Math.min(ge, R - ge) + 1) / (R + 1);
  return Math.min(1, (2 * (1 + Math.min(ge, le))) / (R + 1));
}

/**
 * Conditional permutation (Anselin 1995) of each site's lag Σⱼ wᵢⱼ xⱼ: site i keeps xᵢ, its |Nᵢ| other
 * neighbours get values drawn without replacement from the other n − 1 sites (a partial Fisher–Yates
 * shuffle per permutation, seeded). The lag is monotone in Gi* at fixed i, so lags are compared; a
 * permuted lag within 1e-12 (relative) of the observed one is a tie.
 */
export function permutationP(values: Float64Array, nb: Neighbours, lag: Float64Array, R: number, seed: number, test: PermutationTest): Float64Array {
  const n = values.length;
  const rand = seededRandom(seed);
  const pool = new Uint32Array(n).map((_, i) => i);
  const pos = new Uint32Array(n).map((_, i) => i);
  const swap = (a: number, b: number) => {
    const va = pool[a];
    const vb = pool[b];
    pool[a] = vb;
    pool[b] = va;
    pos[vb] = a;
    pos[va] = b;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    swap(pos[i], n - 1); // i is held fixed: draw from pool[0 .. n−2]
    let selfW = 0;
    const others: number[] = [];
    for (let k = nb.start[i]; k < nb.start[i + 1]; k++) {
      if (nb.index[k] === i) selfW += nb.weight[k];
      else others.push(nb.weight[k]);
    }
    const kk = others.length;
    let ge = 0;
    let le = 0;
    const obs = lag[i];
    const tol = 1e-12 * Math.max(1, Math.abs(obs));
    for (let r = 0; r < R; r++) {
      let L = selfW * values[i];
      for (let t = 0; t < kk; t++) {
        swap(t, t + Math.floor(rand() * (n - 1 - t)));
        L += others[t] * values[pool[t]];
      }
      if (L >= obs - tol) ge++;
      if (L <= obs + tol) le++;
    }
    out[i] = pseudoPValue(ge, le, R, test);
  }
  return out;
}
