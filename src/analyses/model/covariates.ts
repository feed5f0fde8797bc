import type { HazardSet } from "../../core/hazard-set.ts";
import type { Lixels } from "../../core/lixels.ts";
import { buildAreaIndex, nearestAreaDistance } from "../../spatial/area-index.ts";
import { buildPointIndex } from "../../spatial/point-index.ts";
import { lixelProximity } from "../proximity/lixel-proximity.ts";
import type { PackedPolylines } from "../proximity/polyline-proximity.ts";

/** A user covariate layer (`--covariate NAME=FILE`) in the working CRS, turned into per-lixel feature columns. */
export interface CovariateLayer {
  name: string;
  kind: "lines" | "polygons";
  values(lixels: Lixels): Record<string, Float64Array>;
}

/** Spacing of the sample points along a line covariate, metres: distances are overstated by at most half of it. */
export const LINE_SAMPLE_M = 50;
const logKm = (m: number) => Math.log1p(Math.min(m / 1000, 300));

/**
 * A line covariate (e.g. a former front line): per lixel log(1 + km) from the lixel to the nearest point of
 * the lines, measured to sample points every LINE_SAMPLE_M along them (lixel-proximity.ts, exact from the
 * lixel polyline to each sample), so within LINE_SAMPLE_M / 2 of the exact line distance.
 */
export function lineCovariate(name: string, lines: PackedPolylines): CovariateLayer {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 0; k < lines.count; k++)
    for (let v = lines.start[k]; v + 1 < lines.start[k + 1]; v++) {
      const [ax, ay, bx, by] = [lines.xy[2 * v], lines.xy[2 * v + 1], lines.xy[2 * v + 2], lines.xy[2 * v + 3]];
      const pieces = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / LINE_SAMPLE_M));
      for (let s = 0; s <= pieces; s++) (xs.push(ax + ((bx - ax) * s) / pieces), ys.push(ay + ((by - ay) * s) / pieces));
    }
  const points = buildPointIndex(Float64Array.from(xs), Float64Array.from(ys));
  return { name, kind: "lines", values: (lixels) => ({ distance: lixelProximity(lixels, points, { radiiM: [0] }).nearestIncidentM.map(logKm) }) };
}

/**
 * A polygon covariate (e.g. a district under armed-group control): per lixel whether its midpoint is inside
 * (1/0), and log(1 + km) from the midpoint to the polygons (0 inside), exact (spatial/area-index.ts).
 */
export function polygonCovariate(name: string, polygons: HazardSet): CovariateLayer {
  const index = buildAreaIndex(polygons);
  return {
    name,
    kind: "polygons",
    values: (lixels) => {
      const inside = new Float64Array(lixels.count);
      const distance = new Float64Array(lixels.count);
      for (let l = 0; l < lixels.count; l++) {
        const a = lixels.start[l];
        const b = lixels.start[l + 1] - 1;
        const d = nearestAreaDistance(index, (lixels.xy[2 * a] + lixels.xy[2 * b]) / 2, (lixels.xy[2 * a + 1] + lixels.xy[2 * b + 1]) / 2);
        inside[l] = d === 0 ? 1 : 0;
        distance[l] = logKm(d);
      }
      return { inside, distance };
    },
  };
}
