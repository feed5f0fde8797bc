/**
 * bench-fitted-ranking — fitting and scoring the fitted ranking model (src/analyses/model) at national scale:
 * Colombia's national roads (≈ 161k lixels of ≤ 100 m) and every AICMA event 1990–2014 (≈ 31k), the data of
 * scripts/lib/colombia-study.ts (real data, not seeded: the must-show names this case).
 *
 * Inputs:  ../shared/data (see colombia-study.ts). Outputs: one line per run, and a summary, to stdout.
 * Params:  2-year window, 3 pseudo-splits (features + targets for each), ridge 10; trainEndDay = 2015-01-01.
 *          Baseline in the same run: the kernel model v1.1 (riskScores) on the same inputs.
 * Measures CPU seconds (user + system, process.cpuUsage: the machine is shared) and wall seconds; median of
 * 3 runs after a warm-up; peak RSS. Run: npx tsx scripts/bench/bench-fitted-ranking.ts
 */
import { isoToDay } from "../../src/core/incident-set.ts";
import { fittedRanking } from "../../src/analyses/model/fitted-ranking.ts";
import { riskScores } from "../../src/analyses/risk/risk-score.ts";
import { eventTypeArrays, parseRiskConfig, riskOptionsFromConfig } from "../../src/io/read/risk-config.ts";
import { loadColombiaStudy, TARGET_TYPES } from "../lib/colombia-study.ts";

const { incidents, dataset, lixelIndex, routes, areas, network } = loadColombiaStudy();
const config = parseRiskConfig({ roadBandM: 1000, targetEventTypes: TARGET_TYPES, eventTypeWeights: Object.fromEntries(TARGET_TYPES.map((t) => [t, 1])), otherEventTypeWeight: 1 });
const { target, predictorWeight } = eventTypeArrays(incidents, config);
const trainEndDay = isoToDay("2015");
let sink = 0;
const measure = (label: string, work: () => Float64Array) => {
  const runs: { cpu: number; wall: number }[] = [];
  for (let r = 0; r < 4; r++) {
    const c = process.cpuUsage();
    const t = performance.now();
    const rate = work();
    const u = process.cpuUsage(c);
    sink += rate[rate.length >> 1];
    if (r > 0) runs.push({ cpu: (u.user + u.system) / 1e6, wall: (performance.now() - t) / 1000 });
    process.stdout.write(`${label} run ${r}${r === 0 ? " (warm-up)" : ""}: cpu ${((u.user + u.system) / 1e6).toFixed(2)} s, wall ${((performance.now() - t) / 1000).toFixed(2)} s\n`);
  }
  const med = (k: "cpu" | "wall") => runs.map((x) => x[k]).sort((a, b) => a - b)[1];
  return { cpu: med("cpu"), wall: med("wall") };
};
const fitted = measure("fitted (fit + score)", () =>
  fittedRanking({ lixelIndex, incidents: dataset.incidents, predictorWeight, target, trainEndDay, areas, routes, roads: network.roads }, { windowYears: 2, pseudoSplits: 3, ridge: 10 }).ratePerKmYear,
);
const kernel = measure("kernel v1.1", () => riskScores(lixelIndex, dataset.incidents, areas, { ...riskOptionsFromConfig(config), target, predictorWeight, routes, asOfDay: trainEndDay - 1 }).ratePerKmYear);
process.stdout.write(
  `lixels ${lixelIndex.lixels.count}, incidents ${dataset.incidents.count}; median of 3: fitted cpu ${fitted.cpu.toFixed(2)} s wall ${fitted.wall.toFixed(2)} s; kernel v1.1 cpu ${kernel.cpu.toFixed(2)} s wall ${kernel.wall.toFixed(2)} s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; node ${process.version}; sink ${sink > -1}\n`,
);
