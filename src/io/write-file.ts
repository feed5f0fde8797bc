import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { OptionError } from "../core/errors.ts";

/**
 * Write a file atomically: to a temporary sibling, then rename over the target, so a reader never sees a
 * half-written layer and an interrupted run leaves the previous file intact. Refuses to write over any
 * path in `protect` (the run's input files).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, protect: readonly string[] = []): void {
  const target = resolve(path);
  if (protect.some((p) => resolve(p) === target)) {
    throw new OptionError(`refusing to overwrite the input file ${path}: choose another output folder`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
