/**
 * level-oracle — can ANY level candidate meet issue 17's level must-show on the Colombia evaluation splits,
 * if it is chosen with the answers in hand? A diagnostic of the criterion, not a tuning procedure: it scores
 * every candidate of a wide grid ON THE EVALUATION SPLITS WITH HINDSIGHT and counts the configurations that
 * meet (i) 90 % prediction interval covers the observed road count on ≥ 4 of 5 and (ii) mean
 * |log(predicted / observed)| below each level baseline (a) decay, (b) last, (c) mean. Nothing here changes a
 * default (those come from scripts/tune-level-colombia.ts, which sees the tuning years only). For each
 * configuration meeting both it also reports how the tuning years (origins 1996–2002, windows up to 2003–04)
 * score it, and which configuration a few rules applied to the tuning years alone would pick.
 *
 * Inputs:  the Colombia study (scripts/lib/colombia-study.ts: ../shared/data TravelMapping national roads, AICMA
 *          events 1990–2014 via the shipped intake, lenient). Without ../shared/data it says so and exits 2.
 * Outputs: docs/level-oracle-colombia.json (every candidate at every split) and docs/level-oracle-colombia.md.
 * Params:  evaluation cut-offs 2004, 2006, 2008, 2010, 2012; tuning origins 1996 … 2002; 2-year windows;
 *          target TIPO_EVENTO 1, 2 by road share; the PI method as built (level-forecast.ts, 90 %).
 *          Grid: decay, last, mean with k ∈ 2 … 10; loglinear with k ∈ 3 … 10; damped with k ∈ 3 … 10 ×
 *          φ_d ∈ 0.1 … 1.0 (115 configurations; k only sets the dispersion window of decay and last; a trend
 *          needs k ≥ 3 as built).
 * Run:     npx tsx scripts/level-oracle.ts   (from the repository root; ≈ 1 CPU-min)
 */
import { writeFileSync } from "node:fs";
import { type LevelCheck, summariseLevel } from "../src/analyses/backtest/level-calibration.ts";
import type { LevelOptions } from "../src/analyses/level/level-options.ts";
import { loadColombiaStudy } from "./lib/colombia-study.ts";
import { levelChecksAtCutoffs, yearlyTargetSeries } from "./lib/level-split-checks.ts";

const EVALUATION = [2004, 2006, 2008, 2010, 2012];
const TUNING = [1996, 1997, 1998, 1999, 2000, 2001, 2002];
const TEST_YEARS = 2;
const COVERAGE_NEEDED = 4;
const KS = [2, 3, 4, 5, 6, 7, 8, 9, 10];
const PHIS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
const SHIPPED = { method: "damped", years: 5, damping: 0.5 } as const;

const grid: LevelOptions[] = [];
// a trend needs k ≥ 3 as built (level-options.ts: two parameters and a dispersion), so k = 2 is for (a)–(c) only
const TREND_KS = KS.filter((k) => k >= 3);
for (const method of ["decay", "last", "mean"] as const) for (const years of KS) grid.push({ method, years });
for (const years of TREND_KS) grid.push({ method: "loglinear", years });
for (const years of TREND_KS) for (const damping of PHIS) grid.push({ method: "damped", years, damping });
const label = (c: LevelOptions) => `${c.method} k=${c.years}${c.damping !== undefined ? ` φ=${c.damping}` : ""}`;
const log = (s: string) => process.stderr.write(`${s}\n`);

const study = loadColombiaStudy();
const cpu0 = process.cpuUsage();
const evaluation = levelChecksAtCutoffs(study, EVALUATION, TEST_YEARS, grid, log);
const tuning = levelChecksAtCutoffs(study, TUNING, TEST_YEARS, grid, log);
const series = yearlyTargetSeries(study, Array.from({ length: 25 }, (_, i) => 1990 + i));

const column = (rows: typeof evaluation, j: number): LevelCheck[] => rows.map((r) => r.checks[j]);
const rows = grid.map((c, j) => ({ config: c, label: label(c), evaluation: summariseLevel(column(evaluation, j)), tuning: summariseLevel(column(tuning, j)), checks: column(evaluation, j) }));
const find = (c: LevelOptions) => rows.find((r) => r.label === label(c));
const ml = (r: (typeof rows)[number], part: "evaluation" | "tuning" = "evaluation") => r[part].meanAbsLogRatio ?? Infinity;

