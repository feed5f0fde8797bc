import { OptionError } from "../../core/errors.ts";
import type { Lixels } from "../../core/lixels.ts";
import type { RoadNetwork } from "../../core/road-network.ts";
import { pointAlong } from "../../core/math.ts";
import type { PointIndex } from "../../spatial/point-index.ts";
import { RISK_CLASSES, type RiskClass } from "../risk/risk-classes.ts";
import type { RoutePath } from "./shortest-path.ts";

/** Named places indexed by position (working CRS), for "nearest place" in stretches. */
export interface NamedPlaces {
  readonly names: readonly string[];
  readonly points: PointIndex;
}

export interface CorridorReportOptions {
  /** Length of the stretches the route is cut into, metres (the last one is shorter). Default 1000. */
  stretchLengthM?: number;
  /** How many stretches `worstStretches` lists at least. Default 5. */
  worstCount?: number;
  /**
   * Also list every stretch whose mean rate is at least this, incidents/km/year, however many there are —
   * e.g. the lower bound of the "high" class, so each red stretch of a route is explained. Default: none.
   */
  listAtLeastPerKmYear?: number;
  /** When given, each stretch names the place nearest to its midpoint (`near`). */
  places?: NamedPlaces;
}

/** One step of the route, chainage in km from the route's start. */
export interface CorridorProfileEntry {
  fromKm: number;
  toKm: number;
  /** Rate of the lixel traversed, incidents per km per year. */
  ratePerKmYear: number;
  riskClass: RiskClass;
  roadName: string;
}

/** A stretch of route [fromKm, toKm) of chainage. */
export interface CorridorStretch {
  fromKm: number;
  toKm: number;
  /** Length-weighted mean rate over the stretch: Σ ρ_i ℓ_i / Σ ℓ_i, incidents per km per year. */
  ratePerKmYear: number;
  /** Σ ρ_i ℓ_i with ℓ_i in km: incidents per year expected on the stretch. */
  expectedIncidentsPerYear: number;
  /** Distinct non-empty names of the roads the stretch uses, in travel order. */
  roadNames: string[];
  /** The place nearest to the stretch's midpoint on the route and its straight-line distance, metres. */
  near?: { name: string; distanceM: number };
}

export interface CorridorReport {
  /** Route length, metres: Σ over steps of |toFrac − fromFrac| × lixel length. */
  lengthM: number;
  /** Σ over steps of ρ[lixel] × traversed km: incidents per year expected along the route. */
  expectedIncidentsPerYear: number;
  /** Km of route in each risk class (every class present, 0 when unused); sums to lengthM / 1000. */
  kmByClass: Record<RiskClass, number>;
  profile: CorridorProfileEntry[];
  stretches: CorridorStretch[];
  /** The `worstCount` stretches of highest mean rate (ties to the earlier chainage), plus any others at or above `listAtLeastPerKmYear`. */
  worstStretches: CorridorStretch[];
}

/**
 * The corridor report of a route (DESIGN.md, Routing): walk the steps from the start, each step i
 * covering ℓ_i = |toFrac − fromFrac| × lengthM[lixel] / 1000 km at rate ρ_i = ratePerKmYear[lixel]
 * incidents/km/year. Expected incidents per year = Σ ρ_i ℓ_i (a Poisson mean under the risk model's
 * rates, not a probability). Stretches cut the route's chainage at multiples of `stretchLengthM`; a step
 * crossing a cut is divided at it, so every stretch's mean rate is exactly Σ ρ ℓ / stretch length.
 */
