import { OptionError } from "../../core/errors.ts";
import type { Lixels } from "../../core/lixels.ts";
import type { LixelIndex } from "../../spatial/lixel-index.ts";
import type { RoadGraph } from "./road-graph.ts";
import { edgeCosts, prepareRouteQuery, type RouteConstraints, type RoutePath, type RouteQuery, runRouteQuery } from "./route-query.ts";

export interface TradeoffOptions extends RouteConstraints {
  /** Estimated incident rate per lixel, incidents per km per year (≥ 0). Required. */
  ratePerKmYear: Float64Array;
  /** Largest λ explored, km·year per incident. Default 1e6 (risk first, length only to break ties). */
  maxLambda?: number;
  /** At most this many routes; when reached, neighbours are not searched between (λ switch points approximate). Default 32. */
  maxPoints?: number;
}

/** One route of the trade-off curve. */
export interface TradeoffPoint {
  /** The route is least-cost for every λ in [lambda, lambdaMax] (km·year per incident). */
  lambda: number;
  lambdaMax: number;
  lengthM: number;
  /** Σ ρ × km along the route, incidents per year (a Poisson mean under the risk model). */
  expectedIncidentsPerYear: number;
  /** Metres longer than the shortest route (the first point). */
  extraLengthM: number;
  /** Expected incidents per year fewer than on the shortest route. */
  riskReductionPerYear: number;
  path: RoutePath;
}

/**
 * The length–risk trade-off between two points: every route that is least-cost for some λ in
 * [0, maxLambda] under cost L × (1 + λρ). That cost is lengthM + 1000·λ·E (E = expected incidents per
 * year), so these are the supported Pareto-optimal routes of (length, E) — the lower-left convex hull —
 * found exactly by dichotomic search (Aneja & Nair 1979; Cohon's NISE): for two neighbouring hull routes
 * A (shorter) and B (safer), search at λ* = (L_B − L_A) / (1000 (E_A − E_B)), where both cost the same;
 * a route strictly cheaper there is a new hull point between them, otherwise λ* is where the choice
 * switches from A to B. Routes that are Pareto-optimal but inside the hull (beaten by a mix of two others)
 * are not found: no λ selects them. Points are ordered by λ: length increasing, risk decreasing.
 */
export function tradeoffCurve(
  graph: RoadGraph,
  lixelIndex: LixelIndex,
  from: { x: number; y: number },
  to: { x: number; y: number },
  options: TradeoffOptions,
): TradeoffPoint[] {
  const maxLambda = options.maxLambda ?? 1e6;
  const maxPoints = options.maxPoints ?? 32;
  if (!(maxLambda > 0) || !Number.isFinite(maxLambda)) throw new OptionError(`maxLambda must be a finite number > 0, got ${maxLambda}`);
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new OptionError(`maxPoints must be a whole number >= 2, got ${maxPoints}`);
  const lixels = lixelIndex.lixels;
  edgeCosts(lixels, 1, options.ratePerKmYear); // checks the rates once
  const query = prepareRouteQuery(graph, lixelIndex, from, to, options);
  const solve = (lambda: number) => evaluate(query, lixels, lambda, options.ratePerKmYear);
  const a = solve(0);
  const b = solve(maxLambda);
  const hull: Solved[] = [a];
  const switches: number[] = []; // switches[k]: the λ where hull[k] hands over to hull[k + 1]
  const between = (p: Solved, q: Solved): void => {
    const lambda = Math.max(0, (q.lengthM - p.lengthM) / (1000 * (p.e - q.e)));
    if (hull.length + 2 > maxPoints) {
      switches.push(lambda); // capped: p and q kept as neighbours, routes between them not searched
      return;
    }
    const c = solve(lambda);
    const costP = p.lengthM + 1000 * lambda * p.e;
    const costC = c.lengthM + 1000 * lambda * c.e;
    if (costC < costP - 1e-12 * costP && c.e < p.e && c.e > q.e) {
      between(p, c);
      hull.push(c);
      between(c, q);
    } else {
      switches.push(lambda);
    }
  };
  if (b.e < a.e) {
    between(a, b);
    hull.push(b);
  }
  // Drop weakly dominated points (e.g. an equally long but riskier shortest route at λ = 0); the next
  // point inherits the dropped one's lower λ bound.
  const out: TradeoffPoint[] = [];
  let lower = 0;
  hull.forEach((p, k) => {
    const upper = k === hull.length - 1 ? maxLambda : switches[k];
    const dominated = hull.some((q, m) => m !== k && q.lengthM <= p.lengthM && q.e <= p.e && (q.lengthM < p.lengthM || q.e < p.e));
    if (!dominated) out.push({ lambda: lower, lambdaMax: upper, lengthM: p.lengthM, expectedIncidentsPerYear: p.e, extraLengthM: 0, riskReductionPerYear: 0, path: p.path });
    if (!dominated) lower = upper;
  });
  for (const p of out) {
    p.extraLengthM = p.lengthM - out[0].lengthM;
    p.riskReductionPerYear = out[0].expectedIncidentsPerYear - p.expectedIncidentsPerYear;
  }
  return out;
}

interface Solved {
  lengthM: number;
  e: number;
  path: RoutePath;
}

function evaluate(q: RouteQuery, lixels: Lixels, lambda: number, rate: Float64Array): Solved {
  const path = runRouteQuery(q, edgeCosts(lixels, lambda, rate));
  let e = 0;
  for (const s of path.steps) e += (Math.abs(s.toFrac - s.fromFrac) * lixels.lengthM[s.lixel] * rate[s.lixel]) / 1000;
  return { lengthM: path.lengthM, e, path };
}
