/** A staged file (io/write/write-file.ts) in memory, for the FlatGeobuf writers' tests: its bytes, and every write it was given (where and how long). */
import type { StagedFile } from "../../../src/io/write/write-file.ts";

export function memoryFile(): { file: StagedFile; bytes: () => Buffer; writes: { at: number; length: number }[] } {
  let buf = new Uint8Array(1 << 16);
  let end = 0;
  let size = 0;
  const writes: { at: number; length: number }[] = [];
  const writeAt = (b: Uint8Array, at: number) => {
    if (at + b.length > buf.length) {
      const bigger = new Uint8Array(2 * (at + b.length));
      bigger.set(buf);
      buf = bigger;
    }
    buf.set(b, at);
    size = Math.max(size, at + b.length);
    writes.push({ at, length: b.length });
  };
  const file: StagedFile = {
    write: (b) => {
      writeAt(b, end);
      end += b.length;
    },
    writeAt,
  };
  return { file, bytes: () => Buffer.from(buf.slice(0, size)), writes };
}
