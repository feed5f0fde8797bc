/**
 * A blocked layer (io/write/blocked-layer.ts: a typed layer given as consecutive blocks) is written as
 * GeoJSON, GeoJSON Text Sequences and CSV to the same bytes as its whole TypedLayer, whatever the blocks
 * (of 1, 7 and 1000 features; empty blocks between uneven ones, each with its own vertex array), in pieces;
 * FlatGeobuf and GeoParquet are refused before any file is written; a split whose counts do not add up is
 * an error. Layers: the default corridor's lixels and a seeded synthetic network (labelled synthetic,
 * test/helpers/layers/blocked-fixtures.ts) with null, quoted and non-ASCII road names and schematic roads.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OptionError } from "../../src/core/errors.ts";
import { blockedGeoJsonChunks } from "../../src/io/typed/blocked-text.ts";
import { layerColumnData } from "../../src/io/typed/column-data.ts";
import { type BlockedLayer, blocksAt, blocksOf, eachBlock, isBlockedLayer } from "../../src/io/write/blocked-layer.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { isTypedLayer, type TypedLayer } from "../../src/io/write/typed-layer.ts";
import { type FlatGeobufPrepass, writeBlockedFlatGeobuf } from "../../src/io/write/write-flatgeobuf-blocked.ts";
import { writeTypedFlatGeobuf } from "../../src/io/write/write-flatgeobuf-typed.ts";
import { type LayerFeatures, writeLayer } from "../../src/io/write/write-layer.ts";
import { corridorRun, cutsWithEmpties, lixelLayer, splits, syntheticRun } from "../helpers/layers/blocked-fixtures.ts";

const META = { toolkit: "minerisk", version: "test", inputs: [], options: {}, workingCrs: { name: "test", definition: "test", distanceErrorBound: null } };
const FORMATS = ["geojson", "geojsonseq", "csv"] as const;

/** Every file writeLayer writes for `features` in FORMATS (with a style), by name. */
function written(features: LayerFeatures): Map<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "minerisk-blocked-"));
  writeLayer(dir, "lixels", features, { formats: FORMATS, qml: "<qgis/>", protect: [], meta: META });
  return new Map(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f))]));
}

function expectSameFiles(whole: TypedLayer, blocked: BlockedLayer, label: string): void {
  const want = written(whole);
  const got = written(blocked);
  expect([...got.keys()]).toEqual(["lixels.csv", "lixels.geojson", "lixels.geojsons", "lixels.meta.json", "lixels.qml"]);
  expect([...got.keys()]).toEqual([...want.keys()]);
  for (const [f, bytes] of want) expect((got.get(f) as Buffer).equals(bytes), `${label}: ${f}`).toBe(true);
}

const corridor = lixelLayer(corridorRun());
const synthetic = lixelLayer(syntheticRun(0x16));

describe("blocksOf and blocksAt", () => {
  it("give the layer's features in order, block by block, with its length and vertex count", () => {
    for (const { label, blocked } of splits(synthetic)) {
      expect(isBlockedLayer(blocked) && !isTypedLayer(blocked), label).toBe(true);
      expect(blocked.length).toBe(synthetic.length);
      expect(blocked.vertexCount).toBe(synthetic.offsets[synthetic.length] - synthetic.offsets[0]);
      const features: OutFeature[] = [];
      for (const b of eachBlock(blocked)) for (let i = 0; i < b.length; i++) features.push(b.at(i) as OutFeature);
      expect(features.length).toBe(synthetic.length);
      features.forEach((f, i) => expect(f).toEqual(synthetic.at(i)));
    }
    expect(isBlockedLayer(synthetic)).toBe(false);
  });

  it("the awkward split really has empty blocks and blocks whose offsets start at 0", () => {
    const blocked = blocksAt(synthetic, cutsWithEmpties(synthetic.length), { copy: true });
    const blocks = [...blocked.blocks()];
    expect(blocks[0].length).toBe(0);
    expect(blocks.at(-1)?.length).toBe(0);
    expect(blocks.filter((b) => b.length === 0).length).toBeGreaterThan(4);
    expect(blocks.every((b) => b.offsets[0] === 0)).toBe(true);
    expect(blocks.filter((b) => b.length > 0).every((b) => b.lonLat.length === 2 * b.offsets[b.length])).toBe(true);
  });

  it("a split whose counts are not the layer's is an error at the end of the pass, and so are blocks of other columns", () => {
    const short = { ...blocksOf(synthetic, 100), length: synthetic.length + 1 };
    expect(() => [...eachBlock(short)]).toThrow(new RegExp(`hold ${synthetic.length} features .* says ${synthetic.length + 1}`));
    const fewerVertices = { ...blocksOf(synthetic, 100), vertexCount: 5 };
    expect(() => writeLayer(mkdtempSync(join(tmpdir(), "minerisk-blocked-")), "lixels", fewerVertices, { formats: ["csv"], protect: [], meta: META })).toThrow(/vertices, but the layer says/);
    const other = blocksOf(synthetic, 1000);
    const mixed: BlockedLayer = { ...other, blocks: function* () {
      let k = 0;
      for (const b of other.blocks()) yield k++ === 1 ? { ...b, columns: b.columns.slice(1) } : b;
    } };
    expect(() => [...eachBlock(mixed)]).toThrow(/block 2 has columns roadId/);
  });

  it("lets each block's column data go when the next block is asked for", () => {
    const blocks: TypedLayer[] = [];
    const data: unknown[] = [];
    for (const b of eachBlock(blocksOf(synthetic, 1000))) {
      blocks.push(b);
      data.push(layerColumnData(b));
    }
    // read again: a new array, since the one read in the pass was let go
    blocks.forEach((b, k) => expect(layerColumnData(b)).not.toBe(data[k]));
  });
});

