import { Command } from "commander";
import { registerBacktest } from "../../src/cli/commands/backtest.ts";

/** Run `minerisk backtest …` in-process (commander's own output silenced); returns what it printed. */
export function runBacktest(args: string[]): string {
  let out = "";
  const program = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerBacktest(program, (t) => (out += t));
  program.parse(["backtest", ...args], { from: "user" });
  return out;
}
