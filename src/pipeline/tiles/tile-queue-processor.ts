/**
 * BullMQ's sandboxed processor for tile jobs (tile-queue.ts): runs in a worker thread of `minerisk worker`.
 * A tile that fails on bad input is not retried (UnrecoverableError): its `.error` file names tile and record.
 */
import { UnrecoverableError } from "bullmq";
import type { Job } from "bullmq";
import { InputError } from "../../core/errors.ts";
import { processTile } from "./run-steps.ts";
import type { TileJob } from "./tile-queue.ts";

export default async function processTileJob(job: Job<TileJob>): Promise<"skipped" | "done"> {
  try {
    return processTile(job.data.dir, job.data.tile);
  } catch (e) {
    if (e instanceof InputError) throw new UnrecoverableError(e.message);
    throw e;
  }
}
