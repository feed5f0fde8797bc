/**
 * Worker side of addKernelTreeSumsParallel: takes chunks of lixels from the shared counter and writes
 * their kernel sums into the shared result, by the same code the calling thread runs. A failure is
 * flagged so that the calling thread redoes the chunk this worker had taken.
 */
import { workerData } from "node:worker_threads";
import { type KernelTreeJob, takeTreeChunks } from "./kernel-tree-parallel.ts";

const job = workerData as KernelTreeJob;
try {
  takeTreeChunks(job);
} catch {
  Atomics.store(job.sync, 2, 1);
  Atomics.notify(job.sync, 1);
}
