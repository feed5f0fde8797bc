import type { IncidentSet } from "../../../core/incident-set.ts";
import { type IncidentSnap, unsnapped } from "../../../analyses/proximity/snap-incidents.ts";
import { type LixelIndex, nearestLixel } from "../../../spatial/lixel-index.ts";
import type { TilePart } from "../tile-run.ts";

/**
 * Snapping (snapIncidents) from the tiles, one at a time, without an index over the whole network.
 *
 * The whole run's answer for incident i is the lixel at the least exact distance, ties to the lower
 * whole-run lixel index (nearestLixel). Each tile's nearestLixel gives the least distance among its own
 * lixels, ties to its lower local index, which is the lower whole-run index too (a tile keeps the whole
 * run's order among its lixels); the whole run's answer is the best of the tiles' answers by (distance,
 * whole-run index). The distances are the same doubles (the same projectOnPolyline on the same
 * vertices), so this is snapIncidents exactly (test/pipeline/tiles/merge-snaps.test.ts).
 *
 * A tile is asked only within min(boundM, the best distance found so far): inclusive, so an equal
 * distance in a later tile is still seen and decided by index. A search without bound in every tile would
 * scan a tile's whole area for each incident far outside it (docs/scaling.md). An incident with nothing
 * within boundM in any tile gets a second pass (`pending`, then `offer` with it): the same search without the bound, only for those.
 */
export interface TileSnapper {
  /**
   * Offer one tile (its lixels and their index, its pieces, the whole-run index of each). With `only`, ask only the
   * incidents marked in it, without the bound (the second pass).
   */
  offer(part: TilePart, index: LixelIndex, at: { piece: Uint32Array; lixel: Uint32Array }, only?: Uint8Array): void;
  /** The incidents with no candidate yet, marked (for a second pass), or undefined when there are none. */
  pending(): Uint8Array | undefined;
  result(): IncidentSnap;
}

export function tileSnapper(incidents: IncidentSet, boundM: number): TileSnapper {
  const n = incidents.count;
  const out = unsnapped(n);
  return {
    offer(part, index, at, only) {
      if (part.lixels.count === 0) return;
      const { road, fromM } = part.lixels;
      for (let i = 0; i < n; i++) {
        if (only && !only[i]) continue;
        const limit = only ? out.offsetM[i] : Math.min(boundM, out.offsetM[i]);
        const hit = nearestLixel(index, incidents.x[i], incidents.y[i], limit);
        if (!hit) continue;
        const g = at.lixel[hit.lixel];
        if (hit.distanceM > out.offsetM[i] || (hit.distanceM === out.offsetM[i] && g > out.lixel[i])) continue;
        const p = road[hit.lixel];
        out.lixel[i] = g;
        out.road[i] = at.piece[p];
        out.offsetM[i] = hit.distanceM;
        out.chainageM[i] = part.pieces.startM[p] + fromM[hit.lixel] + hit.alongM;
        out.x[i] = hit.x;
        out.y[i] = hit.y;
      }
    },
    pending() {
      const mask = new Uint8Array(n);
      let k = 0;
      for (let i = 0; i < n; i++) if (out.lixel[i] < 0) k += mask[i] = 1;
      return k > 0 ? mask : undefined;
    },
    result: () => out,
  };
}
