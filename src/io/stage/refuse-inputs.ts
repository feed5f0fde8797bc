import { existsSync, lstatSync, readdirSync, realpathSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { OptionError } from "../../core/errors.ts";
import { identity } from "./fs-sync.ts";
import { MAX_KEPT } from "./keep-user-files.ts";

/** Refuse an --out that holds one of the inputs, found by real path or, for hard links, by device and inode. */
export function refuseInputsInside(out: string, outDir: string, inputs: readonly string[]): void {
  const ids = new Map<string, string>();
  for (const p of inputs) {
    if (!existsSync(p)) continue;
    const real = realpathSync(p);
    if (within(real, out)) throw inside(p, outDir, relative(out, real));
    ids.set(identity(p), p);
  }
  let seen = 0;
  // a stack of [folder, depth], not recursion; folders deeper than 8 are not searched (no run writes there)
  const stack: Array<[string, number]> = [[out, 0]];
  while (stack.length > 0) {
    const [dir, depth] = stack.pop() as [string, number];
    for (const name of readdirSync(dir)) {
      if (++seen > 5 * MAX_KEPT) throw new OptionError(`--out ${outDir} holds more than ${(5 * MAX_KEPT).toLocaleString("en")} files: give a new or empty folder for the outputs`);
      const path = join(dir, name);
      const s = lstatSync(path);
      if (s.isDirectory() && depth < 8) stack.push([path, depth + 1]);
      else if (s.isFile() && ids.has(`${s.dev}:${s.ino}`)) throw inside(ids.get(`${s.dev}:${s.ino}`) ?? path, outDir, relative(out, path));
    }
  }
}

/** Whether `path` is `dir` or lies inside it (both real, absolute paths). */
export const within = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

const inside = (input: string, outDir: string, at: string) =>
  new OptionError(`refusing to overwrite the input file ${input}: it is in --out ${outDir} (as ${at}), whose outputs a run replaces; choose another output folder or move the input out of it`);
