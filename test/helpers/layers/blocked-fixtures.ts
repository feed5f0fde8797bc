/**
 * Lixel layers for the blocked-layer tests (io/write/blocked-layer.ts): the default corridor's (the
 * committed Karabakh sample) and a seeded synthetic network (labelled synthetic) with awkward values —
 * null road names, quotes and commas, non-ASCII names, schematic roads, one-segment roads, hazard areas —
 * and the block splits every test runs: blocks of 1, 7 and 1000 features, and cuts with empty blocks at
 * the start, the end and between full ones, with blocks holding their own vertex arrays (offsets from 0).
 */
import { join } from "node:path";
import { seededRandom } from "../../../src/core/random.ts";
import type { HazardRecord, IncidentRecord, LonLat, RoadRecord } from "../../../src/io/fields/records.ts";
import { lixelLayer } from "../../../src/io/layers/layers.ts";
import { readIncidentsGeoJson } from "../../../src/io/read/read-incidents.ts";
import { readRoadsGeoJson } from "../../../src/io/read/read-roads.ts";
import { type BlockedLayer, blocksAt, blocksOf } from "../../../src/io/write/blocked-layer.ts";
import type { TypedLayer } from "../../../src/io/write/typed-layer.ts";
import { type AnalysisResult, analyze } from "../../../src/pipeline/analyze.ts";

const DATA = join(import.meta.dirname, "../../../data/karabakh");

export function corridorRun(): AnalysisResult {
  return analyze({ roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) }, {});
}

/** A seeded synthetic run (labelled synthetic) around `centre`; `outlier`: one more road, ≈ 110 m long, ≈ 3.6° away. */
export function syntheticRun(seed: number, options: { outlier?: boolean; centre?: LonLat } = {}): AnalysisResult {
  const rand = seededRandom(seed);
  const centre: LonLat = options.centre ?? [46.9, 39.6];
  const roads: RoadRecord[] = Array.from({ length: 60 }, (_, k) => {
    const line: LonLat[] = [[centre[0] + (rand() - 0.5) * 0.3, centre[1] + (rand() - 0.5) * 0.3]];
    const n = k % 9 === 0 ? 1 : 2 + Math.floor(rand() * 8);
    for (let v = 0; v < n; v++) line.push([line[v][0] + (rand() - 0.5) * 0.02, line[v][1] + (rand() - 0.5) * 0.02]);
    const properties: Record<string, unknown> = k % 4 === 0 ? { geometry_quality: "schematic" } : {};
    return { file: "synthetic", record: k, id: `synthetic-road-${k}`, name: k % 3 === 0 ? null : k % 3 === 1 ? `Road "${k}", synthetic` : `Šuša–Füzuli ${k} 道 (synthetic)`, class: "synthetic", bridge: false, tunnel: false, layer: 0, oneway: 0, parts: [line], properties } as RoadRecord;
  });
  if (options.outlier) {
    const at: LonLat = [centre[0] + 3, centre[1] - 2];
    roads.push({ file: "synthetic", record: 60, id: "synthetic-outlier", name: "far road (synthetic)", class: "synthetic", bridge: false, tunnel: false, layer: 0, oneway: 0, parts: [[at, [at[0] + 0.001, at[1] + 0.0005]]], properties: {} } as RoadRecord);
  }
  const incidents: IncidentRecord[] = Array.from({ length: 300 }, (_, i) => ({
    file: "synthetic",
    record: i,
    id: `synthetic-inc-${i}`,
    lon: centre[0] + (rand() - 0.5) * 0.4,
    lat: centre[1] + (rand() - 0.5) * 0.4,
    date: `20${String(10 + Math.floor(rand() * 14)).padStart(2, "0")}-0${1 + Math.floor(rand() * 9)}-15`,
    datePrecision: "day" as const,
    device: i % 2 ? "anti-tank" : "unknown",
    killed: i % 3,
    injured: 1,
    activity: null,
    source: "synthetic",
    locationPrecisionM: i % 5 === 0 ? 2000 : 10,
    locationPrecisionSource: "given",
    onRoad: null,
    properties: {},
  }));
  const box = (x: number, y: number, d: number): LonLat[][] => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
  const hazards = [
    { file: "synthetic", record: 0, id: "synthetic-cha", status: "confirmed", polygons: [box(roads[1].parts[0][0][0] - 0.01, roads[1].parts[0][0][1] - 0.01, 0.02)], properties: {} },
    { file: "synthetic", record: 1, id: "synthetic-sha", status: "suspected", polygons: [box(roads[2].parts[0][0][0] - 0.01, roads[2].parts[0][0][1] - 0.01, 0.03)], properties: {} },
  ] as unknown as HazardRecord[];
  return analyze({ roads, incidents, hazards }, {});
}

/** Cuts of `n` features with empty blocks first, last and between uneven full ones (3, 1, 0, 0, 250, …). */
export function cutsWithEmpties(n: number): [number, number][] {
  const cuts: [number, number][] = [[0, 0]];
  const sizes = [3, 1, 0, 0, 250, 0, 17, 1];
  let at = 0;
  for (let k = 0; at < n; k++) {
    const to = Math.min(n, at + sizes[k % sizes.length]);
    cuts.push([at, to]);
    at = to;
  }
  cuts.push([n, n], [n, n]);
  return cuts;
}

/** The splits every blocked test compares with the whole layer. */
export function splits(layer: TypedLayer): { label: string; blocked: BlockedLayer }[] {
  return [
    ...[1, 7, 1000].map((size) => ({ label: `blocks of ${size}`, blocked: blocksOf(layer, size) })),
    { label: "empty blocks between uneven ones, own vertex arrays", blocked: blocksAt(layer, cutsWithEmpties(layer.length), { copy: true }) },
  ];
}

export { lixelLayer };
