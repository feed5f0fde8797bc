/**
 * tune-level-colombia — choose the level forecast's default method and k by rolling origin on the Colombia
 * TUNING years only (docs/risk-model.md, "Forecasting the level").
 *
 * Inputs:  the Colombia study (scripts/lib/colombia-study.ts: TravelMapping national roads, AICMA events
 *          1990–2014 read by the shipped intake with data/mappings/colombia-aicma.json, lenient).
 * Outputs: docs/level-tuning-colombia.json (every candidate at every origin) and docs/level-tuning-colombia.md.
 * Params:  origins = cut-offs 1996 … 2002, each forecasting the 2 following calendar years (the last test
 *          window is 2003–04: nothing after 2004 is read, and the evaluation cut-offs 2004–2012 are never
 *          run); target = TIPO_EVENTO 1, 2 counted by road share (roadBandM 1,000 m), the quantity κ is
 *          calibrated on; model defaults otherwise, exactly as `minerisk backtest` fits each split.
 *          Candidates: decay, last, mean, loglinear with k ∈ {3, 4, 5, 6}; damped with k × φ_d ∈ {0.5, 0.8}.
 *          (k only sets the dispersion window for decay and last.)
 * Rule (fixed before the first run): the lowest mean |log(predicted / observed)| over the 7 origins among
 *          the candidates whose 90 % prediction interval covers the observed count on ≥ 6 of 7 origins; if
 *          none does, the lowest mean |log| overall, said so. Ties go to the earlier candidate in the list.
 * Run:     npx tsx scripts/tune-level-colombia.ts   (from the repository root; ≈ 1 min)
 */
import { writeFileSync } from "node:fs";
import { roadShareTotal } from "../src/analyses/backtest/run-backtest.ts";
import { rollingSplits } from "../src/analyses/backtest/splits.ts";
import { incidentSubset } from "../src/analyses/backtest/subset.ts";
import { type LevelCheck, levelCheck, summariseLevel } from "../src/analyses/backtest/level-calibration.ts";
import { incidentWeights } from "../src/analyses/risk/incident-weights.ts";
import type { LevelOptions } from "../src/analyses/level/level-options.ts";
import { resolveRiskParameters } from "../src/analyses/risk/risk-parameters.ts";
import { riskLevel } from "../src/analyses/level/risk-level.ts";
import { riskScores } from "../src/analyses/risk/risk-score.ts";
import { eventTypeArrays, parseRiskConfig, riskOptionsFromConfig } from "../src/io/read/risk-config.ts";
import { loadColombiaStudy, TARGET_TYPES } from "./lib/colombia-study.ts";
import { splitIncidents } from "./lib/level-split-checks.ts";

const ORIGINS = [1996, 1997, 1998, 1999, 2000, 2001, 2002];
const TEST_YEARS = 2;
const LAST_TUNING_YEAR = 2004;
const KS = [3, 4, 5, 6];
const DAMPINGS = [0.5, 0.8];
const COVERAGE_NEEDED = 6;

const candidates: LevelOptions[] = [];
for (const method of ["decay", "last", "mean", "loglinear"] as const) for (const years of KS) candidates.push({ method, years });
for (const years of KS) for (const damping of DAMPINGS) candidates.push({ method: "damped", years, damping });
const label = (c: LevelOptions) => `${c.method} k=${c.years}${c.damping !== undefined ? ` φ=${c.damping}` : ""}`;

const { incidents, dataset, lixelIndex, routes, areas } = loadColombiaStudy();
const config = parseRiskConfig({ roadBandM: 1000, targetEventTypes: TARGET_TYPES, eventTypeWeights: Object.fromEntries(TARGET_TYPES.map((t) => [t, 1])), otherEventTypeWeight: 1 });
const { target, predictorWeight } = eventTypeArrays(incidents, config);
const risk0 = riskOptionsFromConfig(config);
const params = resolveRiskParameters(risk0);
const all = dataset.incidents;