describe("inStep: the writers over one pass", () => {
  /** The synthetic layer in blocks of 300 whose columns count the values read, and the passes made. */
  function counted() {
    const inner = blocksOf(synthetic, 300);
    const tally = { passes: 0, values: 0, blocks: [] as TypedLayer[] };
    const layer: BlockedLayer = { ...inner, blocks: function* () {
      tally.passes++;
      for (const b of inner.blocks()) {
        const block = { ...b, columns: b.columns.map((c) => ({ name: c.name, value: (i: number) => (tally.values++, c.value(i)) })) };
        tally.blocks.push(block);
        yield block;
      }
    } };
    return { layer, tally };
  }

  it("writes geojson, geojsonseq and csv in one pass, each value read once, every block's column data let go", () => {
    const { layer, tally } = counted();
    const dir = mkdtempSync(join(tmpdir(), "minerisk-blocked-"));
    writeLayer(dir, "lixels", layer, { formats: FORMATS, protect: [], meta: META });
    expect(tally.passes).toBe(1);
    // column-data.ts reads each column of a block once: value(0) to learn its kind, then every value
    const once = tally.blocks.reduce((n, b) => n + (b.length + (b.length > 0 ? 1 : 0)) * b.columns.length, 0);
    expect(tally.blocks.length).toBe(Math.ceil(synthetic.length / 300));
    expect(tally.values).toBe(once);
    const again = tally.values;
    for (const b of tally.blocks) layerColumnData(b);
    expect(tally.values).toBe(2 * again); // read again: none was kept
    const want = written(synthetic);
    for (const f of ["lixels.csv", "lixels.geojson", "lixels.geojsons"]) expect(readFileSync(join(dir, f)).equals(want.get(f) as Buffer), f).toBe(true);
  });

  it("a protected path or a failing block leaves no file and no staged file behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-blocked-"));
    const protect = [join(dir, "lixels.geojsons")];
    writeFileSync(protect[0], "an input (test)");
    expect(() => writeLayer(dir, "lixels", blocksOf(synthetic, 300), { formats: FORMATS, protect, meta: META })).toThrow(/refusing to overwrite the input file/);
    expect(readdirSync(dir)).toEqual(["lixels.geojsons"]);
    const inner = blocksOf(synthetic, 300);
    const failing: BlockedLayer = { ...inner, blocks: function* () {
      let k = 0;
      for (const b of inner.blocks()) {
        if (k++ === 4) throw new Error("block 5 could not be read (test)");
        yield b;
      }
    } };
    const dir2 = mkdtempSync(join(tmpdir(), "minerisk-blocked-"));
    expect(() => writeLayer(dir2, "lixels", failing, { formats: FORMATS, protect: [], meta: META })).toThrow(/block 5 could not be read/);
    expect(readdirSync(dir2)).toEqual([]);
  });
});

