/**
 * make-colombia-test-roads — a tiny real Colombian road fixture for the CLI backtest test: the TravelMapping
 * national routes clipped to small boxes around the positions of the committed AICMA 2004 extract.
 *
 * Inputs:  ../shared/data/travelmapping-roads/col_routes.geojson (TravelMapping/HighwayData, © OpenStreetMap
 *          contributors); test/fixtures/io/colombia/aicma-2004-extract.geojson, read by the shipped intake with
 *          data/mappings/colombia-aicma.json, leniently (the Bogotá point that lost its minus sign is boxed
 *          where the intake puts it).
 * Output:  test/fixtures/cli/backtest-colombia/roads.geojson — one LineString per piece of a route inside a
 *          box, with the route's TravelMapping properties and the box it was clipped to; one feature per line.
 * Params:  HALF_BOX_DEG = 0.05: ≥ 5.5 km north–south and ≥ 5.4 km east–west at the extract's latitudes
 *          (≤ 10.7° N), so every road within 5 km of an extract point is kept — far more than the backtest's
 *          1 km snap tolerance, so clipping changes no test event. Overlapping boxes are merged into their
 *          bounding box. Clipping is Liang–Barsky per segment in lon/lat; cut points on a box edge are
 *          interpolated linearly and rounded to 7 decimals (≈ 1 cm); original vertices are copied unchanged.
 * Run:     npx tsx scripts/make-colombia-test-roads.ts   (deterministic: the same inputs give the same bytes)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadMapping } from "../src/io/mapping/load-mapping.ts";
import { readIncidents } from "../src/io/read/read-incidents.ts";

const ROADS = "../shared/data/travelmapping-roads/col_routes.geojson";
const EXTRACT = "test/fixtures/io/colombia/aicma-2004-extract.geojson";
const MAPPING = "data/mappings/colombia-aicma.json";
const OUT = "test/fixtures/cli/backtest-colombia/roads.geojson";
const HALF_BOX_DEG = 0.05;

type Box = [number, number, number, number];
type Pos = [number, number];
interface RoadFeature {
  properties: Record<string, unknown>;
  geometry: { type: "LineString" | "MultiLineString"; coordinates: Pos[] | Pos[][] };
}

const points = readIncidents([EXTRACT], { strictness: "lenient", mapping: loadMapping(MAPPING) }).records.map((r): Pos => [r.lon, r.lat]);
const boxes = mergeBoxes(points.map(([x, y]): Box => [x - HALF_BOX_DEG, y - HALF_BOX_DEG, x + HALF_BOX_DEG, y + HALF_BOX_DEG]));
const routes = (JSON.parse(readFileSync(ROADS, "utf8")) as { features: RoadFeature[] }).features;

const lines: string[] = [];
for (const box of boxes) {
  for (const f of routes) {
    const parts = f.geometry.type === "LineString" ? [f.geometry.coordinates as Pos[]] : (f.geometry.coordinates as Pos[][]);
    for (const piece of parts.flatMap((p) => clipLine(p, box))) {
      const { route, tm_file, source_commit } = f.properties;
      const properties = { route, tm_file, source_commit, clippedTo: box.map(round7), source: "TravelMapping/HighwayData, © OpenStreetMap contributors (ODbL)" };
      lines.push(JSON.stringify({ type: "Feature", properties, geometry: { type: "LineString", coordinates: piece } }));
    }
  }
}
writeFileSync(OUT, `{"type": "FeatureCollection", "features": [\n${lines.join(",\n")}\n]}\n`);
process.stdout.write(`${OUT}: ${lines.length} road pieces in ${boxes.length} boxes around ${points.length} extract points\n`);

function round7(v: number): number {
  return Math.round(v * 1e7) / 1e7;
}

/** Merge boxes that overlap into their bounding box until none overlap; sorted west to east, then south to north. */
function mergeBoxes(input: readonly Box[]): Box[] {
  const out: Box[] = input.map((b) => [...b] as Box);
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length && !merged; j++) {
        const [a, b] = [out[i], out[j]];
        if (a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]) {
          out[i] = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
          out.splice(j, 1);
          merged = true;
        }
      }
    }
  }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** The pieces of a polyline inside a box (Liang–Barsky per segment; consecutive inside segments join). */
function clipLine(line: readonly Pos[], box: Box): Pos[][] {
  const pieces: Pos[][] = [];
  let current: Pos[] | null = null;
  for (let k = 0; k + 1 < line.length; k++) {
    const c = clipSegment(line[k], line[k + 1], box);
    if (!c) {
      current = null;
      continue;
    }
    if (current && c.t0 === 0) current.push(c.b);
    else {
      current = [c.a, c.b];
      pieces.push(current);
    }
    if (c.t1 < 1) current = null;
  }
  return pieces;
}

/** Liang–Barsky: the part of segment p→q inside the box, with its parameters t0 ≤ t1 on [0, 1], or null. */
function clipSegment(p: Pos, q: Pos, box: Box): { a: Pos; b: Pos; t0: number; t1: number } | null {
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, p[0] - box[0]],
    [dx, box[2] - p[0]],
    [-dy, p[1] - box[1]],
    [dy, box[3] - p[1]],
  ];
  for (const [pk, qk] of edges) {
    if (pk === 0) {
      if (qk < 0) return null;
      continue;
    }
    const t = qk / pk;
    if (pk < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  if (t0 === t1 && (t0 === 0 || t0 === 1)) return null; // touches the box at one end only
  const at = (t: number): Pos => (t === 0 ? p : t === 1 ? q : [round7(p[0] + t * dx), round7(p[1] + t * dy)]);
  return { a: at(t0), b: at(t1), t0, t1 };
}
