import type { Command } from "commander";
import { OptionError } from "../../core/errors.ts";
import { startTileWorker } from "../../pipeline/tiles/tile-queue.ts";
import { numberFlag } from "../flags.ts";

interface WorkerFlags {
  redis: string;
  queue: string;
  concurrency: string;
  lockMs: string;
}

/**
 * `minerisk worker`: take tile jobs from the BullMQ queue until stopped (SIGTERM or SIGINT: the running
 * tiles finish first). Prints one line per tile started, done, skipped (finished before, checked by hash)
 * or failed. Run one per machine (or per core) with the shared folder mounted at the same path.
 */
export function registerWorker(program: Command, print: (text: string) => void): void {
  program
    .command("worker")
    .description("process tile jobs of tiled runs from a Redis queue (docs/scaling.md)")
    .requiredOption("--redis <url>", "Redis of the job queue, e.g. redis://10.0.0.5:6379")
    .option("--queue <name>", "BullMQ queue name", "minerisk-tiles")
    .option("--concurrency <n>", "tiles at once, each in its own thread", "1")
    .option("--lock-ms <ms>", "job lock without renewal: a killed worker's tile is retried after about this long", "30000")
    .action(async (flags: WorkerFlags) => {
      const concurrency = numberFlag(flags.concurrency, "--concurrency");
      const lockMs = numberFlag(flags.lockMs, "--lock-ms");
      if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new OptionError(`--concurrency must be a whole number >= 1, got ${flags.concurrency}`);
      if (!(lockMs >= 1000)) throw new OptionError(`--lock-ms must be at least 1000, got ${flags.lockMs}`);
      const { close, worker } = startTileWorker({
        redis: flags.redis,
        queue: flags.queue,
        concurrency,
        lockMs,
        onEvent: (event, tile, detail) => print(`minerisk worker ${process.pid}: tile ${tile} ${event}${detail ? `: ${detail}` : ""}\n`),
      });
      await worker.waitUntilReady();
      print(`minerisk worker ${process.pid}: ready on ${flags.queue}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void close().then(resolve);
        process.once("SIGTERM", stop);
        process.once("SIGINT", stop);
      });
    });
}
