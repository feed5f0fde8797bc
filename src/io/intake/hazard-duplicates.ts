import * as polyclip from "polyclip-ts";
import { buildBoxIndex, boxesIntersecting } from "../../spatial/box-index.ts";
import { equalAreaAt } from "../crs/crs.ts";
import type { HazardRecord, LonLat } from "../fields/records.ts";
import { attributesKey } from "./record-key.ts";
import type { Tally } from "./tally.ts";
import type { DuplicatePolicy } from "./types.ts";

/**
 * Near-duplicate threshold: two hazard polygons whose intersection over union (Jaccard index) is at
 * least this, i.e. whose symmetric difference is at most 5 % of their union, describe the same ground.
 */
export const NEAR_DUPLICATE_IOU = 0.95;

/**
 * Find duplicate and near-duplicate hazard areas across a layer, reporting on the later record of each
 * pair (the first one seen stays):
 * - `duplicate-hazard`: the same polygons (rings compared from their lowest vertex, so a ring written
 *   from another start is the same) and the same attributes (status and every property except ones
 *   holding the record's own id);
 * - `possible-duplicate-hazard`: intersection over union ≥ NEAR_DUPLICATE_IOU (areas by polyclip-ts, m²
 *   in a Lambert equal-area projection), whatever the attributes; the message gives both statuses.
 * Candidate pairs come from a box index (boxes that meet), and a pair whose areas differ by more than the
 * threshold allows (IoU ≤ min/max area) is never clipped, so the work is near-linear for real layers.
 * Warnings; with policy "merge" a duplicate, or a near-duplicate of the same status, is rejected as merged
 * into the earlier record. Returns the indexes (into `records`) merged away.
 */
export function findHazardDuplicates(records: readonly HazardRecord[], tallyOf: (k: number) => Tally, policy: DuplicatePolicy): Set<number> {
  const merged = new Set<number>();
  const where = (k: number) => tallyOf(k).label(records[k].record, records[k].id);
  const then = (j: number, merge: boolean) => (policy === "merge" ? (merge ? `; merged into ${where(j)}` : "; kept: the statuses differ") : "; kept (use --duplicates merge to merge)");
  const exact = new Map<string, number>();
  const project = records.length > 0 ? equalAreaAt(records[0].polygons[0][0][0][0], records[0].polygons[0][0][0][1]) : undefined;
  const areas = records.map((r) => (project ? areaM2(r.polygons, project) : 0));
  const index = buildBoxIndex(boxesOf(records));
  records.forEach((r, k) => {
    const key = `${r.status}|${geometryKey(r.polygons)}|${attributesKey(r.properties, r.id)}`;
    const first = exact.get(key);
    if (first !== undefined) {
      const merge = policy === "merge";
      tallyOf(k).warn(r.record, "geometry", "duplicate-hazard", `same polygons, status and attributes as ${where(first)}${then(first, true)}`, merge ? "rejected" : "kept");
      if (merge) merged.add(k);
      return;
    }
    exact.set(key, k);
    for (const j of boxesIntersecting(index, k)) {
      if (j >= k || merged.has(j) || !(Math.min(areas[j], areas[k]) >= NEAR_DUPLICATE_IOU * Math.max(areas[j], areas[k]))) continue;
      const iou = overlapShare(records[j].polygons, r.polygons, project!);
      if (iou < NEAR_DUPLICATE_IOU) continue;
      const sameStatus = records[j].status === r.status;
      const merge = policy === "merge" && sameStatus;
      const statuses = sameStatus ? `both ${r.status}` : `${r.status} here, ${records[j].status} there`;
      tallyOf(k).warn(r.record, "geometry", "possible-duplicate-hazard", `covers nearly the same ground as ${where(j)}: intersection over union ${iou.toFixed(3)} (symmetric difference ${((1 - iou) * 100).toFixed(1)} % of the union), ${statuses}${then(j, sameStatus)}`, merge ? "rejected" : "kept");
      if (merge) merged.add(k);
      return;
    }
  });
  return merged;
}

/** The polygons with each ring started from its lowest (lon, then lat) vertex, as one string. */
function geometryKey(polygons: LonLat[][][]): string {
  return JSON.stringify(
    polygons.map((rings) =>
      rings.map((ring) => {
        const open = ring.slice(0, -1);
        let low = 0;
        for (let i = 1; i < open.length; i++) if (open[i][0] < open[low][0] || (open[i][0] === open[low][0] && open[i][1] < open[low][1])) low = i;
        return [...open.slice(low), ...open.slice(0, low)];
      }),
    ),
  );
}

function boxesOf(records: readonly HazardRecord[]): Float64Array {
  const boxes = new Float64Array(records.length * 4);
  records.forEach((r, k) => {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const rings of r.polygons) for (const [x, y] of rings[0]) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    boxes.set([x0, y0, x1, y1], 4 * k);
  });
  return boxes;
}

type Project = (lon: number, lat: number) => [number, number];

function areaM2(polys: LonLat[][][], project: Project): number {
  let total = 0;
  for (const rings of polys) {
    rings.forEach((ring, k) => {
      const xy = ring.map(([lon, lat]) => project(lon, lat));
      let s = 0;
      for (let i = 0; i + 1 < xy.length; i++) s += xy[i][0] * xy[i + 1][1] - xy[i + 1][0] * xy[i][1];
      total += (k === 0 ? 1 : -1) * Math.abs(s / 2);
    });
  }
  return total;
}

/** Intersection over union of two valid (multi)polygons, by polyclip-ts; 0 when the library fails. */
function overlapShare(a: LonLat[][][], b: LonLat[][][], project: Project): number {
  try {
    const inter = areaM2(polyclip.intersection(a as polyclip.Geom, b as polyclip.Geom) as LonLat[][][], project);
    const union = areaM2(polyclip.union(a as polyclip.Geom, b as polyclip.Geom) as LonLat[][][], project);
    return union > 0 ? inter / union : 0;
  } catch {
    return 0;
  }
}
