/**
 * Synthetic test data (seeded, labelled as such): random winding roads and scattered incidents in
 * WGS84 around a centre, returned as validated-record shapes so they enter through the real door.
 */
import { seededRandom } from "../../src/core/random.ts";
import type { IncidentRecord, LonLat, RoadRecord } from "../../src/io/fields/records.ts";

export interface SyntheticOptions {
  seed: number;
  roads: number;
  /** Vertices per road. */
  vertices: number;
  /** Typical segment length, km. */
  segmentKm: number;
  incidents: number;
  centre: LonLat;
  /** Half-size of the box, km. */
  halfKm: number;
}

export function syntheticStudyArea(o: SyntheticOptions): { roads: RoadRecord[]; incidents: IncidentRecord[] } {
  const rand = seededRandom(o.seed);
  const kmLon = 111.32 * Math.cos((o.centre[1] * Math.PI) / 180);
  const kmLat = 110.57;
  const toLonLat = (xKm: number, yKm: number): LonLat => [o.centre[0] + xKm / kmLon, o.centre[1] + yKm / kmLat];
  const roads: RoadRecord[] = [];
  for (let r = 0; r < o.roads; r++) {
    let x = (rand() * 2 - 1) * o.halfKm;
    let y = (rand() * 2 - 1) * o.halfKm;
    let heading = rand() * 2 * Math.PI;
    const line: LonLat[] = [toLonLat(x, y)];
    for (let v = 1; v < o.vertices; v++) {
      heading += (rand() - 0.5) * 0.8;
      const step = o.segmentKm * (0.5 + rand());
      x += step * Math.cos(heading);
      y += step * Math.sin(heading);
      line.push(toLonLat(x, y));
    }
    roads.push({ file: "synthetic", record: r, id: `road-${r}`, name: `Road ${r}`, class: "synthetic", bridge: false, tunnel: false, layer: 0, oneway: 0, parts: [line], properties: { synthetic: true } });
  }
  const incidents: IncidentRecord[] = [];
  for (let i = 0; i < o.incidents; i++) {
    const [lon, lat] = toLonLat((rand() * 2 - 1) * o.halfKm, (rand() * 2 - 1) * o.halfKm);
    incidents.push({
      file: "synthetic",
      record: i,
      id: `inc-${i}`,
      lon,
      lat,
      date: `20${String(10 + Math.floor(rand() * 14)).padStart(2, "0")}-06-15`,
      datePrecision: "day",
      device: "unknown",
      killed: Math.floor(rand() * 3),
      injured: Math.floor(rand() * 3),
      activity: null,
      source: "synthetic",
      locationPrecisionM: 10,
      locationPrecisionSource: "given",
      onRoad: null,
      properties: { synthetic: true },
    });
  }
  return { roads, incidents };
}
