import type { Command } from "commander";
import { RISK_DEFAULTS } from "../analyses/risk/risk-defaults.ts";
import { dateFlag, numberFlag } from "./flags.ts";

/** The flags that set how roads are cut and scored, shared by every command that scores roads. */
export interface ModelFlags {
  lixelLength: string;
  bandwidth?: string;
  halfLife?: string;
  asOf?: string;
  workingCrs?: string;
}

/** Add --lixel-length, --bandwidth, --half-life, --as-of and --working-crs to a command. */
export function addModelOptions(command: Command): Command {
  return command
    .option("--lixel-length <m>", "maximum lixel length, metres", "100")
    .option("--bandwidth <m>", `risk kernel reach of an exactly located incident, metres (default ${RISK_DEFAULTS.bandwidthM})`)
    .option("--half-life <days>", `half-life of an incident's weight, days (default ${RISK_DEFAULTS.halfLifeDays})`)
    .option("--as-of <date>", "date of the estimate, YYYY-MM-DD (default: the latest incident date)")
    .option("--working-crs <proj>", "working CRS as a projected proj string in metres (default: a transverse Mercator fitted to the roads)");
}

/** The flags as library options; an absent flag leaves the model's own default in force. */
export function modelOptions(flags: ModelFlags) {
  return {
    crs: flags.workingCrs,
    lixelLengthM: numberFlag(flags.lixelLength, "--lixel-length"),
    risk: {
      bandwidthM: flags.bandwidth === undefined ? undefined : numberFlag(flags.bandwidth, "--bandwidth"),
      halfLifeDays: flags.halfLife === undefined ? undefined : numberFlag(flags.halfLife, "--half-life"),
      asOfDay: flags.asOf === undefined ? undefined : dateFlag(flags.asOf, "--as-of"),
    },
  };
}
