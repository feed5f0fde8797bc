import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Lixels } from "../../core/lixels.ts";
import { addKernelTreeSums, type KernelTreeArrays } from "./kernel-tree-sum.ts";

/** The compiled worker beside this module (dist/); absent when running from the TypeScript sources. */
const WORKER = new URL("./kernel-tree-worker.js", import.meta.url);
/** Lixels per chunk of work. */
const CHUNK = 4096;
/** Fewer lixels, or fewer wide-kernel incidents, than this stay on the calling thread: starting a worker and copying costs more than it saves. */
const MIN_LIXELS = 50_000;
const MIN_INCIDENTS = 64;

/** What every thread shares: the tree, the lixels and the sums on SharedArrayBuffers, and the chunk states. */
export interface KernelTreeJob {
  tree: KernelTreeArrays;
  lixels: { count: number; xy: Float64Array; start: Uint32Array };
  /** One sum per lixel and channel of the tree. */
  out: Float64Array[];
  /** [0]: next chunk to take; [1]: chunks finished; [2]: 1 when a worker failed. */
  sync: Int32Array;
  /** Per chunk: 0 not taken, 1 taken, 2 finished. */
  state: Int32Array;
}

/**
 * addKernelTreeSums on both cores (or `threads`): the calling thread and a worker take chunks of 4,096
 * lixels from a shared counter (chunks, not halves, because the work per lixel follows the incidents,
 * which cluster). Each lixel's sum is computed by the same code whichever thread takes it, so the result
 * equals the single-threaded one exactly. Synchronous — the calling thread works, then waits on the
 * shared counter (Atomics.wait) — so riskScores stays a plain function. Stays on the calling thread for
 * fewer than 50,000 lixels or 64 incidents, one thread, or no compiled worker (the TypeScript sources under tsx or
 * vitest); a chunk a failed worker left unfinished is redone here.
 */
export function addKernelTreeSumsParallel(tree: KernelTreeArrays, lixels: Lixels, out: readonly Float64Array[], threads = Math.min(8, availableParallelism())): void {
  startKernelTreeSums(tree, lixels, out, threads).finish();
}

/** Kernel-tree sums begun on worker threads: the calling thread joins in, waits and adds them with finish(). */
export interface StartedKernelTreeSums {
  /** Take the chunks left, wait for the workers', and add every sum to `out` (synchronous). */
  finish(): void;
}

/**
 * addKernelTreeSumsParallel in two steps, so that the calling thread can do other work while the workers
 * start on the chunks (riskParts: its one-thread sums run meanwhile): the sums are added to `out` only in
 * finish(), so whatever the caller adds to `out` before it comes first, as in the one-step form. Without
 * workers (see addKernelTreeSumsParallel) everything is done in finish(), on the calling thread.
 */
export function startKernelTreeSums(tree: KernelTreeArrays, lixels: Lixels, out: readonly Float64Array[], threads = Math.min(8, availableParallelism())): StartedKernelTreeSums {
  const chunks = Math.ceil(lixels.count / CHUNK);
  if (threads < 2 || lixels.count < MIN_LIXELS || tree.order.length < MIN_INCIDENTS || !existsSync(fileURLToPath(WORKER))) {
    return { finish: () => addKernelTreeSums(tree, lixels, out) };
  }
  const job: KernelTreeJob = {
    tree: {
      nodeCount: tree.nodeCount,
      channels: tree.channels,
      nodeData: shared(Float64Array, tree.nodeData),
      leafData: shared(Float64Array, tree.leafData),
      child: shared(Uint32Array, tree.child),
      childCount: shared(Uint8Array, tree.childCount),
      coef: shared(Float64Array, tree.coef),
      first: shared(Uint32Array, tree.first),
      size: shared(Uint32Array, tree.size),
      order: shared(Uint32Array, tree.order),
    },
    lixels: { count: lixels.count, xy: shared(Float64Array, lixels.xy), start: shared(Uint32Array, lixels.start) },
    out: out.map(() => shared(Float64Array, lixels.count)),
    sync: shared(Int32Array, 3),
    state: shared(Int32Array, chunks),
  };
  const workers = Array.from({ length: Math.min(threads, chunks) - 1 }, () => new Worker(WORKER, { workerData: job }));
  return { finish: () => finishTreeChunks(job, workers, out) };
}

function finishTreeChunks(job: KernelTreeJob, workers: Worker[], out: readonly Float64Array[]): void {
  const chunks = job.state.length;
  const { count } = job.lixels;
  takeTreeChunks(job);
  // wait for the chunks the workers took; a failed worker's unfinished chunks are redone here
  for (let done = Atomics.load(job.sync, 1); done < chunks; done = Atomics.load(job.sync, 1)) {
    if (Atomics.load(job.sync, 2) === 1) {
      for (let c = 0; c < chunks; c++) if (Atomics.load(job.state, c) === 1) runChunk(job, c);
      break;
    }
    Atomics.wait(job.sync, 1, done, 100);
  }
  for (const w of workers) void w.terminate();
  for (let c = 0; c < out.length; c++) {
    const [to, from] = [out[c], job.out[c]];
    for (let l = 0; l < count; l++) to[l] += from[l];
  }
}

/** Take chunks from the shared counter until none is left (the calling thread and every worker run this). */
export function takeTreeChunks(job: KernelTreeJob): void {
  const chunks = job.state.length;
  for (let c = Atomics.add(job.sync, 0, 1); c < chunks; c = Atomics.add(job.sync, 0, 1)) {
    Atomics.store(job.state, c, 1);
    runChunk(job, c);
  }
}

function runChunk(job: KernelTreeJob, c: number): void {
  const from = c * CHUNK;
  const to = Math.min(job.lixels.count, from + CHUNK);
  for (const o of job.out) o.fill(0, from, to);
  addKernelTreeSums(job.tree, job.lixels, job.out, from, to);
  if (Atomics.exchange(job.state, c, 2) !== 2) Atomics.add(job.sync, 1, 1);
  Atomics.notify(job.sync, 1);
}

type TypedArrayOf<T> = { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };

/**
 * A typed array on a SharedArrayBuffer: `length` zeros, or `from` itself when it is already on shared
 * memory (the lixels of large networks are: core/lixels.ts), else a copy of it.
 */
function shared<T extends { set(a: ArrayLike<number>): void }>(Type: TypedArrayOf<T>, from: number | ArrayLike<number>): T {
  if (from instanceof Type && (from as unknown as { buffer: ArrayBufferLike }).buffer instanceof SharedArrayBuffer) return from as T;
  const length = typeof from === "number" ? from : from.length;
  const a = new Type(new SharedArrayBuffer(Math.max(1, length) * Type.BYTES_PER_ELEMENT));
  if (typeof from !== "number") a.set(from);
  return a;
}
