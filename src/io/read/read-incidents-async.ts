import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { InputError, OptionError } from "../../core/errors.ts";
import type { IncidentRecord } from "../fields/records.ts";
import type { Intake } from "../intake/intake.ts";
import type { IncidentIntakeOptions } from "../intake/incident-layer.ts";
import { readIncidents } from "./read-incidents.ts";

const WORKER = new URL("./read-incidents-worker.js", import.meta.url);
/**
 * Below this many bytes of input the files are read on the calling thread: a worker first loads the
 * intake's modules (≈ 0.4 CPU-s here), more than the whole intake of a few MB costs (gen.mjs M's 2.9 MB:
 * ≈ 0.5 s; L's 14.5 MB: ≈ 1.6 s). A parameter of readIncidentsAsync only so tests can use small files.
 */
const WORKER_FROM_BYTES = 8 * 2 ** 20;

/**
 * readIncidents on a worker thread, so this thread can read the roads meanwhile: the same records, the
 * same report and the same InputError (strict mode) as readIncidents, handed back by structured clone
 * (plain data: records and report hold no functions). It reads on this thread instead, and resolves with
 * what readIncidents gives, when the options carry what cannot cross threads (`roadReach`: its index and
 * projection; `loaded`: layers read elsewhere), when the files are small (under 8 MiB together) or when
 * the compiled worker is absent (running from the TypeScript sources).
 *
 * The reading runs while this thread is busy: on the SPEC's L files the incidents (100k points, ≈ 1.5
 * CPU-s of full intake) are read while the roads are scanned and built (scripts/bench/bench-w1w2.ts).
 */
export function readIncidentsAsync(files: readonly string[], options: IncidentIntakeOptions = {}, workerFromBytes = WORKER_FROM_BYTES): Promise<Intake<IncidentRecord>> {
  if (options.roadReach !== undefined || options.loaded !== undefined || totalBytes(files) < workerFromBytes || !existsSync(fileURLToPath(WORKER))) {
    return new Promise((resolve) => resolve(readIncidents(files, options)));
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { files, options } });
    worker.once("message", (m: { intake?: Intake<IncidentRecord>; inputIssues?: InputError["issues"]; optionError?: string; error?: string }) => {
      void worker.terminate();
      if (m.intake) resolve(m.intake);
      else if (m.inputIssues) reject(new InputError(m.inputIssues));
      else if (m.optionError !== undefined) reject(new OptionError(m.optionError));
      else reject(new Error(m.error ?? "reading the incidents on a worker thread failed"));
    });
    worker.once("error", reject);
    // a worker that ends without a message (it could not load, or exited) must not leave the read waiting
    worker.once("exit", (code) => reject(new Error(`reading the incidents on a worker thread stopped (exit code ${code})`)));
  });
}

/** Bytes of the files together; a file that cannot be stat'ed counts as large (readIncidents reports it). */
function totalBytes(files: readonly string[]): number {
  let n = 0;
  for (const f of files) {
    try {
      n += statSync(f).size;
    } catch {
      return Infinity;
    }
  }
  return n;
}
