import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { OptionError } from "../../core/errors.ts";
import { killPoint } from "./kill-point.ts";
import { writeFileAtomic } from "./write-file.ts";

/**
 * The file in every run folder that lists what the run wrote. The next run into that folder replaces
 * exactly these files, and keeps everything else there (the user's own files) unchanged.
 */
export const RUN_MANIFEST = ".minerisk-run.json";

/** A run's private folder beside --out; {@link StagedOut.commit} swaps it in whole. */
export interface StagedOut {
  /** Write every output here (a fresh folder on the same filesystem as `out`). */
  dir: string;
  /** The --out folder, its real path (a symlinked --out is followed). */
  out: string;
  /** Names of the files this run has written into `dir` so far (not the kept user files). */
  written: () => string[];
  /** Write the manifest and swap `dir` in as `out`: afterwards `out` holds this run, whole. */
  commit: () => void;
  /** Remove `dir`; `out` is left as it was. */
  discard: () => void;
}

const STAGE_RE = /^\.(.+)\.minerisk-(staging|old)-(\d+)$/;

/**
 * Start a run that writes into `outDir` as a whole: check, before anything is written, that `outDir` can
 * be written and holds no input (by real path and by device and inode), remove what killed runs left
 * (restoring the folder if one was killed mid-swap), then make the staging folder
 * `.NAME.minerisk-staging-PID` beside it. The user's files in `outDir` (anything the previous run's
 * manifest does not list) are hard-linked into the staging folder, so they are kept, never copied twice,
 * and a write there replaces the link, never the user's file.
 */
