/**
 * The tiles on a piscina worker-thread pool give the whole run's bytes. Runs the compiled code (dist/, which
 * `npm test` builds first): the pool's worker is a compiled module.
 */
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tiledArea } from "../../helpers/tiles/tiled-area.ts";

const DIST = new URL("../../../dist/", import.meta.url);

describe("analyzeTiledPool", () => {
  it("runs the tiles of a 4 × 4 grid on 2 worker threads and merges to the whole run's layer bytes", async () => {
    expect(existsSync(new URL("pipeline/tiles/tile-worker.js", DIST)), "build first: npm run build").toBe(true);
    const { analyze } = await import(new URL("pipeline/analyze.js", DIST).href);
    const { analyzeTiledPool } = await import(new URL("pipeline/tiles/tile-pool.js", DIST).href);
    const { lixelLayer, incidentFeatures, densityLayer } = await import(new URL("io/layers/layers.js", DIST).href);
    const { formatFeatureCollection } = await import(new URL("io/write/format-geojson.js", DIST).href);
    const area = tiledArea(23);
    const options = { radiiM: [500, 2000] };
    const text = (r: unknown) => [formatFeatureCollection(lixelLayer(r)), formatFeatureCollection(incidentFeatures(r)), formatFeatureCollection(densityLayer(r).features)];
    const whole = text(analyze(area, options));
    const seen: number[] = [];
    const pooled = await analyzeTiledPool(area, { ...options, tiles: 16 }, { threads: 2, onTile: (t: number) => seen.push(t) });
    const got = text(pooled);
    // a grid cell without roads is not a tile (this seed leaves one of the 16 empty)
    expect(seen.length).toBeGreaterThanOrEqual(12);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: seen.length }, (_, k) => k));
    for (let k = 0; k < 3; k++) expect(got[k] === whole[k], ["lixels", "incidents", "density"][k]).toBe(true);
  }, 120_000);
});
