import { Queue, Worker } from "bullmq";
import { OptionError } from "../../core/errors.ts";
import { readPlanFile } from "./run-folder.ts";
import { runStatus } from "./run-steps.ts";

/**
 * Tiles on BullMQ (a well-kept Redis job queue: retries with back-off, stalled-job detection when a worker
 * dies, job ids that deduplicate), for runs across machines (docs/scaling.md). One job per tile carries the
 * shared folder and the tile number; the inputs and outputs live in the folder, checked by hash.
 */
export interface QueueOptions {
  /** Redis URL, e.g. redis://10.0.0.5:6379 (default port 6379). */
  redis: string;
  /** Queue name. Default "minerisk-tiles". */
  queue?: string;
}

export interface TileJob {
  dir: string;
  tile: number;
}

/** ioredis connection options from a redis:// URL (BullMQ workers need maxRetriesPerRequest: null). */
export function redisConnection(url: string): { host: string; port: number; password?: string; db?: number; maxRetriesPerRequest: null } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OptionError(`--redis must be a URL such as redis://127.0.0.1:6379, got "${url}"`);
  }
  if (u.protocol !== "redis:") throw new OptionError(`--redis must be a redis:// URL, got "${url}"`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return { host: u.hostname || "127.0.0.1", port: u.port ? Number(u.port) : 6379, password: u.password ? decodeURIComponent(u.password) : undefined, db, maxRetriesPerRequest: null };
}

/**
 * Enqueue every tile of the plan in `dir` that is not finished (a restart skips the finished ones, checked
 * by hash). Job ids are the run id and the tile, so enqueueing twice adds nothing. Returns the tiles enqueued.
 */
export async function enqueueTiles(dir: string, options: QueueOptions & { attempts?: number }): Promise<number[]> {
  const plan = readPlanFile(dir);
  const { pending } = runStatus(dir);
  const queue = new Queue<TileJob>(options.queue ?? "minerisk-tiles", { connection: redisConnection(options.redis) });
  try {
    await queue.addBulk(
      pending.map((tile) => ({
        name: "tile",
        data: { dir, tile },
        opts: { jobId: `${plan.runId.slice(0, 16)}-t${tile}`, attempts: options.attempts ?? 5, backoff: { type: "fixed", delay: 500 }, removeOnComplete: true, removeOnFail: false },
      })),
    );
  } finally {
    await queue.close();
  }
  return pending;
}

export interface TileWorkerOptions extends QueueOptions {
  /** Tiles run at once by this worker, each in its own thread. Default 1. */
  concurrency?: number;
  /** How long a job's lock lasts without renewal, ms: a killed worker's tile is retried after about this long. Default 30,000. */
  lockMs?: number;
  /** Told when a tile starts, finishes (done or skipped) or fails. */
  onEvent?: (event: "started" | "done" | "skipped" | "failed", tile: number, detail?: string) => void;
}

/** The compiled processor beside this module: BullMQ runs it in a worker thread, so the lock is renewed while a tile computes. */
const PROCESSOR = new URL("./tile-queue-processor.js", import.meta.url);

/** Start a worker on the queue; resolves to a function that closes it (waits for the running tiles). */
export function startTileWorker(options: TileWorkerOptions): { close: () => Promise<void>; worker: Worker<TileJob> } {
  const lockDuration = options.lockMs ?? 30_000;
  const worker = new Worker<TileJob, "skipped" | "done">(options.queue ?? "minerisk-tiles", PROCESSOR, {
    connection: redisConnection(options.redis),
    concurrency: options.concurrency ?? 1,
    useWorkerThreads: true,
    lockDuration,
    stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
    maxStalledCount: 3,
  });
  const on = options.onEvent;
  worker.on("active", (job) => on?.("started", job.data.tile));
  worker.on("completed", (job, result) => on?.(result, job.data.tile));
  worker.on("failed", (job, err) => job && on?.("failed", job.data.tile, err.message));
  return { worker, close: () => worker.close() };
}
