import { OptionError } from "../../core/errors.ts";
import type { Lixels } from "../../core/lixels.ts";
import { polylineBox, polylineDistance } from "../../core/math.ts";
import { distanceToPolygon } from "../../core/polygon.ts";
import type { AreaIndex } from "../../spatial/area-index.ts";
import { searchWithin } from "../../spatial/distance-box.ts";

export interface AvoidAreaOptions {
  /** Also avoid lixels passing within this distance of an area, metres. Default 0 (touching counts). */
  bufferM?: number;
}

/**
 * Per lixel, 1 when any part of it lies inside an indexed area or within `bufferM` of one: the hard
 * "avoid" constraint of routing (DESIGN.md: hard avoid areas, e.g. confirmed hazard polygons). Exact
 * polyline–polygon distance, not a sample: the distance between a polyline and a polygon is 0 when
 * they intersect, else the least of (a) polyline vertices to the polygon (0 inside), (b) ring vertices to
 * the polyline — both computed — and (c) proper segment crossings, tested with orientation signs.
 * Candidates come from one Flatbush box search per lixel (the lixel's box grown by bufferM, widened
 * against rounding by the rule of spatial/distance-box.ts).
 */
export function avoidAreaLixels(lixels: Lixels, areas: AreaIndex, options: AvoidAreaOptions = {}): Uint8Array {
  const bufferM = options.bufferM ?? 0;
  if (!(bufferM >= 0) || !Number.isFinite(bufferM)) throw new OptionError(`bufferM must be a finite number of metres >= 0, got ${bufferM}`);
  const out = new Uint8Array(lixels.count);
  if (areas.ids.length === 0) return out;
  const { xy, start } = lixels;
  for (let i = 0; i < lixels.count; i++) {
    const [minX, minY, maxX, maxY] = polylineBox(xy, start[i], start[i + 1]);
    for (const item of searchWithin(areas.index, minX, minY, maxX, maxY, bufferM)) {
      const h = areas.ids[item];
      if (areas.hazards.polygons[h].some((rings) => polylineNearPolygon(xy, start[i], start[i + 1], rings, bufferM))) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}

function polylineNearPolygon(xy: Float64Array, v0: number, v1: number, rings: readonly Float64Array[], bufferM: number): boolean {
  for (let v = v0; v < v1; v++) if (distanceToPolygon(rings, xy[2 * v], xy[2 * v + 1]) <= bufferM) return true;
  for (const r of rings) {
    for (let k = 0; k < r.length; k += 2) if (polylineDistance(xy, v0, v1, r[k], r[k + 1]) <= bufferM) return true;
    for (let k = 0; k + 3 < r.length; k += 2) {
      for (let v = v0; v < v1 - 1; v++) {
        if (segmentsCross(xy[2 * v], xy[2 * v + 1], xy[2 * v + 2], xy[2 * v + 3], r[k], r[k + 1], r[k + 2], r[k + 3])) return true;
      }
    }
  }
  return false;
}

/** Proper crossing of segments ab and cd: c, d on opposite sides of ab and a, b on opposite sides of cd. */
function segmentsCross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
  const o1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const o2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  const o3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
  const o4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  return ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0));
}
