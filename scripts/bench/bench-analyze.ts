/**
 * bench-analyze — `minerisk analyze --timings` end to end, per phase, at bench sizes S, M, L
 * (../shared/bench/gen.mjs) and on Colombia's national network with the 2010–2014 AICMA events, each side
 * by side with the JSON.parse floor of the same input files measured in the same run (issue 16).
 *
 * Inputs:  ../shared/bench/gen.mjs (run here into a temp folder, seeded: the same files every time);
 *          ../shared/data/travelmapping-roads/col_routes.geojson and ../shared/data/colombia-aicma/2010…2014.json
 *          (skipped, and said so, when ../shared/data is not beside this clone)
 * Outputs: scripts/bench/results/analyze.md (or --results FILE) (table: CPU seconds per phase, wall, peak RSS, JSON.parse floor);
 *          the runs' outputs in a temp folder, deleted after unless --keep
 * Params:  npm run build && npx tsx scripts/bench/bench-analyze.ts [--sizes S,M,L] [--no-colombia]
 *          [--limit-s 600] [--limit-mib 8192] [--results FILE] [--keep]. Default sizes S,M. Each run is one
 *          child process of the compiled CLI (dist/cli/main.js analyze --timings --quiet, default formats);
 *          a run past --limit-s seconds or --limit-mib MiB resident is stopped and reported as not finished. Phases and peak RSS come from the run's timings.json
 *          (process.cpuUsage of every thread, process.resourceUsage().maxRSS). Floor = CPU time of
 *          JSON.parse(readFileSync(f)) over the run's input files, median of 3, in this process.
 * Compare CPU seconds, not wall: the machine may be shared.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";

const flag = (name: string) => process.argv.indexOf(name);
const value = (name: string, fallback: string) => (flag(name) >= 0 ? process.argv[flag(name) + 1] : fallback);
const sizes = value("--sizes", "S,M").split(",").filter(Boolean);
const limitS = Number(value("--limit-s", "600"));
const limitMiB = Number(value("--limit-mib", "8192"));
const resultsFile = value("--results", "scripts/bench/results/analyze.md");
const keep = flag("--keep") >= 0;
const GEN = "../shared/bench/gen.mjs";
const COL_ROADS = "../shared/data/travelmapping-roads/col_routes.geojson";
const COL_EVENTS = [2010, 2011, 2012, 2013, 2014].map((y) => `../shared/data/colombia-aicma/${y}.json`);
const CLI = "dist/cli/main.js";
if (!existsSync(CLI)) {
  console.error("bench-analyze runs the compiled CLI: run `npm run build` first");
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), "minerisk-bench-analyze-"));

interface Case {
  name: string;
  inputs: string[];
  args: string[];
}
const cases: Case[] = [];
for (const size of sizes) {
  if (!existsSync(GEN)) {
    console.error(`${GEN} is not beside this clone: bench sizes skipped`);
    break;
  }
  const dir = join(work, `data-${size}`);
  spawnSync(process.execPath, [GEN, size, dir], { stdio: "ignore" });
  const roads = join(dir, "roads.geojson");
  const incidents = join(dir, "incidents.geojson");
  cases.push({ name: `${size} (gen.mjs)`, inputs: [roads, incidents], args: ["--roads", roads, "--incidents", incidents] });
}
if (flag("--no-colombia") < 0) {
  if ([COL_ROADS, ...COL_EVENTS].every((f) => existsSync(f)))
    cases.push({
      name: "Colombia national, 2010–2014",
      inputs: [COL_ROADS, ...COL_EVENTS],
      args: ["--roads", COL_ROADS, "--incidents", ...COL_EVENTS, "--mapping", "data/mappings/colombia-aicma.json", "--lenient", "--max-distance-error", "0.005"],
    });
  else console.error("../shared/data (Colombia roads and AICMA events) is not beside this clone: the Colombia run is skipped");
}

/** CPU seconds of JSON.parse over the files (read outside the timing), median of 3. */
function parseFloor(files: string[]): number {
  const texts = files.map((f) => readFileSync(f, "utf8"));
  const times: number[] = [];
  let sink = 0;
  for (let r = 0; r < 3; r++) {
    const c = process.cpuUsage();
    for (const t of texts) sink += (JSON.parse(t) as { features?: unknown[] }).features?.length ?? 1;
    const d = process.cpuUsage(c);
    times.push((d.user + d.system) / 1e6);
  }
  if (sink < 0) console.log(sink);
  return times.sort((a, b) => a - b)[1];
}

/**
 * Run the CLI as a child, stopped when it passes --limit-s seconds or --limit-mib of resident memory
 * (read from /proc every 0.5 s, so a run cannot take the shared machine's memory).
 */
