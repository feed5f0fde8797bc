import { InputError } from "../core/errors.ts";
import { stageOut } from "../io/stage/staged-out.ts";
import { checkOutDir } from "./inputs.ts";

const INTAKE_REPORT = new Set(["intake-report.json", "intake-report.txt"]);

/**
 * Wrap a command's action so its --out folder gets the run whole or not at all (docs/reliability.md):
 * before anything is read, the folder is checked and a staging folder made beside it
 * (io/stage/staged-out.ts); the action writes there (it is given `flags.out` = the staging folder and
 * `shownOut` = the folder the user named, for what it prints); on success the staging folder is swapped
 * in, and only then is the text printed. A run refused at intake leaves its intake report as the run's
 * output (that is what the user needs next); any other failure, a full disk included, removes the staging
 * folder and leaves the previous run as it was. Without --out (route, backtest) the action runs as is.
 */
export function stagedAction<F extends { out?: string }>(
  print: (text: string) => void,
  inputsOf: (flags: F) => string[],
  action: (flags: F, print: (text: string) => void, shownOut: string | undefined) => void,
): (flags: F) => void {
  return (flags) => {
    if (flags.out === undefined) return action(flags, print, undefined);
    checkOutDir(flags.out);
    const stage = stageOut(flags.out, { inputs: inputsOf(flags) });
    let printed = "";
    try {
      action({ ...flags, out: stage.dir }, (t) => (printed += t), flags.out);
      stage.commit();
    } catch (e) {
      const written = stage.written();
      if (e instanceof InputError && written.length > 0 && written.every((f) => INTAKE_REPORT.has(f))) {
        stage.commit();
        throw e;
      }
      stage.discard();
      throw diskFull(e, flags.out) ?? e;
    }
    print(printed);
  };
}

/** A full disk (or quota) as one clear line: what happened, and that the previous outputs are untouched. */
function diskFull(e: unknown, out: string): Error | undefined {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code !== "ENOSPC" && code !== "EDQUOT") return undefined;
  return new Error(`the disk holding --out ${out} is full (${code === "ENOSPC" ? "no space left on the device" : "disk quota exceeded"}): nothing of this run was kept and the previous outputs in ${out} are unchanged; free some space or give another --out`);
}
