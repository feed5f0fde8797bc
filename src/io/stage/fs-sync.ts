import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";

/** Write and remove a 4 KiB file, so a read-only or full filesystem is found before the work starts. */
export function probe(dir: string): void {
  const path = join(dir, ".probe");
  const fd = openSync(path, "w");
  try {
    writeSync(fd, Buffer.alloc(4096, 32));
    fsyncSync(fd); // a full disk can accept the write into the cache and refuse it here
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
}

/** fsync a folder, so the renames and new entries in it reach the disk. */
export function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some filesystems cannot fsync a folder; the renames are still atomic
  }
}

/**
 * fsync every regular file under `names` of `dir` and every folder on the way (iteratively: a stack, not
 * recursion), so the run's bytes are on the disk before the swap makes them the run: a power cut right
 * after the swap then finds whole files, not ones the cache had not written yet. A file that cannot be
 * synced (ENOSPC, EIO) throws, so the run fails and the previous one stays.
 */
export function syncTree(dir: string, names: readonly string[]): void {
  const stack = names.map((name) => join(dir, name));
  while (stack.length > 0) {
    const path = stack.pop() as string;
    const s = lstatSync(path);
    if (s.isDirectory()) {
      for (const name of readdirSync(path)) stack.push(join(path, name));
      syncFolder(path);
    } else if (s.isFile()) {
      const fd = openSync(path, "r");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }
  syncFolder(dir);
}

/** A file's device and inode, "dev:ino" (symlinks followed). */
export function identity(path: string): string {
  const s = statSync(path);
  return `${s.dev}:${s.ino}`;
}

/** Whether process `pid` runs (our own pid counts as gone: a leftover of an earlier process with this pid). */
export function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A filesystem error in words a user can act on. */
export const reason = (e: unknown) =>
  (e as NodeJS.ErrnoException).code === "ENOSPC" ? "the disk is full" : (e as NodeJS.ErrnoException).code === "EACCES" || (e as NodeJS.ErrnoException).code === "EROFS" ? "no permission, or a read-only disk" : (e as Error).message;
