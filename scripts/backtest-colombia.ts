/**
 * backtest-colombia — the Colombia study of docs/risk-model.md.
 *
 * Inputs:  ../shared/data/travelmapping-roads/col_routes.geojson (national roads, ~16,000 km);
 *          ../shared/data/colombia-aicma/1990.json … 2014.json (AICMA events, year-only dates), read by the
 *          shipped intake (readIncidents, lenient) with data/mappings/colombia-aicma.json — the same
 *          records `minerisk backtest --mapping data/mappings/colombia-aicma.json --lenient` analyses:
 *          eventType = TIPO_EVENTO, year-precision dates, null casualties, location precision ≥ 3 km (the
 *          mapping's village-level floor), the 2004 point that lost its minus sign repaired and kept.
 * Outputs: docs/backtest-colombia.md (tables), docs/backtest-colombia.json (every number, the intake
 *          counts, and the risk config that reproduces the table with the CLI), docs/backtest-colombia.svg,
 *          docs/backtest-colombia-differences.svg (model − baseline with intervals).
 * Params:  target = TIPO_EVENTO 1 and 2 (accidents); predictors = every type (1–8), non-accident types
 *          weighted by γ; test events = accidents within 1,000 m of a road (snap tolerance = roadBandM);
 *          rolling cut-offs 2000 … 2012 with 2 test years (all within 1990–2014); lixels ≤ 100 m.
 *          Tuning (a coordinate-wise grid of 90 configs) uses the cut-offs 2000 and 2002 only; 2004 … 2012 are never used to
 *          choose anything. Spatial hold-out: 5 west–east bands of equal road length; for each band the
 *          parameters are re-chosen on the other four (tuning cut-offs), then scored on that band.
 *          Also: the top 1 % of lixels by rate with the kernel-tree sums against the pair-by-pair sums
 *          (scripts/lib/top-rank-check.ts), all events, code defaults: rank changes are reported.
 * Run:     npx tsx scripts/backtest-colombia.ts   (from the repository root; ≈ 9 min on 2 cores)
 *          npx tsx scripts/backtest-colombia.ts --rank-check   (only the top-1 % check, printed; writes nothing)
 *          Without ../shared/data beside the clone it says so and exits with code 2.
 */
import { writeFileSync } from "node:fs";
import { backtestSplit, type Scores, type SplitResult } from "../src/analyses/backtest/run-backtest.ts";
import { lixelBands, rollingSplits } from "../src/analyses/backtest/splits.ts";
import { RISK_DEFAULTS } from "../src/analyses/risk/risk-defaults.ts";
import type { RiskOptions } from "../src/analyses/risk/risk-score.ts";
import { eventTypeArrays, parseRiskConfig, riskOptionsFromConfig } from "../src/io/read/risk-config.ts";
import { backtestChartSvg, backtestMarkdown, versusBestBaseline } from "../src/render/charts/backtest-chart.ts";
import { differenceChartSvg } from "../src/render/charts/difference-chart.ts";
import { loadColombiaStudy, MAPPING, ROADS, TARGET_TYPES } from "./lib/colombia-study.ts";
import { topRankCheck } from "./lib/top-rank-check.ts";

const TUNING = [2000, 2002];
const EVALUATION = [2004, 2006, 2008, 2010, 2012];
const TEST_YEARS = 2;
const TOLERANCE_M = 1000;
const BANDS = 5;

const { files, intake, incidents, dataset, lixels, lixelIndex, routes, areas } = loadColombiaStudy();
const lixelRegion = lixelBands(lixels, BANDS);

/** One model configuration of the grid: risk options plus γ, the weight of the non-accident event types. */
interface Config {
  gamma: number;
  risk: RiskOptions;
}
const defaults: Config = { gamma: 1, risk: {} };
/**
 * A grid point as a risk config (docs/risk-model.md, "Configuration"): the file `minerisk backtest --config`
 * takes to run the same model. Targets TIPO_EVENTO 1, 2 with weight 1; every other type weighs γ.
 */
const riskConfig = (c: Config) =>
  parseRiskConfig({ ...c.risk, roadBandM: TOLERANCE_M, targetEventTypes: TARGET_TYPES, eventTypeWeights: Object.fromEntries(TARGET_TYPES.map((t) => [t, 1])), otherEventTypeWeight: c.gamma });
const { target } = eventTypeArrays(incidents, riskConfig(defaults));