// (ii) three readings of "each level baseline (a)–(c)": the baselines `minerisk backtest` prints beside a run of
// this config (decay, last, mean at the config's own k), those of the shipped run (k = 5), and the best (a)–(c)
// configuration of the whole grid (the strictest).
const baselinesAt = (k: number) => (["decay", "last", "mean"] as const).map((method) => ml(find({ method, years: k }) as (typeof rows)[number]));
const shippedBaselines = baselinesAt(SHIPPED.years);
const bestBaseline = rows.filter((r) => r.config.method !== "loglinear" && r.config.method !== "damped").reduce((a, r) => Math.min(a, ml(r)), Infinity);
const judged = rows.map((r) => {
  const coverage = r.evaluation.covered >= COVERAGE_NEEDED;
  const own = baselinesAt(r.config.years ?? 5).every((b) => ml(r) < b);
  const shipped = shippedBaselines.every((b) => ml(r) < b);
  const strict = ml(r) < bestBaseline;
  return { ...r, meets: { coverage, belowOwnBaselines: own, belowShippedBaselines: shipped, belowBestBaseline: strict, both: coverage && own && shipped } };
});
const count = (f: (m: (typeof judged)[number]["meets"]) => boolean) => judged.filter((r) => f(r.meets)).length;
const counts = {
  configurations: judged.length,
  coverageAtLeast4of5: count((m) => m.coverage),
  belowOwnBaselines: count((m) => m.belowOwnBaselines),
  belowShippedBaselines: count((m) => m.belowShippedBaselines),
  belowBestBaselineOfGrid: count((m) => m.belowBestBaseline),
  both: count((m) => m.both),
  bothStrict: count((m) => m.coverage && m.belowBestBaseline),
};

// Rules on the TUNING years alone, and what each would pick (the first is the rule the shipped default used).
const pick = (pool: typeof judged, key: (r: (typeof judged)[number]) => number) => pool.reduce((a, b) => (key(b) < key(a) ? b : a));
const tuningRules = [
  { rule: "shipped rule: lowest tuning mean |log| among ≥ 6 of 7 covered, else lowest tuning mean |log|", pick: pick(judged.filter((r) => r.tuning.covered >= 6).length ? judged.filter((r) => r.tuning.covered >= 6) : judged, (r) => ml(r, "tuning")) },
  { rule: "most tuning origins covered, then lowest tuning mean |log|", pick: pick(judged, (r) => -r.tuning.covered * 1e6 + ml(r, "tuning")) },
  { rule: "lowest tuning mean |log| among ≥ 4 of 7 covered", pick: pick(judged.filter((r) => r.tuning.covered >= 4), (r) => ml(r, "tuning")) },
  { rule: "lowest tuning mean |log| among the trend models only (loglinear, damped)", pick: pick(judged.filter((r) => r.config.method === "loglinear" || r.config.method === "damped"), (r) => ml(r, "tuning")) },
];
const tuningRank = (r: (typeof judged)[number]) => 1 + judged.filter((o) => ml(o, "tuning") < ml(r, "tuning")).length;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const f3 = (v: number | null) => (v === null || !Number.isFinite(v) ? "—" : v.toFixed(3));
const passing = judged.filter((r) => r.meets.both);
const out = {
  command: "npx tsx scripts/level-oracle.ts",
  note: "HINDSIGHT DIAGNOSTIC: every configuration scored on the evaluation splits; nothing here chooses a default",
  evaluationCutoffs: EVALUATION, tuningOrigins: TUNING, testYears: TEST_YEARS, coverageNeeded: COVERAGE_NEEDED,
  shipped: SHIPPED, shippedBaselines, bestBaselineOfGrid: bestBaseline, counts,
  tuningRules: tuningRules.map((t) => ({ rule: t.rule, picks: t.pick.label, tuning: t.pick.tuning, evaluation: t.pick.evaluation, meets: t.pick.meets })),
  passing: passing.map((r) => ({ label: r.label, evaluation: r.evaluation, tuning: r.tuning, tuningRank: tuningRank(r) })),
  yearlySeries: series,
  observed: { evaluation: evaluation.map((e) => ({ cutoff: e.cutoff, observed: e.observed, yearlyCounts: e.yearlyCounts })), tuning: tuning.map((e) => ({ cutoff: e.cutoff, observed: e.observed })) },
  rows: judged.map(({ checks, ...r }) => ({ ...r, perSplit: checks.map((c, k) => ({ cutoff: EVALUATION[k], predicted: c.predicted, low: c.low, high: c.high, covered: c.covered })) })),
};
writeFileSync("docs/level-oracle-colombia.json", `${JSON.stringify(out, (_k, v) => (typeof v === "number" ? (Number.isFinite(v) ? r3(v) : null) : v), 1)}\n`);

