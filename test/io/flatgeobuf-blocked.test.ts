/**
 * The blocked FlatGeobuf writer (io/write/write-flatgeobuf-blocked.ts) against the typed writer it must
 * equal byte for byte (write-flatgeobuf-typed.ts, itself checked against the object writer in
 * typed-layer-bytes.test.ts): the lixels of a real run (data/karabakh) cut into blocks of 1, 7, 1000 and
 * all, shared or copied vertex arrays, empty blocks, an empty layer, and a SYNTHETIC layer whose columns'
 * kinds differ between blocks. Blocks in another order must give other bytes (the comparison can fail);
 * the scratch files must be gone after success and after an error; flatgeobuf's own deserialize reads the
 * result.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { geojson } from "flatgeobuf";
import { describe, expect, it } from "vitest";
import { lixelLayer } from "../../src/io/layers/layers.ts";
import { readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import { layerColumnData } from "../../src/io/typed/column-data.ts";
import type { BlockedLayer } from "../../src/io/write/blocked-layer.ts";
import { type TypedColumn, type TypedLayer, typedLayer } from "../../src/io/write/typed-layer.ts";
import { flatGeobufPrepass, writeBlockedFlatGeobuf, writeBlockedFlatGeobufTo } from "../../src/io/write/write-flatgeobuf-blocked.ts";
import { writeTypedFlatGeobuf, writeTypedFlatGeobufTo } from "../../src/io/write/write-flatgeobuf-typed.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { memoryFile } from "../helpers/layers/memory-file.ts";

const DATA = join(import.meta.dirname, "../../data/karabakh");

/** Features [from, to) of `layer` as a layer: its column values offset; vertices shared (offsets a view, not from 0) or copied (offsets from 0). */
function subLayer(layer: TypedLayer, from: number, to: number, copy: boolean): TypedLayer {
  const columns = layer.columns.map((c): TypedColumn => ({ name: c.name, value: (i) => c.value(from + i) }));
  const o = Float64Array.from({ length: to - from + 1 }, (_, k) => layer.offsets[from + k]);
  if (!copy) return typedLayer(to - from, columns, layer.geometryType, layer.lonLat, o);
  const v0 = o[0];
  return typedLayer(to - from, columns, layer.geometryType, layer.lonLat.slice(2 * v0, 2 * o[to - from]), o.map((v) => v - v0));
}

/** The layer as the blocks [cuts[k], cuts[k + 1]); each blocks() call a fresh pass of new sub-layers. */
function blocksAt(layer: TypedLayer, cuts: readonly number[], copy = false): BlockedLayer {
  return {
    blocked: true,
    length: layer.length,
    vertexCount: layer.length > 0 ? layer.offsets[layer.length] - layer.offsets[0] : 0,
    *blocks() {
      for (let k = 0; k + 1 < cuts.length; k++) yield subLayer(layer, cuts[k], cuts[k + 1], copy);
    },
  };
}

/** Blocks of `size` features. */
function blocksOf(layer: TypedLayer, size: number, copy = false): BlockedLayer {
  const cuts = [0];
  for (let at = size; at < layer.length; at += size) cuts.push(at);
  if (layer.length > 0) cuts.push(layer.length);
  return blocksAt(layer, cuts, copy);
}

function typedBytes(layer: TypedLayer, name = "lixels"): Buffer {
  const m = memoryFile();
  writeTypedFlatGeobufTo(m.file, layer, { name });
  return m.bytes();
}

function blockedBytes(layer: BlockedLayer, dir: string, name = "lixels"): Buffer {
  const path = join(dir, `${name}.fgb`);
  expect(writeBlockedFlatGeobuf(path, layer, { name })).toBe(layer.length);
  expect(readdirSync(dir)).toEqual([`${name}.fgb`]); // no scratch file, no staged file left
  return readFileSync(path);
}

const tmp = () => mkdtempSync(join(tmpdir(), "fgb-blocked-"));

