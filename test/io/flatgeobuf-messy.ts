/**
 * SYNTHETIC, seeded messy layers for the FlatGeobuf intake tests (test/io/flatgeobuf-stream-input.test.ts):
 * roads, incidents and hazards in the Karabakh extent (lon 46–48, lat 39–41) with planted faults at fixed
 * strides, so each run writes the same bytes. `utm` gives UTM 38N metres instead (the header's CRS is
 * then EPSG:32638). Every property is set on the first feature (flatgeobuf's serialize types its columns
 * from it); later features leave some out (null: not written), so ids fall back to the feature number.
 */
import { seededRandom } from "../../src/core/random.ts";

type Xy = [number, number];
const toUtm = ([lon, lat]: Xy): Xy => [500000 + (lon - 45) * 85000, lat * 111000]; // not a projection: plausible metres

function point(r: () => number, utm: boolean): Xy {
  const p: Xy = [46 + r() * 2, 39 + r() * 2];
  return utm ? toUtm(p) : p;
}

export function messyRoads(n: number, seed: number, utm = false): unknown[] {
  const r = seededRandom(seed);
  const names = ["Шуша–Лачин", "road 🚧 7", "plain", 'quote "q"', "tab\there"];
  return Array.from({ length: n }, (_, i) => {
    const a = point(r, utm);
    const line: Xy[] = [a];
    const step = utm ? 3000 : 0.03;
    for (let k = 0, m = 1 + Math.floor(r() * 5); k < m; k++) line.push([line[k][0] + (r() - 0.5) * step, line[k][1] + (r() - 0.5) * step]);
    let geometry: unknown = { type: "LineString", coordinates: line };
    if (i > 0 && i % 17 === 0) geometry = { type: "Point", coordinates: a }; // wrong type
    else if (i > 0 && i % 23 === 0) geometry = { type: "LineString", coordinates: [a] }; // one position
    else if (i > 0 && i % 29 === 0) geometry = { type: "LineString", coordinates: [a, a, line[1], line[1]] }; // repeats
    else if (i > 0 && i % 31 === 0) geometry = { type: "MultiLineString", coordinates: [line, []] }; // an empty part
    else if (i > 0 && i % 13 === 0) geometry = { type: "MultiLineString", coordinates: [line, line.slice().reverse()] };
    else if (i > 0 && i % 37 === 0 && !utm) geometry = { type: "LineString", coordinates: [[200, a[1]], a] }; // longitude out of range
    const properties = i === 0 ? { id: "r0", name: names[0], class: "primary", bridge: "no" } : { id: i % 5 === 0 ? null : `r${i}`, name: names[i % names.length], class: i % 3 ? "track" : "primary", bridge: i % 11 === 0 ? "yes" : null };
    return { type: "Feature", properties, geometry };
  });
}

export function messyIncidents(n: number, seed: number, utm = false): unknown[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const p = point(r, utm);
    let geometry: unknown = { type: "Point", coordinates: p };
    if (i > 0 && i % 13 === 0) geometry = { type: "LineString", coordinates: [p, [p[0] + 0.01, p[1]]] }; // wrong type
    else if (i > 0 && i % 19 === 0 && !utm) geometry = { type: "Point", coordinates: [p[1], p[0] + 100] }; // latitude out of range
    const day = 1 + (i % 28);
    const properties = i === 0 ? { id: "i0", date: "2021-03-01", device: "AP mine", killed: 1, injured: 0 } : { id: i % 7 === 0 ? "i7" : i % 6 === 0 ? null : `i${i}`, date: i % 9 === 0 ? "31/02/2021" : `2021-0${1 + (i % 9)}-${String(day).padStart(2, "0")}`, device: i % 4 ? "AT mine" : null, killed: i % 8 === 0 ? -1 : i % 3, injured: i % 2 };
    return { type: "Feature", properties, geometry };
  });
}

export function messyHazards(n: number, seed: number): unknown[] {
  const r = seededRandom(seed);
  const status = ["confirmed", "suspected", "CHA", "cleared", "maybe"];
  return Array.from({ length: n }, (_, i) => {
    const [x, y] = point(r, false);
    const d = 0.002 + r() * 0.01;
    const ring: Xy[] = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
    let geometry: unknown = { type: "Polygon", coordinates: [ring] };
    if (i > 0 && i % 7 === 0) geometry = { type: "Polygon", coordinates: [ring.slice().reverse()] }; // clockwise
    else if (i > 0 && i % 11 === 0) geometry = { type: "Polygon", coordinates: [ring.slice(0, 4)] }; // not closed
    else if (i > 0 && i % 13 === 0) geometry = { type: "Polygon", coordinates: [[[x, y], [x + d, y + d], [x + d, y], [x, y + d], [x, y]]] }; // a bow tie
    else if (i > 0 && i % 17 === 0) geometry = { type: "LineString", coordinates: ring }; // wrong type
    else if (i > 0 && i % 5 === 0) geometry = { type: "MultiPolygon", coordinates: [[ring], [ring.map(([a, b]) => [a + 2 * d, b])]] };
    const properties = i === 0 ? { id: "h0", status: "confirmed", source: "survey" } : { id: i % 9 === 0 ? null : `h${i}`, status: status[i % status.length], source: i % 2 ? "survey" : null };
    return { type: "Feature", properties, geometry };
  });
}
