import { OptionError } from "./errors.ts";

/**
 * A run's peak memory, estimated from what is known right after the lixels are planned (their count, from
 * the road lengths and the lixel length) and before any lixel array is allocated. The costs are MEASURED,
 * not derived: peak RSS of `minerisk analyze --timings` (default formats geojson,fgb,csv) on the benchmark's
 * S and M inputs (/work/shared/bench/gen.mjs) at --lixel-length 100 and 50, four runs, 2-core machine:
 *
 * | size | lixels | roads + incidents | peak RSS | this estimate |
 * |---|---:|---:|---:|---:|
 * | S, 100 m | 86,851 | 12,000 | 342 MiB | 355 MiB |
 * | S, 50 m | 168,304 | 12,000 | 421 MiB | 437 MiB |
 * | M, 100 m | 864,278 | 120,000 | 1,721 MiB | 1,752 MiB |
 * | M, 50 m | 1,675,470 | 120,000 | 2,514 MiB | 2,565 MiB |
 *
 * The per-lixel cost is the slope between the two lixel lengths at one size (M: 793 MiB over 811,192
 * lixels, 1,025 B; S: 1,017 B), the per-record cost the slope between S and M once lixels are taken out
 * (619 MiB over 108,000 roads and incidents). The bench has one incident per five roads, so the two are
 * not told apart: a road and an incident each count 6,000 B. docs/reliability.md has the command.
 */
export const MEMORY_BYTES_PER_LIXEL = 1_050;
export const MEMORY_BYTES_PER_RECORD = 6_000;
export const MEMORY_BYTES_FIXED = 200 * 2 ** 20;

/** The estimated peak bytes of a run with this many lixels and input records (roads + incidents + hazards). */
export function estimateRunBytes(lixels: number, records: number): number {
  return MEMORY_BYTES_FIXED + lixels * MEMORY_BYTES_PER_LIXEL + records * MEMORY_BYTES_PER_RECORD;
}

/** A memory budget to check a run against: its bytes, where they come from (for the message) and the run's records. */
export interface MemoryBudget {
  maxBytes: number;
  /** e.g. "75 % of this machine's 23.4 GB" or "--max-memory". */
  source: string;
  records: number;
}

const gb = (bytes: number): string => (bytes < 2 ** 30 ? `${Math.ceil(bytes / 2 ** 20)} MiB` : `${(bytes / 2 ** 30).toFixed(1)} GiB`);

/**
 * Refuse, as an OptionError (exit 2), a run whose estimate exceeds the budget. The message gives the
 * estimate, the limit, and what to change: the coarsest lixel length that fits, fewer formats, a tiled run.
 */
export function checkMemoryBudget(lixels: number, totalRoadM: number, lixelLengthM: number, budget: MemoryBudget): void {
  const estimate = estimateRunBytes(lixels, budget.records);
  if (estimate <= budget.maxBytes) return;
  const room = budget.maxBytes - MEMORY_BYTES_FIXED - budget.records * MEMORY_BYTES_PER_RECORD;
  const fitting = room > MEMORY_BYTES_PER_LIXEL ? Math.floor(room / MEMORY_BYTES_PER_LIXEL) : 0;
  const coarser = fitting > 0 ? `use a coarser --lixel-length (at least ${Math.max(Math.ceil(totalRoadM / fitting), Math.ceil(lixelLengthM) + 1)} m), ` : "(no lixel length fits: the roads and incidents alone exceed it) use ";
  throw new OptionError(
    `this run is estimated to need about ${gb(estimate)} of memory at its peak ` +
      `(${lixels.toLocaleString("en-US")} lixels × ${MEMORY_BYTES_PER_LIXEL.toLocaleString("en-US")} B + ${budget.records.toLocaleString("en-US")} roads and incidents × ${MEMORY_BYTES_PER_RECORD.toLocaleString("en-US")} B + ${MEMORY_BYTES_FIXED / 2 ** 20} MiB), ` +
      `over the memory limit of ${gb(budget.maxBytes)} (${budget.source}); ${coarser}fewer --formats, ` +
      `a tiled run (docs/scaling.md), or raise --max-memory if the machine has the memory`,
  );
}
