/**
 * The merge reads its tiles one at a time: a TileSource that hands out a fresh copy of each tile and, when
 * the next is read, detaches every buffer of the one before (a merge that kept using an earlier tile would
 * read zero-length arrays and differ or throw) gives the same result as the merge of tiles in memory, on
 * the seeded tiled area (test/helpers/tiles/tiled-area.ts, synthetic) with 1, 4 and 16 tiles; the reads per
 * tile are counted (two passes, a third only when an incident has no road within the snapping bound).
 */
import { describe, expect, it } from "vitest";
import { incidentFeatures, lixelLayer } from "../../../src/io/layers/layers.ts";
import { formatFeatureCollection } from "../../../src/io/write/format-geojson.ts";
import { planTiledRun, tileOptions } from "../../../src/pipeline/tiles/analyze-tiled.ts";
import type { TileSource } from "../../../src/pipeline/tiles/merge/merge-layout.ts";
import { mergeTiles } from "../../../src/pipeline/tiles/merge/merge-tiles.ts";
import { type TilePart, runTile, tileInputOf } from "../../../src/pipeline/tiles/tile-run.ts";
import { tiledArea } from "../../helpers/tiles/tiled-area.ts";

const area = tiledArea(23);
const options = { radiiM: [500, 2000] };

function buffersOf(value: unknown, into = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) into.add(value.buffer);
  } else if (value && typeof value === "object") for (const v of Object.values(value)) buffersOf(v, into);
  return [...into];
}

/** Copies of the tiles; reading one detaches the buffers of the copy read before it. */
function detachingSource(parts: readonly TilePart[]): TileSource & { reads: number[] } {
  let last: TilePart | undefined;
  const reads = parts.map(() => 0);
  return {
    count: parts.length,
    reads,
    read(k) {
      if (last) structuredClone(last, { transfer: buffersOf(last) });
      reads[k]++;
      last = structuredClone(parts[k]);
      return last;
    },
  };
}

describe("the merge holds one tile at a time", () => {
  for (const tiles of [1, 4, 16]) {
    it(`${tiles} tile(s): a source that detaches the tile before gives the in-memory merge's layers`, () => {
      const { plan, dataset } = planTiledRun(area, { ...options, tiles });
      const parts = plan.tiles.map((spec) => runTile(tileInputOf(dataset, spec), tileOptions(options)));
      const inMemory = mergeTiles(area, plan, parts, options, dataset);
      for (const snapBoundM of [1e6, 1]) {
        const source = detachingSource(parts);
        const merged = mergeTiles(area, plan, source, { ...options, snapBoundM }, dataset);
        expect(formatFeatureCollection(lixelLayer(merged)) === formatFeatureCollection(lixelLayer(inMemory))).toBe(true);
        expect(formatFeatureCollection(incidentFeatures(merged)) === formatFeatureCollection(incidentFeatures(inMemory))).toBe(true);
        expect(Buffer.from(merged.risk.ratePerKmYear.buffer).equals(Buffer.from(inMemory.risk.ratePerKmYear.buffer))).toBe(true);
        expect(Buffer.from(merged.hazardRoadM.buffer).equals(Buffer.from(inMemory.hazardRoadM.buffer))).toBe(true);
        // the third pass reads every tile again when some incident has no road within the bound
        const third = inMemory.snaps.offsetM.some((d) => d > snapBoundM);
        expect(third).toBe(snapBoundM !== 1e6);
        expect(source.reads).toEqual(parts.map(() => (third ? 3 : 2)));
      }
    });
  }

  it("the detaching source can fail: a merge given a tile that was detached differs", () => {
    const { plan, dataset } = planTiledRun(area, { ...options, tiles: 4 });
    const parts = plan.tiles.map((spec) => runTile(tileInputOf(dataset, spec), tileOptions(options)));
    const source = detachingSource(parts);
    const first = source.read(0);
    source.read(1);
    expect(first.lixels.xy.length).toBe(0);
    expect(() => mergeTiles(area, plan, { count: parts.length, read: (k) => (k === 0 ? first : parts[k]) }, options, dataset)).toThrow();
  });
});
