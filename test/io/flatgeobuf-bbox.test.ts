/**
 * FlatGeobuf reads filtered by a box through the file's packed Hilbert R-tree (readFlatGeobuf with `bbox`,
 * flatgeobuf's `deserialize` with a rect) select exactly the features of the full read whose bounding box
 * meets the box, in the same (file) order: on 3,000 seeded road lines written with our indexed writer, many
 * boxes (empty, tiny, straddling, all); and on a file without an index (flatgeobuf's own serialize).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { geojson } from "flatgeobuf";
import { describe, expect, it, vi } from "vitest";
import { type Bbox, meets, readFlatGeobuf } from "../../src/io/formats/read-flatgeobuf.ts";
import { loadVectorFormats } from "../../src/io/formats/vector-formats.ts";
import { readRoads } from "../../src/io/read/read-roads.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { flatGeobufBytes } from "../../src/io/write/write-flatgeobuf.ts";
import { seededRandom } from "../../src/core/random.ts";

const rng = seededRandom; // mulberry32 (core/random.ts): the layer is the same on every run

function roads(n: number, seed: number): OutFeature[] {
  const r = rng(seed);
  const out: OutFeature[] = [];
  for (let i = 0; i < n; i++) {
    let x = 46 + r() * 2;
    let y = 39 + r() * 2;
    const coords: number[][] = [[x, y]];
    const steps = 1 + Math.floor(r() * 6);
    for (let k = 0; k < steps; k++) coords.push([(x += (r() - 0.5) * 0.05), (y += (r() - 0.5) * 0.05)]);
    out.push({ type: "Feature", properties: { id: `r${i}`, class: i % 3 === 0 ? "primary" : "track" }, geometry: { type: "LineString", coordinates: coords } } as unknown as OutFeature);
  }
  return out;
}

const ids = (l: { collection?: { features: unknown[] } }) => (l.collection?.features ?? []).map((f) => (f as { properties: { id: string } }).properties.id);

describe("FlatGeobuf bbox reads", () => {
  const dir = mkdtempSync(join(tmpdir(), "minerisk-fgb-bbox-"));
  const indexed = join(dir, "roads.fgb");
  const plain = join(dir, "roads-noindex.fgb");
  const fc = roads(3000, 22);
  writeFileSync(indexed, flatGeobufBytes(fc, { name: "roads" }));
  writeFileSync(plain, geojson.serialize({ type: "FeatureCollection", features: fc } as never, 4326));
  const boxes: Bbox[] = [
    [46.5, 39.5, 47.0, 40.0],
    [46.0, 39.0, 46.1, 39.1],
    [47.3, 40.2, 47.31, 40.21],
    [40, 30, 41, 31], // nothing there
    [45, 38, 49, 42], // everything
    [46.95, 38, 47.05, 42], // a thin strip across the whole layer, as a tile's edge
  ];

  it.each([["indexed (our writer)", indexed], ["without an index", plain]])("%s: the filtered read is the full read filtered by the box, in file order", async (_name, file) => {
    const full = await readFlatGeobuf(file);
    const all = full.collection?.features as { properties: { id: string }; geometry: { coordinates: unknown } }[];
    expect(all).toHaveLength(3000);
    const sizes: number[] = [];
    const debug = vi.spyOn(console, "debug");
    for (const box of boxes) {
      const got = await readFlatGeobuf(file, { bbox: box });
      const want = all.filter((f) => meets(f, box)).map((f) => f.properties.id);
      expect(ids(got), `box ${box.join(",")}`).toEqual(want);
      expect(got.crs).toEqual(full.crs);
      // a file-level warning says the layer was cut, and how many of its features were read
      expect(got.issues.filter((i) => i.code === "bbox-filtered").map((i) => i.message.match(/: (\d+) of its (\d+) features/)?.slice(1))).toEqual([[String(want.length), "3000"]]);
      // whole features, as in the full read
      expect(got.collection?.features).toEqual(all.filter((f) => meets(f, box)));
      sizes.push(want.length);
    }
    // flatgeobuf's tree search logs on console.debug (stdout in Node): silenced, and put back after
    expect(debug).not.toHaveBeenCalled();
    expect(console.debug).toBe(debug);
    debug.mockRestore();
    expect(sizes[3]).toBe(0);
    expect(sizes[4]).toBe(3000);
    expect(sizes[0]).toBeGreaterThan(100);
    expect(sizes[0]).toBeLessThan(3000);
  });

  it("goes through the same intake: loadVectorFormats with a bbox, accounting of the features read", async () => {
    const box: Bbox = [46.5, 39.5, 47.0, 40.0];
    const loaded = await loadVectorFormats([indexed], { bbox: box });
    const r = readRoads([indexed], { loaded, strictness: "list" });
    const f = r.report.files[0];
    expect(f.read).toBe(ids(loaded.get(indexed) ?? {}).length);
    expect(f.used + f.repaired + f.rejected).toBe(f.read);
    expect(r.records.map((x) => x.id)).toEqual(ids(loaded.get(indexed) ?? {}));
  });

  it("the CLI's --bbox: validate reads only the box's features (stdout stays clean JSON); a bad box or a non-FlatGeobuf input exits 2", async () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../../src/cli/main.ts"), ...args], { encoding: "utf8" });
    const box: Bbox = [46.5, 39.5, 47.0, 40.0];
    const want = ids(await readFlatGeobuf(indexed, { bbox: box })).length;
    const v = cli("validate", "--json", "--layer", "roads", "--bbox", box.join(","), indexed);
    expect(v.status).toBe(0);
    expect(JSON.parse(v.stdout).files.map((f: { read: number }) => f.read)).toEqual([want]);
    for (const bad of ["46,39,47", "47,39,46,40", "a,b,c,d"]) {
      const r = cli("validate", "--bbox", bad, indexed);
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toContain("--bbox must be minX,minY,maxX,maxY");
    }
    const geo = join(dir, "roads.geojson");
    writeFileSync(geo, JSON.stringify({ type: "FeatureCollection", features: fc.slice(0, 5) }));
    const r = cli("validate", "--bbox", box.join(","), geo);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("is not one");
  });
});
