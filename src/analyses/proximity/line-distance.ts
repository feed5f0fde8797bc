import { OptionError } from "../../core/errors.ts";
import { lixelize } from "../../core/lixels.ts";
import type { RoadNetwork } from "../../core/road-network.ts";
import { buildLixelIndex } from "../../spatial/lixel-index.ts";
import { pointRoadDistances } from "./road-distance.ts";

/**
 * Planar distance from each point to the nearest line of a line layer (a front line, a border, a river),
 * metres, in the working CRS both are in; Infinity when the layer is empty. The layer is cut into 1 km
 * pieces and indexed once, so each point costs one bounded index search (exact point–polyline distance:
 * lixel-index.ts), never a scan of every line.
 */
export function pointLineDistances(lines: RoadNetwork, x: Float64Array, y: Float64Array): Float64Array {
  return pointRoadDistances(buildLixelIndex(lixelize(lines, { lixelLengthM: 1000 })), x, y);
}

/**
 * How a road network lies relative to a line layer: the network cut into pieces of at most `lixelLengthM`
 * (default 100 m), each piece's length and the distance from its midpoint (half its length along it) to the
 * nearest line. A length-weighted histogram of these is the network's own distribution, the baseline
 * against which incidents' distances to the same line mean anything.
 */
export function networkLineDistances(roads: RoadNetwork, lines: RoadNetwork, options: { lixelLengthM?: number } = {}): { distanceM: Float64Array; lengthM: Float64Array } {
  const pieces = lixelize(roads, { lixelLengthM: options.lixelLengthM ?? 100 });
  const mx = new Float64Array(pieces.count);
  const my = new Float64Array(pieces.count);
  const { xy, start } = pieces;
  for (let i = 0; i < pieces.count; i++) {
    // walk half the piece's length along it; rounding can leave a hair at the end: then its last vertex
    let left = pieces.lengthM[i] / 2;
    const last = start[i + 1] - 1;
    mx[i] = xy[2 * last];
    my[i] = xy[2 * last + 1];
    for (let v = start[i]; v < last; v++) {
      const dx = xy[2 * v + 2] - xy[2 * v];
      const dy = xy[2 * v + 3] - xy[2 * v + 1];
      const seg = Math.hypot(dx, dy);
      if (seg >= left) {
        const t = seg > 0 ? left / seg : 0;
        mx[i] = xy[2 * v] + t * dx;
        my[i] = xy[2 * v + 1] + t * dy;
        break;
      }
      left -= seg;
    }
  }
  return { distanceM: pointLineDistances(lines, mx, my), lengthM: pieces.lengthM };
}

/** One bin of {@link distanceHistogram}: [fromM, toM), its total weight and share of the whole. */
export interface DistanceBin {
  fromM: number;
  toM: number;
  weight: number;
  share: number;
}

/**
 * Histogram of distances over the bins [b₀, b₁), [b₁, b₂), …, [bₙ, ∞) of `breaksM` (ascending, first ≥ 0),
 * each value counted with its weight (default 1; e.g. a piece's length). Infinite distances (no line at
 * all) fall in the last bin. Shares are of the total weight (NaN bins when it is 0).
 */
export function distanceHistogram(distanceM: Float64Array, breaksM: readonly number[], weight?: Float64Array): DistanceBin[] {
  for (let k = 1; k < breaksM.length; k++) {
    if (!(breaksM[k] > breaksM[k - 1])) throw new OptionError(`breaksM must be ascending, got ${breaksM[k - 1]} then ${breaksM[k]}`);
  }
  const sums = new Float64Array(breaksM.length);
  let total = 0;
  for (let i = 0; i < distanceM.length; i++) {
    const d = distanceM[i];
    if (!(d >= breaksM[0])) continue;
    let k = breaksM.length - 1;
    while (k > 0 && d < breaksM[k]) k--;
    const w = weight ? weight[i] : 1;
    sums[k] += w;
    total += w;
  }
  return breaksM.map((fromM, k) => ({ fromM, toM: k + 1 < breaksM.length ? breaksM[k + 1] : Infinity, weight: sums[k], share: sums[k] / total }));
}
