/**
 * The helper thread of write-helper.ts: runs each job posted to it, in order, with the same code the
 * calling thread would run, and reports through shared memory (jobs done, jobs failed, chunks written)
 * so the calling thread can wait for it without an event loop; the first failure also goes to the
 * error port, as plain fields.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import { type HelperJob, runJob } from "./write-helper.ts";

const { state, errors } = workerData as { state: Int32Array; errors: MessagePort };
let failed = false;
parentPort?.on("message", (job: HelperJob) => {
  try {
    // after a failure the rest is not written: the run fails as a whole and its staging folder is removed
    if (!failed) runJob(job, () => Atomics.add(state, 2, 1));
  } catch (e) {
    failed = true;
    const err = e as NodeJS.ErrnoException;
    errors.postMessage({ name: err?.name ?? "Error", message: err?.message ?? String(e), code: err?.code });
    Atomics.add(state, 1, 1);
  } finally {
    Atomics.add(state, 0, 1);
    Atomics.notify(state, 0);
  }
});