describe("FlatGeobuf written from blocks", () => {
  const result = analyze({ roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) }, {});
  const lixels = lixelLayer(result);
  const expected = typedBytes(lixels);

  it("is the typed writer's bytes for a real run's lixels in blocks of 1, 7, 1000 and all, and flatgeobuf reads it", async () => {
    expect(lixels.length).toBeGreaterThan(1500); // 1742: blocks of 1000 are two, the last one short
    let of7: Buffer = Buffer.alloc(0);
    for (const [size, copy] of [[1, false], [7, true], [1000, false], [1000, true], [lixels.length, false]] as const) {
      const bytes = blockedBytes(blocksOf(lixels, size, copy), tmp());
      expect(bytes.equals(expected), `blocks of ${size}, copy ${copy}`).toBe(true);
      if (size === 7) of7 = bytes;
    }
    // the real file through writeTypedFlatGeobuf too (atomic write, same name)
    const dir = tmp();
    writeTypedFlatGeobuf(join(dir, "whole.fgb"), lixels, { name: "lixels" });
    expect(readFileSync(join(dir, "whole.fgb")).equals(expected)).toBe(true);
    // flatgeobuf's own reader: every lixel once, with its properties (null and ±Infinity, written as null, are not stored) and its vertices to 6 decimals
    const read = new Map<number, { properties: Record<string, unknown>; geometry: { coordinates: number[][] } }>();
    for await (const f of geojson.deserialize(new Uint8Array(of7))) read.set((f.properties as { lixel: number }).lixel, f as never);
    expect(read.size).toBe(lixels.length);
    for (const i of [0, 1, 777, lixels.length - 1]) {
      const want = lixels.at(i) as { properties: Record<string, unknown>; geometry: { coordinates: number[][] } };
      const got = read.get(want.properties.lixel as number);
      expect(got?.properties).toEqual(Object.fromEntries(Object.entries(want.properties).filter(([, v]) => v !== null && v !== undefined && !(typeof v === "number" && !Number.isFinite(v)))));
      expect(got?.geometry.coordinates).toEqual(want.geometry.coordinates.map(([x, y]) => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6]));
    }
  });

  it("is the same with empty blocks, and with small buckets and buffers (features larger than a buffer)", () => {
    const n = lixels.length;
    const cuts = [0, 0, 1, 1, 1, 500, 501, n - 1, n - 1, n, n];
    expect(blockedBytes(blocksAt(lixels, cuts), tmp()).equals(expected)).toBe(true);
    const m = memoryFile();
    // buckets of 100 features (18 of them), 300-byte buffers: some features do not fit one (written alone)
    const scratch = tmp();
    writeBlockedFlatGeobufTo(m.file, blocksOf(lixels, 333), scratch, { name: "lixels", bucketFeatures: 100, bufferBytes: 300 });
    expect(m.bytes().equals(expected)).toBe(true);
    expect(readdirSync(scratch)).toEqual([]); // each bucket removed once copied
  });

  it("with pass A made by the caller (flatGeobufPrepass): one pass of the writer over the blocks, the same bytes", () => {
    const dir = tmp();
    const tmpDir = join(dir, "scratch");
    let passes = 0;
    const blocked = blocksOf(lixels, 700);
    const counted: BlockedLayer = { ...blocked, blocks: () => (passes++, blocked.blocks()) };
    const prepass = flatGeobufPrepass({ tmpDir });
    for (const block of blocked.blocks()) prepass.add(block); // e.g. while writing the GeoJSON
    expect(readdirSync(tmpDir).length).toBe(1); // its scratch folder, the boxes in it
    writeBlockedFlatGeobuf(join(dir, "lixels.fgb"), counted, { name: "lixels", prepass });
    expect(passes).toBe(1);
    expect(readFileSync(join(dir, "lixels.fgb")).equals(expected)).toBe(true);
    expect(readdirSync(tmpDir)).toEqual([]);
    // used up: a second write with it, or a block added after, is refused; a prepass never used is disposed
    expect(() => writeBlockedFlatGeobuf(join(dir, "again.fgb"), counted, { prepass })).toThrow("the prepass was used or disposed already");
    expect(() => prepass.add(subLayer(lixels, 0, 1, false))).toThrow("after the writer took the prepass");
    const unused = flatGeobufPrepass({ tmpDir });
    unused.add(subLayer(lixels, 0, 10, false));
    unused.dispose();
    expect(readdirSync(tmpDir)).toEqual([]);
    // a prepass that saw other blocks than the writer's pass: named, nothing written
    const other = flatGeobufPrepass({ tmpDir });
    for (const block of blocksOf(lixels, 500).blocks()) other.add(block);
    expect(() => writeBlockedFlatGeobuf(join(dir, "other.fgb"), blocked, { prepass: other })).toThrow("block 1 holds 700 features in the second pass, 500 in the first");
    expect(existsSync(join(dir, "other.fgb"))).toBe(false);
    expect(readdirSync(tmpDir)).toEqual([]);
  });

  it("an empty layer: no blocks, or empty blocks only", () => {
    const empty = typedLayer(0, lixels.columns, "LineString", new Float64Array(0), new Float64Array(1));
    const want = typedBytes(empty);
    expect(blockedBytes(blocksAt(empty, [0]), tmp()).equals(want)).toBe(true);
    expect(blockedBytes(blocksAt(empty, [0, 0, 0]), tmp()).equals(want)).toBe(true);
  });

  it("a SYNTHETIC layer whose columns' kinds differ between blocks gives the whole layer's header and features", () => {
    // 40 two-vertex lines; column values by feature i (synthetic, chosen for the kinds they give):
    const n = 40;
    const cols: [string, (i: number) => unknown][] = [
      ["id", (i) => `L${i}`],
      ["late", (i) => (i < 25 ? undefined : i)], // no key in the first blocks, integers later
      ["nulls", (i) => (i < 12 ? null : i * 2)], // null first, then integers
      ["frac", (i) => (i === 37 ? 0.5 : i)], // integers but one non-integer in the last block
      ["mixed", (i) => (i < 30 ? i : `t${i}`)], // numbers, then texts: a String column
      ["nan", (i) => (i % 9 === 0 ? Number.NaN : -0)], // non-finite and -0
      ["big", (i) => (i === 33 ? 2 ** 31 : 1)], // an integer too big for Int32 late
      ["flag", (i) => (i < 20 ? undefined : i % 2 === 0)],
    ];
    const columns = cols.map(([name, f]): TypedColumn => ({ name, value: f }));
    const lonLat = Float64Array.from({ length: 4 * n }, (_, k) => (k % 2 === 0 ? 46 + ((k * 7919) % 97) / 100 : 39 + ((k * 104729) % 89) / 100));
    const layer = typedLayer(n, columns, "LineString", lonLat, Float64Array.from({ length: n + 1 }, (_, i) => 2 * i));
    const want = typedBytes(layer, "synthetic");
    // the test means something: a block holds "mixed" and "late" in other kinds than the whole layer does
    const block0 = subLayer(layer, 0, 8, false);
    const kinds = (l: TypedLayer) => layerColumnData(l).map((d) => d.kind).join(",");
    expect(kinds(block0)).not.toBe(kinds(layer));
    for (const size of [1, 3, 8, 13, 40]) {
      expect(blockedBytes(blocksOf(layer, size, size === 3), tmp(), "synthetic").equals(want), `blocks of ${size}`).toBe(true);
    }
    // blocks in another order give other bytes: "late" and "flag" would come first, so the header's column
    // order differs (the lixels' columns all start at feature 0 and their Hilbert keys have no ties, so
    // there the order of the blocks changes no byte: the features are stored in Hilbert order)
    const reversed: BlockedLayer = { ...blocksOf(layer, 8), *blocks() { for (let at = 32; at >= 0; at -= 8) yield subLayer(layer, at, at + 8, false); } };
    const other = blockedBytes(reversed, tmp(), "synthetic");
    expect(other.length).toBe(want.length);
    expect(other.equals(want)).toBe(false);
    // the header of the first block alone is not the whole layer's (Int where the whole has Double / String)
    expect(typedBytes(block0, "synthetic").subarray(0, 200).equals(want.subarray(0, 200))).toBe(false);
  });

  it("removes the scratch files and leaves no output when a block pass throws, and names a wrong feature count or blocks that change between passes", () => {
    const dir = tmp();
    let passes = 0;
    const failing: BlockedLayer = {
      ...blocksOf(lixels, 500),
      *blocks() {
        passes++;
        let k = 0;
        for (const b of blocksOf(lixels, 500).blocks()) {
          if (passes === 2 && ++k === 3) throw new Error("spool read failed");
          yield b;
        }
      },
    };
    const tmpDir = join(dir, "scratch");
    expect(() => writeBlockedFlatGeobuf(join(dir, "out.fgb"), failing, { tmpDir })).toThrow("spool read failed");
    expect(passes).toBe(2);
    expect(readdirSync(dir)).toEqual(["scratch"]);
    expect(readdirSync(tmpDir)).toEqual([]);
    const short: BlockedLayer = { ...blocksOf(lixels, 500), length: lixels.length + 1 };
    expect(() => writeBlockedFlatGeobuf(join(dir, "out.fgb"), short, { tmpDir })).toThrow(`hold ${lixels.length} features, the layer says ${lixels.length + 1}`);
    expect(existsSync(join(dir, "out.fgb"))).toBe(false);
    expect(readdirSync(tmpDir)).toEqual([]);
    // blocks cut otherwise in the second pass than in the first: named, not written
    let pass = 0;
    const shifting: BlockedLayer = { ...blocksOf(lixels, 500), blocks: () => blocksOf(lixels, ++pass === 1 ? 500 : 400).blocks() };
    expect(() => writeBlockedFlatGeobuf(join(dir, "out.fgb"), shifting, { tmpDir })).toThrow("block 1 holds 400 features in the second pass, 500 in the first");
    expect(existsSync(join(dir, "out.fgb"))).toBe(false);
    expect(readdirSync(tmpDir)).toEqual([]);
  });
});
