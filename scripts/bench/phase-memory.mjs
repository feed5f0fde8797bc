/**
 * phase-memory — where a `minerisk analyze --timings` run holds its memory, phase by phase (issue 16).
 * A preload, so the run measured is the real CLI, unchanged:
 *
 *   node --expose-gc --import ./scripts/bench/phase-memory.mjs dist/cli/main.js analyze --timings … --out OUT
 *
 * Inputs:  none of its own; PHASE_MEMORY_LOG (default phase-memory.log in the working folder) names the log.
 * Outputs: the log, one JSON line per sample:
 *          - {"at":"boundary",…} at every phase boundary and write step: --timings reads process.cpuUsage
 *            exactly there (cli/timings.ts, pipeline/phase-timer.ts), so this wraps process.cpuUsage. With
 *            --expose-gc it first runs a full GC, so heapUsed is what is live, not garbage; heapUsed is the
 *            JS heap, arrayBuffers the typed arrays' backing stores, rss the whole process;
 *          - {"at":"tick",…} every 200 ms from a worker thread: the resident size while the main thread is
 *            busy (a phase is synchronous, so only another thread can see its peak).
 *          The k-th boundary pair belongs to the k-th phase in OUT/timings.json (read, project, …, write
 *          steps); `t` is ms since the preload ran.
 * The GCs cost time: use a run with this preload for memory only, never for timings.
 */
import { appendFileSync, writeFileSync } from "node:fs";
import { isMainThread, Worker } from "node:worker_threads";

// worker threads inherit --import: only the main thread measures (a worker would truncate the log)
if (isMainThread) measure();

function measure() {
  const log = process.env.PHASE_MEMORY_LOG ?? "phase-memory.log";
  const t0 = performance.now();
  writeFileSync(log, "");
  const mib = (b) => Math.round(b / 2 ** 20);
  const original = process.cpuUsage.bind(process);
  process.cpuUsage = (previous) => {
    if (typeof globalThis.gc === "function") globalThis.gc();
    const m = process.memoryUsage();
    const stack = new Error().stack?.split("\n")[2]?.trim() ?? "";
    appendFileSync(log, `${JSON.stringify({ at: "boundary", t: Math.round(performance.now() - t0), rssMiB: mib(m.rss), heapUsedMiB: mib(m.heapUsed), heapTotalMiB: mib(m.heapTotal), arrayBuffersMiB: mib(m.arrayBuffers), externalMiB: mib(m.external), maxRssMiB: mib(process.resourceUsage().maxRSS * 1024), from: stack })}\n`);
    return original(previous);
  };
  const ticker = new Worker(
    `const { appendFileSync } = require("node:fs"); const { workerData } = require("node:worker_threads");
     const t0 = Date.now() - workerData.offset;
     setInterval(() => appendFileSync(workerData.log, JSON.stringify({ at: "tick", t: Date.now() - t0, rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20) }) + "\\n"), 200);`,
    { eval: true, workerData: { log, offset: Math.round(performance.now() - t0) } },
  );
  ticker.unref();
}
