import type { Command } from "commander";
import { OptionError } from "../core/errors.ts";
import { MAX_LIXELS_DEFAULT } from "../core/lixels.ts";
import { DEFAULT_MAX_INCIDENTS, DEFAULT_MAX_ROAD_VERTICES } from "../pipeline/run-limits.ts";
import { RISK_DEFAULTS } from "../analyses/risk/risk-defaults.ts";
import type { RiskOptions } from "../analyses/risk/risk-score.ts";
import type { IncidentRecord } from "../io/fields/records.ts";
import { eventTypeArrays, readRiskConfig, riskOptionsFromConfig } from "../io/read/risk-config.ts";
import { MAX_BANDWIDTH_M, MAX_HALF_LIFE_DAYS } from "../analyses/risk/risk-parameters.ts";
import { parseByteCount } from "./input-budget.ts";
import { dateFlag, numberFlag } from "./flags.ts";
import { addLevelOptions, type LevelFlags, levelOptionsFromFlags } from "./level-flags.ts";

/** The flags that set how roads are cut and scored, shared by every command that scores roads. */
export interface ModelFlags extends LevelFlags {
  lixelLength: string;
  maxLixels?: string;
  maxMemory?: string;
  maxVertices?: string;
  maxIncidents?: string;
  bandwidth?: string;
  halfLife?: string;
  asOf?: string;
  windowYears?: string;
  workingCrs?: string;
  maxDistanceError?: string;
  config?: string;
}

/** Help of --max-distance-error, the same on every command that builds a dataset. */
export const MAX_DISTANCE_ERROR_HELP = "largest relative distance error accepted over the data's extent, e.g. 0.005 for 0.5 % (default 0.001: a wider area is refused; docs/working-crs.md)";

/** Help of --max-lixels, the same on every command that cuts lixels. */
export const MAX_LIXELS_HELP = `refuse, before allocating, to cut more lixels than this (default ${MAX_LIXELS_DEFAULT.toLocaleString("en-US")}: about 1.6 GB downstream; docs/reliability.md)`;

/** --max-lixels as a positive whole number, or undefined (the library's default) when absent. */
export function maxLixelsFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = numberFlag(value, "--max-lixels");
  if (!(Number.isInteger(n) && n >= 1)) throw new OptionError(`--max-lixels must be a whole number of lixels ≥ 1, got ${value}`);
  return n;
}

/** --max-distance-error as a fraction, or undefined (the library's default, 0.001) when absent. */
export function maxDistanceErrorFlag(value: string | undefined): number | undefined {
  return value === undefined ? undefined : numberFlag(value, "--max-distance-error");
}

/** Add --lixel-length, --config, --bandwidth, --half-life, --as-of, --window-years, --working-crs and --max-distance-error to a command. */
export function addModelOptions(command: Command): Command {
  return addLevelOptions(command)
    .option("--lixel-length <m>", "maximum lixel length, metres", "100")
    .option("--max-lixels <n>", MAX_LIXELS_HELP)
    .option("--max-memory <size>", "refuse, before allocating lixels, a run estimated to need more memory than this: bytes, or with K, M or G such as 8G (default 75 % of the machine's memory, or of the cgroup limit if one is set; docs/reliability.md)")
    .option("--max-vertices <n>", `refuse, before the work starts, roads with more vertices than this (default ${DEFAULT_MAX_ROAD_VERTICES.toLocaleString("en-US")}; docs/reliability.md)`)
    .option("--max-incidents <n>", `refuse, before the work starts, more incidents than this (default ${DEFAULT_MAX_INCIDENTS.toLocaleString("en-US")}; docs/reliability.md)`)
    .option("--config <file>", "risk-model config JSON, as `minerisk backtest --config` takes (docs/risk-model.md): parameters, event-type weights and targets; --bandwidth and --half-life override it")
    .option("--bandwidth <m>", `risk kernel reach of an exactly located incident, metres (default ${RISK_DEFAULTS.bandwidthM})`)
    .option("--half-life <days>", `half-life of an incident's weight, days (default ${RISK_DEFAULTS.halfLifeDays})`)
    .option("--as-of <date>", "date of the estimate, YYYY-MM-DD (default: the latest incident date)")
    .option("--window-years <n>", "years the incident records cover, ending at --as-of: the divisor of the per-year rate (default: the span of the dated incidents; required when no target incident is dated)")
    .option("--working-crs <proj>", "working CRS as a projected proj string in metres (default: a transverse Mercator fitted to the roads)")
    .option("--max-distance-error <fraction>", MAX_DISTANCE_ERROR_HELP);
}

/**
 * The flags as library options; an absent flag leaves the config's value (--config) or else the model's own
 * default in force. Reads and validates the config file, so call it before reading the inputs; then
 * `withEventTypes` applies the config's event-type weights and targets to the incidents.
 */
export function modelOptions(flags: ModelFlags) {
  const config = flags.config === undefined ? undefined : readRiskConfig(flags.config);
  const risk: RiskOptions = config ? riskOptionsFromConfig(config) : {};
  if (flags.bandwidth !== undefined) risk.bandwidthM = numberFlag(flags.bandwidth, "--bandwidth");
  if (flags.halfLife !== undefined) risk.halfLifeDays = numberFlag(flags.halfLife, "--half-life");
  if ((risk.halfLifeDays ?? 0) > MAX_HALF_LIFE_DAYS) throw new OptionError(`--half-life must be at most ${MAX_HALF_LIFE_DAYS.toLocaleString("en-US")} days (1,000 years), got ${flags.halfLife}`);
  if ((risk.bandwidthM ?? 0) > MAX_BANDWIDTH_M) throw new OptionError(`--bandwidth must be at most ${MAX_BANDWIDTH_M.toLocaleString("en-US")} m, got ${flags.bandwidth}`);
  if (flags.asOf !== undefined) risk.asOfDay = dateFlag(flags.asOf, "--as-of");
  if (flags.windowYears !== undefined) {
    risk.windowYears = numberFlag(flags.windowYears, "--window-years");
    if (!(risk.windowYears > 0)) throw new OptionError(`--window-years must be a positive number of years, got ${flags.windowYears}`);
  }
  const level = levelOptionsFromFlags(flags);
  if (level) risk.level = level;
  const maxDistanceError = maxDistanceErrorFlag(flags.maxDistanceError);
  const maxRoadVertices = countFlag(flags.maxVertices, "--max-vertices");
  const maxIncidents = countFlag(flags.maxIncidents, "--max-incidents");
  return { crs: flags.workingCrs, maxDistanceError, lixelLengthM: numberFlag(flags.lixelLength, "--lixel-length"), maxLixels: maxLixelsFlag(flags.maxLixels), maxMemoryBytes: flags.maxMemory === undefined ? undefined : parseByteCount(flags.maxMemory, "--max-memory"), maxRoadVertices, maxIncidents, risk, config };
}

/** A limit flag as a whole number ≥ 1, or undefined (the library's default) when absent. */
function countFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = numberFlag(value, name);
  if (!(Number.isSafeInteger(n) && n >= 1)) throw new OptionError(`${name} must be a whole number ≥ 1, got ${value}`);
  return n;
}

/** The risk options with the config's per-incident target flags and predictor weights (records in input order, as the dataset keeps them). */
export function withEventTypes(model: ReturnType<typeof modelOptions>, incidents: readonly IncidentRecord[]) {
  const { config, ...rest } = model;
  return config ? { ...rest, risk: { ...rest.risk, ...eventTypeArrays(incidents, config) } } : rest;
}
