import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { OptionError } from "../../core/errors.ts";
import type { PointIndex } from "../../spatial/point-index.ts";
import { type PackedPolylines, type PolylineProximity, type PolylineProximityOptions, polylineProximity, proximityGrid, proximityOfRange, resolveRadii } from "./polyline-proximity.ts";

export interface PolylineProximityParallelOptions extends PolylineProximityOptions {
  /** Threads to use, the calling thread included. Default: the machine's available parallelism, at most 8. */
  threads?: number;
  /**
   * Fewer polylines than this stay on the calling thread: starting workers and copying the inputs to
   * shared memory costs more than it saves below it (measured: 100,000 roads ran 1.4× slower on two
   * threads, 1,000,000 ran 1.55× faster). Default 200,000.
   */
  minPolylines?: number;
}

/** The compiled worker beside this module (dist/); absent when running from the TypeScript sources. */
const WORKER = new URL("./polyline-proximity-worker.js", import.meta.url);
/** Polylines per chunk of work. */
const CHUNK = 8192;

/** What every thread shares: inputs and results on SharedArrayBuffers, and the next chunk to take. */
export interface SharedJob {
  xy: Float64Array;
  start: Uint32Array;
  px: Float64Array;
  py: Float64Array;
  out: PolylineProximity;
  next: Int32Array;
}

/**
 * polylineProximity on several threads: the calling thread and its workers take chunks of 8,192
 * polylines from a shared counter until none is left (chunks, not halves, because the work per polyline
 * follows the points, which cluster), each writing its chunks' results into shared arrays. Every chunk
 * runs the same code as polylineProximity, so the result equals the single-threaded one exactly. Stays on
 * the calling thread when there is one thread, too little work (minPolylines), or no compiled worker (the TypeScript
 * sources under tsx or vitest: worker threads cannot load .ts files).
 *
 * @example
 * const w1 = await polylineProximityParallel({ count: roads.count, xy: roads.xy, start: roads.roadStart }, points, { radiiM: [500] });
 */
export async function polylineProximityParallel(lines: PackedPolylines, points: PointIndex, options: PolylineProximityParallelOptions = {}): Promise<PolylineProximity> {
  const threads = options.threads ?? Math.min(8, availableParallelism());
  if (!(Number.isInteger(threads) && threads >= 1)) throw new OptionError(`threads must be a whole number ≥ 1, got ${threads}`);
  if (threads === 1 || lines.count < Math.max(2 * CHUNK, options.minPolylines ?? 200_000) || points.x.length === 0 || !existsSync(fileURLToPath(WORKER))) return polylineProximity(lines, points, options);
  const radiiM = resolveRadii(options);
  const n = lines.count;
  const job: SharedJob = {
    xy: shared(Float64Array, lines.xy.subarray(0, 2 * lines.start[n])),
    start: shared(Uint32Array, lines.start.subarray(0, n + 1)),
    px: shared(Float64Array, points.x),
    py: shared(Float64Array, points.y),
    out: {
      nearestIncidentM: shared(Float64Array, n),
      nearestIncident: shared(Int32Array, n),
      radiiM,
      countWithin: radiiM.map(() => shared(Uint32Array, n)),
    },
    next: shared(Int32Array, 1),
  };
  const workers = Array.from({ length: Math.min(threads, Math.ceil(n / CHUNK)) - 1 }, () => {
    const worker = new Worker(WORKER, { workerData: job });
    return new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("error", reject);
    }).finally(() => worker.terminate());
  });
  takeChunks(job, points);
  await Promise.all(workers);
  return job.out;
}

/** Take chunks from the shared counter until none is left (the calling thread and every worker run this). */
export function takeChunks(job: SharedJob, points: PointIndex): void {
  const n = job.start.length - 1;
  const lines = { count: n, xy: job.xy, start: job.start };
  const grid = proximityGrid(points, job.out.radiiM);
  for (let c = Atomics.add(job.next, 0, 1); c * CHUNK < n; c = Atomics.add(job.next, 0, 1)) {
    proximityOfRange(lines, points, job.out, c * CHUNK, Math.min(n, (c + 1) * CHUNK), grid);
  }
}

type TypedArrayOf<T> = { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };

/** A typed array on a SharedArrayBuffer: `length` zeros, or `from` itself when it is shared already, else a copy of it. */
function shared<T extends { set(a: ArrayLike<number>): void }>(Type: TypedArrayOf<T>, from: number | ArrayLike<number>): T {
  if (typeof from !== "number" && from instanceof (Type as unknown as typeof Float64Array) && (from as unknown as Float64Array).buffer instanceof SharedArrayBuffer) return from as unknown as T;
  const length = typeof from === "number" ? from : from.length;
  const a = new Type(new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT));
  if (typeof from !== "number") a.set(from);
  return a;
}