function watched(args: string[]): Promise<{ status: number | null; stderr: string; stopped?: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let stopped: string | undefined;
    child.stderr.on("data", (d) => (stderr = (stderr + d).slice(-10_000)));
    const t0 = performance.now();
    const timer = setInterval(() => {
      const rss = /VmRSS:\s+(\d+)/.exec(existsSync(`/proc/${child.pid}/status`) ? readFileSync(`/proc/${child.pid}/status`, "utf8") : "");
      const seconds = (performance.now() - t0) / 1000;
      // utime + stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux)
      const stat = existsSync(`/proc/${child.pid}/stat`) ? readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") : undefined;
      const cpuS = stat ? (Number(stat[11]) + Number(stat[12])) / 100 : Number.NaN;
      const when = `after ${seconds.toFixed(0)} s wall, ${cpuS.toFixed(0)} CPU-s`;
      if (rss && Number(rss[1]) / 1024 > limitMiB) stopped = `stopped at ${limitMiB.toLocaleString("en")} MiB resident ${when}`;
      else if (seconds > limitS) stopped = `stopped at the ${limitS} s limit, ${when}`;
      if (stopped) child.kill("SIGKILL");
    }, 500);
    child.on("close", (status) => {
      clearInterval(timer);
      resolve({ status, stderr, stopped });
    });
  });
}

interface Result {
  name: string;
  finished: boolean;
  note?: string;
  timings?: { phasesCpuMs: Record<string, number>; writeStepsCpuMs: Record<string, number>; totalMs: number; totalCpuMs: number; peakRssMiB: number };
  floorS: number;
  inputMB: number;
}
const results: Result[] = [];
for (const c of cases) {
  const out = join(work, `out-${results.length}`);
  mkdirSync(out, { recursive: true });
  const floorS = parseFloor(c.inputs);
  const inputMB = c.inputs.reduce((s, f) => s + readFileSync(f).length, 0) / 1e6;
  process.stderr.write(`bench-analyze: ${c.name} …\n`);
  const run = await watched([CLI, "analyze", ...c.args, "--out", out, "--timings", "--quiet"]);
  const timingsFile = join(out, "timings.json");
  if (run.status === 0 && existsSync(timingsFile)) results.push({ name: c.name, finished: true, timings: JSON.parse(readFileSync(timingsFile, "utf8")), floorS, inputMB });
  else results.push({ name: c.name, finished: false, note: run.stopped ?? `exit ${run.status}: ${run.stderr.trim().split("\n").slice(-1)[0]}`, floorS, inputMB });
  if (!keep) rmSync(out, { recursive: true, force: true });
}
if (!keep) rmSync(work, { recursive: true, force: true });

const PHASES = ["read", "project", "lixelize", "index", "risk", "graph", "proximity", "density", "route", "write"];
const s = (ms: number | undefined) => (ms === undefined ? "" : (ms / 1000).toFixed(2));
const cell = (r: Result, f: (t: NonNullable<Result["timings"]>) => string) => (r.timings ? f(r.timings) : "—");
const rows = [
  `| phase, CPU s | ${results.map((r) => r.name).join(" | ")} |`,
  `|---|${results.map(() => "---:").join("|")}|`,
  ...PHASES.map((p) => `| ${p} | ${results.map((r) => cell(r, (t) => s(t.phasesCpuMs[p]))).join(" | ")} |`),
  `| **total CPU** (wall) | ${results.map((r) => cell(r, (t) => `**${s(t.totalCpuMs)}** (${s(t.totalMs)} s)`)).join(" | ")} |`,
  `| peak RSS | ${results.map((r) => cell(r, (t) => `${Math.round(t.peakRssMiB).toLocaleString("en")} MiB`)).join(" | ")} |`,
  `| run | ${results.map((r) => (r.finished ? "finished" : r.note)).join(" | ")} |`,
  `| input files | ${results.map((r) => `${r.inputMB.toFixed(1)} MB`).join(" | ")} |`,
  `| JSON.parse floor (CPU) | ${results.map((r) => `${r.floorS.toFixed(2)} s`).join(" | ")} |`,
  `| total CPU ÷ floor | ${results.map((r) => cell(r, (t) => `${(t.totalCpuMs / 1000 / r.floorS).toFixed(0)}×`)).join(" | ")} |`,
];
const md = [
  "# bench-analyze (generated by scripts/bench/bench-analyze.ts — do not edit by hand)",
  "",
  `\`npx tsx scripts/bench/bench-analyze.ts --sizes ${sizes.join(",")}${flag("--no-colombia") >= 0 ? " --no-colombia" : ""}\`: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}. One run each; compare CPU seconds (the machine may be shared).`,
  "",
  ...rows,
  "",
].join("\n");
mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, md);
process.stdout.write(md);
