/**
 * A second thread for writeOutputs (issue 16, "both cores where it pays"): the lixel layer's FlatGeobuf
 * (or CSV table), the map's PNG and the sidecars that hash them are written there while the calling
 * thread writes the other files: the lixels' CSV, the other layers, the SVG map and the report. The
 * helper writes with the same functions (write-file.ts's atomic write into the
 * run's staging folder), so the bytes are the same as writing them here (test/e2e/write-helper.test.ts).
 *
 * writeOutputs is synchronous (a public function), so the join is too: `join()` blocks on Atomics.wait
 * until the helper has finished every job posted, then rethrows the first failure (an OptionError stays
 * one, a full disk keeps its `code`). The helper bumps a shared counter after every chunk it writes; a
 * helper that stops making progress for STALL_MS (it died, e.g. out of memory, so it can never report) is
 * given up with an error instead of waiting forever. The helper is the compiled write-helper-thread.js
 * beside this module: under tsx or vitest (TypeScript sources, which worker threads cannot load) there is
 * none and every job runs on the calling thread, as it does with `threads: 1`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { OptionError } from "../core/errors.ts";
import { adoptColumnData, type ColumnData, layerColumnData } from "../io/typed/column-data.ts";
import { typedCsvBytes } from "../io/typed/typed-text.ts";
import { writeChunksAtomic, writeFileAtomic } from "../io/write/write-file.ts";
import type { TypedLayer } from "../io/write/typed-layer.ts";
import { svgToPng } from "../render/png.ts";
import { writeTypedFlatGeobuf } from "../io/write/write-flatgeobuf-typed.ts";
import { type WriteLayerOptions, type WrittenFile, writeLayer, writeSidecar } from "../io/write/write-layer.ts";
import type { OutFeature } from "../io/write/format-geojson.ts";
import type { OutputMeta } from "../io/write/write-meta.ts";

const THREAD = new URL("./write-helper-thread.js", import.meta.url);
/** No chunk written for this long: the helper is taken for dead. */
const STALL_MS = 300_000;

/** A job for the helper: plain data (the columns on SharedArrayBuffers), so it crosses threads as it is. */
export type HelperJob =
  | { kind: "csv"; path: string; protect: readonly string[]; names: readonly string[]; length: number; data: readonly ColumnData[]; exclude: readonly string[] }
  | { kind: "fgb"; path: string; protect: readonly string[]; name: string; names: readonly string[]; length: number; data: readonly ColumnData[]; geometryType: TypedLayer["geometryType"]; lonLat: Float64Array; offsets: ArrayLike<number> }
  | { kind: "png"; path: string; protect: readonly string[]; svg: string }
  | { kind: "layer"; dir: string; name: string; features: readonly OutFeature[]; options: LayerJobOptions; claim?: Int32Array }
  | { kind: "sidecar"; dir: string; name: string; files: readonly WrittenFile[]; meta: Omit<OutputMeta, "outputs">; protect: readonly string[] };

/** writeLayer's options a layer job carries: plain data only (no writers passed in), the sidecar written with the layer. */
export type LayerJobOptions = Pick<WriteLayerOptions, "formats" | "qml" | "csvLonLat" | "protect" | "meta">;

export interface WriteHelper {
  /** Write a typed layer's CSV table (as typed-text.ts writes it) at `path`. */
  csv: (path: string, layer: TypedLayer, exclude: readonly string[], protect: readonly string[]) => void;
  /** Write a typed layer as FlatGeobuf (write-flatgeobuf-typed.ts) at `path`, the layer named `name`. */
  fgb: (path: string, layer: TypedLayer, name: string, protect: readonly string[]) => void;
  /**
   * Write a layer of feature objects with writeLayer (its sidecar too), as `writeLayer(dir, name, features,
   * options)` would: on the helper, unless the calling thread reaches `join` before the helper has started
   * it; then the calling thread writes it itself (whichever thread is free first; the bytes are the same).
   */
  layer: (dir: string, name: string, features: readonly OutFeature[], options: LayerJobOptions) => void;
  /** Render `svg` to PNG (render/png.ts) and write it at `path`. */
  png: (path: string, svg: string, protect: readonly string[]) => void;
  /** Write the sidecar NAME.meta.json of `files` (write-layer.ts's writeSidecar: it reads and hashes them) after the jobs before it. */
  sidecar: (dir: string, name: string, files: readonly WrittenFile[], meta: Omit<OutputMeta, "outputs">, protect: readonly string[]) => void;
  /** Wait until every job is written; throws the first failure. Ends the helper thread. */
  join: () => void;
  /** Whether the jobs run on another thread (false: each ran at once, when it was given). */
  threaded: boolean;
}

