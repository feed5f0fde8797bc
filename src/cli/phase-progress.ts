/**
 * Progress through an `analyze` run's phases (reading, then the library's phases as pipeline/analyze.ts
 * reports them to `onPhase`), on the same bar as the writing steps that follow.
 */
import type { PhaseListener } from "../pipeline/phase-timer.ts";

/** The phases of `analyze` in the order they end: the CLI's read, then the library's. */
export const ANALYZE_PHASES = ["read", "project", "lixelize", "index", "risk", "graph", "proximity", "density", "route"] as const;

/**
 * A phase listener that moves `onProgress` one step per finished phase (total: every phase), and passes
 * each phase on to `also` (e.g. --timings).
 */
export function phaseProgress(onProgress: (step: string, done: number, total: number) => void, also?: PhaseListener): PhaseListener {
  const total = ANALYZE_PHASES.length;
  return (phase, ms, cpuMs) => {
    also?.(phase, ms, cpuMs);
    const k = (ANALYZE_PHASES as readonly string[]).indexOf(phase);
    onProgress(`analysing: ${phase} done`, k < 0 ? 1 : k + 1, total);
  };
}
