import { polygon as turfPolygon } from "@turf/helpers";
import rewind from "@turf/rewind";
import * as polyclip from "polyclip-ts";
import { equalAreaAt } from "../crs/crs.ts";
import type { LonLat } from "../fields/records.ts";
import { cleanRing } from "./ring-clean.ts";

/** One repair (or refusal) of a polygon, for the report. */
export interface PolygonFinding {
  code: "unclosed-ring" | "ring-too-short" | "repeated-vertex" | "spike" | "self-intersection" | "wrong-winding";
  message: string;
  /** "repaired": the polygons returned carry the change; "rejected": the feature cannot be used. */
  action: "repaired" | "rejected";
}

/** Relative area difference below which the library's valid polygon is the one written (rounding only). */
const SAME_AREA = 1e-9;

/**
 * Check and repair the polygons of one hazard feature, in this order:
 * 1. a ring that does not end where it starts is closed by repeating its first position (`unclosed-ring`;
 *    area unchanged, area formulas close rings implicitly);
 * 2. repeated consecutive positions are dropped (`repeated-vertex`, a warning: valid in OGC terms, area
 *    unchanged) and zero-area spikes — a tip the ring reaches and leaves along one line — are cut
 *    (`spike`; area unchanged); a ring left with fewer than 3 distinct positions is `ring-too-short`;
 * 3. the polygon is made valid by polyclip-ts (a maintained TypeScript port of polygon-clipping, Martinez–
 *    Rueda sweep line): the union of its own rings. A polygon it returns unchanged (one part, the same rings,
 *    the same area) is valid and kept as written; otherwise crossing rings, crossing or touching holes and
 *    figure-eights become the simple polygons the library returns (`self-intersection`, repaired), and the
 *    message gives the area as written (signed shoelace: crossing lobes cancel) and after, in m² (Lambert
 *    equal-area) and the change in %. When the library fails, or leaves no area, the record is rejected
 *    and the message says which;
 * 4. rings are rewound to RFC 7946 order (exterior counter-clockwise) with @turf/rewind (`wrong-winding`).
 */
export function repairPolygons(polygons: LonLat[][][]): { polygons: LonLat[][][]; findings: PolygonFinding[] } {
  const findings: PolygonFinding[] = [];
  const cleaned: LonLat[][][] = [];
  let repeated = 0;
  let spikes = 0;
  for (const poly of polygons) {
    const rings: LonLat[][] = [];
    for (const ring of poly) {
      const isClosed = ring.length > 0 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1];
      if (!isClosed && new Set(ring.map((p) => `${p[0]},${p[1]}`)).size >= 3) findings.push({ code: "unclosed-ring", action: "repaired", message: "a polygon ring does not end where it starts; lenient mode closes it by repeating its first position (area unchanged)" });
      const c = cleanRing(isClosed ? ring : [...ring, ring[0]]);
      repeated += c.repeated;
      spikes += c.spikes;
      const distinct = Math.max(0, c.ring.length - 1);
      if (distinct < 3) {
        const after = c.spikes > 0 ? ` after cutting ${c.spikes} zero-area spike(s)` : "";
        findings.push({ code: "ring-too-short", action: "rejected", message: `a polygon ring has ${distinct} distinct position(s)${after}; a ring needs at least 3 (4 with the closing one)` });
        return { polygons, findings };
      }
      rings.push(c.ring);
    }
    cleaned.push(rings);
  }
  if (repeated > 0) findings.push({ code: "repeated-vertex", action: "repaired", message: `${repeated} repeated consecutive position(s) dropped (area unchanged)` });
  if (spikes > 0) findings.push({ code: "spike", action: "repaired", message: `${spikes} zero-area spike(s) cut (the ring went out to a point and back along the same line; area unchanged); lenient mode uses the polygon without them` });
  const valid: LonLat[][][] = [];
  const madeValid = new Set<number>();
  for (const rings of cleaned) {
    const fixed = makeValid(rings);
    if ("reason" in fixed) {
      findings.push({ code: "self-intersection", action: "rejected", message: fixed.reason });
      return { polygons, findings };
    }
    if (fixed.message) findings.push({ code: "self-intersection", action: "repaired", message: fixed.message });
    for (const p of fixed.polygons) {
      const k = valid.push(p) - 1;
      if (fixed.message) madeValid.add(k);
    }
  }
  const wound = valid.map((rings) => (rewind(turfPolygon(rings), { mutate: false }) as unknown as { geometry: { coordinates: LonLat[][] } }).geometry.coordinates);
  if (wound.some((w, k) => !madeValid.has(k) && JSON.stringify(w) !== JSON.stringify(valid[k]))) {
    findings.push({ code: "wrong-winding", action: "repaired", message: "ring winding is not RFC 7946's (exterior counter-clockwise, holes clockwise); rewound with @turf/rewind (area unchanged)" });
  }
  return { polygons: wound, findings };
}

