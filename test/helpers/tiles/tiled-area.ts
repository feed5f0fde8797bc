/**
 * A seeded synthetic study area (labelled synthetic) for tiled runs: long winding roads that cross tile
 * edges many times, branches that start on another road's vertex (junctions across tiles), a two-part road,
 * a bridge, incidents of every location precision (10 m to district 15 km, so the local loop, the kernel tree
 * and the road strip all run) including incidents placed exactly on the 16-tile grid's edges, and hazard
 * areas (confirmed, suspected, cleared) straddling edges.
 */
import { seededRandom } from "../../../src/core/random.ts";
import type { HazardRecord, IncidentRecord, LonLat, RoadRecord } from "../../../src/io/fields/records.ts";
import { buildDataset } from "../../../src/io/read/build-dataset.ts";
import { planTiles } from "../../../src/pipeline/tiles/plan-tiles.ts";
import { syntheticStudyArea } from "../synthetic.ts";

export function tiledArea(seed: number): { roads: RoadRecord[]; incidents: IncidentRecord[]; hazards: HazardRecord[]; onEdges: number } {
  const rand = seededRandom(seed);
  const base = syntheticStudyArea({ seed, roads: 40, vertices: 40, segmentKm: 0.8, incidents: 120, centre: [46.8, 39.8], halfKm: 15 });
  const roads = base.roads;
  const road = (id: string, parts: LonLat[][], extra: Partial<RoadRecord> = {}): RoadRecord => ({ file: "synthetic", record: roads.length, id, name: id, class: "synthetic", bridge: false, tunnel: false, layer: 0, oneway: 0, parts, properties: { synthetic: true }, ...extra });
  // branches leaving an interior vertex of an earlier road, at exactly its coordinates: a junction
  for (let b = 0; b < 30; b++) {
    const host = roads[Math.floor(rand() * 40)].parts[0];
    const v = 1 + Math.floor(rand() * (host.length - 2));
    const line: LonLat[] = [host[v]];
    let [lon, lat] = host[v];
    const heading = rand() * 2 * Math.PI;
    for (let k = 0; k < 12; k++) {
      lon += (0.01 * Math.cos(heading + (rand() - 0.5))) / 0.77;
      lat += 0.01 * Math.sin(heading + (rand() - 0.5));
      line.push([lon, lat]);
    }
    roads.push(road(`branch-${b}`, [line]));
  }
  roads.push(road("two-part", [roads[1].parts[0].slice(0, 5).map(([x, y]) => [x + 0.03, y]), roads[2].parts[0].slice(3, 9).map(([x, y]) => [x, y + 0.02])]));
  roads.push(road("bridge", [[roads[3].parts[0][4], [roads[3].parts[0][4][0] + 0.1, roads[3].parts[0][4][1] + 0.05]]], { bridge: true }));
  const incidents = base.incidents;
  const precisions = [10, 10, 100, 1000, 3000, 5000, 15000];
  incidents.forEach((inc, i) => {
    inc.locationPrecisionM = precisions[i % precisions.length];
    inc.onRoad = i % 5 === 0 ? true : i % 7 === 0 ? false : null;
  });
  // incidents exactly on the 16-tile grid's inner edges (the 4-tile edges are among them)
  const dataset = buildDataset({ roads, incidents: [] });
  const plan = planTiles(dataset, { tiles: 16 });
  const [x0, y0, x1, y1] = plan.extent;
  const onEdge: number[] = [];
  for (let c = 1; c < 4; c++) {
    for (let k = 0; k < 8; k++) {
      onEdge.push(x0 + ((x1 - x0) * c) / 4, y0 + (y1 - y0) * rand());
      onEdge.push(x0 + (x1 - x0) * rand(), y0 + ((y1 - y0) * c) / 4);
    }
  }
  const ll = dataset.crs.inverse(Float64Array.from(onEdge));
  for (let j = 0; j < ll.length / 2; j++) {
    const i = incidents.length;
    incidents.push({ ...incidents[j], record: i, id: `edge-${j}`, lon: ll[2 * j], lat: ll[2 * j + 1], locationPrecisionM: precisions[j % precisions.length] });
  }
  const square = (lon: number, lat: number, d: number): LonLat[][] => [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]];
  const mid = dataset.crs.inverse(Float64Array.from([(x0 + x1) / 2, (y0 + y1) / 2, x0 + (x1 - x0) / 4, y0 + (y1 - y0) / 4]));
  const hazards: HazardRecord[] = [
    { file: "synthetic", record: 0, id: "cha-1", status: "confirmed", polygons: [square(mid[0], mid[1], 0.03)], properties: {} },
    { file: "synthetic", record: 1, id: "sha-1", status: "suspected", polygons: [square(mid[2], mid[3], 0.04)], properties: {} },
    { file: "synthetic", record: 2, id: "cleared-1", status: "cleared", polygons: [square(mid[2] + 0.01, mid[3], 0.01)], properties: {} },
  ];
  return { roads, incidents, hazards, onEdges: ll.length / 2 };
}
