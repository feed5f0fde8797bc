import { existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { OptionError } from "../../core/errors.ts";
import { killPoint } from "./kill-point.ts";
import { writeFileAtomic } from "../write/write-file.ts";
import { identity, probe, reason, syncFolder, syncTree } from "./fs-sync.ts";
import { keepUserFiles, RUN_MANIFEST } from "./keep-user-files.ts";
import { recoverStale } from "./recover-stale.ts";
import { refuseInputsInside, within } from "./refuse-inputs.ts";
import { lockRun } from "./run-lock.ts";

export { RUN_MANIFEST } from "./keep-user-files.ts";

/** A run's private folder beside --out; {@link StagedOut.commit} swaps it in whole. */
export interface StagedOut {
  /** Write every output here (a fresh folder on the same filesystem as `out`). */
  dir: string;
  /** The --out folder, its real path (a symlinked --out is followed). */
  out: string;
  /** Names of the files this run has written into `dir` so far (not the kept user files). */
  written: () => string[];
  /** fsync the run's files, write the manifest and swap `dir` in as `out`: afterwards `out` holds this run, whole. Releases the lock. */
  commit: () => void;
  /** Remove `dir`; `out` is left as it was. Releases the lock. */
  discard: () => void;
}

/**
 * Start a run that writes into `outDir` as a whole (docs/reliability.md, "A run's --out folder"): take
 * the folder's lock (a second run into it while this one is alive is an OptionError), check, before
 * anything is written, that `outDir` can be written and holds no input (by real path and by device and
 * inode), remove what killed runs left (restoring the folder if one was killed mid-swap), then make the
 * staging folder `.NAME.minerisk-staging-PID` beside it. The user's files in `outDir` (anything the
 * previous run's manifest does not list) are hard-linked into the staging folder, so they are kept, never
 * copied twice, and a write there replaces the link, never the user's file. Every failure here is an
 * {@link OptionError} whose message says what to change. Call `commit` or `discard` exactly once.
 *
 * @example
 * const stage = stageOut("out", { inputs: ["roads.geojson", "incidents.geojson"] });
 * try {
 *   writeFileAtomic(join(stage.dir, "summary.json"), text);
 *   stage.commit();
 * } catch (e) {
 *   stage.discard();
 *   throw e;
 * }
 */
export function stageOut(outDir: string, options: { inputs: readonly string[] }): StagedOut {
  const given = resolve(outDir);
  const out = existsSync(given) ? realpathSync(given) : given;
  const parent = dirname(out);
  if (within(realpathSync(process.cwd()), out)) {
    throw new OptionError(`--out ${outDir} is the folder you are in, or holds it: a run swaps its --out folder in whole; give a folder for the outputs, such as out/`);
  }
  // kernel views, not folders: a recursive mkdir there never ends (the CLI checks this first too)
  if (/^\/(proc|sys)(\/|$)|^\/dev(\/(?!shm(\/|$))|$)/.test(out)) throw new OptionError(`--out ${outDir} is on a pseudo-filesystem (${out.split("/")[1]}); give a folder on a disk`);
  mkdirOrRefuse(parent, outDir);
  const unlock = lockRun(parent, basename(out), outDir);
  let dir: string;
  let kept: Map<string, string>;
  try {
    ({ dir, kept } = prepare(out, outDir, options.inputs));
  } catch (e) {
    unlock();
    throw e;
  }
  const written = () => readdirSync(dir).filter((f) => f !== RUN_MANIFEST && kept.get(f) !== identity(join(dir, f))).sort();
  return {
    dir,
    out,
    written,
    commit: () => {
      try {
        swapIn(dir, out, written());
      } finally {
        unlock();
      }
    },
    discard: () => {
      rmSync(dir, { recursive: true, force: true });
      unlock();
    },
  };
}

/** The checks and the staging folder, under the lock. */
function prepare(out: string, outDir: string, inputs: readonly string[]): { dir: string; kept: Map<string, string> } {
  const parent = dirname(out);
  recoverStale(parent, basename(out));
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new OptionError(`--out ${outDir} is a file, not a folder: give a folder for the outputs (it is created if missing)`);
    if (statSync(out).dev !== statSync(parent).dev) throw new OptionError(`--out ${outDir} is a mount point, so a run cannot be swapped in whole there: give a folder inside it`);
    refuseInputsInside(out, outDir, inputs);
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
  return { dir, kept: existsSync(out) ? keepUserFiles(out, dir) : new Map<string, string>() };
}

/** fsync the run's files, write the manifest, then rename: `out` aside, `dir` in, the old one removed. */
function swapIn(dir: string, out: string, files: string[]): void {
  const parent = dirname(out);
  syncTree(dir, files); // before the swap: after it, these bytes are the run
  writeFileAtomic(join(dir, RUN_MANIFEST), `${JSON.stringify({ toolkit: "minerisk", note: "the files the last minerisk run wrote here; the next run into this folder replaces them and keeps every other file", files }, null, 2)}\n`);
  syncTree(dir, [RUN_MANIFEST]);
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
}

function mkdirOrRefuse(parent: string, outDir: string): void {
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new OptionError(`--out ${outDir} cannot be made (${reason(e)}): give a folder you can write to`);
  }
}
