import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { alive } from "./fs-sync.ts";
import { RUN_MANIFEST } from "./keep-user-files.ts";

/** `.NAME.minerisk-staging-PID` and `.NAME.minerisk-old-PID`: a run's folders beside its --out. */
const STAGE_RE = /^\.(.+)\.minerisk-(staging|old)-(\d+)$/;

/**
 * Remove what killed runs into `parent/NAME` left: staging and set-aside folders of processes that are
 * gone. A run killed between its two swap renames left no NAME at all: the complete staging folder (it
 * has its manifest) becomes NAME, or else the set-aside previous run is put back.
 */
export function recoverStale(parent: string, name: string): void {
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
