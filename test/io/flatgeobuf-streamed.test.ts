/**
 * The typed FlatGeobuf writer (io/write/write-flatgeobuf-typed.ts) writes the file in pieces, the index
 * after the features it points at, into the room left for it: with tiny pieces (many feature blocks, a
 * feature larger than a block, index pieces that split a level) the bytes must still be those of the
 * object writer, and no piece may exceed the block (the buffer is bounded). Also radixOrder, the sort
 * hilbertOrder uses above 2²¹ features, against the comparator sort it stands for.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.ts";
import { lixelLayer } from "../../src/io/layers/layers.ts";
import { readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { flatGeobufBytes } from "../../src/io/write/write-flatgeobuf.ts";
import { levelBounds, NODE_BYTES, radixOrder } from "../../src/io/write/write-flatgeobuf-index.ts";
import { writeTypedFlatGeobufTo } from "../../src/io/write/write-flatgeobuf-typed.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { memoryFile } from "../helpers/layers/memory-file.ts";

const DATA = join(import.meta.dirname, "../../data/karabakh");

describe("typed FlatGeobuf written in pieces", () => {
  it("is the object writer's bytes with tiny blocks and index pieces, and no piece is larger than a block", () => {
    const result = analyze({ roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) }, {});
    const layer = lixelLayer(result);
    const objects = Array.from({ length: layer.length }, (_, i) => layer.at(i) as OutFeature);
    const expected = flatGeobufBytes(objects, { name: "lixels" });
    const whole = memoryFile();
    writeTypedFlatGeobufTo(whole.file, layer, { name: "lixels" });
    expect(Buffer.from(whole.bytes()).equals(Buffer.from(expected))).toBe(true);
    // 300-byte blocks: some lixel features do not fit one (they are written alone, in a block of their own)
    const large = memoryFile();
    writeTypedFlatGeobufTo(large.file, layer, { name: "lixels", blockBytes: 300 });
    expect(Buffer.from(large.bytes()).equals(Buffer.from(expected))).toBe(true);
    expect(large.writes.some((w) => w.length > 300)).toBe(true);
    // 2,000-byte blocks, 7 index nodes a piece: many pieces, none larger than the block (a bounded buffer)
    let beats = 0;
    const pieces = memoryFile();
    writeTypedFlatGeobufTo(pieces.file, layer, { name: "lixels", blockBytes: 2000, indexNodes: 7, beat: () => beats++ });
    expect(Buffer.from(pieces.bytes()).equals(Buffer.from(expected))).toBe(true);
    expect(pieces.writes.length).toBeGreaterThan(expected.length / 2000);
    expect(beats).toBeGreaterThan(expected.length / 4000);
    expect(pieces.writes.slice(2).every((w) => w.length <= 2000)).toBe(true);
    // the index (right after the header) is written after the features
    const indexAt = pieces.writes[1].at + pieces.writes[1].length;
    const firstIndexWrite = pieces.writes.findIndex((w) => w.at === indexAt);
    const featuresAt = indexAt + NODE_BYTES * levelBounds(layer.length, 16)[0][1];
    const lastFeatureWrite = pieces.writes.reduce((last, w, k) => (w.at >= featuresAt ? k : last), -1);
    expect(firstIndexWrite).toBeGreaterThan(lastFeatureWrite);
    expect(lastFeatureWrite).toBeGreaterThan(1);
  });

  it("radixOrder sorts by key, ties by index, as the comparator sort", () => {
    const rand = seededRandom(0x16);
    for (const n of [0, 1, 2, 1000, 70_000]) {
      const keys = new Uint32Array(n);
      // many ties, and keys spanning both 16-bit digits (0 and 2³² − 1 included)
      for (let i = 0; i < n; i++) keys[i] = i % 7 === 0 ? 0xffffffff : i % 11 === 0 ? 0 : Math.floor(rand() * 300) * 0x10001;
      const reference = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
      expect(Array.from(radixOrder(keys))).toEqual(reference);
    }
  });
});
