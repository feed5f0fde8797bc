// merge-only.mjs — `mergeRun` alone (no writing) of a finished tiled run, for its CPU and memory (BENCHMARKS.md, "Bounded merge").
// Usage: node scripts/bench/merge-only.mjs CHECKOUT_ROOT RUN_DIR   (CHECKOUT_ROOT's dist/ is used, so two builds can be compared)
// Prints one JSON line: lixels, CPU-s of mergeRun, RSS / ArrayBuffers / heap at its end; run it under /usr/bin/time -v for the peak.
const [root, dir] = process.argv.slice(2);
const { mergeRun } = await import(`${root}/dist/pipeline/tiles/run-steps.js`);
const t0 = process.cpuUsage();
const { result } = mergeRun(dir);
const u = process.cpuUsage(t0);
const m = process.memoryUsage();
console.log(JSON.stringify({ root, lixels: result.lixels.count, cpuS: (u.user + u.system) / 1e6, rssMiB: Math.round(m.rss / 2 ** 20), arrayBuffersMiB: Math.round(m.arrayBuffers / 2 ** 20), heapMiB: Math.round(m.heapUsed / 2 ** 20) }));
