/**
 * How complete is the incident record? Official running totals of mine victims (e.g. Azerbaijan's: 341
 * killed or injured from 2020-11-10 to 2023-12-06) against the casualties of the recorded incidents dated
 * in the same period. The share r / N says how small a part of what happened the rates rest on: a model
 * fitted to 28 news-reported incidents sees only that share of the victims. Interval: Clopper & Pearson
 * (1934) exact binomial, treating each officially counted victim as recorded or not —
 * [B(α/2; r, N − r + 1), B(1 − α/2; r + 1, N − r)] with B the beta quantile. It assumes the recorded victims
 * are among the official ones (records the official count leaves out are excluded by the caller) and says
 * nothing about incidents without victims. Pure: no I/O.
 */
import { clopperPearson } from "../../core/gamma-quantile.ts";

export interface OfficialTotal {
  /** ISO date the total is "as of". */
  asOf: string;
  /** ISO date the running total counts from. */
  periodStart: string;
  /** Killed + injured. */
  victims: number;
  /** True when the source gives the figure as approximate ("about 200"): not used for the headline. */
  approximate: boolean;
  reportedBy: string;
  sourceUrl: string;
}

export interface RecordedCasualties {
  date: string | null;
  killed: number | null;
  injured: number | null;
  /** False for records an official total would not count (e.g. casualties on the other side). */
  counts: boolean;
}

export interface CompletenessPeriod {
  periodStart: string;
  asOf: string;
  official: number;
  approximate: boolean;
  /** Killed + injured of the counted records dated in [periodStart, asOf]. */
  recorded: number;
  records: number;
  /** recorded / official; may exceed 1 when the records and the total disagree (then no interval). */
  share: number;
  low: number | null;
  high: number | null;
  reportedBy: string;
  sourceUrl: string;
}

export interface RecordCompleteness {
  /** One row per official total, in the order given. */
  periods: CompletenessPeriod[];
  /** The latest non-approximate period the records span (its end not after the last dated record); null if none. */
  headline: CompletenessPeriod | null;
  confidence: number;
  /** Records without a date (not comparable with any period) and records the caller excluded. */
  undated: number;
  excluded: number;
}

/** Compare the records' casualties with each official total. */
export function recordCompleteness(records: readonly RecordedCasualties[], totals: readonly OfficialTotal[], confidence = 0.95): RecordCompleteness {
  let undated = 0;
  let excluded = 0;
  let lastDate = "";
  for (const r of records) {
    if (!r.counts) excluded++;
    else if (r.date === null) undated++;
    else if (r.date > lastDate) lastDate = r.date;
  }
  const periods = totals.map((t): CompletenessPeriod => {
    let recorded = 0;
    let n = 0;
    for (const r of records) {
      if (!r.counts || r.date === null || r.date < t.periodStart || r.date > t.asOf) continue;
      recorded += (r.killed ?? 0) + (r.injured ?? 0);
      n++;
    }
    const N = t.victims;
    const share = N > 0 ? recorded / N : Number.NaN;
    const ok = N > 0 && recorded <= N;
    return {
      periodStart: t.periodStart, asOf: t.asOf, official: N, approximate: t.approximate, recorded, records: n, share,
      ...(ok ? clopperPearson(recorded, N, confidence) : { low: null, high: null }),
      reportedBy: t.reportedBy, sourceUrl: t.sourceUrl,
    };
  });
  let headline: CompletenessPeriod | null = null;
  for (const p of periods) if (!p.approximate && p.asOf <= lastDate && p.low !== null && (headline === null || p.asOf > headline.asOf)) headline = p;
  return { periods, headline, confidence, undated, excluded };
}