describe("writeLayer of a blocked layer: the same bytes as the whole TypedLayer", () => {
  for (const [name, layer] of [["the default corridor's lixels", corridor], ["the synthetic network's lixels", synthetic]] as const) {
    it(`${name}, every split`, () => {
      expect(layer.length).toBeGreaterThan(1000);
      for (const { label, blocked } of splits(layer)) expectSameFiles(layer, blocked, label);
    });
  }

  it("an empty layer, with no block and with only empty blocks", () => {
    const empty: TypedLayer = { ...synthetic, length: 0, at: () => undefined };
    const files = written(empty);
    expect((files.get("lixels.csv") as Buffer).toString()).toBe("\r\n");
    expectSameFiles(empty, blocksOf(empty, 7), "no block");
    expectSameFiles(empty, blocksAt(empty, [[0, 0], [0, 0]]), "empty blocks");
    expectSameFiles(empty, blocksAt(empty, [[0, 0], [0, 0]], { copy: true }), "empty blocks, own arrays");
  });

  it("would differ if the blocks were out of order (the comparison can fail)", () => {
    const cuts: [number, number][] = [[0, 1000], [1000, 2000], [2000, synthetic.length]];
    const inOrder = blocksAt(synthetic, cuts);
    const swapped: BlockedLayer = { ...inOrder, blocks: () => [...inOrder.blocks()].reverse() };
    const want = written(synthetic);
    const got = written(swapped);
    for (const f of ["lixels.csv", "lixels.geojson", "lixels.geojsons"]) expect((got.get(f) as Buffer).equals(want.get(f) as Buffer), f).toBe(false);
  });

  it("writes the GeoJSON in pieces of about 1 MiB, never one string", () => {
    const pieces = [...blockedGeoJsonChunks(blocksOf(corridor, 7), 6, "lixels")];
    expect(pieces.length).toBeGreaterThan(1);
    const longest = pieces.reduce((m, p) => Math.max(m, p.length), 0);
    expect(longest).toBeLessThan((1 << 20) + 10_000);
  });

  it("refuses FlatGeobuf and GeoParquet before writing anything, naming the layer and why", () => {
    for (const formats of [["geojson", "fgb"], ["parquet", "csv"]] as const) {
      const dir = mkdtempSync(join(tmpdir(), "minerisk-blocked-"));
      const run = () => writeLayer(dir, "lixels", blocksOf(synthetic, 100), { formats, protect: [], meta: META });
      expect(run).toThrow(OptionError);
      expect(run).toThrow(/layer lixels: (fgb|parquet) cannot be written for a layer made a block at a time .*Hilbert R-tree/);
      expect(readdirSync(dir)).toEqual([]);
      expect(existsSync(join(dir, "lixels.geojson"))).toBe(false);
    }
  });

  it("writes FlatGeobuf through the caller's writeTypedFgb, listed in the order asked, as for a typed layer", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-blocked-"));
    const asked: string[] = [];
    const files = writeLayer(dir, "lixels", blocksOf(synthetic, 100), { formats: ["csv", "fgb", "geojson"], protect: [], meta: META, writeTypedFgb: (path) => {
      asked.push(path);
      writeFileSync(path, "fgb written elsewhere (test)");
    } });
    expect(asked).toEqual([join(dir, "lixels.fgb")]);
    expect(files.map((f) => [f.file, f.features])).toEqual([["lixels.csv", synthetic.length], ["lixels.fgb", synthetic.length], ["lixels.geojson", synthetic.length], ["lixels.meta.json", undefined]]);
    const meta = JSON.parse(readFileSync(join(dir, "lixels.meta.json"), "utf8"));
    expect(meta.outputs.map((o: { file: string }) => o.file)).toEqual(["lixels.csv", "lixels.fgb", "lixels.geojson"]);
    // the FlatGeobuf's pass A made on the text pass, not taken by this writer: its scratch folder is gone
    expect(readdirSync(dir).filter((f) => f.startsWith(".fgb-scratch"))).toEqual([]);
  });

  it("makes the FlatGeobuf's pass A on the text formats' pass: the blocks made twice, not three times, the same bytes", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-blocked-"));
    const inner = blocksAt(synthetic, cutsWithEmpties(synthetic.length), { copy: true });
    let passes = 0;
    const counted: BlockedLayer = { ...inner, blocks: () => (passes++, inner.blocks()) };
    let given: FlatGeobufPrepass | undefined;
    writeLayer(dir, "lixels", counted, { formats: ["csv", "fgb"], protect: [], meta: META, writeTypedFgb: (path, prepass) => {
      given = prepass;
      writeBlockedFlatGeobuf(path, counted, { name: "lixels", prepass });
    } });
    expect(given).toBeDefined();
    expect(passes).toBe(2);
    const whole = join(mkdtempSync(join(tmpdir(), "minerisk-typed-")), "lixels.fgb");
    writeTypedFlatGeobuf(whole, synthetic, { name: "lixels" });
    expect(readFileSync(join(dir, "lixels.fgb")).equals(readFileSync(whole))).toBe(true);
    expect(readFileSync(join(dir, "lixels.csv")).equals(written(synthetic).get("lixels.csv") as Buffer)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["lixels.csv", "lixels.fgb", "lixels.meta.json"]);
  });
});
