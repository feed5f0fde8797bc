import { join } from "node:path";
import { writeFileAtomic } from "../io/write/write-file.ts";

/**
 * `--timings`: wall-clock and CPU milliseconds of each phase of a run (read, then the library's phases, then
 * write with one entry per output step) and the process's peak resident set size. Times vary from run
 * to run, so they are printed to stderr and written to timings.json, which no sidecar and no
 * summary.json lists: every other output keeps its same-inputs-same-bytes promise; timings.json has none.
 */
export interface Timings {
  /** Pass to the library as `onPhase`. */
  onPhase: (phase: string, ms: number, cpuMs: number) => void;
  /** Run and time a phase of the CLI's own (read, write). */
  time: <T>(phase: string, work: () => T) => T;
  /** Wrap a progress listener so each output step's time since the previous one is recorded under write. */
  steps: (onProgress: (step: string, done: number, total: number) => void) => (step: string, done: number, total: number) => void;
  /** The record: phases in order, write steps, total and peak RSS. */
  record: () => TimingsRecord;
}

export interface TimingsRecord {
  note: string;
  /** Wall clock per phase. */
  phasesMs: Record<string, number>;
  /** CPU time of the process per phase (user + system, every thread). */
  phasesCpuMs: Record<string, number>;
  writeStepsMs: Record<string, number>;
  writeStepsCpuMs: Record<string, number>;
  totalMs: number;
  totalCpuMs: number;
  peakRssMiB: number;
  node: string;
}

const round1 = (ms: number) => Math.round(ms * 10) / 10;

export function createTimings(): Timings {
  const t0 = performance.now();
  const cpu = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1000;
  };
  const c0 = cpu();
  const phasesMs: Record<string, number> = {};
  const phasesCpuMs: Record<string, number> = {};
  const writeStepsMs: Record<string, number> = {};
  const writeStepsCpuMs: Record<string, number> = {};
  let last = 0;
  let lastCpu = 0;
  const onPhase = (phase: string, ms: number, cpuMs: number) => {
    phasesMs[phase] = round1((phasesMs[phase] ?? 0) + ms);
    phasesCpuMs[phase] = round1((phasesCpuMs[phase] ?? 0) + cpuMs);
  };
  return {
    onPhase,
    time: (phase, work) => {
      const t = performance.now();
      const c = cpu();
      last = t;
      lastCpu = c;
      const out = work();
      onPhase(phase, performance.now() - t, cpu() - c);
      return out;
    },
    steps: (onProgress) => (step, done, total) => {
      const now = performance.now();
      const c = cpu();
      writeStepsMs[step] = round1(now - last);
      writeStepsCpuMs[step] = round1(c - lastCpu);
      last = now;
      lastCpu = c;
      onProgress(step, done, total);
    },
    record: () => ({
      note: "wall-clock and CPU times of this run: they vary between runs, so this file is outside minerisk's same-inputs-same-bytes promise and no sidecar lists it",
      phasesMs,
      phasesCpuMs,
      writeStepsMs,
      writeStepsCpuMs,
      totalMs: round1(performance.now() - t0),
      totalCpuMs: round1(cpu() - c0),
      // maxRSS is in KiB on Linux and macOS
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      node: process.version,
    }),
  };
}

/** The record as a few aligned lines for stderr. */
export function timingsText(r: TimingsRecord): string {
  const s = (ms: number | undefined) => (ms === undefined ? "" : (ms / 1000).toFixed(2)).padStart(9);
  const row = (name: string, ms: number, cpuMs: number | undefined) => `  ${name.padEnd(26)}${s(ms)} s${s(cpuMs)} s`;
  const lines = [`  ${"phase".padEnd(26)}${"wall".padStart(11)}${"CPU".padStart(11)}`];
  for (const [k, v] of Object.entries(r.phasesMs)) {
    lines.push(row(k, v, r.phasesCpuMs[k]));
    if (k === "write") for (const [step, w] of Object.entries(r.writeStepsMs)) lines.push(row(`  ${step}`, w, r.writeStepsCpuMs[step]));
  }
  lines.push(row("total", r.totalMs, r.totalCpuMs), `  ${"peak RSS".padEnd(26)}${String(r.peakRssMiB).padStart(9)} MiB`);
  return `${lines.join("\n")}\n`;
}

/** Write timings.json into the output folder (outside the determinism promise; see {@link Timings}). */
export function writeTimings(outDir: string, r: TimingsRecord, protect: readonly string[]): void {
  writeFileAtomic(join(outDir, "timings.json"), `${JSON.stringify(r, null, 2)}\n`, protect);
}
