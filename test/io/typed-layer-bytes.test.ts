/**
 * The typed layers (io/write/typed-layer.ts: lixels and density cells as columns over the run's typed
 * arrays) are written to the same bytes as the same features built as objects and written by the object
 * writers: GeoJSON, GeoJSON Text Sequences, CSV and FlatGeobuf, on the default corridor and on a
 * seeded synthetic network (labelled synthetic) with awkward values: null road names, schematic roads,
 * roads of one vertex pair, non-ASCII names, incidents far off the roads (nearest-incident distances), hazard areas
 * (test/helpers/layers/blocked-fixtures.ts, shared with the blocked-layer tests).
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { densityLayer, lixelLayer } from "../../src/io/layers/layers.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { isTypedLayer, type TypedLayer } from "../../src/io/write/typed-layer.ts";
import { writeLayer } from "../../src/io/write/write-layer.ts";
import { corridorRun, syntheticRun } from "../helpers/layers/blocked-fixtures.ts";

const META = { toolkit: "minerisk", version: "test", inputs: [], options: {}, workingCrs: { name: "test", definition: "test", distanceErrorBound: null } };

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
    const result = corridorRun();
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
