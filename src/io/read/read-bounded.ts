import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../../core/errors.ts";

/**
 * The most bytes one input that is not a regular file (a pipe, /dev/stdin, a device) may have: 256 MiB.
 * Its size is unknown until it is read, so reading stops there and /dev/zero or a runaway pipe ends in an
 * InputError instead of filling the memory.
 */
export const DEFAULT_MAX_INPUT_BYTES = 256 * 2 ** 20;

/**
 * The most bytes one regular file may have by default: 512 MiB less 64 KiB, just under V8's longest string
 * (2²⁹ − 24 characters), which the full intake must make of the text. Its size is known before reading, so
 * a larger file is refused before any of it is read. A country's road layer (bench L: 279 MB) fits; larger
 * layers belong in a binary format (FlatGeobuf, GeoParquet, .osm.pbf) or a tiled run (docs/scaling.md).
 */
export const DEFAULT_MAX_FILE_BYTES = 512 * 2 ** 20 - 64 * 2 ** 10;

/**
 * The byte budget: the environment variable MINERISK_MAX_INPUT_BYTES (a whole number of bytes; the CLI's
 * `--max-input-bytes` sets it) for every input, else DEFAULT_MAX_FILE_BYTES for a regular file and
 * DEFAULT_MAX_INPUT_BYTES for a pipe or device.
 */
export function maxInputBytes(regularFile = false): number {
  const v = process.env.MINERISK_MAX_INPUT_BYTES;
  const n = v === undefined || v.trim() === "" ? NaN : Number(v);
  if (Number.isSafeInteger(n) && n > 0) return n;
  return regularFile ? DEFAULT_MAX_FILE_BYTES : DEFAULT_MAX_INPUT_BYTES;
}

/**
 * Read a file's bytes once, in chunks, up to the byte budget: regular files, pipes (/dev/stdin, process
 * substitution) and devices alike, since a pipe's size is unknown before it is read and it can be read
 * only once. Errors from the file system (missing, a folder) are thrown as they are; past the budget it is
 * the InputError `file-too-large`, with the figure, the limit and what to change.
 */
export function readFileBounded(file: string, budget?: number, advice = "Split the layer, convert it to FlatGeobuf or .osm.pbf"): Buffer {
  const fd = openSync(file, "r");
  try {
    const stat = fstatSync(fd);
    const maxBytes = budget ?? maxInputBytes(stat.isFile());
    const tooLarge = () =>
      new InputError([{ file, code: "file-too-large", message: `the file has more than ${maxBytes.toLocaleString("en-US")} bytes, the input budget; stopped reading there. ${advice}, or raise the budget with --max-input-bytes (environment variable MINERISK_MAX_INPUT_BYTES)` }]);
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge();
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(4 * 2 ** 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw tooLarge();
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/**
 * Bytes [start, end) of a regular file into `into` at the same offsets (the split scan's two threads each
 * read their half of one shared buffer). Throws when the file ends early: it changed while it was read.
 */
export function readFileRange(file: string, into: Uint8Array, start: number, end: number): void {
  const fd = openSync(file, "r");
  try {
    for (let at = start; at < end; ) {
      const n = readSync(fd, into, at, end - at, at);
      if (n === 0) throw new Error(`${file} changed while it was read`);
      at += n;
    }
  } finally {
    closeSync(fd);
  }
}
