import { Buffer } from "node:buffer";
import { closeSync, readSync } from "node:fs";
import { InputError } from "../../core/errors.ts";
import { openForReading, unreadableFile } from "../json/read-json.ts";
import { badRecordsIssue, unparsedRecordFeature } from "./read-geojsonseq.ts";
import type { LoadIssue } from "./loaded-layer.ts";

const RS = 0x1e;
const LF = 0x0a;

/**
 * GeoJSON Text Sequences read through a reused buffer, as readGeoJsonSeq reads them whole: records split
 * at the record separator U+001E when the file has one anywhere (found by a first pass), else at line
 * feeds; each record trimmed, blank ones skipped, one that is not JSON kept as a feature with no geometry
 * (the intake rejects it by number). Batches of about `chunkBytes` of parsed features go to `onFeatures`.
 * Throws the InputError file-unreadable, and file-too-large for a record longer than `budget` bytes.
 */
export function streamGeoJsonSeq(file: string, chunkBytes: number, budget: number, onFeatures: (features: unknown[], firstIndex: number) => void): { read: number; issues: LoadIssue[] } {
  const fd = openForReading(file);
  try {
    const sep = hasByte(fd, RS, chunkBytes) ? RS : LF;
    let buf = Buffer.allocUnsafe(Math.max(1, chunkBytes));
    let filled = 0;
    let offset = 0;
    let batch: unknown[] = [];
    let batchBytes = 0;
    let read = 0;
    const bad: number[] = [];
    const record = (bytes: Buffer) => {
      if (bytes.length > budget) throw tooLong(file, read + 1, budget);
      const s = bytes.toString("utf8").trim();
      if (s === "") return;
      read++;
      try {
        batch.push(JSON.parse(s));
      } catch {
        bad.push(read);
        batch.push(unparsedRecordFeature());
      }
      batchBytes += bytes.length;
      if (batchBytes >= chunkBytes) flush();
    };
    const flush = () => {
      if (batch.length > 0) onFeatures(batch, read - batch.length);
      batch = [];
      batchBytes = 0;
    };
    for (;;) {
      if (filled === buf.length) {
        // one record is held whole to be parsed: past the budget it is refused
        if (filled > budget) throw tooLong(file, read + 1, budget);
        buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
      }
      const n = readSync(fd, buf, filled, buf.length - filled, offset);
      offset += n;
      filled += n;
      let from = 0;
      for (let at = buf.indexOf(sep, 0); at >= 0 && at < filled; at = buf.indexOf(sep, from)) {
        record(buf.subarray(from, at));
        from = at + 1;
      }
      if (n === 0) {
        record(buf.subarray(from, filled));
        break;
      }
      buf.copyWithin(0, from, filled);
      filled -= from;
    }
    flush();
    return { read, issues: bad.length ? [badRecordsIssue(bad)] : [] };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== undefined && !(e instanceof InputError)) throw unreadableFile(file, e); // a read that failed (EIO, …)
    throw e;
  } finally {
    closeSync(fd);
  }
}

/** True when the file holds the byte `b` anywhere (read in pieces of `chunkBytes`, at least 64 KiB). */
function hasByte(fd: number, b: number, chunkBytes: number): boolean {
  const buf = Buffer.allocUnsafe(Math.max(1 << 16, chunkBytes));
  for (let at = 0, n; (n = readSync(fd, buf, 0, buf.length, at)) > 0; at += n) {
    if (buf.subarray(0, n).indexOf(b) >= 0) return true;
  }
  return false;
}

function tooLong(file: string, record: number, budget: number): InputError {
  return new InputError([{ file, code: "file-too-large", message: `record ${record} of the sequence has more than ${budget.toLocaleString("en-US")} bytes, the input budget: a streamed sequence holds one record at a time whole. Split it, or raise the budget with --max-input-bytes (environment variable MINERISK_MAX_INPUT_BYTES)` }]);
}
