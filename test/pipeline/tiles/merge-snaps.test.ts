/**
 * Snapping from the tiles (merge-snaps.ts) equals snapIncidents on the whole network's lixels, bit for bit:
 * on the seeded tiled area (test/helpers/tiles/tiled-area.ts, synthetic) with 16 tiles, for its incidents, for
 * points exactly on junctions (several lixels of several records at distance 0, owned by different tiles:
 * the tie rule decides) and for points far from every road (no candidate within the bound: the second
 * pass), with bounds from 0.5 m (nearly every point takes the second pass) to none.
 */
import { describe, expect, it } from "vitest";
import type { IncidentSet } from "../../../src/core/incident-set.ts";
import { projectOnPolyline } from "../../../src/core/math.ts";
import { snapIncidents } from "../../../src/analyses/proximity/snap-incidents.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { planTiledRun, tileOptions } from "../../../src/pipeline/tiles/analyze-tiled.ts";
import { mergeTiles } from "../../../src/pipeline/tiles/merge/merge-tiles.ts";
import { countTile, emptyCounts, layoutOf, tileIndices } from "../../../src/pipeline/tiles/merge/merge-layout.ts";
import { tileSnapper } from "../../../src/pipeline/tiles/merge/merge-snaps.ts";
import { runTile, tileInputOf } from "../../../src/pipeline/tiles/tile-run.ts";
import { tiledArea } from "../../helpers/tiles/tiled-area.ts";

const area = tiledArea(22);
const { plan, dataset } = planTiledRun(area, { tiles: 16 });
const parts = plan.tiles.map((spec) => runTile(tileInputOf(dataset, spec), tileOptions({})));
const merged = mergeTiles(area, plan, parts, {}, dataset);
const { lixels } = merged;
const roads = merged.network.roads;

// the incidents, every piece's first vertex (a junction or a road's end) and points 300 km out
const xs: number[] = Array.from(dataset.incidents.x);
const ys: number[] = Array.from(dataset.incidents.y);
for (let p = 0; p < roads.count; p++) {
  xs.push(roads.xy[2 * roads.roadStart[p]]);
  ys.push(roads.xy[2 * roads.roadStart[p] + 1]);
}
for (let k = 0; k < 6; k++) {
  xs.push(dataset.incidents.x[k] + (k % 2 ? 3e5 : -3e5));
  ys.push(dataset.incidents.y[k] + (k % 3 ? 3e5 : -2e5));
}
const points = { count: xs.length, x: Float64Array.from(xs), y: Float64Array.from(ys) } as unknown as IncidentSet;
const oracle = snapIncidents(points, buildLixelIndex(lixels), roads);
const layout = layoutOf(parts.reduce((c, p) => (countTile(c, p), c), emptyCounts(plan.ownerOf.length)));

function fromTiles(boundM: number) {
  const snapper = tileSnapper(points, boundM);
  for (const p of parts) snapper.offer(p, buildLixelIndex(p.lixels), tileIndices(p, layout));
  const far = snapper.pending();
  if (far) for (const p of parts) snapper.offer(p, buildLixelIndex(p.lixels), tileIndices(p, layout), far);
  return { snaps: snapper.result(), secondPass: far ? far.reduce((a, b) => a + b, 0) : 0 };
}

const bytes = (v: Float64Array | Int32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

describe("snapping from the tiles", () => {
  it("has ties across tiles to decide: junction points at distance 0 from lixels of two or more tiles", () => {
    let across = 0;
    for (let i = dataset.incidents.count; i < dataset.incidents.count + roads.count; i++) {
      const owners = new Set<number>();
      for (let g = 0; g < lixels.count; g++) {
        if (projectOnPolyline(lixels.xy, lixels.start[g], lixels.start[g + 1], points.x[i], points.y[i]).distanceM === 0) owners.add(plan.ownerOf[roads.featureIndex[lixels.road[g]]]);
      }
      if (owners.size > 1) across++;
    }
    expect(across).toBeGreaterThan(5);
  });

  for (const boundM of [0.5, 50, 5000, Infinity]) {
    it(`equals snapIncidents on the whole network, bound ${boundM} m`, () => {
      const { snaps, secondPass } = fromTiles(boundM);
      if (boundM === 0.5) expect(secondPass).toBeGreaterThan(100);
      if (boundM === 5000) expect(secondPass).toBe(6);
      for (const key of ["lixel", "road", "offsetM", "chainageM", "x", "y"] as const) expect(bytes(snaps[key]).equals(bytes(oracle[key])), key).toBe(true);
    });
  }

  it("the comparison can fail: ties to the higher index give other lixels", () => {
    const { snaps } = fromTiles(5000);
    // a brute-force scan that keeps the last of equal distances, as a wrong tie rule would
    let differ = 0;
    for (let i = dataset.incidents.count; i < dataset.incidents.count + roads.count; i++) {
      let best = -1;
      let bestD = Infinity;
      for (let g = 0; g < lixels.count; g++) {
        const d = projectOnPolyline(lixels.xy, lixels.start[g], lixels.start[g + 1], points.x[i], points.y[i]).distanceM;
        if (d <= bestD) [best, bestD] = [g, d];
      }
      if (best !== snaps.lixel[i]) differ++;
    }
    expect(differ).toBeGreaterThan(0);
  });
});