// The fast sums against the pair-by-pair ones on the whole record (every event 1990–2014, code defaults):
// any change among the top 1 % of lixels is reported (issue 16). `--rank-check` runs only this and exits.
const rankCheck = topRankCheck(lixelIndex, dataset.incidents, areas, {
  ...riskOptionsFromConfig(riskConfig(defaults)),
  target,
  predictorWeight: eventTypeArrays(incidents, riskConfig(defaults)).predictorWeight,
  routes,
});
const rankCheckLine = `Kernel tree against pair-by-pair sums (all ${incidents.length} events, code defaults): ${rankCheck.positionsChanged} of the top ${rankCheck.top} lixels (1 % of ${rankCheck.lixels}) change rank, ${rankCheck.membershipChanged} leave the top 1 %; largest rate difference ${rankCheck.maxRateDifference.toExponential(2)} incidents/km/year (${(rankCheck.maxRateDifference / rankCheck.maxRate).toExponential(2)} of the largest rate).`;
process.stdout.write(`${rankCheckLine}\n`);
if (process.argv.includes("--rank-check")) process.exit(0);
const key = (c: Config) => JSON.stringify(c);
const cache = new Map<string, SplitResult>();
/** One split of one config; the paired-bootstrap intervals only for the splits the tables report. */
function run(c: Config, cutoff: number, intervals = false): SplitResult {
  const k = `${key(c)}@${cutoff}${intervals ? "+ci" : ""}`;
  let r = cache.get(k);
  if (!r) {
    const config = riskConfig(c);
    const data = { lixelIndex, incidents: dataset.incidents, target, predictorWeight: eventTypeArrays(incidents, config).predictorWeight, areas, routes, lixelRegion };
    r = backtestSplit(data, rollingSplits([cutoff], TEST_YEARS)[0], { risk: riskOptionsFromConfig(config), snapToleranceM: TOLERANCE_M, bootstrap: intervals ? {} : false });
    cache.set(k, r);
  }
  return r;
}
/** The tuning criterion: mean over the tuning splits of AUC + PAI10/10 (both must-show metrics, on 0..1). */
const merit = (s: Scores) => s.auc + s.pai10 / 10;
const tuningMerit = (c: Config, keepRegion?: (r: number) => boolean) => {
  let sum = 0;
  let n = 0;
  for (const cut of TUNING) {
    const r = run(c, cut);
    if (!keepRegion) {
      sum += merit(r.model);
      n++;
    } else
      for (const g of r.regions ?? [])
        if (keepRegion(g.region) && g.testEvents > 0) {
          sum += merit(g.model);
          n++;
        }
  }
  return sum / n;
};

// The grid, searched coordinate-wise (kernel, precision scale, decay and γ first, then the persistent share
// and the mixture weights): 54 + 36 configs.
const grid1: Config[] = [];
for (const bandwidthM of [500, 1000, 2000])
  for (const halfLifeDays of [365, 1095, 3650])
    for (const gamma of [0.3, 1]) for (const precisionScale of [0.25, 0.5, 1]) grid1.push({ gamma, risk: { bandwidthM, halfLifeDays, precisionScale, persistentShare: 0, regionalWeight: 0.1, networkWeight: 0.1 } });
const best = (cs: Config[], keep?: (r: number) => boolean) => cs.reduce((a, b) => (tuningMerit(b, keep) > tuningMerit(a, keep) ? b : a));
const grid2 = (base: Config): Config[] => {
  const out: Config[] = [];
  for (const persistentShare of [0, 0.1, 0.2, 0.4])
    for (const regionalWeight of [0, 0.1, 0.3]) for (const networkWeight of [0, 0.1, 0.3]) out.push({ gamma: base.gamma, risk: { ...base.risk, persistentShare, regionalWeight, networkWeight } });
  return out;
};
const tune = (keep?: (r: number) => boolean) => best(grid2(best(grid1, keep)), keep);
const chosen = tune();

const splitsOf = (c: Config, intervals = false) => [...TUNING, ...EVALUATION].map((cut) => run(c, cut, intervals));
const tunedSplits = splitsOf(chosen, true);
const defaultSplits = splitsOf(defaults);
// The local kernel alone (no regional or network part) from accidents alone (γ = 0): what the other parts add.
const localOnlySplits = splitsOf({ gamma: 0, risk: { regionalWeight: 0, networkWeight: 0 } });

// Spatial hold-out: parameters re-chosen without band b, scored on band b (evaluation cut-offs).
const loro = Array.from({ length: BANDS }, (_, b) => {
  const c = tune((r) => r !== b);
  return { band: b, config: c, splits: EVALUATION.map((cut) => ({ cutoff: cut, ...run(c, cut, true).regions?.[b] })) };
});

