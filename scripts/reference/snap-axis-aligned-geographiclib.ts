/**
 * Writes the fixture test/fixtures/proximity/snap-incidents/axis-aligned-road-near-origin/ (issue 14,
 * part 1: the nearest-road search missed axis-aligned road pieces).
 *
 * Inputs (written here, seeded, synthetic and labelled so): roads.geojson — one road along the meridian
 * 46.9° E from 39.5° N to 39.9° N; incidents.geojson — 60 points within ±0.05° of longitude of it.
 * params.json gives the working CRS: a transverse Mercator on that meridian with a false easting of
 * 437.123 m, so every road vertex projects to x = 437.123 exactly (a zero-width box, as reported).
 * Reference (expected.json): for each incident, the geodesic distance on the WGS84 ellipsoid to the road
 * (the meridian is a geodesic; the nearest point is found by golden-section search along it) and the
 * arc length from the road's first vertex to that point — GeographicLib (npm geographiclib-geodesic, the
 * version is recorded in the file). Never touches minerisk's projection, index or geometry.
 *
 * Run: npx tsx scripts/reference/snap-axis-aligned-geographiclib.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import geodesic from "geographiclib-geodesic";
import { seededRandom } from "../../src/core/random.ts";

const DIR = "test/fixtures/proximity/snap-incidents/axis-aligned-road-near-origin";
const LON0 = 46.9;
const LAT_A = 39.5;
const LAT_B = 39.9;
const G = geodesic.Geodesic.WGS84;

/** Geodesic distance from (lat, lon) to the meridian LON0 between LAT_A and LAT_B, and the foot's arc length. */
function toRoad(lat: number, lon: number): { distanceM: number; chainageM: number } {
  const line = G.InverseLine(LAT_A, LON0, LAT_B, LON0);
  const f = (s: number) => G.Inverse(lat, lon, line.Position(s).lat2 as number, LON0).s12 as number;
  // distance to a point moving along a geodesic is unimodal over this 44 km piece
  let lo = 0;
  let hi = line.s13 as number;
  const phi = (Math.sqrt(5) - 1) / 2;
  while (hi - lo > 1e-6) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (f(a) < f(b)) hi = b;
    else lo = a;
  }
  const s = (lo + hi) / 2;
  return { distanceM: f(s), chainageM: s };
}

const rand = seededRandom(14_014);
const incidents = Array.from({ length: 60 }, (_, i) => ({
  type: "Feature",
  properties: { id: `axis-${i}`, date: "2023-09-19", datePrecision: "day", device: "unknown", locationPrecisionM: 10, synthetic: true },
  geometry: { type: "Point", coordinates: [Number((LON0 + (rand() - 0.5) * 0.1).toFixed(7)), Number((39.52 + rand() * 0.36).toFixed(7))] },
}));
const roads = {
  type: "FeatureCollection",
  features: [{ type: "Feature", properties: { id: "meridian-46.9", name: "schematic road on the meridian 46.9° E", class: "primary", synthetic: true }, geometry: { type: "LineString", coordinates: [[LON0, LAT_A], [LON0, 39.7], [LON0, LAT_B]] } }],
};
const version = JSON.parse(readFileSync("node_modules/geographiclib-geodesic/package.json", "utf8")).version;
const expected = {
  reference: `GeographicLib geodesic (npm geographiclib-geodesic ${version}), WGS84; golden-section search to 1e-6 m`,
  tolerance: "0.1 % + 1 m (the README's distance bound)",
  incidents: incidents.map((f) => {
    const [lon, lat] = f.geometry.coordinates;
    const r = toRoad(lat, lon);
    return { id: f.properties.id, offsetM: Number(r.distanceM.toFixed(4)), chainageM: Number(r.chainageM.toFixed(4)) };
  }),
};
mkdirSync(DIR, { recursive: true });
writeFileSync(join(DIR, "roads.geojson"), `${JSON.stringify(roads, null, 1)}\n`);
writeFileSync(join(DIR, "incidents.geojson"), `${JSON.stringify({ type: "FeatureCollection", features: incidents }, null, 1)}\n`);
writeFileSync(join(DIR, "params.json"), `${JSON.stringify({ crs: "+proj=tmerc +lat_0=39.7 +lon_0=46.9 +k_0=1 +x_0=437.123 +y_0=0 +ellps=WGS84 +units=m +no_defs", lixelLengthM: 100 }, null, 1)}\n`);
writeFileSync(join(DIR, "expected.json"), `${JSON.stringify(expected, null, 1)}\n`);
