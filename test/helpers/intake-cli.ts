/**
 * Runs `minerisk validate` (and the shared input flags) in-process, mapping errors to exit codes the way
 * src/cli/main.ts does (InputError/OptionError/CommanderError → 2, anything else → 1), so the command can be
 * tested before main.ts registers it. Captures stdout/stderr text; `crashed` holds any non-user error.
 */
import { Command, CommanderError } from "commander";
import { formatIssues, InputError, OptionError } from "../../src/core/errors.ts";
import { registerValidate } from "../../src/cli/commands/validate.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  crashed?: unknown;
}

export async function runValidate(args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const program = new Command().name("minerisk").exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  registerValidate(program, (t) => (stdout += t));
  try {
    await program.parseAsync(["validate", ...args], { from: "user" });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (e instanceof CommanderError) return { code: e.exitCode === 0 ? 0 : 2, stdout, stderr };
    if (e instanceof InputError) return { code: 2, stdout, stderr: stderr + formatIssues(e.issues) };
    if (e instanceof OptionError) return { code: 2, stdout, stderr: stderr + e.message };
    return { code: 1, stdout, stderr: stderr + String(e), crashed: e };
  }
}
