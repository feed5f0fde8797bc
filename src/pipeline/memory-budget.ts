import { readFileSync } from "node:fs";
import { totalmem } from "node:os";
import type { MemoryBudget } from "../core/memory-estimate.ts";

/** The share of the machine's (or the cgroup's) memory a run may be estimated to need by default. */
export const DEFAULT_MEMORY_SHARE = 0.75;

/** The cgroup v2 memory limit in bytes, or undefined when none is set ("max") or there is no cgroup file. */
function cgroupLimit(): number | undefined {
  try {
    const text = readFileSync("/sys/fs/cgroup/memory.max", "utf8").trim();
    const n = Number(text);
    return Number.isSafeInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The memory budget of a run: `maxBytes` when given (the --max-memory flag, library `maxMemoryBytes`),
 * else 75 % of the smaller of this machine's memory and the cgroup limit, if one is set.
 */
export function memoryBudget(records: number, maxBytes?: number): MemoryBudget {
  if (maxBytes !== undefined) return { maxBytes, source: "--max-memory", records };
  const machine = totalmem();
  const cgroup = cgroupLimit();
  const total = cgroup !== undefined && cgroup < machine ? cgroup : machine;
  const where = total === machine ? "this machine's" : "the cgroup limit of";
  return { maxBytes: Math.floor(total * DEFAULT_MEMORY_SHARE), source: `${DEFAULT_MEMORY_SHARE * 100} % of ${where} ${(total / 2 ** 30).toFixed(1)} GB`, records };
}
