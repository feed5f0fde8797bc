import Flatbush from "flatbush";
import type { HazardSet } from "../core/hazard-set.ts";
import { distanceToPolygon } from "../core/polygon.ts";
import { searchNear } from "./distance-box.ts";

/** A Flatbush index over hazard-area bounding boxes, restricted to the areas `include` accepts. */
export interface AreaIndex {
  readonly hazards: HazardSet;
  readonly index: Flatbush;
  /** Hazard index of each indexed item. */
  readonly ids: Uint32Array;
}

export function buildAreaIndex(hazards: HazardSet, include: (h: number) => boolean = () => true): AreaIndex {
  const chosen: number[] = [];
  for (let h = 0; h < hazards.count; h++) if (include(h)) chosen.push(h);
  const index = new Flatbush(Math.max(1, chosen.length));
  for (const h of chosen) index.add(hazards.bbox[4 * h], hazards.bbox[4 * h + 1], hazards.bbox[4 * h + 2], hazards.bbox[4 * h + 3]);
  if (chosen.length === 0) index.add(Infinity, Infinity, Infinity, Infinity);
  index.finish();
  return { hazards, index, ids: Uint32Array.from(chosen) };
}

/** Distance from a point to hazard area h (0 inside any of its polygons). */
export function distanceToArea(hazards: HazardSet, h: number, x: number, y: number): number {
  let best = Infinity;
  for (const poly of hazards.polygons[h]) {
    const d = distanceToPolygon(poly, x, y);
    if (d < best) best = d;
  }
  return best;
}

/**
 * Indexed areas whose distance to (x, y) is at most `radiusM`, with the distance; visits candidates from
 * one box search (widened against rounding, `distance-box.ts`). Areas are reported by hazard index.
 */
export function areasNear(ai: AreaIndex, x: number, y: number, radiusM: number, visit: (h: number, distanceM: number) => void): void {
  if (ai.ids.length === 0) return;
  for (const item of searchNear(ai.index, x, y, radiusM)) {
    const h = ai.ids[item];
    const d = distanceToArea(ai.hazards, h, x, y);
    if (d <= radiusM) visit(h, d);
  }
}

/** Distance from (x, y) to the nearest indexed area (Infinity when none), exact via a bound-then-search. */
export function nearestAreaDistance(ai: AreaIndex, x: number, y: number): number {
  if (ai.ids.length === 0) return Infinity;
  const seed = ai.index.neighbors(x, y, 1)[0];
  let best = distanceToArea(ai.hazards, ai.ids[seed], x, y);
  areasNear(ai, x, y, best, (_h, d) => {
    if (d < best) best = d;
  });
  return best;
}
