/**
 * Issue 22: the bounded merge (merge-bounded.ts, merge-buckets.ts, bounded-run.ts) gives the whole run's
 * numbers without holding the whole run's lixels. On the seeded tiled area (test/helpers/tiles/tiled-area.ts,
 * 16 tiles; roads cross tile edges many times, incidents lie on the edges), with buckets of 1 lixel (every
 * record its own bucket), 700 lixels and all lixels in one: every lixel feature of every bucket equals the
 * whole run's feature at its place, the incidents layer and the summary are the same text, and the
 * density grid the same doubles. And the check that this can fail: a bucket put together with a record
 * left out differs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { densityLayer, incidentFeatures, lixelLayer } from "../../../src/io/layers/layers.ts";
import { formatFeature, formatFeatureCollection } from "../../../src/io/write/format-geojson.ts";
import { analyze } from "../../../src/pipeline/analyze.ts";
import { summarize } from "../../../src/pipeline/summary.ts";
import { planTiledRun, tileOptions } from "../../../src/pipeline/tiles/analyze-tiled.ts";
import { boundedRun } from "../../../src/pipeline/tiles/merge/bounded-run.ts";
import { arraySource } from "../../../src/pipeline/tiles/merge/merge-layout.ts";
import { type BoundedMergeInput, mergeBounded } from "../../../src/pipeline/tiles/merge/merge-bounded.ts";
import { runTile, tileInputOf } from "../../../src/pipeline/tiles/tile-run.ts";
import { tiledArea } from "../../helpers/tiles/tiled-area.ts";

const area = tiledArea(22);
const options = { radiiM: [500, 2000], officialTotals: undefined };
const whole = analyze(area, options);
const wholeLixels = lixelLayer(whole);
const { plan, dataset } = planTiledRun(area, { ...options, tiles: 16 });
const parts = plan.tiles.map((spec) => runTile(tileInputOf(dataset, spec), tileOptions({ ...options, tiles: 16 })));
const scratch = mkdtempSync(join(tmpdir(), "minerisk-bounded-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function input(records = area.roads): BoundedMergeInput {
  return {
    crs: dataset.crs, incidentRecords: dataset.incidentRecords, incidents: dataset.incidents, hazardRecords: dataset.hazardRecords, hazards: dataset.hazards,
    roads: { count: records.length, files: [...new Set(records.map((r) => r.file))], records: (a, b) => records.slice(a, b), vertices: dataset.roads.xy.length / 2, whole: () => dataset.roads },
  };
}

function bounded(bucketLixels: number, records = area.roads) {
  const merge = mergeBounded(input(records), plan, arraySource(parts), { ...options, bucketLixels, spoolDir: join(scratch, `b${bucketLixels}-${Math.random()}`) });
  return { merge, ...boundedRun(merge, input(records)) };
}

describe("the bounded merge equals the whole run", () => {
  for (const bucketLixels of [1, 700, 1e9]) {
    it(`in buckets of ${bucketLixels} lixel(s): every lixel feature, the incidents layer, the summary, the density`, () => {
      const b = bounded(bucketLixels);
      expect(b.run.lixels.count).toBe(whole.lixels.count);
      // 1: every record its own bucket; 700: at least m / 700 buckets; 1e9: one
      if (bucketLixels === 1) expect(b.bucketCount).toBe(area.roads.length);
      if (bucketLixels === 700) expect(b.bucketCount).toBeGreaterThanOrEqual(Math.ceil(whole.lixels.count / 700));
      if (bucketLixels === 1e9) expect(b.bucketCount).toBe(1);
      let at = 0;
      for (const block of b.lixelLayer.blocks()) {
        for (let i = 0; i < block.length; i++, at++) {
          const got = formatFeature(block.at(i) as never);
          if (got !== formatFeature(wholeLixels.at(at) as never)) expect(got, `lixel ${at}`).toBe(formatFeature(wholeLixels.at(at) as never));
        }
      }
      expect(at).toBe(wholeLixels.length);
      expect(formatFeatureCollection(incidentFeatures(b.run)) === formatFeatureCollection(incidentFeatures(whole))).toBe(true);
      expect(JSON.stringify(summarize(b.run))).toBe(JSON.stringify(summarize(whole)));
      expect(formatFeatureCollection(densityLayer(b.run).features) === formatFeatureCollection(densityLayer(whole).features)).toBe(true);
      b.merge.spool.remove();
    });
  }

  it("can fail: with a road record's attributes changed, its lixels differ", () => {
    const changed = area.roads.map((r, k) => (k === 3 ? { ...r, properties: { ...r.properties, geometry_quality: "schematic" } } : r));
    const b = bounded(700, changed);
    let differ = 0;
    let at = 0;
    for (const block of b.lixelLayer.blocks()) for (let i = 0; i < block.length; i++, at++) if (formatFeature(block.at(i) as never) !== formatFeature(wholeLixels.at(at) as never)) differ++;
    expect(differ).toBeGreaterThan(0);
    b.merge.spool.remove();
  });

  it("does not count the graph past its bound, and says so (null, not a number)", () => {
    const big = { ...input(), roads: { ...input().roads, vertices: 1e9 } };
    const merge = mergeBounded(big, plan, arraySource(parts), { ...options, bucketLixels: 1e9, spoolDir: join(scratch, "graph") });
    const s = summarize(boundedRun(merge, big).run);
    expect(s.network.nodes).toBeNull();
    expect(s.network.components).toBeNull();
    expect(summarize(whole).network.components).toBeGreaterThan(0);
    merge.spool.remove();
  });
});
