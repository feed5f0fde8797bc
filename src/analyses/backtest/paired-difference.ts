import { OptionError } from "../../core/errors.ts";
import { seededRandom } from "../../core/random.ts";
import { rankGroups } from "./ranking-metrics.ts";

/** A difference (forecast A − forecast B) with a percentile bootstrap interval. */
export interface DifferenceInterval {
  diff: number;
  low: number;
  high: number;
}

/** How far forecast A is ahead of B on one split, with 95 % intervals: PAI at `coverage` and ROC-AUC. */
export interface PairedDifference {
  pai: DifferenceInterval;
  auc: DifferenceInterval;
  /** Test events on lixels A takes into its top `coverage` and B does not (pro rata), and the reverse. */
  eventsOnlyA: number;
  eventsOnlyB: number;
}

export interface PairedDifferenceOptions {
  /** Share of road length for the PAI. Default 0.1. */
  coverage?: number;
  /** Bootstrap resamples. Default 2000. */
  resamples?: number;
  /** Seed of the resampling. Default 1. */
  seed?: number;
}

/**
 * Per lixel, the share of it taken into the top `coverage` of road length by `score` (1 inside, 0 outside,
 * pro rata for the tie group straddling the limit) — so Σ events·share / Σ events is exactly the hit rate
 * of ranking-metrics.ts hitRates.
 */
export function coverageShares(score: Float64Array, lengthM: Float64Array, coverage: number): Float64Array {
  const { order, groupStart } = rankGroups(score);
  let total = 0;
  for (const v of lengthM) total += v;
  const limit = coverage * total;
  const share = new Float64Array(score.length);
  let len = 0;
  for (let g = 0; g + 1 < groupStart.length && len < limit; g++) {
    let gLen = 0;
    for (let k = groupStart[g]; k < groupStart[g + 1]; k++) gLen += lengthM[order[k]];
    const take = Math.min(1, (limit - len) / gLen);
    for (let k = groupStart[g]; k < groupStart[g + 1]; k++) share[order[k]] = take;
    len += take * gLen;
  }
  return share;
}

/**
 * Per positive lixel (≥ 1 event), its placement among the negatives: (#negatives scored lower + ½ #tied) /
 * #negatives. Their mean is the Mann–Whitney ROC-AUC of ranking-metrics.ts lixelAuc (DeLong, DeLong &
 * Clarke-Pearson 1988 call these placement values).
 */
export function placements(score: Float64Array, positive: Uint32Array, isPositive: Uint8Array): Float64Array {
  const neg: number[] = [];
  for (let l = 0; l < score.length; l++) if (!isPositive[l]) neg.push(score[l]);
  const sorted = Float64Array.from(neg).sort();
  const out = new Float64Array(positive.length);
  positive.forEach((l, j) => {
    const s = score[l];
    const below = lowerBound(sorted, s);
    const upTo = upperBound(sorted, s);
    out[j] = (below + (upTo - below) / 2) / sorted.length;
  });
  return out;
}

/**
 * Paired comparison of two per-lixel forecasts on the same test events: the difference in PAI at
 * `coverage` and in ROC-AUC, with 95 % percentile intervals from a bootstrap over the positive lixels
 * (each with all its events: events on one lixel are not independent). The negatives are held fixed — with
 * ~10⁵ of them their share of the AUC variance is negligible next to the positives' (DeLong et al. 1988).
 * An interval that contains 0 says the split cannot tell the two forecasts apart on that metric.
 */
export function pairedDifference(a: Float64Array, b: Float64Array, lengthM: Float64Array, events: Float64Array, options: PairedDifferenceOptions = {}): PairedDifference {
  return pairedDifferences(a, { b }, lengthM, events, options).b;
}

/**
 * pairedDifference of one forecast `a` against each of several `others` (by name), ranking `a` once: its
 * top-coverage shares and placement values are computed a single time for all comparisons.
 */
