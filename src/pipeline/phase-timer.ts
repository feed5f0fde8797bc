/**
 * Wall-clock time of a run's phases, reported to a listener (the CLI's `--timings`). Timing never changes
 * what a phase computes; times vary from run to run, so they go only to the listener, never into the
 * deterministic outputs.
 */

/**
 * Told each phase's name, its wall-clock milliseconds and the process's CPU milliseconds in it (user +
 * system, all threads: on a busy machine CPU time is the steadier measure) when the phase ends.
 */
export type PhaseListener = (phase: string, ms: number, cpuMs: number) => void;

/** Run `work` and tell `onPhase` how long it took (when there is a listener); returns what `work` returns. */
export function timed<T>(onPhase: PhaseListener | undefined, phase: string, work: () => T): T {
  if (!onPhase) return work();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = work();
  const c = process.cpuUsage(c0);
  onPhase(phase, performance.now() - t0, (c.user + c.system) / 1000);
  return out;
}
