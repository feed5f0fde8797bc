import { Presets, SingleBar } from "cli-progress";

/** A progress sink for long steps: pass `onProgress` to the library, call `stop()` when done. */
export interface Progress {
  onProgress: (step: string, done: number, total: number) => void;
  stop: () => void;
}

/**
 * A cli-progress bar on stderr (stdout stays clean for `--json`), or nothing at all with `quiet` or
 * when stderr is not a terminal (pipes, CI logs, tests), so no control characters end up in files.
 */
export function createProgress(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet || !stream.isTTY) return { onProgress: () => {}, stop: () => {} };
  const bar = new SingleBar({ stream, format: "{bar} {value}/{total} {step}", clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    onProgress: (step, done, total) => {
      if (!started) {
        bar.start(total, 0, { step });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { step });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
