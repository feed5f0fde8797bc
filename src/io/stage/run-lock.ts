import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { OptionError } from "../../core/errors.ts";
import { alive, reason } from "./fs-sync.ts";

/**
 * Take the lock of the run folder `parent/NAME`: the file `.NAME.minerisk-lock` beside it, made with
 * O_EXCL (only one process can create it) and holding the owner's pid. A second run into the same --out
 * while the first is alive is refused at once, exit 2, rather than made to wait: a wait could hang a
 * script for as long as the first run takes, and two runs into one folder are almost always a mistake.
 * A lock whose pid is gone (a killed run) is stale: it is moved aside (a rename, atomic), checked to be
 * the same stale lock, and removed, then taken anew. Returns the function that releases it.
 */
export function lockRun(parent: string, name: string, shown: string): () => void {
  const path = join(parent, `.${name}.minerisk-lock`);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number | undefined;
    try {
      fd = openSync(path, "wx");
      writeSync(fd, `${process.pid} ${performance.timeOrigin}\n`);
      closeSync(fd);
      return () => release(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        if (fd !== undefined) {
          closeSync(fd);
          rmSync(path, { force: true }); // made but not written (a full disk): not a lock
        }
        throw new OptionError(`--out ${shown} cannot be written (${reason(e)}): give a folder you can write to, on a disk with free space`);
      }
    }
    const holder = readLock(path);
    if (holder !== undefined && held(holder)) {
      throw new OptionError(`--out ${shown} is being written by another minerisk run (process ${holder.pid}, lock file ${path}): wait for it to finish, or give another --out`);
    }
    removeStale(path, holder?.text);
  }
  throw new OptionError(`--out ${shown}: could not take the lock file ${path} (other runs keep taking it): wait for them to finish, or give another --out`);
}

interface Lock {
  pid: number;
  /** performance.timeOrigin of the process that took it: tells this process from an earlier one with the same pid. */
  origin: number;
  text: string;
}

/** Remove our lock, only if it is still ours. */
function release(path: string): void {
  const lock = readLock(path);
  if (lock !== undefined && lock.pid === process.pid && lock.origin === performance.timeOrigin) rmSync(path, { force: true });
}

/**
 * Whether a lock's process still runs. Our own pid is held only if this very process took it (a second
 * `stageOut` into the same folder before the first is committed); otherwise it is an earlier process that
 * had this pid (containers reuse small pids), killed before it could release it.
 */
const held = (lock: Lock) => (lock.pid === process.pid ? lock.origin === performance.timeOrigin : alive(lock.pid));

/** A lock file's content; undefined if it is gone or not a lock minerisk wrote (a half-written one counts as stale). */
function readLock(path: string): Lock | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const [pid, origin] = text.trim().split(" ").map(Number);
  return Number.isSafeInteger(pid) && pid > 0 ? { pid, origin, text } : undefined;
}

/**
 * Move a stale lock aside and remove it. Two runs that both found it stale race here: the rename moves
 * exactly one file; if what was moved is no longer the stale lock (the other run has already replaced it
 * with its own), it is put back.
 */
function removeStale(path: string, staleText: string | undefined): void {
  const aside = `${path}.${process.pid}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // gone already: the next attempt creates it
  }
  const moved = readLock(aside);
  if (moved !== undefined && moved.text !== staleText && held(moved)) renameSync(aside, path);
  else rmSync(aside, { force: true });
}
