import { geojson } from "flatgeobuf";
import type { HeaderMeta } from "flatgeobuf/lib/mjs/header-meta.js";
import { describe, expect, it, vi } from "vitest";
import { seededRandom } from "../../src/core/random.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { flatGeobufBytes } from "../../src/io/write/write-flatgeobuf.ts";
import { levelBounds } from "../../src/io/write/write-flatgeobuf-index.ts";
import { featureBox, syntheticLines } from "../helpers/layers/outputs-layers.ts";

// flatgeobuf's bbox reader logs every step at console.debug
vi.spyOn(console, "debug").mockImplementation(() => {});

async function read(bytes: Uint8Array, rect?: { minX: number; minY: number; maxX: number; maxY: number }) {
  let header: HeaderMeta | undefined;
  const features: OutFeature[] = [];
  const headerMetaFn = (h: HeaderMeta) => {
    header = h;
  };
  for await (const f of geojson.deserialize(bytes, rect ? { rect, headerMetaFn } : { headerMetaFn })) features.push(f as unknown as OutFeature);
  return { header, features };
}

const withoutNulls = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== null));

describe("flatGeobufBytes", () => {
  const lines = syntheticLines(7, 600);

  it("round-trips every feature and property, with EPSG:4326 and an index in the header", async () => {
    const { header, features } = await read(flatGeobufBytes(lines, { name: "lines" }));
    expect(header?.crs?.code).toBe(4326);
    expect(header?.indexNodeSize).toBe(16);
    expect(header?.featuresCount).toBe(600);
    expect(features).toHaveLength(600);
    const byId = new Map(features.map((f) => [f.properties.id, f]));
    for (const f of lines) {
      const g = byId.get(f.properties.id);
      expect(g?.properties).toEqual(withoutNulls(f.properties)); // FlatGeobuf stores null as "no value"
      const rounded = (f.geometry.coordinates as number[][]).map(([x, y]) => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6]);
      expect(g?.geometry.coordinates).toEqual(rounded);
    }
  });

  it("answers window queries through its spatial index exactly as brute force does", async () => {
    const bytes = flatGeobufBytes(lines);
    const rand = seededRandom(11);
    for (let q = 0; q < 25; q++) {
      const minX = 46.5 + rand() * 0.9;
      const minY = 39.3 + rand() * 0.6;
      const rect = { minX, minY, maxX: minX + rand() * 0.2, maxY: minY + rand() * 0.2 };
      const expected = lines.filter((f) => {
        const b = featureBox(f);
        return b[0] <= rect.maxX && b[2] >= rect.minX && b[1] <= rect.maxY && b[3] >= rect.minY;
      });
      const { features } = await read(bytes, rect);
      expect(features.map((f) => f.properties.id).sort()).toEqual(expected.map((f) => f.properties.id).sort());
    }
  });

  it("types a column from all features: a null first value does not turn numbers into text", async () => {
    const fs: OutFeature[] = [
      { type: "Feature", properties: { n: null, mixed: 1, flag: null, obj: { a: 1 } }, geometry: { type: "Point", coordinates: [46.1, 39.1] } },
      { type: "Feature", properties: { n: 2.5, mixed: "two", flag: true, obj: null }, geometry: { type: "Point", coordinates: [46.2, 39.2] } },
    ];
    const { header, features } = await read(flatGeobufBytes(fs));
    expect(header?.columns?.map((c) => [c.name, c.type])).toEqual([
      ["n", 10], // Double
      ["mixed", 11], // String: mixed kinds
      ["flag", 2], // Bool
      ["obj", 12], // Json
    ]);
    const byX = features.sort((a, b) => (a.geometry.coordinates[0] as number) - (b.geometry.coordinates[0] as number));
    expect(byX[0].properties).toEqual({ mixed: "1", obj: { a: 1 } });
    expect(byX[1].properties).toEqual({ n: 2.5, mixed: "two", flag: true });
  });

  it("writes an empty layer that readers accept", async () => {
    const { header, features } = await read(flatGeobufBytes([]));
    expect(features).toEqual([]);
    expect(header?.featuresCount).toBe(0);
  });

  it("is deterministic", () => {
    expect(Buffer.from(flatGeobufBytes(lines)).equals(Buffer.from(flatGeobufBytes(lines)))).toBe(true);
  });

  it("computes FlatGeobuf's level bounds (root first, leaves last)", () => {
    // 100 items, 16 per node: 100 leaves, 7 nodes, 1 root = 108 nodes; the root is node 0
    expect(levelBounds(100, 16)).toEqual([
      [8, 108],
      [1, 8],
      [0, 1],
    ]);
    expect(levelBounds(1, 16)).toEqual([
      [1, 2],
      [0, 1],
    ]);
  });
});