const checks = new Map<string, LevelCheck[]>(candidates.map((c) => [label(c), []]));
const series: { cutoff: number; observed: number; yearlyCounts: number[] }[] = [];
for (const split of rollingSplits(ORIGINS, TEST_YEARS)) {
  if (split.cutoffYear + TEST_YEARS > LAST_TUNING_YEAR) throw new Error(`origin ${split.cutoffYear} would read past ${LAST_TUNING_YEAR}`);
  // the training and test sets exactly as backtestSplit builds them (run-backtest.ts)
  const { train, test } = splitIncidents(all, split, target, predictorWeight);
  const past = incidentSubset(all, train);
  const pastTarget = Uint8Array.from(train, (i) => target[i]);
  const pastWeight = predictorWeight ? Float64Array.from(train, (i) => predictorWeight[i]) : undefined;
  const asOfDay = split.trainEndDay - 1;
  const risk = riskScores(lixelIndex, past, areas, { ...risk0, asOfDay, target: pastTarget, predictorWeight: pastWeight, routes, level: { horizonYears: TEST_YEARS } });
  const w = incidentWeights(past, { ...risk0, halfLifeDays: params.halfLifeDays, persistentShare: params.persistentShare, asOfDay, predictorWeight: pastWeight });
  const observed = roadShareTotal(lixelIndex, incidentSubset(all, test), params.roadBandM);
  let yearlyCounts: number[] = [];
  for (const c of candidates) {
    const f = riskLevel(past, risk.roadShare, w, { ...c, horizonYears: TEST_YEARS });
    yearlyCounts = f.yearlyCounts;
    checks.get(label(c))?.push(levelCheck(f, observed));
  }
  series.push({ cutoff: split.cutoffYear, observed, yearlyCounts: yearlyCounts.slice(0, 8).map((v) => Math.round(v * 1000) / 1000) });
  process.stderr.write(`origin ${split.cutoffYear}: observed ${observed.toFixed(1)}\n`);
}

const table = candidates.map((c) => ({ candidate: c, label: label(c), ...summariseLevel(checks.get(label(c)) ?? []), checks: checks.get(label(c)) }));
const eligible = table.filter((r) => r.covered >= COVERAGE_NEEDED && r.meanAbsLogRatio !== null);
const pool = eligible.length > 0 ? eligible : table.filter((r) => r.meanAbsLogRatio !== null);
const chosen = pool.reduce((best, r) => ((r.meanAbsLogRatio ?? Infinity) < (best.meanAbsLogRatio ?? Infinity) ? r : best));
const r3 = (v: number) => Math.round(v * 1000) / 1000;
writeFileSync(
  "docs/level-tuning-colombia.json",
  `${JSON.stringify({ command: "npx tsx scripts/tune-level-colombia.ts", origins: ORIGINS, testYears: TEST_YEARS, rule: `lowest mean |log(predicted/observed)| among candidates covering ≥ ${COVERAGE_NEEDED} of ${ORIGINS.length} origins with the 90 % interval`, coverageRuleMet: eligible.length > 0, chosen: chosen.candidate, series, candidates: table }, (_k, v) => (typeof v === "number" ? r3(v) : v), 2)}\n`,
);
const md = [
  "# Level forecast: rolling-origin tuning on Colombia (tuning years only)",
  "",
  `Reproduce: \`npx tsx scripts/tune-level-colombia.ts\` (writes this file and docs/level-tuning-colombia.json). Origins: cut-offs ${ORIGINS.join(", ")}, each forecasting the next ${TEST_YEARS} calendar years (the last window is 2003–04); the evaluation cut-offs 2004–2012 are not run. Observed = target road incidents (TIPO_EVENTO 1, 2) of the window counted by road share, the quantity κ is calibrated on. Rule: ${eligible.length > 0 ? "" : "(no candidate met the coverage rule, so) "}the lowest mean |log(predicted/observed)| among candidates whose 90 % prediction interval covers ≥ ${COVERAGE_NEEDED} of ${ORIGINS.length} origins.`,
  "",
  `**Chosen: ${chosen.label}** (mean |log| ${r3(chosen.meanAbsLogRatio ?? Number.NaN)}, covers ${chosen.covered} of ${chosen.splits}).`,
  "",
  `| candidate | covered (of ${ORIGINS.length}) | mean abs log(pred/obs) | ${ORIGINS.map((o) => `${o}: pred [90 % PI] / obs`).join(" | ")} |`,
  `|---|---:|---:|${ORIGINS.map(() => "---").join("|")}|`,
  ...table.map((r) => `| ${r.label} | ${r.covered} | ${r.meanAbsLogRatio === null ? "—" : r.meanAbsLogRatio.toFixed(3)} | ${(r.checks ?? []).map((c, k) => `${c.predicted.toFixed(1)} [${c.low.toFixed(1)}, ${c.high.toFixed(1)}] / ${series[k].observed.toFixed(1)}${c.covered ? "" : " ✗"}`).join(" | ")} |`),
  "",
  "Yearly road-share counts before each origin (most recent first): " + series.map((s) => `${s.cutoff}: ${s.yearlyCounts.map((v) => v.toFixed(1)).join(", ")}`).join("; ") + ".",
  "",
];
writeFileSync("docs/level-tuning-colombia.md", md.join("\n"));
process.stderr.write(`chosen: ${chosen.label}\n`);
