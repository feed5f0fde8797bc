/**
 * Scratch files for a distribution sort on disk (io/write/write-flatgeobuf-blocked.ts puts a layer's
 * encoded features into Hilbert order through them): records appended to one of many bucket files by the
 * range of their rank, then each bucket read back whole and put in order in memory. Written by hand: the
 * external-sort packages on npm sort lines or JSON through async streams, and the writers here are
 * synchronous (writeAtomicWith's staged file) with binary records.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

export interface BucketFiles {
  /** Append to bucket w the record of rank `r`: the numbers m·j … m·j + m − 1 of `numbers` (m = (head − 4) / 8), then `bytes`. */
  add(w: number, r: number, numbers: Float64Array, j: number, bytes: Uint8Array): void;
  /** Write what the buffers hold and close the files (also after an error). */
  close(): void;
  /** Bucket w's records, its file removed; the view is overwritten by the next take. */
  take(w: number): Uint8Array;
}

/**
 * Bucket files 0 … count − 1 in `dir` (e.g. features sorted on disk by their rank in an order: bucket w
 * the ranks of one range), each appended to through a buffer of `bufferBytes` (made when the bucket gets
 * its first record): records of a rank (uint32), `head` − 4 bytes of float64s (e.g. a box) and the item's
 * bytes. Sequential writes and reads only; `take(w)` reads bucket w whole (into a buffer the next take
 * reuses) and removes its file.
 */
export function bucketFiles(dir: string, count: number, bufferBytes: number, head: number): BucketFiles {
  const fds = new Int32Array(count).fill(-1);
  const sizes = new Float64Array(count);
  const buffers: (Uint8Array | undefined)[] = new Array(count);
  const used = new Int32Array(count);
  const path = (w: number) => join(dir, `bucket-${w}`);
  const put = (w: number, bytes: Uint8Array) => {
    if (fds[w] < 0) fds[w] = openSync(path(w), "w");
    writeAll(fds[w], bytes, sizes[w]);
    sizes[w] += bytes.length;
  };
  const flush = (w: number) => {
    if (used[w] > 0) put(w, (buffers[w] as Uint8Array).subarray(0, used[w]));
    used[w] = 0;
  };
  const lone = new Uint8Array(head);
  let room = new Uint8Array(0); // one read buffer for every bucket: a fresh one each would leave the GC tens of MB per bucket
  return {
    add(w: number, r: number, numbers: Float64Array, j: number, bytes: Uint8Array): void {
      const buf = (buffers[w] ??= new Uint8Array(bufferBytes));
      if (used[w] + head + bytes.length > buf.length) flush(w);
      const alone = head + bytes.length > buf.length; // a record larger than the buffer: written as it comes
      const to = alone ? lone : buf;
      const at = alone ? 0 : used[w];
      const view = new DataView(to.buffer, to.byteOffset);
      view.setUint32(at, r, true);
      const m = (head - 4) / 8;
      for (let c = 0; c < m; c++) view.setFloat64(at + 4 + 8 * c, numbers[m * j + c], true);
      if (alone) {
        put(w, lone);
        put(w, bytes);
        return;
      }
      buf.set(bytes, at + head);
      used[w] += head + bytes.length;
    },
    close(): void {
      try {
        for (let w = 0; w < count; w++) flush(w);
      } finally {
        for (let w = 0; w < count; w++) if (fds[w] >= 0) closeSync(fds[w]);
        fds.fill(-1);
        buffers.fill(undefined);
      }
    },
    take(w: number): Uint8Array {
      if (room.length < sizes[w]) room = new Uint8Array(sizes[w]);
      const data = room.subarray(0, sizes[w]);
      if (sizes[w] === 0) return data;
      const fd = openSync(path(w), "r");
      try {
        readAll(fd, data, 0, path(w));
      } finally {
        closeSync(fd);
      }
      rmSync(path(w));
      return data;
    },
  };
}

export function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

export function readAll(fd: number, into: Uint8Array, position: number, path: string): void {
  for (let done = 0; done < into.length; ) {
    const got = readSync(fd, into, done, into.length - done, position + done);
    if (got === 0) throw new Error(`the scratch file ${path} ended at byte ${position + done}, before what was written to it`);
    done += got;
  }
}
