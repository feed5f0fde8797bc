/**
 * The typed layers (io/write/typed-layer.ts: lixels and density cells as columns over the run's typed
 * arrays) are written to the same bytes as the same features built as objects and written by the object
 * writers: GeoJSON, GeoJSON Text Sequences, CSV and FlatGeobuf, on the default corridor and on a
 * seeded synthetic network (labelled synthetic) with awkward values: null road names, schematic roads,
 * roads of one vertex pair, non-ASCII names, incidents far off the roads (nearest-incident distances), hazard areas.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.ts";
import type { HazardRecord, IncidentRecord, LonLat, RoadRecord } from "../../src/io/fields/records.ts";
import { densityLayer, lixelLayer } from "../../src/io/layers/layers.ts";
import { readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { isTypedLayer, type TypedLayer } from "../../src/io/write/typed-layer.ts";
import { writeLayer } from "../../src/io/write/write-layer.ts";
import { type AnalysisResult, analyze } from "../../src/pipeline/analyze.ts";

const DATA = join(import.meta.dirname, "../../data/karabakh");
const META = { toolkit: "minerisk", version: "test", inputs: [], options: {}, workingCrs: { name: "test", definition: "test", distanceErrorBound: null } };

function syntheticRun(seed: number): AnalysisResult {
  const rand = seededRandom(seed);
  const centre: LonLat = [46.9, 39.6];
  const roads: RoadRecord[] = Array.from({ length: 60 }, (_, k) => {
    const line: LonLat[] = [[centre[0] + (rand() - 0.5) * 0.3, centre[1] + (rand() - 0.5) * 0.3]];
    const n = k % 9 === 0 ? 1 : 2 + Math.floor(rand() * 8);
    for (let v = 0; v < n; v++) line.push([line[v][0] + (rand() - 0.5) * 0.02, line[v][1] + (rand() - 0.5) * 0.02]);
    const properties: Record<string, unknown> = k % 4 === 0 ? { geometry_quality: "schematic" } : {};
    return { file: "synthetic", record: k, id: `synthetic-road-${k}`, name: k % 3 === 0 ? null : k % 3 === 1 ? `Road "${k}", synthetic` : `Šuša–Füzuli ${k} 道 (synthetic)`, class: "synthetic", bridge: false, tunnel: false, layer: 0, oneway: 0, parts: [line], properties } as RoadRecord;
  });
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

/** Write the layer both ways (typed and as objects) in every vector format; every file must be the same bytes. */
function expectSameBytes(name: string, layer: TypedLayer): void {
  expect(isTypedLayer(layer)).toBe(true);
  const objects: OutFeature[] = Array.from({ length: layer.length }, (_, i) => layer.at(i) as OutFeature);
  expect(isTypedLayer(objects)).toBe(false);
  const formats = ["geojson", "geojsonseq", "csv", "fgb"] as const;
  const typedDir = mkdtempSync(join(tmpdir(), "minerisk-typed-"));
  const objectDir = mkdtempSync(join(tmpdir(), "minerisk-objects-"));
  writeLayer(typedDir, name, layer, { formats, protect: [], meta: META });
  writeLayer(objectDir, name, objects, { formats, protect: [], meta: META });
  const files = readdirSync(typedDir).sort();
  expect(files).toEqual(readdirSync(objectDir).sort());
  expect(files).toEqual([`${name}.csv`, `${name}.fgb`, `${name}.geojson`, `${name}.geojsons`, `${name}.meta.json`]);
  for (const f of files) expect(readFileSync(join(typedDir, f)).equals(readFileSync(join(objectDir, f))), `${name}: ${f}`).toBe(true);
}

describe("typed layers: the same bytes as the object writers", () => {
  it("the default corridor's lixels and density cells", () => {
    const result = analyze({ roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) }, {});
    expect(result.lixels.count).toBeGreaterThan(1000);
    expectSameBytes("lixels", lixelLayer(result));
    const density = densityLayer(result).features;
    expect(density.length).toBeGreaterThan(100);
    expectSameBytes("density", density);
  });

  it("a seeded synthetic network with null names, schematic roads and hazard areas", () => {
    const result = syntheticRun(0x16);
    const lixels = lixelLayer(result);
    const props = Array.from({ length: lixels.length }, (_, i) => (lixels.at(i) as OutFeature).properties);
    // the awkward values are really there
    expect(props.some((p) => p.roadName === null)).toBe(true);
    expect(props.some((p) => String(p.roadName).includes("道"))).toBe(true);
    expect(props.some((p) => p.geometryQuality === "schematic")).toBe(true);
    expect(props.some((p) => Number(p.confirmedHazardShare) > 0)).toBe(true);
    expectSameBytes("lixels", lixels);
    expectSameBytes("density", densityLayer(result).features);
  });

  it("an empty layer", () => {
    const result = syntheticRun(0x17);
    const empty = { ...lixelLayer(result), length: 0, at: () => undefined };
    expectSameBytes("lixels", empty);
  });
});
