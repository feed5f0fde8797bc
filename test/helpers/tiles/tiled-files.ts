/** The tiled test area (tiled-area.ts) written as GeoJSON input files, to run the CLI on it. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tiledArea } from "./tiled-area.ts";

export function writeTiledArea(dir: string, seed: number): { roads: string; incidents: string; hazards: string } {
  mkdirSync(dir, { recursive: true });
  const a = tiledArea(seed);
  const fc = (features: unknown[]) => `${JSON.stringify({ type: "FeatureCollection", features })}\n`;
  const roads = a.roads.map((r) => ({
    type: "Feature",
    properties: { id: r.id, name: r.name, highway: "secondary", ...(r.bridge ? { bridge: "yes", layer: 1 } : {}), synthetic: true },
    geometry: r.parts.length === 1 ? { type: "LineString", coordinates: r.parts[0] } : { type: "MultiLineString", coordinates: r.parts },
  }));
  const incidents = a.incidents.map((i) => ({
    type: "Feature",
    properties: { id: i.id, date: i.date, datePrecision: i.datePrecision, device: i.device, killed: i.killed, injured: i.injured, locationPrecisionM: i.locationPrecisionM, onRoad: i.onRoad, source: "synthetic" },
    geometry: { type: "Point", coordinates: [i.lon, i.lat] },
  }));
  const hazards = a.hazards.map((h) => ({ type: "Feature", properties: { id: h.id, status: h.status }, geometry: { type: "Polygon", coordinates: h.polygons[0] } }));
  const files = { roads: join(dir, "roads.geojson"), incidents: join(dir, "incidents.geojson"), hazards: join(dir, "hazards.geojson") };
  writeFileSync(files.roads, fc(roads));
  writeFileSync(files.incidents, fc(incidents));
  writeFileSync(files.hazards, fc(hazards));
  return files;
}
