import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { OptionError } from "../../core/errors.ts";
import { killPoint } from "../stage/kill-point.ts";

/**
 * Write a file atomically: to a temporary sibling, then rename over the target, so a reader never sees a
 * half-written layer and an interrupted run leaves the previous file intact. Refuses to write over any
 * path in `protect` (the run's input files).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, protect: readonly string[] = []): void {
  writeChunksAtomic(path, [data], protect);
}

/**
 * Like {@link writeFileAtomic}, but the content comes as a sequence of chunks written one after the other,
 * so a large layer (GeoJSON Text Sequences, CSV) never has to exist as one string in memory.
 */
export function writeChunksAtomic(path: string, chunks: Iterable<string | Uint8Array>, protect: readonly string[] = []): void {
  writeAtomicWith(path, (file) => {
    for (const chunk of chunks) file.write(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk);
  }, protect);
}

/** The staged file {@link writeAtomicWith} hands its writer: appends, or writes at a byte position. */
export interface StagedFile {
  /** Append `bytes` at the end of what has been appended so far. */
  write: (bytes: Uint8Array) => void;
  /** Write `bytes` at byte `position` (e.g. a section whose content is known only after what follows it). */
  writeAt: (bytes: Uint8Array, position: number) => void;
}

/**
 * Write a file atomically (as {@link writeFileAtomic}) through `fill`, which writes the content to the
 * staged file in any order (FlatGeobuf's index, before its features in the file, is known only after them).
 */
export function writeAtomicWith(path: string, fill: (file: StagedFile) => void, protect: readonly string[] = []): void {
  const target = resolve(path);
  if (isProtected(target, protect)) {
    throw new OptionError(`refusing to overwrite the input file ${path}: choose another output folder`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, "w");
    try {
      let first = true;
      let end = 0;
      const writeAt = (bytes: Uint8Array, position: number) => {
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
        if (first) killPoint("write"); // test-only: MINERISK_TEST_KILL_AT=write:K kills here, mid-file
        first = false;
      };
      fill({
        write: (bytes) => {
          writeAt(bytes, end);
          end += bytes.length;
        },
        writeAt,
      });
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Whether `target` is one of the `protect` files: the same path, or the same file by device and inode
 * (a symlink, a hard link or a symlinked folder that leads to an input), so a path-string comparison
 * cannot be fooled.
 */
export function isProtected(target: string, protect: readonly string[]): boolean {
  if (protect.length === 0) return false;
  const id = fileIdentity(target);
  return protect.some((p) => resolve(p) === target || (id !== undefined && fileIdentity(p) === id));
}

function fileIdentity(path: string): string | undefined {
  try {
    const s = statSync(path); // follows symlinks
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined; // not there yet: nothing to overwrite
  }
}