export function stageOut(outDir: string, options: { inputs: readonly string[] }): StagedOut {
  const given = resolve(outDir);
  const out = existsSync(given) ? realpathSync(given) : given;
  const parent = dirname(out);
  const here = realpathSync(process.cwd());
  if (within(here, out)) {
    throw new OptionError(`--out ${outDir} is the folder you are in, or holds it: a run swaps its --out folder in whole; give a folder for the outputs, such as out/`);
  }
  mkdirOrRefuse(parent, outDir);
  recoverStale(parent, basename(out));
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new OptionError(`--out ${outDir} is a file, not a folder: give a folder for the outputs (it is created if missing)`);
    if (statSync(out).dev !== statSync(parent).dev) throw new OptionError(`--out ${outDir} is a mount point, so a run cannot be swapped in whole there: give a folder inside it`);
    refuseInputsInside(out, outDir, options.inputs);
  }
  const dir = join(parent, `.${basename(out)}.minerisk-staging-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  try {
    mkdirSync(dir);
    probe(dir);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new OptionError(`--out ${outDir} cannot be written (${reason(e)}): give a folder you can write to, on a disk with free space`);
  }
  const kept = existsSync(out) ? keepUserFiles(out, dir) : new Map<string, string>();
  const written = () => readdirSync(dir).filter((f) => f !== RUN_MANIFEST && kept.get(f) !== identity(join(dir, f))).sort();
  return {
    dir,
    out,
    written,
    commit: () => {
      writeFileAtomic(join(dir, RUN_MANIFEST), `${JSON.stringify({ toolkit: "minerisk", note: "the files the last minerisk run wrote here; the next run into this folder replaces them and keeps every other file", files: written() }, null, 2)}\n`);
      syncFolder(dir);
      killPoint("swap:staged");
      if (existsSync(out)) {
        const old = join(parent, `.${basename(out)}.minerisk-old-${process.pid}`);
        renameSync(out, old);
        killPoint("swap:old-moved");
        try {
          renameSync(dir, out);
        } catch (e) {
          renameSync(old, out); // put the previous run back rather than leave no --out
          throw e;
        }
        killPoint("swap:done");
        rmSync(old, { recursive: true, force: true });
      } else renameSync(dir, out);
      syncFolder(parent);
    },
    discard: () => rmSync(dir, { recursive: true, force: true }),
  };
}

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
function keepUserFiles(out: string, dir: string): Map<string, string> {
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

/** A user's folder is carried into each new run by hard links; past this many entries --out is refused instead. */
const MAX_KEPT = 10_000;

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

function linkTree(from: string, to: string): void {
  const s = lstatSync(from);
  if (s.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
  else if (s.isDirectory()) {
    mkdirSync(to);
    for (const name of readdirSync(from)) linkTree(join(from, name), join(to, name));
  } else {
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to); // a filesystem without hard links (FAT, some network shares)
    }
  }
}

/** An atomic writer's temporary file (NAME.PID.tmp) whose process is gone. */
function isStaleTmp(name: string): boolean {
  const m = /\.(\d+)\.tmp$/.exec(name);
  return m !== null && !alive(Number(m[1]));
}

/** Refuse an --out that holds one of the inputs, found by real path or, for hard links, by device and inode. */
function refuseInputsInside(out: string, outDir: string, inputs: readonly string[]): void {
  const ids = new Map<string, string>();
  for (const p of inputs) {
    if (!existsSync(p)) continue;
    const real = realpathSync(p);
    if (within(real, out)) throw inside(p, outDir, relative(out, real));
    ids.set(identity(p), p);
  }
  let seen = 0;
  const walk = (dir: string, depth: number): void => {
    for (const name of readdirSync(dir)) {
      if (++seen > 5 * MAX_KEPT) throw new OptionError(`--out ${outDir} holds more than ${(5 * MAX_KEPT).toLocaleString("en")} files: give a new or empty folder for the outputs`);
      const path = join(dir, name);
      const s = lstatSync(path);
      if (s.isDirectory() && depth < 8) walk(path, depth + 1);
      else if (s.isFile() && ids.has(`${s.dev}:${s.ino}`)) throw inside(ids.get(`${s.dev}:${s.ino}`) ?? path, outDir, relative(out, path));
    }
  };
  walk(out, 0);
}

/** Whether `path` is `dir` or lies inside it (both real, absolute paths). */
const within = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

const inside = (input: string, outDir: string, at: string) =>
  new OptionError(`refusing to overwrite the input file ${input}: it is in --out ${outDir} (as ${at}), whose outputs a run replaces; choose another output folder or move the input out of it`);

/**
 * Remove what killed runs into `parent/NAME` left: staging and set-aside folders of processes that are
 * gone. A run killed between its two swap renames left no NAME at all: the complete staging folder (it
 * has its manifest) becomes NAME, or else the set-aside previous run is put back.
 */
function recoverStale(parent: string, name: string): void {
  const stale = readdirSync(parent).filter((f) => {
    const m = STAGE_RE.exec(f);
    return m !== null && m[1] === name && !alive(Number(m[3]));
  });
  const out = join(parent, name);
  if (!existsSync(out)) {
    const complete = stale.find((f) => f.includes(".minerisk-staging-") && existsSync(join(parent, f, RUN_MANIFEST)) && stale.includes(f.replace("-staging-", "-old-")));
    const old = stale.find((f) => f.includes(".minerisk-old-"));
    if (complete) renameSync(join(parent, complete), out);
    else if (old) renameSync(join(parent, old), out);
  }
  for (const f of stale) rmSync(join(parent, f), { recursive: true, force: true });
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // our own leftovers from an earlier process with this pid
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function mkdirOrRefuse(parent: string, outDir: string): void {
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new OptionError(`--out ${outDir} cannot be made (${reason(e)}): give a folder you can write to`);
  }
}

/** Write and remove a 4 KiB file, so a read-only or full filesystem is found before the work starts. */
function probe(dir: string): void {
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

function syncFolder(dir: string): void {
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

function identity(path: string): string {
  const s = statSync(path);
  return `${s.dev}:${s.ino}`;
}

const reason = (e: unknown) => ((e as NodeJS.ErrnoException).code === "ENOSPC" ? "the disk is full" : (e as NodeJS.ErrnoException).code === "EACCES" || (e as NodeJS.ErrnoException).code === "EROFS" ? "no permission, or a read-only disk" : (e as Error).message);