const gridTable = [...grid1, ...grid2(best(grid1))].map((c) => ({ ...c, merit: tuningMerit(c), perSplit: TUNING.map((cut) => ({ cutoff: cut, pai10: run(c, cut).model.pai10, auc: run(c, cut).model.auc })) }));
const wins = (s: SplitResult) => Object.fromEntries(Object.entries(s.baselines).map(([n, b]) => [n, { pai10: s.model.pai10 > b.pai10, auc: s.model.auc > b.auc }]));
const km = lixels.lengthM.reduce((a, b) => a + b, 0) / 1000;
const sumOf = (k: "read" | "used" | "repaired" | "rejected") => intake.report.files.reduce((n, f) => n + f[k], 0);
const repaired = intake.report.files.flatMap((f) => f.issues.filter((i) => i.action === "repaired").map((i) => ({ file: f.file, record: i.record, code: i.code, message: i.message })));
const precisionCounts: Record<string, number> = {};
for (const r of incidents) {
  const k = `${r.locationPrecisionM} m (${r.locationPrecisionSource})`;
  precisionCounts[k] = (precisionCounts[k] ?? 0) + 1;
}
const intakeSummary = { mapping: MAPPING, strictness: "lenient", read: sumOf("read"), used: sumOf("used"), repaired: sumOf("repaired"), rejected: sumOf("rejected"), repairs: repaired, locationPrecisionM: precisionCounts };
const out = {
  command: "npx tsx scripts/backtest-colombia.ts",
  data: { roads: ROADS, roadKm: km, lixels: lixels.count, incidents: incidents.length, aicmaFiles: files.length, intake: intakeSummary },
  design: { tuningCutoffs: TUNING, evaluationCutoffs: EVALUATION, testYears: TEST_YEARS, snapToleranceM: TOLERANCE_M, bands: BANDS, target: "TIPO_EVENTO 1, 2", predictors: "all types; non-accident types weighted by gamma" },
  chosen,
  chosenAsCliConfig: riskConfig(chosen),
  codeDefaults: RISK_DEFAULTS,
  grid: gridTable,
  splits: tunedSplits.map((s) => ({ ...s, tuning: TUNING.includes(s.cutoff), wins: wins(s) })),
  defaultModelSplits: defaultSplits.map((s) => ({ cutoff: s.cutoff, model: s.model, wins: wins(s) })),
  localOnlySplits: localOnlySplits.map((s) => ({ cutoff: s.cutoff, model: s.model })),
  leaveOneRegionOut: loro,
  topRankCheck: rankCheck,
};
writeFileSync("docs/backtest-colombia.json", `${JSON.stringify(out, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 1)}\n`);
writeFileSync("docs/backtest-colombia.svg", backtestChartSvg(tunedSplits, "Colombia AICMA accidents on national roads: model vs baselines"));
writeFileSync("docs/backtest-colombia-differences.svg", differenceChartSvg(tunedSplits, "Colombia: model − baseline per split, with 95 % paired-bootstrap intervals"));
const loroTable = [
  "| band (west → east) | chosen bandwidth / precision scale / half-life / persistent / γ / regional / network | cut-off | test events | model PAI10 | best baseline PAI10 | model − it [95 % CI] | model AUC | best baseline AUC | model − it [95 % CI] |",
  "|---:|---|---:|---:|---:|---:|---|---:|---:|---|",
  ...loro.flatMap((b) =>
    b.splits.map((s) => {
      const r = b.config.risk;
      return `| ${b.band + 1} | ${r.bandwidthM} m / ${r.precisionScale} / ${r.halfLifeDays} d / ${r.persistentShare} / ${b.config.gamma} / ${r.regionalWeight} / ${r.networkWeight} | ${s.cutoff} | ${s.testEvents ?? 0} | ${s.model?.pai10.toFixed(2)} | ${versusBestBaseline(s.baselines ?? {}, s.comparisons ?? {}, "pai10")} | ${s.model?.auc.toFixed(3)} | ${versusBestBaseline(s.baselines ?? {}, s.comparisons ?? {}, "auc")} |`;
    }),
  ),
].join("\n");
const md = [
  "# Colombia backtest (generated by scripts/backtest-colombia.ts — do not edit by hand)",
  "",
  `Reproduce: \`npx tsx scripts/backtest-colombia.ts\`. Roads: ${km.toFixed(0)} km, ${lixels.count} lixels. Incidents: ${incidents.length} of ${intakeSummary.read} read with ${MAPPING} (lenient: ${intakeSummary.repaired} repaired, ${intakeSummary.rejected} rejected${repaired.map((r) => `; ${r.file.replace(/^.*\//, "")} record ${r.record}: ${r.code}, kept`).join("")}).`,
  `Location precision (the kernels widen by it): ${Object.entries(precisionCounts).map(([k, n]) => `${n} × ${k}`).join(", ")}.`,
  rankCheckLine,
  `Tuned on cut-offs ${TUNING.join(", ")} only; chosen: ${JSON.stringify(chosen)}. The same table from the CLI: \`minerisk backtest\` with \`chosenAsCliConfig\` of docs/backtest-colombia.json as \`--config\` (command in docs/risk-model.md).`,
  "",
  "## Rolling-origin splits (chosen parameters; cut-offs 2000 and 2002 were used for tuning)",
  "",
  backtestMarkdown(tunedSplits),
  "## Leave-one-region-out (parameters re-chosen without the band, scored on it)",
  "",
  loroTable,
  "",
].join("\n");
writeFileSync("docs/backtest-colombia.md", md);
process.stdout.write(`${md}\nchosen ${JSON.stringify(chosen)}\n`);