/** A helper thread when `threads` ≥ 2 and the compiled helper exists; else one that runs each job at once, here. */
export function writeHelper(threads: number): WriteHelper {
  if (threads < 2 || !existsSync(fileURLToPath(THREAD))) return { csv: (p, l, x, pr) => runJob(csvJob(p, l, x, pr)), fgb: (p, l, n, pr) => runJob(fgbJob(p, l, n, pr)), png: (p, s, pr) => runJob({ kind: "png", path: p, protect: pr, svg: s }), layer: (dir, name, features, options) => runJob({ kind: "layer", dir, name, features, options }), sidecar: (dir, name, files, meta, protect) => runJob({ kind: "sidecar", dir, name, files, meta, protect }), join: () => {}, threaded: false };
  // state: [jobs done, jobs failed, chunks written]
  const state = new Int32Array(new SharedArrayBuffer(12));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(THREAD, { workerData: { state, errors: port2 }, transferList: [port2] });
  worker.unref();
  let posted = 0;
  let joined = false;
  // layer jobs the calling thread may still take over at join: 0 not started, 1 the helper's, 2 this thread's
  const claimable: (Extract<HelperJob, { kind: "layer" }> & { claim: Int32Array })[] = [];
  return {
    threaded: true,
    csv: (p, l, x, pr) => (worker.postMessage(csvJob(p, l, x, pr)), posted++),
    fgb: (p, l, n, pr) => (worker.postMessage(fgbJob(p, l, n, pr)), posted++),
    png: (p, s, pr) => (worker.postMessage({ kind: "png", path: p, protect: pr, svg: s }), posted++),
    layer: (dir, name, features, options) => {
      const job = { kind: "layer" as const, dir, name, features, options, claim: new Int32Array(new SharedArrayBuffer(4)) };
      worker.postMessage(job);
      posted++;
      claimable.push(job);
    },
    sidecar: (dir, name, files, meta, protect) => (worker.postMessage({ kind: "sidecar", dir, name, files, meta, protect }), posted++),
    join: () => {
      // once only: writeOutputs joins again after a failure, and the helper is gone by then
      if (joined) return;
      joined = true;
      try {
        // a job taken back that fails here still waits for the helper below (it may be writing into the
        // same staging folder), and its error is the one reported
        let mine: unknown;
        for (const job of claimable) {
          if (mine !== undefined || Atomics.compareExchange(job.claim, 0, 0, 2) !== 0) continue;
          try {
            runJob({ ...job, claim: undefined });
          } catch (e) {
            mine = e ?? new Error(String(e));
          }
        }
        let beat = Atomics.load(state, 2);
        let since = Date.now();
        for (let done = Atomics.load(state, 0); done < posted; done = Atomics.load(state, 0)) {
          Atomics.wait(state, 0, done, 1000);
          const now = Atomics.load(state, 2);
          if (now !== beat) (beat = now), (since = Date.now());
          else if (Date.now() - since > STALL_MS) throw new Error(`the output writer thread stopped responding (no progress for ${STALL_MS / 1000} s)`);
        }
        if (mine !== undefined) throw mine;
        const failure = receiveMessageOnPort(port1)?.message as { name: string; message: string; code?: string } | undefined;
        if (Atomics.load(state, 1) > 0 && failure) throw revive(failure);
      } finally {
        port1.close();
        void worker.terminate();
      }
    },
  };
}

function csvJob(path: string, layer: TypedLayer, exclude: readonly string[], protect: readonly string[]): HelperJob {
  return { kind: "csv", path, protect, names: layer.columns.map((c) => c.name), length: layer.length, data: layerColumnData(layer), exclude };
}

function fgbJob(path: string, layer: TypedLayer, name: string, protect: readonly string[]): HelperJob {
  // the vertices on shared memory, so the helper reads them without a copy per message
  let lonLat = layer.lonLat;
  if (!(lonLat.buffer instanceof SharedArrayBuffer)) {
    lonLat = new Float64Array(new SharedArrayBuffer(8 * layer.lonLat.length));
    lonLat.set(layer.lonLat);
  }
  // the offsets too (a lixel layer's are the lixels' start, shared already: 35 MB at bench L not copied)
  let offsets = layer.offsets;
  if (!(ArrayBuffer.isView(offsets) && offsets.buffer instanceof SharedArrayBuffer)) {
    const copy = new Float64Array(new SharedArrayBuffer(8 * (layer.length + 1)));
    for (let i = 0; i <= layer.length; i++) copy[i] = layer.offsets[i];
    offsets = copy;
  }
  return { kind: "fgb", path, protect, name, names: layer.columns.map((c) => c.name), length: layer.length, data: layerColumnData(layer), geometryType: layer.geometryType, lonLat, offsets };
}

/** Write one job (on whichever thread runs it); `beat` is called after every chunk. */
export function runJob(job: HelperJob, beat: () => void = () => {}): void {
  if (job.kind === "png") {
    writeFileAtomic(job.path, svgToPng(job.svg), job.protect);
    return;
  }
  if (job.kind === "layer") {
    // taken over by the calling thread (write-helper.ts's join): nothing to do here
    if (job.claim && Atomics.compareExchange(job.claim, 0, 0, 1) !== 0) return;
    writeLayer(job.dir, job.name, job.features, job.options);
    return;
  }
  if (job.kind === "sidecar") {
    writeSidecar(job.dir, job.name, job.files, job.meta, job.protect);
    return;
  }
  if (job.kind === "fgb") {
    const layer: TypedLayer = { length: job.length, columns: job.names.map((name) => ({ name, value: () => undefined })), geometryType: job.geometryType, lonLat: job.lonLat, offsets: job.offsets, at: () => undefined };
    adoptColumnData(layer, job.data as ColumnData[]);
    writeTypedFlatGeobuf(job.path, layer, { name: job.name, protect: job.protect, beat });
    return;
  }
  // the layer as the CSV writer reads it: names, length and the columns' data (no values, no geometry needed)
  const layer: TypedLayer = { length: job.length, columns: job.names.map((name) => ({ name, value: () => undefined })), geometryType: "LineString", lonLat: new Float64Array(0), offsets: [], at: () => undefined };
  adoptColumnData(layer, job.data as ColumnData[]);
  writeChunksAtomic(job.path, beating(typedCsvBytes(layer, job.exclude), beat), job.protect);
}

function* beating<T>(chunks: Iterable<T>, beat: () => void): Generator<T> {
  for (const c of chunks) {
    yield c;
    beat();
  }
}

/** The helper's failure as the error the calling thread would have thrown. */
function revive(f: { name: string; message: string; code?: string }): Error {
  if (f.name === "OptionError") return new OptionError(f.message);
  const e = new Error(f.message) as NodeJS.ErrnoException;
  if (f.code) e.code = f.code;
  return e;
}