export function pairedDifferences(a: Float64Array, others: Record<string, Float64Array>, lengthM: Float64Array, events: Float64Array, options: PairedDifferenceOptions = {}): Record<string, PairedDifference> {
  const coverage = options.coverage ?? 0.1;
  const resamples = options.resamples ?? 2000;
  if (!(coverage > 0 && coverage <= 1)) throw new OptionError(`coverage must lie in (0, 1], got ${coverage}`);
  if (!(Number.isInteger(resamples) && resamples > 0)) throw new OptionError(`resamples must be a positive integer, got ${resamples}`);
  for (const b of Object.values(others)) if (b.length !== a.length || lengthM.length !== a.length || events.length !== a.length) throw new OptionError("forecasts, lengthM and events must align");
  const isPositive = new Uint8Array(a.length);
  const pos: number[] = [];
  for (let l = 0; l < a.length; l++) if (events[l] > 0) (isPositive[l] = 1), pos.push(l);
  const positive = Uint32Array.from(pos);
  const out: Record<string, PairedDifference> = {};
  if (positive.length === 0 || positive.length === a.length) {
    const nan = { diff: Number.NaN, low: Number.NaN, high: Number.NaN };
    for (const name of Object.keys(others)) out[name] = { pai: nan, auc: nan, eventsOnlyA: 0, eventsOnlyB: 0 };
    return out;
  }
  const shareA = coverageShares(a, lengthM, coverage);
  const placeA = placements(a, positive, isPositive);
  for (const [name, b] of Object.entries(others)) out[name] = compare(shareA, placeA, coverageShares(b, lengthM, coverage), placements(b, positive, isPositive), positive, events, coverage, resamples, options.seed ?? 1);
  return out;
}

/** The paired bootstrap of one comparison, from both forecasts' shares and placements (see pairedDifference). */
function compare(shareA: Float64Array, placeA: Float64Array, shareB: Float64Array, placeB: Float64Array, positive: Uint32Array, events: Float64Array, coverage: number, resamples: number, seed: number): PairedDifference {
  const n = positive.length;
  const ev = new Float64Array(n);
  const hitDiff = new Float64Array(n); // events × (shareA − shareB) on positive lixel j
  const placeDiff = new Float64Array(n);
  let eventsOnlyA = 0;
  let eventsOnlyB = 0;
  for (let j = 0; j < n; j++) {
    const l = positive[j];
    ev[j] = events[l];
    hitDiff[j] = events[l] * (shareA[l] - shareB[l]);
    placeDiff[j] = placeA[j] - placeB[j];
    eventsOnlyA += events[l] * Math.max(0, shareA[l] - shareB[l]);
    eventsOnlyB += events[l] * Math.max(0, shareB[l] - shareA[l]);
  }
  const stat = (pick: (j: number) => number) => {
    let e = 0;
    let h = 0;
    let p = 0;
    for (let k = 0; k < n; k++) {
      const j = pick(k);
      e += ev[j];
      h += hitDiff[j];
      p += placeDiff[j];
    }
    return { pai: h / e / coverage, auc: p / n };
  };
  const point = stat((k) => k);
  const rand = seededRandom(seed);
  const pais = new Float64Array(resamples);
  const aucs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    const s = stat(() => Math.floor(rand() * n));
    pais[r] = s.pai;
    aucs[r] = s.auc;
  }
  return { pai: interval(point.pai, pais), auc: interval(point.auc, aucs), eventsOnlyA, eventsOnlyB };
}

/** The point estimate with the 2.5 % and 97.5 % quantiles of its resamples (linear interpolation, type 7). */
export function interval(diff: number, resampled: Float64Array): DifferenceInterval {
  const s = Float64Array.from(resampled).sort();
  const q = (p: number) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo] + (h - lo) * (s[Math.min(lo + 1, s.length - 1)] - s[lo]);
  };
  return { diff, low: q(0.025), high: q(0.975) };
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
