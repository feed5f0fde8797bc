import { OptionError } from "../../core/errors.ts";

/** Coverages (shares of road length) at which hit rates and PAI are reported: 1, 5, 10 and 20 %. */
export const DEFAULT_COVERAGES: readonly number[] = [0.01, 0.05, 0.1, 0.2];

/** Hit rate and length-based PAI at each coverage, in the order of `coverages`. */
export interface HitRates {
  coverages: readonly number[];
  /** Share of the test events in the top-scored lixels making up that share of road length (0..1). */
  hit: number[];
  /** Predictive accuracy index: hit / coverage (1 = no better than road length alone). */
  pai: number[];
}

/**
 * Lixel order by score, highest first, ties grouped: returns the sorted lixel indices and the start of each
 * tie group (ties are exact float equality). Deterministic: equal scores keep index order.
 */
export function rankGroups(score: Float64Array): { order: Uint32Array; groupStart: number[] } {
  const n = score.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => score[b] - score[a] || a - b);
  const groupStart: number[] = [];
  for (let k = 0; k < n; k++) if (k === 0 || score[order[k]] !== score[order[k - 1]]) groupStart.push(k);
  groupStart.push(n);
  return { order, groupStart };
}

/**
 * Hit rate and length-based PAI at given coverages (Chainey, Tompson & Uhlig 2008, "The utility of hotspot
 * mapping for predicting spatial patterns of crime", Security Journal 21: hit rate = n/N, PAI = (n/N)/(a/A),
 * here with a = road length instead of area). Lixels are taken in descending score until their length
 * reaches coverage × total length. A tie group that straddles the limit contributes its events pro rata to
 * the length taken from it — the expectation over random tie-breaking, so a constant score gives exactly
 * hit = coverage and PAI = 1 without any randomness.
 *
 * @param score per lixel (higher = riskier); @param lengthM per lixel; @param events test events per lixel.
 */
export function hitRates(score: Float64Array, lengthM: Float64Array, events: Float64Array, coverages: readonly number[] = DEFAULT_COVERAGES): HitRates {
  checkAligned(score, lengthM, events);
  for (const c of coverages) if (!(c > 0 && c <= 1)) throw new OptionError(`coverages must lie in (0, 1], got ${c}`);
  let totalLen = 0;
  let totalEvents = 0;
  for (let i = 0; i < score.length; i++) {
    totalLen += lengthM[i];
    totalEvents += events[i];
  }
  const { order, groupStart } = rankGroups(score);
  const hit = coverages.map((c) => {
    if (totalEvents === 0) return Number.NaN;
    const limit = c * totalLen;
    let len = 0;
    let got = 0;
    for (let g = 0; g + 1 < groupStart.length && len < limit; g++) {
      let gLen = 0;
      let gEv = 0;
      for (let k = groupStart[g]; k < groupStart[g + 1]; k++) {
        gLen += lengthM[order[k]];
        gEv += events[order[k]];
      }
      const take = Math.min(1, (limit - len) / gLen);
      got += take * gEv;
      len += take * gLen;
    }
    return got / totalEvents;
  });
  return { coverages, hit, pai: hit.map((h, k) => h / coverages[k]) };
}

/**
 * ROC-AUC over lixels: a lixel is positive when it holds at least one test event. Computed as the
 * Mann–Whitney statistic with mid-ranks for ties (Hanley & McNeil 1982), i.e. the probability that a random
 * positive lixel outscores a random negative one, ties counting ½. NaN when either class is empty.
 */
export function lixelAuc(score: Float64Array, events: Float64Array): number {
  const n = score.length;
  if (events.length !== n) throw new OptionError(`events has ${events.length} values for ${n} lixels`);
  const { order, groupStart } = rankGroups(score); // descending
  let pos = 0;
  let rankSumPos = 0; // ascending ranks, 1-based
  for (let g = 0; g + 1 < groupStart.length; g++) {
    const a = groupStart[g];
    const b = groupStart[g + 1];
    // descending positions a..b-1 are ascending ranks n-b+1 .. n-a; their mid-rank:
    const midRank = (n - b + 1 + (n - a)) / 2;
    for (let k = a; k < b; k++) {
      if (events[order[k]] > 0) {
        pos++;
        rankSumPos += midRank;
      }
    }
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

function checkAligned(score: Float64Array, lengthM: Float64Array, events: Float64Array): void {
  if (lengthM.length !== score.length || events.length !== score.length) {
    throw new OptionError(`score, lengthM and events must align: ${score.length}, ${lengthM.length}, ${events.length} values`);
  }
}
