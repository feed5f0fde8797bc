/**
 * layerFiles lists, without writing, the files writeLayer returns: writeOutputs uses it for a layer written
 * on its helper thread (pipeline/write-helper.ts), so the list of outputs in summary.json must not depend
 * on which thread wrote the layer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { type LayerFormat, LISTED_FORMATS, layerFiles, writeLayer } from "../../src/io/write/write-layer.ts";

const dir = mkdtempSync(join(tmpdir(), "minerisk-layer-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const features: OutFeature[] = Array.from({ length: 7 }, (_, i) => ({ type: "Feature", properties: { id: i, name: `p${i}` }, geometry: { type: "Point", coordinates: [46 + i / 10, 39.5] } }));
const meta = { toolkit: "minerisk", version: "test", inputs: [], options: {}, workingCrs: "EPSG:32638" } as never;

describe("layerFiles", () => {
  const combos: LayerFormat[][] = [["geojson", "fgb", "csv"], ["csv", "geojson"], ["fgb"], ["geojsonseq", "csv"], [...LISTED_FORMATS], []];
  it.each(combos.flatMap((formats) => [true, false].map((qml) => [formats, qml] as const)))("is what writeLayer returns for %j, style %s", (formats, qml) => {
    const written = writeLayer(dir, "pts", features, { formats, qml: qml ? "<qgis/>" : undefined, csvLonLat: true, protect: [], meta });
    expect(layerFiles("pts", features.length, formats, qml)).toEqual(written);
  });

  it("refuses a format it cannot list", () => {
    expect(() => layerFiles("pts", 7, ["parquet"], false)).toThrow(/parquet/);
  });
});
