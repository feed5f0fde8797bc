/**
 * Worker side of a split scan (read-roads-scanned.ts): scans the tail of the shared file bytes and hands its
 * typed arrays back through the given port, then raises the shared flag the calling thread waits on.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { type ScannedGeometryType, scanTail } from "./scan-geojson.ts";

const { bytes, allowed, split, port, done } = workerData as { bytes: Uint8Array; allowed: ScannedGeometryType[]; split: number; port: MessagePort; done: Int32Array };
try {
  const tail = scanTail(bytes, allowed, split);
  const st = tail?.state;
  port.postMessage({ tail }, st ? [st.lonLat, st.partStart, st.featurePart, st.centre, st.box, st.jsonRanges].map((a) => a.buffer as ArrayBuffer) : []);
} catch (e) {
  port.postMessage({ error: String(e) });
} finally {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
