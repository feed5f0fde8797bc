#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { formatIssues, InputError, OptionError, RECORD_NUMBERING } from "../core/errors.ts";
import { VERSION } from "../version.ts";
import { registerAnalyze } from "./commands/analyze.ts";
import { registerBacktest } from "./commands/backtest.ts";
import { registerDensity } from "./commands/density.ts";
import { registerHotspots } from "./commands/hotspots.ts";
import { registerMap } from "./commands/map.ts";
import { registerRoute } from "./commands/route.ts";
import { registerValidate } from "./commands/validate.ts";
import { addInputBudget } from "./input-budget.ts";
import { jsonProgressLine, wantsJsonProgress } from "./progress.ts";

/**
 * The minerisk CLI. Exit codes: 0 ok, 2 input error (bad data or bad flags, with a readable list of
 * issues), 1 any other failure (one line, no stack trace unless MINERISK_DEBUG is set).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const code = await run(argv);
  // --progress json ends its stream with one done or error line (docs/cli-progress.md)
  if (wantsJsonProgress(argv)) jsonProgressLine(code === 0 ? { type: "done", exitCode: 0 } : { type: "error", exitCode: code, message: lastError ?? `exit code ${code}` });
  return code;
}

/** The one-line message of the run's failure, for --progress json's error line. */
let lastError: string | undefined;

function fail(message: string): void {
  lastError = message;
  process.stderr.write(`minerisk: ${message}\n`);
}

async function run(argv: readonly string[]): Promise<number> {
  const program = new Command();
  program
    .name("minerisk")
    .description("Geospatial mine-risk analysis of road networks from recorded mine/ERW incidents and hazard areas.\nIt ranks and estimates risk from records; it never certifies a road safe.")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
  registerAnalyze(program, (text) => process.stdout.write(text));
  registerRoute(program, (text) => process.stdout.write(text));
  registerBacktest(program, (text) => process.stdout.write(text));
  registerDensity(program, (text) => process.stdout.write(text));
  registerHotspots(program, (text) => process.stdout.write(text));
  registerMap(program, (text) => process.stdout.write(text));
  registerValidate(program, (text) => process.stdout.write(text));
  addInputBudget(program);
  try {
    await program.parseAsync(argv as string[], { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0) return 0;
      lastError = e.message.replace(/^error: /, "");
      return 2; // commander has already printed the message
    }
    if (e instanceof InputError) {
      const numbering = e.issues.some((i) => i.record !== undefined) ? `\n(${RECORD_NUMBERING})` : ""; // say how records are counted
      fail(`the input has ${e.issues.length} problem(s):\n${formatIssues(e.issues)}${numbering}`);
      return 2;
    }
    if (e instanceof OptionError) {
      fail(e.message);
      return 2;
    }
    fail(`failed: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.MINERISK_DEBUG) process.stderr.write(`${(e as Error)?.stack ?? ""}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
