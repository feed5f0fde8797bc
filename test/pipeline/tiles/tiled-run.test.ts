/**
 * Must-show of issue 22: a tiled run equals the whole run, byte for byte, with 1, 4 and 16 tiles, on a
 * seeded network that crosses tile edges many times with incidents exactly on the edges
 * (test/helpers/tiles/tiled-area.ts). Compared: the lixel, incident and density layers as GeoJSON text (what
 * the writers put in the files), every per-lixel typed array, and the risk meta (κ, the level forecast,
 * intervals); the same on a network of ≥ 50,000 vertices, where the projection is a fitted polynomial. And
 * the check that this test can fail: without the halo, junctions across tile edges are lost and the lixel
 * layer differs.
 */
import { describe, expect, it } from "vitest";
import { densityLayer, incidentFeatures, lixelLayer } from "../../../src/io/layers/layers.ts";
import { formatFeatureCollection } from "../../../src/io/write/format-geojson.ts";
import { analyze } from "../../../src/pipeline/analyze.ts";
import { analyzeTiled, planTiledRun, tileOptions } from "../../../src/pipeline/tiles/analyze-tiled.ts";
import { mergeTiles } from "../../../src/pipeline/tiles/merge/merge-tiles.ts";
import { runTile, tileInputOf } from "../../../src/pipeline/tiles/tile-run.ts";
import { syntheticStudyArea } from "../../helpers/synthetic.ts";
import { tiledArea } from "../../helpers/tiles/tiled-area.ts";

const area = tiledArea(22);
const options = { radiiM: [500, 2000], officialTotals: undefined };
const whole = analyze(area, options);
const layers = (r: Parameters<typeof lixelLayer>[0]) => ({
  lixels: formatFeatureCollection(lixelLayer(r)),
  incidents: formatFeatureCollection(incidentFeatures(r)),
  density: formatFeatureCollection(densityLayer(r).features),
});
const wholeLayers = layers(whole);

describe("a tiled run equals the whole run", () => {
  it("crosses tile edges many times, with incidents on the edges and junctions across them", () => {
    const { plan } = planTiledRun(area, { tiles: 16 });
    const owners = new Set(plan.ownerOf);
    expect(owners.size).toBeGreaterThanOrEqual(12);
    const haloRoads = plan.tiles.reduce((s, t) => s + t.halo.length, 0);
    expect(haloRoads).toBeGreaterThan(30);
    expect(area.onEdges).toBe(48);
    expect(whole.lixels.count).toBeGreaterThan(5000);
    // the area reaches all three summing paths and every risk part
    expect(whole.risk.meta.rateScale).toBeGreaterThan(0);
    expect(whole.risk.hazardRatePerKmYear.some((v) => v > 0)).toBe(true);
    expect(whole.risk.roadShare.some((v) => v > 0 && v < 1)).toBe(true);
  });

  for (const tiles of [1, 4, 16]) {
    it(`with ${tiles} tile${tiles > 1 ? "s" : ""}: the same layer bytes, arrays and risk meta`, () => {
      const tiled = analyzeTiled(area, { ...options, tiles });
      const got = layers(tiled);
      expect(got.lixels === wholeLayers.lixels).toBe(true);
      expect(got.incidents === wholeLayers.incidents).toBe(true);
      expect(got.density === wholeLayers.density).toBe(true);
      for (const key of ["ratePerKmYear", "localRatePerKmYear", "networkRatePerKmYear", "regionalRatePerKmYear", "hazardRatePerKmYear", "casualtyRatePerKmYear", "intensity", "roadShare"] as const) {
        expect(Buffer.from(tiled.risk[key].buffer).equals(Buffer.from(whole.risk[key].buffer)), key).toBe(true);
      }
      expect(JSON.stringify(tiled.risk.meta)).toBe(JSON.stringify(whole.risk.meta));
      expect(Buffer.from(tiled.snaps.chainageM.buffer).equals(Buffer.from(whole.snaps.chainageM.buffer))).toBe(true);
      expect(Buffer.from(tiled.density.values.buffer).equals(Buffer.from(whole.density.values.buffer))).toBe(true);
    });
  }

  it("with ≥ 50,000 road vertices (projected by a polynomial fitted to the array's box): the same rates with 16 tiles", () => {
    // the tiles must not project their own roads: io/crs/crs.ts fits the projection to each array's box
    const big = syntheticStudyArea({ seed: 5, roads: 400, vertices: 150, segmentKm: 0.2, incidents: 300, centre: [46.8, 39.8], halfKm: 25 });
    const opts = { lixelLengthM: 500 };
    const a = analyze(big, opts);
    const b = analyzeTiled(big, { ...opts, tiles: 16 });
    expect(a.dataset.roads.xy.length / 2).toBeGreaterThanOrEqual(50_000);
    // lixelize returns a view of its vertex buffer (core/lixels.ts), whose spare capacity depends on the roads given: compare the views
    const bytes = (v: Float64Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    expect(bytes(b.lixels.xy).equals(bytes(a.lixels.xy))).toBe(true);
    expect(Buffer.from(b.risk.ratePerKmYear.buffer).equals(Buffer.from(a.risk.ratePerKmYear.buffer))).toBe(true);
    expect(b.risk.meta.rateScale).toBe(a.risk.meta.rateScale);
  });

  it("differs without the halo (junctions across tile edges are lost): the comparison can fail", () => {
    const { plan, dataset } = planTiledRun(area, { tiles: 16 });
    const bare = { ...plan, tiles: plan.tiles.map((t) => ({ ...t, halo: new Uint32Array(0) })) };
    const parts = bare.tiles.map((spec) => runTile(tileInputOf(dataset, spec), tileOptions(options)));
    const merged = mergeTiles(area, bare, parts, options, dataset);
    expect(formatFeatureCollection(lixelLayer(merged)) === wholeLayers.lixels).toBe(false);
  });
});
