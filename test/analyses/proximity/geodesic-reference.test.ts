/**
 * Nearest-incident distance per lixel against an independent reference: brute force over every
 * (lixel, incident) pair with GeographicLib geodesics on the WGS84 ellipsoid (npm geographiclib-geodesic
 * 2.2.0, Karney 2013). The reference never touches our projection, index or planar geometry: lixel
 * vertices are unprojected to lon/lat and each lixel segment is treated as a geodesic; the distance from
 * a point to a segment is minimised by golden-section search along it (unimodal for short segments).
 * Requirement (issue "minerisk v0"): agree within 0.1 % + 1 m. Synthetic seeded data, ≈ 2,000+ lixels ×
 * 500 incidents in a 160 km box around the Karabakh corridor.
 */
import geodesic from "geographiclib-geodesic";
import { describe, expect, it } from "vitest";
import { lixelize } from "../../../src/core/lixels.ts";
import { lixelProximity } from "../../../src/analyses/proximity/lixel-proximity.ts";
import { buildDataset } from "../../../src/io/read/build-dataset.ts";
import { buildPointIndex } from "../../../src/spatial/point-index.ts";
import { syntheticStudyArea } from "../../helpers/synthetic.ts";

const G = geodesic.Geodesic.WGS84;

function geodesicPointToSegment(lat: number, lon: number, a: [number, number], b: [number, number]): number {
  const line = G.InverseLine(a[1], a[0], b[1], b[0]);
  const total = line.s13;
  const f = (s: number) => {
    const p = line.Position(s);
    return G.Inverse(lat, lon, p.lat2 as number, p.lon2 as number).s12 as number;
  };
  let lo = 0;
  let hi = total;
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let k = 0; k < 40 && hi - lo > 1e-4; k++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = f(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = f(x2);
    }
  }
  return Math.min(f1, f2, f(0), f(total));
}

describe("lixelProximity vs GeographicLib brute force", () => {
  it("nearest incident per lixel within 0.1 % + 1 m on ≥ 2,000 lixels × 500 incidents", () => {
    const area = syntheticStudyArea({ seed: 20230919, roads: 45, vertices: 12, segmentKm: 0.45, incidents: 500, centre: [46.95, 39.7], halfKm: 80 });
    const ds = buildDataset(area);
    const lixels = lixelize(ds.roads, { lixelLengthM: 100 });
    expect(lixels.count).toBeGreaterThanOrEqual(2000);
    const prox = lixelProximity(lixels, buildPointIndex(ds.incidents.x, ds.incidents.y), { radiiM: [] });
    const ll = ds.crs.inverse(Float64Array.from(lixels.xy));
    const inc = area.incidents;
    let worstRel = 0;
    for (let i = 0; i < lixels.count; i++) {
      const v0 = lixels.start[i];
      const v1 = lixels.start[i + 1];
      const verts: [number, number][] = [];
      for (let v = v0; v < v1; v++) verts.push([ll[2 * v], ll[2 * v + 1]]);
      // brute force over all incidents: distance to the lixel's first vertex bounds the search (the lixel
      // is ≤ 100 m long), then exact segment distances for every incident that could be the nearest
      const toFirst = inc.map((q) => G.Inverse(q.lat, q.lon, verts[0][1], verts[0][0]).s12 as number);
      const bound = Math.min(...toFirst) + 2 * lixels.lengthM[i] + 1;
      let ref = Infinity;
      inc.forEach((q, k) => {
        if (toFirst[k] > bound) return;
        for (let s = 0; s < verts.length - 1; s++) ref = Math.min(ref, geodesicPointToSegment(q.lat, q.lon, verts[s], verts[s + 1]));
      });
      const ours = prox.nearestIncidentM[i];
      expect(Math.abs(ours - ref)).toBeLessThanOrEqual(0.001 * ref + 1);
      if (ref > 100) worstRel = Math.max(worstRel, Math.abs(ours - ref) / ref);
    }
    // the fitted TM keeps the relative error far inside the bound on a 160 km box
    expect(worstRel).toBeLessThan(2e-4);
  });
});
