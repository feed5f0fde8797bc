import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OutFeature, Position } from "../../src/io/write/format-geojson.ts";
import { writeGeoJson } from "../../src/io/write/write-geojson.ts";

/** Twice the signed area of a ring (shoelace): > 0 counter-clockwise. */
const signedArea = (ring: Position[]) => ring.slice(1).reduce((s, p, i) => s + (ring[i][0] * p[1] - p[0] * ring[i][1]), 0);

describe("writeGeoJson: RFC 7946 right-hand winding", () => {
  // a clockwise exterior with a counter-clockwise hole: both the wrong way round for RFC 7946 §3.1.6
  const cw: Position[] = [[46.0, 39.0], [46.0, 39.1], [46.1, 39.1], [46.1, 39.0], [46.0, 39.0]];
  const ccwHole: Position[] = [[46.02, 39.02], [46.08, 39.02], [46.08, 39.08], [46.02, 39.08], [46.02, 39.02]];
  const features: OutFeature[] = [
    { type: "Feature", properties: { id: "poly" }, geometry: { type: "Polygon", coordinates: [cw, ccwHole] } },
    { type: "Feature", properties: { id: "multi" }, geometry: { type: "MultiPolygon", coordinates: [[cw]] } },
    { type: "Feature", properties: { id: "line" }, geometry: { type: "LineString", coordinates: [...cw] } },
  ];

  it("rewinds exteriors counter-clockwise and holes clockwise, leaves lines alone, and does not touch its input", () => {
    const path = join(mkdtempSync(join(tmpdir(), "minerisk-gj-")), "h.geojson");
    expect(writeGeoJson(path, features, { name: "h" })).toBe(3);
    const out = JSON.parse(readFileSync(path, "utf8"));
    expect(out.name).toBe("h");
    expect(signedArea(out.features[0].geometry.coordinates[0])).toBeGreaterThan(0);
    expect(signedArea(out.features[0].geometry.coordinates[1])).toBeLessThan(0);
    expect(signedArea(out.features[1].geometry.coordinates[0][0])).toBeGreaterThan(0);
    expect(out.features[2].geometry.coordinates).toEqual(cw); // a line keeps its direction
    expect(signedArea(cw)).toBeLessThan(0); // input unchanged
  });
});
