import { type LevelCheck, levelSummaries, type SplitLevel } from "../../analyses/backtest/level-calibration.ts";
import type { SplitResult } from "../../analyses/backtest/run-backtest.ts";

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "–");
const cell = (c: LevelCheck) => `${f1(c.predicted)} [${f1(c.low)}, ${f1(c.high)}]${c.covered ? "" : " ✗"}`;

/**
 * The level as a forecast, per split: the test window's target road incidents (by road share) against the
 * model's level and the level baselines (a) decay, (b) last year, (c) mean of k years, each with its
 * prediction interval (✗ = the interval misses the observed count); then, over the splits, how many
 * intervals covered and the mean |log(predicted / observed)|. Empty when no split has a level (κ given).
 */
export function levelMarkdown(splits: readonly SplitResult[]): string {
  const levels = splits.flatMap((s) => (s.level ? [{ s, level: s.level }] : []));
  if (levels.length === 0) return "";
  const first: SplitLevel = levels[0].level;
  const names = Object.keys(first.baselines);
  const conf = Math.round(first.model.confidence * 100);
  const label = (c: LevelCheck) => `${c.method}${c.method === "decay" ? "" : ` k=${c.years}`}`;
  const rows = [
    `Level: target road incidents of each test window (by road share) against each level forecast [${conf} % prediction interval]; ✗ = not covered.`,
    "",
    `| cut-off | observed | model: ${label(first.model)} | ${names.map((n) => `${n} (baseline)`).join(" | ")} |`,
    `|---:|---:|---:|${names.map(() => "---:").join("|")}|`,
    ...levels.map(({ s, level }) => `| ${s.cutoff} | ${f1(level.observed)} | ${cell(level.model)} | ${names.map((n) => cell(level.baselines[n])).join(" | ")} |`),
  ];
  const sum = levelSummaries(levels.map((l) => l.level));
  const line = (name: string, x: { covered: number; splits: number; meanAbsLogRatio: number | null }) => `| ${name} | ${x.covered} of ${x.splits} | ${x.meanAbsLogRatio === null ? "–" : x.meanAbsLogRatio.toFixed(3)} |`;
  rows.push("", `| level | ${conf} % interval covers | mean abs log(predicted / observed) |`, "|---|---:|---:|", line(`model: ${label(first.model)}`, sum.model));
  for (const n of names) rows.push(line(n, sum.baselines[n]));
  return `${rows.join("\n")}\n`;
}
