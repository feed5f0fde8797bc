/**
 * Worker side of a split scan (read-roads-scanned.ts). It reads the second half of the file into the
 * shared bytes (while the calling thread reads the first), finds the feature start it will scan from and
 * publishes it in `ctl` (slot 1: the offset, −1 when there is none or the read failed; slot 0 raised to 1),
 * then scans the tail from there and hands its typed arrays back through the port, raising slot 0 to 2.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { readFileRange } from "../read/read-bounded.ts";
import { type ScannedGeometryType, scanTail, splitPoint } from "./scan-geojson.ts";

const { bytes, allowed, file, from, port, ctl, splitAt } = workerData as {
  bytes: Uint8Array;
  allowed: ScannedGeometryType[];
  file: string;
  from: number;
  port: MessagePort;
  ctl: Int32Array;
  splitAt: Float64Array;
};
const raise = (state: number) => {
  Atomics.store(ctl, 0, state);
  Atomics.notify(ctl, 0);
};
let split = -1;
try {
  readFileRange(file, bytes, from, bytes.length);
  split = splitPoint(bytes, from, from);
} catch {
  split = -1; // the calling thread reads the rest itself
}
splitAt[0] = split;
raise(1);
if (split >= 0) {
  try {
    const tail = scanTail(bytes, allowed, split);
    const st = tail?.state;
    port.postMessage({ tail }, st ? [st.lonLat, st.partStart, st.featurePart, st.centre, st.box, st.jsonRanges].map((a) => a.buffer as ArrayBuffer) : []);
  } catch (e) {
    port.postMessage({ error: String(e) });
  } finally {
    raise(2);
  }
}