const cell = (c: LevelOptions) => {
  const r = judged.find((o) => o.label === label(c));
  return r ? `${r.evaluation.covered}/5 · ${f3(r.evaluation.meanAbsLogRatio)}${r.meets.both ? " ✓" : ""}` : "—";
};
const shipped = find(SHIPPED) as (typeof rows)[number];
const md = [
  "# Level forecast: hindsight oracle on the Colombia evaluation splits (generated by scripts/level-oracle.ts — do not edit by hand)",
  "",
  "**A diagnostic, not a tuning procedure**: every configuration below is scored on the evaluation cut-offs 2004–2012 with the answers in hand. Nothing here chose or changes a default (the default came from `scripts/tune-level-colombia.ts`, tuning years only).",
  "",
  `Reproduce: \`npx tsx scripts/level-oracle.ts\` (≈ 7 CPU-s for the splits, 13 CPU-s in all; no timing is written here, so a re-run gives the same bytes). Same data, training sets, targets (TIPO_EVENTO 1, 2, counted by road share) and prediction interval (Farrington 2/3-power, 90 %) as \`minerisk backtest\` and docs/level-backtest-colombia.md; the shipped default here reproduces that file's level table (${shipped.checks.map((c) => c.predicted.toFixed(1)).join(", ")}).`,
  "",
  "## Target road incidents per year (the series every level forecast reads)",
  "",
  `| year | ${series.map((s) => s.year).join(" | ")} |`,
  `|---|${series.map(() => "---:").join("|")}|`,
  `| target incidents (all) | ${series.map((s) => s.targetIncidents).join(" | ")} |`,
  `| by road share | ${series.map((s) => s.roadShare.toFixed(1)).join(" | ")} |`,
  "",
  "## The criterion over the grid",
  "",
  `Of ${counts.configurations} configurations: **${counts.coverageAtLeast4of5}** cover ≥ 4 of 5; **${counts.belowOwnBaselines}** have a mean |log| below each baseline (a)–(c) at their own k (what \`minerisk backtest\` would print beside them), **${counts.belowShippedBaselines}** below the shipped run's baselines (decay ${f3(shippedBaselines[0])}, last ${f3(shippedBaselines[1])}, mean k=5 ${f3(shippedBaselines[2])}), **${counts.belowBestBaselineOfGrid}** below the best (a)–(c) configuration of the grid (${f3(bestBaseline)}); **both (i) and (ii): ${counts.both}** (with the strictest reading of (ii): ${counts.bothStrict}).`,
  "",
  passing.length ? "Configurations meeting both, with hindsight, and how the tuning years score them (rank by tuning mean |log| among all " + counts.configurations + "):" : "No configuration meets both, even chosen with hindsight.",
  "",
  ...(passing.length ? ["| configuration | evaluation: covered · mean abs log | tuning: covered (of 7) · mean abs log | tuning rank |", "|---|---:|---:|---:|", ...passing.map((r) => `| ${r.label} | ${r.evaluation.covered} · ${f3(r.evaluation.meanAbsLogRatio)} | ${r.tuning.covered} · ${f3(r.tuning.meanAbsLogRatio)} | ${tuningRank(r)} |`), ""] : []),
  "## What rules on the tuning years alone would pick",
  "",
  "| rule (tuning origins 1996–2002 only) | picks | tuning covered · mean abs log | evaluation covered · mean abs log | meets both? |",
  "|---|---|---:|---:|:---:|",
  ...tuningRules.map((t) => `| ${t.rule} | ${t.pick.label} | ${t.pick.tuning.covered}/7 · ${f3(t.pick.tuning.meanAbsLogRatio)} | ${t.pick.evaluation.covered}/5 · ${f3(t.pick.evaluation.meanAbsLogRatio)} | ${t.pick.meets.both ? "yes" : "no"} |`),
  "",
  "## Every configuration on the evaluation splits (covered of 5 · mean abs log; ✓ = meets both)",
  "",
  `| method | ${KS.map((k) => `k=${k}`).join(" | ")} |`,
  `|---|${KS.map(() => "---:").join("|")}|`,
  ...(["decay", "last", "mean", "loglinear"] as const).map((m) => `| ${m} | ${KS.map((k) => cell({ method: m, years: k })).join(" | ")} |`),
  ...PHIS.map((phi) => `| damped φ=${phi} | ${KS.map((k) => cell({ method: "damped", years: k, damping: phi })).join(" | ")} |`),
  "",
  "Observed road count of each evaluation window: " + evaluation.map((e) => `${e.cutoff + 1}–${e.cutoff + TEST_YEARS}: ${e.observed.toFixed(1)}`).join("; ") + ".",
  "",
].join("\n");
writeFileSync("docs/level-oracle-colombia.md", md);
log(`counts ${JSON.stringify(counts)}; ${cpuSeconds.toFixed(1)} CPU-s`);
