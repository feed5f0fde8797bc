import { RISK_CLASSES } from "../analyses/risk/risk-classes.ts";
import type { LixelTotals, SummarizedRun } from "./summarized-run.ts";

const r3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * The totals over runs of consecutive lixels given in lixel order (a whole run, or a bounded merge's buckets
 * one after the other): each sum is added lixel by lixel in that order, so the doubles are the whole run's.
 */
export function lixelTotals(parts: Iterable<Pick<SummarizedRun, "lixels" | "risk"> & { network: Pick<SummarizedRun["network"], "roads"> }>): LixelTotals {
  const kmByClass: Record<string, number> = Object.fromEntries(RISK_CLASSES.map((c) => [c, 0]));
  let totalKm = 0;
  let maxRate = 0;
  let maxRateAt: LixelTotals["maxRateAt"] = null;
  for (const { lixels, risk, network } of parts) {
    const roads = network.roads;
    for (let i = 0; i < lixels.count; i++) {
      const km = lixels.lengthM[i] / 1000;
      kmByClass[RISK_CLASSES[risk.riskClass[i]]] += km;
      totalKm += km;
      if (risk.ratePerKmYear[i] > maxRate) {
        maxRate = risk.ratePerKmYear[i];
        const r = lixels.road[i];
        maxRateAt = { roadId: roads.ids[r], roadName: roads.names[r], fromKm: r3((roads.startM[r] + lixels.fromM[i]) / 1000) };
      }
    }
  }
  return { kmByClass, totalKm, maxRate, maxRateAt };
}