export function corridorReport(
  path: RoutePath,
  lixels: Lixels,
  roads: RoadNetwork,
  risk: { ratePerKmYear: Float64Array; riskClass: Uint8Array },
  options: CorridorReportOptions = {},
): CorridorReport {
  const stretchLengthM = options.stretchLengthM ?? 1000;
  const worstCount = options.worstCount ?? 5;
  if (!(stretchLengthM > 0) || !Number.isFinite(stretchLengthM)) {
    throw new OptionError(`stretchLengthM must be a positive number of metres, got ${stretchLengthM}`);
  }
  if (options.listAtLeastPerKmYear !== undefined && Number.isNaN(options.listAtLeastPerKmYear)) throw new OptionError("listAtLeastPerKmYear must be a number of incidents/km/year, got NaN");
  if (!Number.isInteger(worstCount) || worstCount < 0) {
    throw new OptionError(`worstCount must be a whole number >= 0, got ${worstCount}`);
  }
  if (risk.ratePerKmYear.length !== lixels.count || risk.riskClass.length !== lixels.count) {
    throw new OptionError(
      `risk arrays must hold one value per lixel (${lixels.count}); got ${risk.ratePerKmYear.length} rates and ${risk.riskClass.length} classes`,
    );
  }
  const kmByClass = Object.fromEntries(RISK_CLASSES.map((c) => [c, 0])) as Record<RiskClass, number>;
  const profile: CorridorProfileEntry[] = [];
  const stepFromM: number[] = [];
  let atM = 0;
  let expected = 0;
  for (const st of path.steps) {
    const lenM = Math.abs(st.toFrac - st.fromFrac) * lixels.lengthM[st.lixel];
    const rate = risk.ratePerKmYear[st.lixel];
    const riskClass = RISK_CLASSES[risk.riskClass[st.lixel]];
    if (riskClass === undefined) throw new OptionError(`riskClass[${st.lixel}] = ${risk.riskClass[st.lixel]} is not a risk class index`);
    kmByClass[riskClass] += lenM / 1000;
    expected += (rate * lenM) / 1000;
    const roadName = roads.names[lixels.road[st.lixel]];
    stepFromM.push(atM);
    profile.push({ fromKm: atM / 1000, toKm: (atM + lenM) / 1000, ratePerKmYear: rate, riskClass, roadName });
    atM += lenM;
  }
  const stretches = cutStretches(profile, stepFromM, atM, stretchLengthM);
  if (options.places && options.places.names.length > 0) nameStretches(stretches, path.xy, options.places);
  const atLeast = options.listAtLeastPerKmYear ?? Infinity;
  const worstStretches = stretches
    .map((s, k) => ({ s, k }))
    .sort((a, b) => b.s.ratePerKmYear - a.s.ratePerKmYear || a.k - b.k)
    .filter((e, rank) => rank < worstCount || e.s.ratePerKmYear >= atLeast)
    .map((e) => e.s);
  return { lengthM: atM, expectedIncidentsPerYear: expected, kmByClass, profile, stretches, worstStretches };
}

/**
 * The place nearest to each stretch's midpoint, located on the route polyline at chainage
 * (fromKm + toKm) / 2 (Flatbush k-nearest search, exact for points).
 */
function nameStretches(stretches: CorridorStretch[], xy: Float64Array, places: NamedPlaces): void {
  const n = xy.length / 2;
  for (const s of stretches) {
    const [x, y] = pointAlong(xy, 0, n, ((s.fromKm + s.toKm) / 2) * 1000);
    const [k] = places.points.index.neighbors(x, y, 1);
    s.near = { name: places.names[k], distanceM: Math.hypot(places.points.x[k] - x, places.points.y[k] - y) };
  }
}

/**
 * Stretch k covers chainage [k·S, min((k+1)·S, L)) metres, n = ceil(L/S) stretches (a remainder under a
 * nanometre-scale tolerance is folded into the last one rather than becoming a sliver stretch).
 */
function cutStretches(
  profile: readonly CorridorProfileEntry[],
  stepFromM: readonly number[],
  totalM: number,
  stretchM: number,
): CorridorStretch[] {
  if (!(totalM > 0)) return [];
  const n = Math.max(1, Math.ceil(totalM / stretchM - 1e-9));
  const rateLen = new Float64Array(n); // Σ ρ × metres
  const names: string[][] = Array.from({ length: n }, () => []);
  let k = 0;
  for (let i = 0; i < profile.length; i++) {
    const p = profile[i];
    let a = stepFromM[i];
    const b = i + 1 < profile.length ? stepFromM[i + 1] : totalM;
    for (;;) {
      const end = k === n - 1 ? Infinity : (k + 1) * stretchM;
      const to = Math.min(b, end);
      if (to > a) {
        rateLen[k] += p.ratePerKmYear * (to - a);
        if (p.roadName !== "" && !names[k].includes(p.roadName)) names[k].push(p.roadName);
      }
      if (b <= end) break;
      a = end;
      k++;
    }
  }
  const out: CorridorStretch[] = [];
  for (let s = 0; s < n; s++) {
    const fromM = s * stretchM;
    const toM = s === n - 1 ? totalM : (s + 1) * stretchM;
    out.push({
      fromKm: fromM / 1000,
      toKm: toM / 1000,
      ratePerKmYear: rateLen[s] / (toM - fromM),
      expectedIncidentsPerYear: rateLen[s] / 1000,
      roadNames: names[s],
    });
  }
  return out;
}
