import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { OptionError } from "../../core/errors.ts";
import { alive, identity } from "./fs-sync.ts";

/**
 * The file in every run folder that lists what the run wrote. The next run into that folder replaces
 * exactly these files, and keeps everything else there (the user's own files) unchanged.
 */
export const RUN_MANIFEST = ".minerisk-run.json";

/** A user's folder is carried into each new run by hard links; past this many entries --out is refused instead. */
export const MAX_KEPT = 10_000;

/** The names the manifest of `out` lists (the previous run's files), plus the manifest itself. */
function ownedNames(out: string): Set<string> {
  const owned = new Set([RUN_MANIFEST]);
  try {
    const files = (JSON.parse(readFileSync(join(out, RUN_MANIFEST), "utf8")) as { files?: unknown }).files;
    if (Array.isArray(files)) for (const f of files) if (typeof f === "string") owned.add(f);
  } catch {
    // no manifest (a folder minerisk did not make): every file in it is the user's and is kept
  }
  return owned;
}

/** Hard-link (or, where links are not possible, copy) every entry of `out` the manifest does not own into `dir`. Returns name → identity of what was kept. */
export function keepUserFiles(out: string, dir: string): Map<string, string> {
  const owned = ownedNames(out);
  const kept = new Map<string, string>();
  const mine = readdirSync(out).filter((name) => !owned.has(name) && !isStaleTmp(name));
  if (countTree(out, mine, MAX_KEPT) > MAX_KEPT) {
    throw new OptionError(`--out ${out} holds more than ${MAX_KEPT.toLocaleString("en")} files that no minerisk run wrote, which every run would have to carry over: give a new or empty folder for the outputs`);
  }
  for (const name of mine) {
    linkTree(join(out, name), join(dir, name));
    kept.set(name, identity(join(dir, name)));
  }
  return kept;
}

/** Entries under `names` of `dir`, counted up to just past `limit` (symlinks are not followed). */
function countTree(dir: string, names: readonly string[], limit: number): number {
  let n = 0;
  const stack = names.map((name) => join(dir, name));
  while (stack.length > 0 && n <= limit) {
    const path = stack.pop() as string;
    n++;
    if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) stack.push(join(path, name));
  }
  return n;
}

/** Re-create the tree at `from` under `to`: folders made, files hard-linked, symlinks copied. A stack, not recursion: a user's folder may nest deeper than the call stack. */
function linkTree(from: string, to: string): void {
  const stack: Array<[string, string]> = [[from, to]];
  while (stack.length > 0) {
    const [src, dst] = stack.pop() as [string, string];
    const s = lstatSync(src);
    if (s.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else if (s.isDirectory()) {
      mkdirSync(dst);
      for (const name of readdirSync(src)) stack.push([join(src, name), join(dst, name)]);
    } else {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst); // a filesystem without hard links (FAT, some network shares)
      }
    }
  }
}

/** An atomic writer's temporary file (NAME.PID.tmp) whose process is gone. */
export function isStaleTmp(name: string): boolean {
  const m = /\.(\d+)\.tmp$/.exec(name);
  return m !== null && !alive(Number(m[1]));
}
