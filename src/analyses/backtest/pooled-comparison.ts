import { OptionError } from "../../core/errors.ts";
import { seededRandom } from "../../core/random.ts";
import { coverageShares, type DifferenceInterval, interval, placements } from "./paired-difference.ts";
import { DEFAULT_COVERAGES } from "./ranking-metrics.ts";

/** One split's forecasts on the same lixels and test events. */
export interface PooledSplit {
  lengthM: Float64Array;
  events: Float64Array;
  model: Float64Array;
  baselines: Record<string, Float64Array>;
}

/** Pooled scores of one forecast: hit rate and PAI per coverage, and the mean of the per-split AUCs. */
export interface PooledScores {
  hit: number[];
  pai: number[];
  auc: number;
}

export interface PooledComparison {
  coverages: readonly number[];
  events: number;
  model: PooledScores;
  baselines: Record<string, PooledScores>;
  /** Model − baseline, pooled, with 95 % paired-bootstrap intervals: per coverage (hit rate, PAI) and AUC. */
  differences: Record<string, { hit: DifferenceInterval[]; pai: DifferenceInterval[]; auc: DifferenceInterval }>;
}

/**
 * Hit rates and PAI pooled over splits — Σ events caught / Σ events, every split's top share of road length
 * taken on its own (a tie group straddling the limit counts pro rata, as in ranking-metrics.ts) — and the
 * mean of the per-split ROC-AUCs, for the model and every baseline; then model − baseline with percentile
 * intervals from a paired bootstrap that resamples positive lixels within each split (stratified by split,
 * each lixel with all its events, as paired-difference.ts does on one split; the negatives held fixed).
 */
export function pooledComparison(splits: readonly PooledSplit[], options: { coverages?: readonly number[]; resamples?: number; seed?: number } = {}): PooledComparison {
  const coverages = options.coverages ?? DEFAULT_COVERAGES;
  const resamples = options.resamples ?? 2000;
  if (splits.length === 0) throw new OptionError("pooling needs at least one split");
  const names = Object.keys(splits[0].baselines);
  const prepared = splits.map((s) => prepare(s, names, coverages));
  const totalEvents = prepared.reduce((a, p) => a + p.evSum, 0);
  if (!(totalEvents > 0)) throw new OptionError("no test events in any split: nothing to pool");
  const scores = (f: number): PooledScores => {
    const hit = coverages.map((_, c) => prepared.reduce((a, p) => a + p.caught[f][c], 0) / totalEvents);
    return { hit, pai: hit.map((h, c) => h / coverages[c]), auc: prepared.reduce((a, p) => a + p.auc[f], 0) / prepared.length };
  };
  const rand = seededRandom(options.seed ?? 1);
  const draws = Array.from({ length: resamples }, () => prepared.map((p) => Uint32Array.from({ length: p.ev.length }, () => Math.floor(rand() * p.ev.length))));
  const differences: PooledComparison["differences"] = {};
  names.forEach((name, b) => {
    const f = b + 1;
    const stat = (pick?: Uint32Array[]) => {
      const diff = new Float64Array(coverages.length);
      let ev = 0;
      let auc = 0;
      prepared.forEach((p, s) => {
        let place = 0;
        const m = p.ev.length;
        for (let k = 0; k < m; k++) {
          const j = pick ? pick[s][k] : k;
          ev += p.ev[j];
          for (let c = 0; c < coverages.length; c++) diff[c] += p.ev[j] * (p.share[0][c][j] - p.share[f][c][j]);
          place += p.place[0][j] - p.place[f][j];
        }
        auc += m > 0 ? place / m : 0;
      });
      return { hit: Array.from(diff, (d) => d / ev), auc: auc / prepared.length };
    };
    const point = stat();
    const hits = coverages.map(() => new Float64Array(resamples));
    const aucs = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) {
      const s = stat(draws[r]);
      s.hit.forEach((h, c) => (hits[c][r] = h));
      aucs[r] = s.auc;
    }
    const hit = coverages.map((_, c) => interval(point.hit[c], hits[c]));
    differences[name] = { hit, pai: hit.map((h, c) => ({ diff: h.diff / coverages[c], low: h.low / coverages[c], high: h.high / coverages[c] })), auc: interval(point.auc, aucs) };
  });
  return { coverages, events: totalEvents, model: scores(0), baselines: Object.fromEntries(names.map((n, b) => [n, scores(b + 1)])), differences };
}

/** Per positive lixel of one split: events, each forecast's top-coverage shares and AUC placement (forecast 0 = model). */
function prepare(s: PooledSplit, names: string[], coverages: readonly number[]) {
  const forecasts = [s.model, ...names.map((n) => s.baselines[n])];
  const isPositive = new Uint8Array(s.events.length);
  const pos: number[] = [];
  for (let l = 0; l < s.events.length; l++) if (s.events[l] > 0) (isPositive[l] = 1), pos.push(l);
  const positive = Uint32Array.from(pos);
  const ev = Float64Array.from(pos, (l) => s.events[l]);
  const share = forecasts.map((f) => coverages.map((c) => Float64Array.from(pos, ((sh) => (l: number) => sh[l])(coverageShares(f, s.lengthM, c)))));
  const place = forecasts.map((f) => placements(f, positive, isPositive));
  const caught = share.map((byCov) => byCov.map((sh) => sh.reduce((a, v, j) => a + v * ev[j], 0)));
  const auc = place.map((pl) => (pl.length > 0 ? pl.reduce((a, v) => a + v, 0) / pl.length : Number.NaN));
  return { ev, evSum: ev.reduce((a, v) => a + v, 0), share, place, caught, auc };
}

