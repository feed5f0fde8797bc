import type { Command } from "commander";
import { LEVEL_DEFAULTS, LEVEL_METHODS, type LevelMethod, type LevelOptions, resolveLevelOptions } from "../analyses/level/level-options.ts";
import { numberFlag } from "./flags.ts";

/** The flags that choose how the level (the yearly count the rates are scaled to) is forecast. */
export interface LevelFlags {
  level?: string;
  levelYears?: string;
  levelDamping?: string;
  levelConfidence?: string;
}

/** Add --level, --level-years, --level-damping and --level-confidence (docs/risk-model.md, "Forecasting the level"). */
export function addLevelOptions(command: Command): Command {
  return command
    .option("--level <method>", `how the yearly level of target road incidents is forecast: ${LEVEL_METHODS.join(", ")} (default ${LEVEL_DEFAULTS.method}; docs/risk-model.md)`)
    .option("--level-years <k>", `years the level looks back (mean, loglinear, damped; and the dispersion estimate) (default ${LEVEL_DEFAULTS.years})`)
    .option("--level-damping <phi>", `damped level: share of the trend kept each further year, in (0, 1] (default ${LEVEL_DEFAULTS.damping})`)
    .option("--level-confidence <p>", `coverage of the level's prediction interval, in (0, 1) (default ${LEVEL_DEFAULTS.confidence})`);
}

/** The level flags as library options (validated, each error naming its flag); undefined when none is given. */
export function levelOptionsFromFlags(flags: LevelFlags): LevelOptions | undefined {
  const o: LevelOptions = {};
  if (flags.level !== undefined) o.method = flags.level as LevelMethod;
  if (flags.levelYears !== undefined) o.years = numberFlag(flags.levelYears, "--level-years");
  if (flags.levelDamping !== undefined) o.damping = numberFlag(flags.levelDamping, "--level-damping");
  if (flags.levelConfidence !== undefined) o.confidence = numberFlag(flags.levelConfidence, "--level-confidence");
  if (Object.keys(o).length === 0) return undefined;
  resolveLevelOptions(o); // refuse a bad flag before any file is read
  return o;
}
