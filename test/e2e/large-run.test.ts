/**
 * Country scale without a stack overflow: `analyze` and the layer writers on a synthetic, seeded network
 * of ≥ 200k lixels with a density grid of ≥ 500k cells, nearly all non-zero. Colombia's national run
 * (161,688 lixels) crashed with "Maximum call stack size exceeded" in write-outputs, on a spread of its
 * density features into Math.max; at M the GeoJSON of one layer no longer fitted in a string. Timing is
 * not tested here (benchmarks do that). Only GeoJSON, and no map or report, to keep the test's run time
 * down: GeoJSON is the format that hit V8's string limit, and the density maximum is computed once for
 * every format; FlatGeobuf's two passes are covered at small size in test/io/write-flatgeobuf.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.ts";
import type { IncidentRecord, LonLat, RoadRecord } from "../../src/io/fields/records.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { writeOutputs } from "../../src/pipeline/write-outputs.ts";
import { qmlStyle } from "../../src/io/write/styles.ts";

/** 100 east–west and 100 north–south straight roads, 100 km each, 1 km apart: 20,000 km of road. */
function gridRoads(centre: LonLat): RoadRecord[] {
  const kmLon = 111.32 * Math.cos((centre[1] * Math.PI) / 180);
  const kmLat = 110.57;
  const ll = (xKm: number, yKm: number): LonLat => [centre[0] + xKm / kmLon, centre[1] + yKm / kmLat];
  const roads: RoadRecord[] = [];
  for (let k = 0; k < 200; k++) {
    const at = (k % 100) - 49.5;
    const line = k < 100 ? [ll(-50, at), ll(50, at)] : [ll(at, -50), ll(at, 50)];
    roads.push({ file: "synthetic", record: k, id: `road-${k}`, name: `Road ${k}`, class: "synthetic", bridge: false, tunnel: false, layer: 0, oneway: 0, parts: [line], properties: {} });
  }
  return roads;
}

function scatteredIncidents(centre: LonLat, count: number, seed: number): IncidentRecord[] {
  const rand = seededRandom(seed);
  const kmLon = 111.32 * Math.cos((centre[1] * Math.PI) / 180);
  return Array.from({ length: count }, (_, i) => ({
    file: "synthetic",
    record: i,
    id: `inc-${i}`,
    lon: centre[0] + ((rand() * 2 - 1) * 50) / kmLon,
    lat: centre[1] + ((rand() * 2 - 1) * 50) / 110.57,
    date: `20${String(10 + Math.floor(rand() * 14)).padStart(2, "0")}-06-15`,
    datePrecision: "day" as const,
    device: "unknown",
    killed: 0,
    injured: 1,
    activity: null,
    source: "synthetic",
    locationPrecisionM: 10,
    locationPrecisionSource: "given",
    onRoad: null,
    properties: {},
  }));
}

describe("analyze at country scale (synthetic, seeded)", () => {
  it("scores ≥ 200k lixels and writes a ≥ 500k-cell density layer without a stack overflow", () => {
    const centre: LonLat = [-74, 4.5];
    // 100 m lixels on 20,000 km: 200,000; density grid over the lixels' box + 5 km on each side at
    // 140 m cells: ceil(110 km / 140 m)² = 786² = 617,796 cells; a 6 km kernel from 300 incidents
    // spread over the box covers nearly all of them
    const result = analyze({ roads: gridRoads(centre), incidents: scatteredIncidents(centre, 300, 16) }, { density: { cellSizeM: 140, bandwidthM: 6000 } });
    expect(result.lixels.count).toBeGreaterThanOrEqual(200_000);
    expect(result.density.ncols * result.density.nrows).toBeGreaterThanOrEqual(500_000);
    let nonZero = 0;
    for (const v of result.density.values) if (v > 0) nonZero++;
    expect(nonZero).toBeGreaterThanOrEqual(500_000);
    const dir = mkdtempSync(join(tmpdir(), "minerisk-large-"));
    try {
      const written = writeOutputs(result, dir, [], { formats: ["geojson"], maps: false, report: false });
      const count = (file: string) => written.find((w) => w.file === file)?.features;
      expect(count("density.geojson")).toBe(nonZero);
      expect(count("lixels.geojson")).toBe(result.lixels.count);
      // a complete FeatureCollection of the right length (one feature per line after the header line)
      const text = readFileSync(join(dir, "density.geojson"), "utf8");
      expect(text.endsWith("}}\n]}\n")).toBe(true);
      expect(text.split("\n").length).toBe(nonZero + 3); // header, features, "]}", final empty string
      // the QGIS style got the layer's maximum (the spread that crashed), computed here by a loop
      let max = 0;
      for (const v of result.density.values) if (v > max) max = v;
      expect(readFileSync(join(dir, "density.qml"), "utf8")).toBe(qmlStyle("density", { maxDensityPerKm2: Number(max.toPrecision(6)) }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
