import { polygon as turfPolygon } from "@turf/helpers";
import rewind from "@turf/rewind";
import unkinkPolygon from "@turf/unkink-polygon";
import { pointInPolygon } from "../../core/polygon.ts";
import { equalAreaAt } from "../crs/crs.ts";
import type { LonLat } from "../fields/records.ts";

/** One repair (or refusal) of a polygon, for the report. */
export interface PolygonFinding {
  code: "unclosed-ring" | "ring-too-short" | "self-intersection" | "wrong-winding";
  message: string;
  /** "repaired": the polygons returned carry the change; "rejected": the feature cannot be used. */
  action: "repaired" | "rejected";
}

/**
 * Check and repair the polygons of one hazard feature:
 * - a ring that does not end where it starts is closed (appending its first position: the area is the
 *   same, since area formulas close rings implicitly); fewer than 3 distinct positions is `ring-too-short`;
 * - a self-intersecting exterior ring is split into simple polygons by @turf/unkink-polygon (never by
 *   hand-rolled geometry), holes going to the piece that contains them; a self-intersecting hole is
 *   refused; the message gives the area before and after (Lambert equal-area, m²);
 * - rings are rewound to RFC 7946 order (exterior counter-clockwise) with @turf/rewind (`wrong-winding`).
 */
export function repairPolygons(polygons: LonLat[][][]): { polygons: LonLat[][][]; findings: PolygonFinding[] } {
  const findings: PolygonFinding[] = [];
  const closed: LonLat[][][] = [];
  for (const poly of polygons) {
    const rings: LonLat[][] = [];
    for (const ring of poly) {
      const distinct = new Set(ring.map((p) => `${p[0]},${p[1]}`)).size;
      const isClosed = ring.length > 0 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1];
      if (distinct < 3) {
        findings.push({ code: "ring-too-short", action: "rejected", message: `a polygon ring has ${distinct} distinct position(s); a ring needs at least 3 (4 with the closing one)` });
        return { polygons, findings };
      }
      if (!isClosed) findings.push({ code: "unclosed-ring", action: "repaired", message: "a polygon ring does not end where it starts; lenient mode closes it by repeating its first position (area unchanged)" });
      rings.push(isClosed ? ring : [...ring, ring[0]]);
    }
    closed.push(rings);
  }
  const split: LonLat[][][] = [];
  const pieceOfSplit = new Set<number>();
  for (const [outer, ...holes] of closed) {
    const pieces = unkink(outer);
    if (pieces === undefined || holes.some((h) => (unkink(h)?.length ?? 2) > 1)) {
      findings.push({ code: "self-intersection", action: "rejected", message: `a ${pieces === undefined ? "polygon ring" : "hole"} crosses itself and cannot be split safely; fix the geometry in a GIS` });
      return { polygons, findings };
    }
    if (pieces.length === 1) {
      split.push([outer, ...holes]);
      continue;
    }
    const before = area([[outer, ...holes]]);
    const parts = pieces.map((p) => [p]);
    for (const h of holes) parts.find((p) => pointInPolygon([Float64Array.from(p[0].flat())], h[0][0], h[0][1]))?.push(h);
    const after = area(parts);
    findings.push({ code: "self-intersection", action: "repaired", message: `the exterior ring crosses itself; lenient mode splits it into ${pieces.length} simple polygons (@turf/unkink-polygon, rewound to RFC 7946 order): area as written ${fmt(before)} m² (crossing lobes cancel), after ${fmt(after)} m²` });
    for (const part of parts) pieceOfSplit.add(split.push(part) - 1);
  }
  const wound = split.map((rings) => (rewind(turfPolygon(rings), { mutate: false }) as unknown as { geometry: { coordinates: LonLat[][] } }).geometry.coordinates);
  if (wound.some((w, k) => !pieceOfSplit.has(k) && JSON.stringify(w) !== JSON.stringify(split[k]))) {
    findings.push({ code: "wrong-winding", action: "repaired", message: "ring winding is not RFC 7946's (exterior counter-clockwise, holes clockwise); rewound with @turf/rewind (area unchanged)" });
  }
  return { polygons: wound, findings };
}

/** Simple pieces of a closed ring, or undefined when the library cannot handle it. */
function unkink(ring: LonLat[]): LonLat[][] | undefined {
  try {
    return unkinkPolygon(turfPolygon([ring])).features.map((f) => f.geometry.coordinates[0] as LonLat[]);
  } catch {
    return undefined;
  }
}

/** Area in m²: shoelace in a Lambert equal-area projection centred on the first vertex (signed per ring, as written). */
function area(polys: LonLat[][][]): number {
  const [lon0, lat0] = polys[0][0][0];
  const project = equalAreaAt(lon0, lat0);
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

function fmt(m2: number): string {
  return Math.round(m2).toLocaleString("en-US");
}
