import type { Lixels } from "../../core/lixels.ts";
import type { RoadNetwork } from "../../core/road-network.ts";

/**
 * Which route each lixel belongs to and where along it: lixels of one route are smoothed together by
 * the network-density component. Default (`lixelRoutes(lixels)`): each road piece is its own route. With
 * the network the lixels were cut from, pieces split at junctions are rejoined into their source feature
 * part, so the window runs on along a national road through its junctions.
 */
export interface LixelRoutes {
  /** Route id per lixel. */
  route: Uint32Array;
  /** Chainage of the lixel's midpoint along its route, metres. */
  chainageM: Float64Array;
}

export function lixelRoutes(lixels: Lixels, roads?: RoadNetwork): LixelRoutes {
  const route = new Uint32Array(lixels.count);
  const chainageM = new Float64Array(lixels.count);
  const ids = new Map<string, number>();
  for (let l = 0; l < lixels.count; l++) {
    const r = lixels.road[l];
    const key = roads ? `${roads.featureIndex[r]}/${roads.partIndex[r]}` : `${r}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    route[l] = id;
    chainageM[l] = (roads ? roads.startM[r] : 0) + lixels.fromM[l] + lixels.lengthM[l] / 2;
  }
  return { route, chainageM };
}

/**
 * Network density along the road: the length-weighted mean of `values` over the lixels of the same route
 * whose midpoints lie within ±windowM of lixel l's midpoint (a uniform window along the road, as in a 1-D
 * kernel smoother on the network; Okabe & Sugihara 2012, ch. 9, restricted to one route),
 *   N_l = Σ_k v_k·len_k / Σ_k len_k,  k on route(l), |c_k − c_l| ≤ windowM.
 * A sliding window over each route sorted by chainage: O(n log n). N is a non-negative linear combination
 * of the values, with coefficients fixed by the geometry, so it keeps every monotonicity the values have.
 */
export function networkDensity(lixels: Lixels, values: Float64Array, windowM: number, routes: LixelRoutes = lixelRoutes(lixels)): Float64Array {
  const n = lixels.count;
  const out = new Float64Array(n);
  if (windowM <= 0) {
    out.set(values);
    return out;
  }
  const order = Array.from({ length: n }, (_, l) => l);
  order.sort((a, b) => routes.route[a] - routes.route[b] || routes.chainageM[a] - routes.chainageM[b] || a - b);
  const len = lixels.lengthM;
  const c = routes.chainageM;
  let g0 = 0;
  while (g0 < n) {
    let g1 = g0;
    while (g1 < n && routes.route[order[g1]] === routes.route[order[g0]]) g1++;
    // window [a, b) over order[g0..g1); sums restart per route
    let a = g0;
    let b = g0;
    let num = 0;
    let den = 0;
    let nonZero = 0; // values > 0 in the window: when none, the result is exactly 0 (no rounding residue)
    for (let k = g0; k < g1; k++) {
      const ck = c[order[k]];
      while (b < g1 && c[order[b]] <= ck + windowM) {
        num += values[order[b]] * len[order[b]];
        den += len[order[b]];
        if (values[order[b]] > 0) nonZero++;
        b++;
      }
      while (c[order[a]] < ck - windowM) {
        num -= values[order[a]] * len[order[a]];
        den -= len[order[a]];
        if (values[order[a]] > 0) nonZero--;
        a++;
      }
      out[order[k]] = nonZero > 0 && den > 0 ? Math.max(0, num / den) : 0;
    }
    g0 = g1;
  }
  return out;
}
