import { hazardRoadDistances, regionalReachM, type RoadDistanceStats, roadDistanceStats } from "../analyses/proximity/road-distance.ts";
import type { RunSummary } from "../render/run-summary.ts";
import type { SummarizedRun } from "./summarized-run.ts";

const r1 = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : null);

/**
 * How far the run's incidents and hazard areas lie from the nearest road, against the model's largest kernel
 * reach (the regional reach √(h_g² + (f·p)²) of incident-intensity.ts with the run's parameters): incident
 * distances are the snap offsets (exact, via the lixel index), hazard distances hazardRoadDistances. The
 * incidents counted beyond reach are exactly the risk model's `unattributed` ones.
 */
export function roadDistanceSummary(result: SummarizedRun): RunSummary["roadDistance"] {
  const { dataset, snaps, risk } = result;
  const hg = risk.meta.regionalBandwidthM;
  const f = risk.meta.precisionScale;
  const inc = roadDistanceStats(snaps.offsetM, (i) => regionalReachM(hg, f, dataset.incidents.precisionM[i]));
  // a tiled run's merge gives the distances (the least over its tiles': merge-tiles.ts), having no whole-network index
  const haz = roadDistanceStats("hazardRoadM" in result ? result.hazardRoadM : hazardRoadDistances(result.lixelIndex, dataset.hazards), () => hg);
  return { reachM: hg, incidents: layerPart(inc, dataset.incidents.ids), hazards: layerPart(haz, dataset.hazards.ids) };
}

function layerPart(s: RoadDistanceStats, ids: readonly string[]): RunSummary["roadDistance"]["incidents"] {
  return { count: s.measured, beyondReach: s.beyondReach, minM: r1(s.minM), medianM: r1(s.medianM), maxM: r1(s.maxM), beyondIds: s.beyond.map((i) => ids[i]) };
}
