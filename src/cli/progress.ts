import type { Command } from "commander";
import { Presets, SingleBar } from "cli-progress";
import { OptionError } from "../core/errors.ts";

/** A progress listener: `done` of `total` steps of the current stage, named `step`. */
export type OnProgress = (step: string, done: number, total: number) => void;

/** A progress sink for long steps: pass `onProgress` to the library, call `stop()` when done. */
export interface Progress {
  onProgress: OnProgress;
  /**
   * A listener for one stage of a run that owns the share [from, to] of the whole: with `--progress json`
   * its `done / total` is mapped into that share, so the run's fraction never goes back when a new stage
   * (e.g. writing after analysing) counts its own steps from 1.
   */
  span: (from: number, to: number) => OnProgress;
  stop: () => void;
}

/** The --progress modes: a bar on a terminal (default), one JSON object per line, or nothing. */
export const PROGRESS_MODES = ["bar", "json", "none"] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

export const PROGRESS_HELP = "progress on stderr: bar (default, on a terminal only), json (one JSON object per line: docs/cli-progress.md) or none";

/** Add `--progress <mode>` (docs/cli-progress.md). */
export function addProgressOption(command: Command): Command {
  return command.option("--progress <mode>", PROGRESS_HELP);
}

/** The --progress value, checked; undefined when not given. */
export function progressMode(v: string | undefined): ProgressMode | undefined {
  if (v === undefined || (PROGRESS_MODES as readonly string[]).includes(v)) return v as ProgressMode | undefined;
  throw new OptionError(`--progress must be ${PROGRESS_MODES.join(", ")}, got "${v}"`);
}

/**
 * Whether the command line asks for `--progress json` (read before commander, so that main can end the
 * stream with a `done` or `error` line even when the flags themselves are wrong).
 */
export function wantsJsonProgress(argv: readonly string[]): boolean {
  return argv.some((a, k) => a === "--progress=json" || (a === "--progress" && argv[k + 1] === "json"));
}

/** Write one JSON progress line (`{"type":…}`) to `stream`. */
export function jsonProgressLine(record: Record<string, unknown>, stream: NodeJS.WritableStream = process.stderr): void {
  stream.write(`${JSON.stringify(record)}\n`);
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * `--progress json`: one `{"type":"progress","phase","done","total","fraction"}` line per step on
 * stderr; `fraction` is the whole run's share done (0…1, never decreasing), `done`/`total` the stage's.
 */
function jsonProgress(stream: NodeJS.WritableStream): Progress {
  let last = 0;
  const span = (from: number, to: number): OnProgress => (step, done, total) => {
    const f = round4(Math.min(1, Math.max(last, from + (to - from) * (total > 0 ? Math.min(1, done / total) : 1))));
    last = f;
    jsonProgressLine({ type: "progress", phase: step, done, total, fraction: f }, stream);
  };
  return { onProgress: span(0, 1), span, stop: () => {} };
}

/**
 * A cli-progress bar on stderr (stdout stays clean for `--json`), or nothing at all with `quiet`,
 * `--progress none` or when stderr is not a terminal (pipes, CI logs, tests), so no control characters end
 * up in files; `--progress json` writes JSON lines instead, whatever stderr is and even with `quiet`.
 */
export function createProgress(options: { quiet?: boolean; mode?: string; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const mode = progressMode(options.mode);
  if (mode === "json") return jsonProgress(stream);
  if (options.quiet || mode === "none" || !stream.isTTY) return { onProgress: () => {}, span: () => () => {}, stop: () => {} };
  const bar = new SingleBar({ stream, format: "{bar} {value}/{total} {step}", clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
  let started = false;
  const onProgress: OnProgress = (step, done, total) => {
    if (!started) {
      bar.start(total, 0, { step });
      started = true;
    }
    bar.setTotal(total);
    bar.update(done, { step });
  };
  return {
    onProgress,
    span: () => onProgress,
    stop: () => {
      if (started) bar.stop();
    },
  };
}
