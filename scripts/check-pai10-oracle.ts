/**
 * check-pai10-oracle — how far the model family can go on the must-show "beat every baseline on PAI10 and
 * AUC on every rolling split" if one cheats: every config of a grid is scored on every split, *including the
 * evaluation splits*, and we count the configs that win everywhere. This is a diagnostic of the criterion,
 * not a tuning procedure: nothing here chooses a default (the defaults come from backtest-colombia.ts, which
 * sees the tuning splits only).
 *
 * Inputs:  as scripts/backtest-colombia.ts (roads, AICMA 1990–2014 via the shipped intake and mapping).
 * Outputs: docs/backtest-colombia-oracle.json (per config and split: model PAI10/AUC, best baseline's).
 * Params:  grid h × f × H × γ × ρ × α_g × α_n (648 configs); cut-offs 2000 … 2012, 2 test years.
 *          `--shard i/n` runs every n-th config from i (for parallel runs); `--merge` joins shard files.
 * Run:     npx tsx scripts/check-pai10-oracle.ts   (≈ 80 min on one core; or, from the repository root,
 *          run `--shard 0/2` and `--shard 1/2` side by side (≈ 40 min on 2 cores), then `--merge`)
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { backtestSplit } from "../src/analyses/backtest/run-backtest.ts";
import { rollingSplits } from "../src/analyses/backtest/splits.ts";
import { eventTypeArrays, parseRiskConfig, riskOptionsFromConfig } from "../src/io/read/risk-config.ts";
import { loadColombiaStudy, TARGET_TYPES } from "./lib/colombia-study.ts";

const CUTOFFS = [2000, 2002, 2004, 2006, 2008, 2010, 2012];
const shardArg = process.argv.indexOf("--shard");
const [shard, shards] = shardArg > 0 ? process.argv[shardArg + 1].split("/").map(Number) : [0, 1];
const limit = process.argv.includes("--limit") ? Number(process.argv[process.argv.indexOf("--limit") + 1]) : Infinity;

const SHARD_DIR = process.env.ORACLE_SHARD_DIR ?? "/tmp";
type Row = { config: { gamma: number; risk: Record<string, number> }; splits: { cutoff: number; testEvents: number; pai10: number; auc: number; bestPai10: number; bestAuc: number }[] };
if (process.argv.includes("--merge")) {
  // the shards of one run: oracle-0-of-n … oracle-(n−1)-of-n for the largest n present, every one of them
  const n = Math.max(...readdirSync(SHARD_DIR).map((f) => Number(/^oracle-\d+-of-(\d+)\.json$/.exec(f)?.[1] ?? 0)));
  const parts = Array.from({ length: n }, (_, i) => `${SHARD_DIR}/oracle-${i}-of-${n}.json`);
  summarise(parts.flatMap((f) => JSON.parse(readFileSync(f, "utf8")) as Row[]));
  process.exit(0);
}

/** Per config: on how many splits it beats every baseline on PAI10, on AUC, on both; the counts over the grid. */
function summarise(all: Row[]) {
  const rows = all.map((r) => {
    const pai = r.splits.filter((s) => s.pai10 > s.bestPai10).map((s) => s.cutoff);
    const auc = r.splits.filter((s) => s.auc > s.bestAuc).map((s) => s.cutoff);
    return { ...r, paiWins: pai, aucWins: auc, bothWins: pai.filter((c) => auc.includes(c)) };
  });
  rows.sort((a, b) => b.bothWins.length - a.bothWins.length || b.paiWins.length - a.paiWins.length || JSON.stringify(a.config).localeCompare(JSON.stringify(b.config)));
  const hist = (k: "paiWins" | "aucWins" | "bothWins") => Object.fromEntries(Array.from({ length: CUTOFFS.length + 1 }, (_, n) => [n, rows.filter((r) => r[k].length === n).length]));
  const perSplit = CUTOFFS.map((cutoff) => ({ cutoff, configsWinningPai10: rows.filter((r) => r.paiWins.includes(cutoff)).length, configsWinningAuc: rows.filter((r) => r.aucWins.includes(cutoff)).length }));
  const out = { command: "npx tsx scripts/check-pai10-oracle.ts", configs: rows.length, cutoffs: CUTOFFS, splitsWonOnPai10: hist("paiWins"), splitsWonOnAuc: hist("aucWins"), splitsWonOnBoth: hist("bothWins"), perSplit, rows };
  const { rows: _rows, ...head } = out; // one config per line keeps the file small and diffable
  writeFileSync("docs/backtest-colombia-oracle.json", `${JSON.stringify(head, null, 1).slice(0, -2)},\n "rows": [\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(",\n")}\n ]\n}\n`);
  process.stdout.write(`${JSON.stringify({ ...out, rows: rows.slice(0, 5) }, null, 1)}\n`);
}

const { intake, dataset, lixelIndex, routes, areas } = loadColombiaStudy();

const grid: { gamma: number; risk: Record<string, number> }[] = [];
for (const bandwidthM of [500, 1000, 2000])
  for (const precisionScale of [0.25, 0.5, 1])
    for (const halfLifeDays of [365, 1095, 3650])
      for (const gamma of [0.3, 1])
        for (const persistentShare of [0, 0.2, 0.4])
          for (const regionalWeight of [0, 0.3])
            for (const networkWeight of [0, 0.3]) grid.push({ gamma, risk: { bandwidthM, precisionScale, halfLifeDays, persistentShare, regionalWeight, networkWeight } });

const rows = [];
const t0 = performance.now();
for (let k = shard; k < grid.length && rows.length < limit; k += shards) {
  const c = grid[k];
  const config = parseRiskConfig({ ...c.risk, roadBandM: 1000, targetEventTypes: TARGET_TYPES, eventTypeWeights: { 1: 1, 2: 1 }, otherEventTypeWeight: c.gamma });
  const { target, predictorWeight } = eventTypeArrays(intake.records, config);
  const data = { lixelIndex, incidents: dataset.incidents, target, predictorWeight, areas, routes };
  const splits = CUTOFFS.map((cutoff) => {
    const r = backtestSplit(data, rollingSplits([cutoff], 2)[0], { risk: riskOptionsFromConfig(config), snapToleranceM: 1000, bootstrap: false });
    const b = Object.values(r.baselines);
    return { cutoff, testEvents: r.testEvents, pai10: r.model.pai10, auc: r.model.auc, bestPai10: Math.max(...b.map((s) => s.pai10)), bestAuc: Math.max(...b.map((s) => s.auc)) };
  });
  rows.push({ config: c, splits });
  process.stderr.write(`${k} ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}
if (shards > 1) {
  writeFileSync(`${SHARD_DIR}/oracle-${shard}-of-${shards}.json`, JSON.stringify(rows));
  process.exit(0);
}
summarise(rows);
