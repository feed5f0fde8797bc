import { OptionError } from "../../core/errors.ts";
import { isActiveHazard } from "../../core/hazard-set.ts";
import type { Lixels } from "../../core/lixels.ts";
import { type AreaIndex, areasNear, nearestAreaDistance } from "../../spatial/area-index.ts";

export interface HazardExposureOptions {
  /** A lixel point within this distance of an area counts as exposed to it, metres. Default 100. */
  bufferM?: number;
  /** Spacing of the sample points along each lixel, metres. Default 10. */
  sampleSpacingM?: number;
  /**
   * Areas released from the hazard list (cleared, cancelled, released). A sample inside one of them is not
   * exposed, even when it lies within the buffer of an active area: land release overrides the buffer.
   * Default: the inactive areas of `areas.hazards` (see riskScores).
   */
  released?: AreaIndex;
}

/** Per-lixel exposure to active (confirmed / suspected) hazard areas, aligned with lixel order. */
export interface HazardExposure {
  /** Share of the lixel's length inside or within bufferM of a confirmed area (0..1). */
  confirmedShare: Float64Array;
  /** Share inside or within bufferM of a suspected area and not already counted as confirmed (0..1). */
  suspectedShare: Float64Array;
  /** Distance from the lixel to the nearest active area, metres; 0 when they touch; Infinity when none. */
  nearestHazardM: Float64Array;
}

/**
 * Measures each lixel at the midpoints of n = ⌈length / sampleSpacingM⌉ equal pieces: the share of pieces
 * whose midpoint is inside or within `bufferM` of an active area (confirmed wins over suspected), and the
 * smallest sample-to-area distance. With 10 m spacing both are within 5 m of the exact geometric values.
 * Cancelled, cleared and released areas are not hazards and never add exposure; a sample inside one
 * (`released`) is not exposed at all, so adding a released area can only lower a share. The area index
 * should hold the active areas only (see buildAreaIndex's `include`).
 */
export function hazardExposure(lixels: Lixels, areas: AreaIndex, options: HazardExposureOptions = {}): HazardExposure {
  const bufferM = options.bufferM ?? 100;
  const spacing = options.sampleSpacingM ?? 10;
  if (!(bufferM >= 0)) throw new OptionError(`bufferM must be non-negative metres, got ${bufferM}`);
  if (!(spacing > 0)) throw new OptionError(`sampleSpacingM must be positive metres, got ${spacing}`);
  const released = options.released;
  const n = lixels.count;
  const confirmedShare = new Float64Array(n);
  const suspectedShare = new Float64Array(n);
  const nearestHazardM = new Float64Array(n).fill(Infinity);
  if (areas.ids.length === 0) return { confirmedShare, suspectedShare, nearestHazardM };
  const { xy, start, lengthM } = lixels;
  const status = areas.hazards.status;
  for (let i = 0; i < n; i++) {
    const pieces = Math.max(1, Math.ceil(lengthM[i] / spacing));
    let conf = 0;
    let susp = 0;
    let nearest = Infinity;
    let v = start[i];
    let segStart = 0;
    for (let k = 0; k < pieces; k++) {
      const along = ((k + 0.5) * lengthM[i]) / pieces;
      // advance to the segment holding `along`
      let segLen = Math.hypot(xy[2 * v + 2] - xy[2 * v], xy[2 * v + 3] - xy[2 * v + 1]);
      while (segStart + segLen < along && v < start[i + 1] - 2) {
        segStart += segLen;
        v++;
        segLen = Math.hypot(xy[2 * v + 2] - xy[2 * v], xy[2 * v + 3] - xy[2 * v + 1]);
      }
      const t = segLen > 0 ? Math.min(1, (along - segStart) / segLen) : 0;
      const x = xy[2 * v] + t * (xy[2 * v + 2] - xy[2 * v]);
      const y = xy[2 * v + 1] + t * (xy[2 * v + 3] - xy[2 * v + 1]);
      let best = 2; // 0 confirmed, 1 suspected, 2 none
      areasNear(areas, x, y, bufferM, (h) => {
        if (isActiveHazard(status[h]) && status[h] < best) best = status[h];
      });
      if (best < 2 && released) areasNear(released, x, y, 0, () => (best = 2));
      if (best === 0) conf++;
      else if (best === 1) susp++;
      const d = nearestAreaDistance(areas, x, y);
      if (d < nearest) nearest = d;
    }
    confirmedShare[i] = conf / pieces;
    suspectedShare[i] = susp / pieces;
    nearestHazardM[i] = nearest;
  }
  return { confirmedShare, suspectedShare, nearestHazardM };
}
