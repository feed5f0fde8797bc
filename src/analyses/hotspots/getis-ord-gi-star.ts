import { OptionError } from "../../core/errors.ts";
import type { Neighbours } from "../../spatial/neighbours.ts";
import { benjaminiHochberg } from "./benjamini-hochberg.ts";
import { hotspotClass } from "./hotspot-classes.ts";
import { type PermutationTest, permutationP } from "./permutation-p.ts";
import { twoSidedNormalP } from "./normal-tail.ts";

export interface GiStarOptions {
  /** Conditional permutations per site for pseudo p-values; 0 = none. Default 0 (999 is usual). */
  permutations?: number;
  /** Seed of the permutations (`seededRandom`). Default 1. */
  seed?: number;
  /**
   * How pSim reads the permutations (see PermutationTest). Default "two-sided": it is on the scale of the
   * two-sided normal p and of the class thresholds; "folded" is esda's one-sided p_sim (about half of it,
   * and with ties counted in the upper tail only it can be 1/(R + 1) where every permutation ties).
   */
  permutationTest?: PermutationTest;
  /** Classify by Benjamini–Hochberg adjusted p-values (false discovery rate) instead of raw ones. Default true. */
  fdr?: boolean;
  /** Which p-value the classes use. Default "analytical"; "permutation" needs permutations > 0. */
  classBy?: "analytical" | "permutation";
}

export interface GiStar {
  /** Gi* z-score per site (NaN where it is undefined: every site is a neighbour). */
  readonly z: Float64Array;
  /** Two-sided p-value from the normal approximation. */
  readonly p: Float64Array;
  /** Pseudo p-value from conditional permutations, read as meta.permutationTest (NaN when none were run). */
  readonly pSim: Float64Array;
  /** Benjamini–Hochberg adjustment of the p-values the classes use. */
  readonly q: Float64Array;
  /** −3..3 as ArcGIS's Gi_Bin (see HOTSPOT_CLASSES). */
  readonly hotspotClass: Int8Array;
  readonly meta: { n: number; mean: number; sd: number; permutations: number; seed: number; permutationTest: PermutationTest; fdr: boolean; classBy: "analytical" | "permutation" };
}

/**
 * Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995, eq. 4) for values xⱼ on sites with sparse weights
 * wᵢⱼ that include the site itself:
 *   Gᵢ* = (Σⱼ wᵢⱼ xⱼ − x̄ Wᵢ) / (s · √((n S₁ᵢ − Wᵢ²) / (n − 1))),
 *   x̄ = Σx/n, s² = Σx²/n − x̄², Wᵢ = Σⱼ wᵢⱼ, S₁ᵢ = Σⱼ wᵢⱼ²
 * — R spdep's `localG(x, nb2listw(include.self(nb), style = "B"))`, equal within 1e-9 on the fixtures of
 * scripts/reference/gistar-spdep.R and gistar-ties-spdep.R (docs/density-and-hotspots.md §3).
 * p-values are two-sided from N(0, 1). Conditional permutation (Anselin 1995): site i keeps xᵢ and its
 * |Nᵢ| neighbours get values drawn without replacement from the other n − 1 sites; the pseudo p-value is
 * two-sided, min(1, 2·(1 + min(#{G ≥ Gobs}, #{G ≤ Gobs})) / (R + 1)), by default, or esda's one-sided
 * folded p_sim with `permutationTest: "folded"` (see permutation-p.ts). Classes: ±3/±2/±1 at p (or BH q)
 * ≤ 0.01/0.05/0.10.
 */
export function getisOrdGiStar(values: Float64Array, neighbours: Neighbours, options: GiStarOptions = {}): GiStar {
  const n = values.length;
  if (neighbours.count !== n) throw new OptionError(`neighbours are for ${neighbours.count} sites but there are ${n} values`);
  if (!neighbours.selfIncluded) throw new OptionError("Gi* needs each site among its own neighbours: build them with includeSelf: true");
  if (n < 3) throw new OptionError(`Gi* needs at least 3 sites, got ${n}`);
  const R = options.permutations ?? 0;
  const seed = options.seed ?? 1;
  const fdr = options.fdr ?? true;
  const classBy = options.classBy ?? "analytical";
  const test = options.permutationTest ?? "two-sided";
  if (test !== "two-sided" && test !== "folded") throw new OptionError(`permutationTest must be "two-sided" or "folded", got "${String(test)}"`);
  if (!Number.isInteger(R) || R < 0) throw new OptionError(`permutations must be a whole number >= 0, got ${R}`);
  if (classBy === "permutation" && R === 0) throw new OptionError(`classBy "permutation" needs permutations > 0`);
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new OptionError(`value ${i} is ${values[i]}: Gi* needs a finite value at every site`);
    sum += values[i];
    sum2 += values[i] * values[i];
  }
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sum2 / n - mean * mean));
  if (!(sd > 0)) throw new OptionError("all values are equal: Gi* is undefined (no variation to find hot spots in)");
  const { start, index, weight } = neighbours;
  const z = new Float64Array(n);
  const lag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let W = 0;
    let S1 = 0;
    let L = 0;
    for (let k = start[i]; k < start[i + 1]; k++) {
      W += weight[k];
      S1 += weight[k] * weight[k];
      L += weight[k] * values[index[k]];
    }
    lag[i] = L;
    const v = (n * S1 - W * W) / (n - 1);
    z[i] = v > 0 ? (L - mean * W) / (sd * Math.sqrt(v)) : Number.NaN;
  }
  const p = z.map(twoSidedNormalP);
  const pSim = R > 0 ? permutationP(values, neighbours, lag, R, seed, test) : new Float64Array(n).fill(Number.NaN);
  const used = classBy === "permutation" ? pSim : p;
  const q = benjaminiHochberg(used);
  const cls = new Int8Array(n);
  for (let i = 0; i < n; i++) cls[i] = hotspotClass(z[i], fdr ? q[i] : used[i]);
  return { z, p, pSim, q, hotspotClass: cls, meta: { n, mean, sd, permutations: R, seed, permutationTest: test, fdr, classBy } };
}
