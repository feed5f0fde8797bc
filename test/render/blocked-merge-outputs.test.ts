/**
 * The bounded merge's lixel layer (pipeline/tiles/merge/bounded-run.ts: a BlockedLayer whose blocks are
 * built per bucket from the spool) through the blocked consumers gives the whole run's files: the
 * lixels as GeoJSON, GeoJSON Text Sequences and CSV (writeLayer, one pass), the static map
 * (staticMap fed blockedStretchBlocks) and the report (reportChunks, cap fed from the same stretches),
 * byte for byte, in buckets of 1, 700 and all lixels. The seeded tiled area (labelled synthetic,
 * test/helpers/tiles/tiled-area.ts: 16 tiles, roads crossing tile edges, incidents on the edges).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { incidentFeatures, lixelLayer } from "../../src/io/layers/layers.ts";
import type { BlockedLayer } from "../../src/io/write/blocked-layer.ts";
import type { TypedLayer } from "../../src/io/write/typed-layer.ts";
import { type LayerFeatures, writeLayer } from "../../src/io/write/write-layer.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { summarize } from "../../src/pipeline/summary.ts";
import { planTiledRun, tileOptions } from "../../src/pipeline/tiles/analyze-tiled.ts";
import { boundedRun } from "../../src/pipeline/tiles/merge/bounded-run.ts";
import { arraySource } from "../../src/pipeline/tiles/merge/merge-layout.ts";
import { type BoundedMergeInput, mergeBounded } from "../../src/pipeline/tiles/merge/merge-bounded.ts";
import { runTile, tileInputOf } from "../../src/pipeline/tiles/tile-run.ts";
import { lixelStretchBlocks } from "../../src/render/report/blocked-stretches.ts";
import { stretchCapAccumulator } from "../../src/render/report/report-cap.ts";
import type { MaplibreAssets } from "../../src/render/report/maplibre-assets.ts";
import { reportChunks } from "../../src/render/report/report.ts";
import { staticMap } from "../../src/render/map/svg-map.ts";
import { tiledArea } from "../helpers/tiles/tiled-area.ts";

const ASSETS: MaplibreAssets = { js: "/* maplibre */", workerJs: "/* worker */", css: ".maplibregl-map{}", version: "0.0.0-test" };
const META = { toolkit: "minerisk", version: "test", inputs: [], options: {}, workingCrs: { name: "test", definition: "test", distanceErrorBound: null } };
const area = tiledArea(22);
const options = { radiiM: [500, 2000], officialTotals: undefined };
const whole = analyze(area, options);
const { plan, dataset } = planTiledRun(area, { ...options, tiles: 16 });
const parts = plan.tiles.map((spec) => runTile(tileInputOf(dataset, spec), tileOptions({ ...options, tiles: 16 })));
const scratch = mkdtempSync(join(tmpdir(), "minerisk-blocked-merge-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const input = (): BoundedMergeInput => ({
  crs: dataset.crs, incidentRecords: dataset.incidentRecords, incidents: dataset.incidents, hazardRecords: dataset.hazardRecords, hazards: dataset.hazards,
  roads: { count: area.roads.length, files: [...new Set(area.roads.map((r) => r.file))], records: (a, b) => area.roads.slice(a, b), vertices: dataset.roads.xy.length / 2, whole: () => dataset.roads },
});

/** The lixel layer's files, the map and the report, as the pipeline's writeOutputs makes them. */
function outputs(lixels: TypedLayer | BlockedLayer, run: Parameters<typeof summarize>[0], incidents: ReturnType<typeof incidentFeatures>): Map<string, Buffer> {
  const dir = mkdtempSync(join(scratch, "out-"));
  writeLayer(dir, "lixels", lixels as LayerFeatures, { formats: ["geojson", "geojsonseq", "csv"], protect: [], meta: META });
  const map = staticMap({ lixels, incidents }, { title: "tiled area (synthetic)" });
  const cap = stretchCapAccumulator();
  for (const block of lixelStretchBlocks(lixels)) (map.add(block), cap.add(block));
  const svg = map.svg();
  const files = new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
  files.set("map.svg", Buffer.from(svg));
  files.set("report.html", Buffer.from([...reportChunks({ summary: summarize(run), layers: { lixels, incidents }, stretchCap: cap.finish(), staticMapSvg: svg }, ASSETS)].join("")));
  return files;
}

describe("the bounded merge's blocked lixel layer, written and drawn", () => {
  const want = outputs(lixelLayer(whole), whole, incidentFeatures(whole));
  for (const bucketLixels of [1, 700, 1e9]) {
    it(`in buckets of ${bucketLixels} lixel(s): the whole run's lixel files, map and report, byte for byte`, () => {
      const merge = mergeBounded(input(), plan, arraySource(parts), { ...options, bucketLixels, spoolDir: join(scratch, `b${bucketLixels}`) });
      const b = boundedRun(merge, input());
      const got = outputs(b.lixelLayer, b.run, incidentFeatures(b.run));
      expect([...got.keys()]).toEqual(["lixels.csv", "lixels.geojson", "lixels.geojsons", "lixels.meta.json", "map.svg", "report.html"]);
      for (const [f, bytes] of want) expect((got.get(f) as Buffer).equals(bytes), `${f}, buckets of ${bucketLixels}`).toBe(true);
      merge.spool.remove();
    });
  }
});
