import { snapEventsToLixels, type NetworkEvents } from "../../src/analyses/density/network-events.ts";
import type { KdeNetwork } from "../../src/analyses/density/network-kernel-density.ts";
import { buildRoadGraph } from "../../src/analyses/routing/road-graph.ts";
import { type Lixels, lixelize } from "../../src/core/lixels.ts";
import { buildLixelIndex } from "../../src/spatial/lixel-index.ts";
import { splitAtJunctions } from "../../src/spatial/road-junctions.ts";
import { incidentSet } from "./incidents.ts";
import { type Line, packRoads } from "./roads.ts";

/** A KDE network from hand-written polylines (metres): split at shared vertices, cut into lixels. */
export function kdeNetwork(lines: Line[], lixelLengthM = 100): { network: KdeNetwork; lixels: Lixels; eventsAt: (pts: [number, number][], weights?: number[]) => NetworkEvents } {
  const j = splitAtJunctions(packRoads(lines));
  const lixels = lixelize(j.roads, { lixelLengthM });
  const graph = buildRoadGraph(j, lixels);
  const index = buildLixelIndex(lixels);
  const eventsAt = (pts: [number, number][], weights?: number[]) =>
    snapEventsToLixels(incidentSet(pts.map(([x, y]) => ({ x, y }))), index, { weights: weights ? Float64Array.from(weights) : undefined }).events;
  return { network: { lengthM: lixels.lengthM, graph }, lixels, eventsAt };
}

/** Index of the lixel whose midpoint is (x, y) (within 1e-6 m), or a thrown error naming the point. */
export function lixelAt(lixels: Lixels, x: number, y: number): number {
  for (let i = 0; i < lixels.count; i++) {
    const a = 2 * lixels.start[i];
    const b = 2 * (lixels.start[i + 1] - 1);
    const mx = (lixels.xy[a] + lixels.xy[b]) / 2;
    const my = (lixels.xy[a + 1] + lixels.xy[b + 1]) / 2;
    if (Math.abs(mx - x) < 1e-6 && Math.abs(my - y) < 1e-6) return i;
  }
  throw new Error(`no lixel has its midpoint at (${x}, ${y})`);
}