/** The polygon as a valid one: itself (no message), the library's pieces (with a message), or why not. */
function makeValid(rings: LonLat[][]): { polygons: LonLat[][][]; message?: string } | { reason: string } {
  let out: LonLat[][][];
  try {
    out = polyclip.union(rings as polyclip.Geom) as LonLat[][][];
  } catch (e) {
    return { reason: `the rings cross each other or themselves and polyclip-ts could not make the polygon valid (${e instanceof Error ? e.message : String(e)}); fix the geometry in a GIS (e.g. QGIS "Fix geometries")` };
  }
  const project = equalAreaAt(rings[0][0][0], rings[0][0][1]);
  // as written: |shoelace| per ring, so the lobes of a crossing ring cancel (a figure-eight's is ≈ 0)
  const asWritten = area([rings], project);
  const after = out.length === 0 ? 0 : area(out, project);
  if (!(after > 0)) return { reason: `the rings cross each other or themselves, and the valid polygon polyclip-ts makes of them has no area (area as written ${fmt(asWritten)} m²); fix the geometry in a GIS` };
  const unchanged = out.length === 1 && out[0].length === rings.length && Math.abs(after - asWritten) <= SAME_AREA * Math.max(asWritten, after);
  if (unchanged) return { polygons: [rings] };
  // no % when the lobes cancelled (a figure-eight's area as written is rounding noise)
  const change = asWritten < 0.01 * after ? "" : ` (${after >= Math.abs(asWritten) ? "+" : "−"}${fmt1((Math.abs(after - Math.abs(asWritten)) / Math.abs(asWritten)) * 100)} %)`;
  const parts = out.length === 1 ? "one valid polygon" : `${out.length} valid polygons`;
  return { polygons: out, message: `the rings cross each other or themselves; lenient mode makes them ${parts} with polyclip-ts (the union of the rings, rewound to RFC 7946 order): area as written ${fmt(asWritten)} m² (crossing lobes cancel), after ${fmt(after)} m²${change}` };
}

type Project = (lon: number, lat: number) => [number, number];

/** Shoelace of one ring in the projection, signed (counter-clockwise positive). */
function shoelace(ring: LonLat[], project: Project): number {
  const xy = ring.map(([lon, lat]) => project(lon, lat));
  let s = 0;
  for (let i = 0; i + 1 < xy.length; i++) s += xy[i][0] * xy[i + 1][1] - xy[i + 1][0] * xy[i][1];
  return s / 2;
}

/** Area in m²: |exterior| − Σ|holes| per polygon, each ring's shoelace in a Lambert equal-area projection. */
function area(polys: LonLat[][][], project: Project): number {
  let total = 0;
  for (const rings of polys) rings.forEach((ring, k) => (total += (k === 0 ? 1 : -1) * Math.abs(shoelace(ring, project))));
  return total;
}

function fmt(m2: number): string {
  return Math.round(m2).toLocaleString("en-US");
}

function fmt1(v: number): string {
  return v.toFixed(1);
}
