/**
 * The streamed FlatGeobuf intake (io/formats/stream-flatgeobuf.ts through io/read/stream-layer.ts) against
 * the whole read (readFlatGeobuf ahead, then the intake): the same records and the same intake report
 * (byte-identical JSON) for roads, incidents and hazards, strict and list, at batches of 1, 2 and 7
 * features and of 1 byte and 4 KiB; with a box, the plan (only the index's hits) against the whole box
 * read; and both reads against flatgeobuf's own `deserialize` (an oracle that is not our reader). Inputs:
 * the committed data/karabakh layers written as .fgb, and SYNTHETIC seeded messy layers (labelled below).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { geojson } from "flatgeobuf";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { type Bbox, readFlatGeobuf } from "../../src/io/formats/read-flatgeobuf.ts";
import { loadVectorFormats } from "../../src/io/formats/vector-formats.ts";
import type { Intake } from "../../src/io/intake/intake.ts";
import type { IntakeOptions } from "../../src/io/intake/types.ts";
import { readHazards } from "../../src/io/read/read-hazards.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoads } from "../../src/io/read/read-roads.ts";
import type { RoadRecord } from "../../src/io/fields/records.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { flatGeobufBytes } from "../../src/io/write/write-flatgeobuf.ts";
import { messyHazards, messyIncidents, messyRoads } from "./flatgeobuf-messy.ts";

const tmp = mkdtempSync(join(tmpdir(), "minerisk-fgb-stream-"));
const BATCHES: IntakeOptions[] = [{ streamChunkFeatures: 1 }, { streamChunkFeatures: 2 }, { streamChunkFeatures: 7 }, { streamChunkBytes: 1 }, { streamChunkBytes: 4096 }];
const KARABAKH = join(import.meta.dirname, "../../data/karabakh");

const road = (r: RoadRecord) => ({ file: r.file, record: r.record, id: r.id, name: r.name, class: r.class, bridge: r.bridge, tunnel: r.tunnel, layer: r.layer, oneway: r.oneway, parts: r.parts, properties: r.properties });
const READERS = {
  roads: (files: string[], o: IntakeOptions) => plain(() => readRoads(files, o), road),
  incidents: (files: string[], o: IntakeOptions) => plain(() => readIncidents(files, o), (r) => r),
  hazards: (files: string[], o: IntakeOptions) => plain(() => readHazards(files, o), (r) => r),
};

/** A read's records and report as JSON text (byte-identical or not), or the InputError's issues it threw. */
function plain<T>(read: () => Intake<T>, f: (r: T) => unknown): string {
  try {
    const got = read();
    return JSON.stringify({ records: got.records.map(f), report: got.report });
  } catch (e) {
    if (e instanceof InputError) return JSON.stringify({ thrown: e.issues });
    throw e;
  }
}

function write(name: string, bytes: Uint8Array): string {
  const p = join(tmp, name);
  writeFileSync(p, bytes);
  return p;
}

const fc = (features: unknown[]) => ({ type: "FeatureCollection", features }) as never;
const karabakh = (name: string) => (JSON.parse(readFileSync(join(KARABAKH, name), "utf8")) as { features: OutFeature[] }).features;

// the committed layers written as indexed .fgb by our writer; the SYNTHETIC messy ones by flatgeobuf's own
// serialize (no index, features as given: repeats, wrong types, bad rings are kept), in WGS 84, in UTM 38N
// (the header's CRS must reach the conversion) and with no CRS (the missing-sidecar warning)
const FILES: [string, keyof typeof READERS][] = [
  [write("karabakh-roads.fgb", flatGeobufBytes(karabakh("roads.geojson"), { name: "roads" })), "roads"],
  [write("karabakh-incidents.fgb", flatGeobufBytes(karabakh("incidents.geojson"), { name: "incidents" })), "incidents"],
  [write("messy-roads.fgb", geojson.serialize(fc(messyRoads(400, 1)), 4326)), "roads"],
  [write("messy-roads-nocrs.fgb", geojson.serialize(fc(messyRoads(120, 2)))), "roads"],
  [write("messy-roads-utm.fgb", geojson.serialize(fc(messyRoads(120, 3, true)), 32638)), "roads"],
  [write("messy-incidents.fgb", geojson.serialize(fc(messyIncidents(300, 4)), 4326)), "incidents"],
  [write("messy-incidents-utm.fgb", geojson.serialize(fc(messyIncidents(100, 5, true)), 32638)), "incidents"],
  [write("messy-hazards.fgb", geojson.serialize(fc(messyHazards(150, 6)), 4326)), "hazards"],
];

async function whole(file: string, layer: keyof typeof READERS, strictness: "list" | "strict", bbox?: Bbox): Promise<string> {
  const loaded = await loadVectorFormats([file], { bbox });
  return READERS[layer]([file], { strictness, loaded, streamInput: false });
}

describe("streamed FlatGeobuf input", () => {
  it.each(FILES)("%s (%s): the same records and report as the whole read, at every batch size", async (file, layer) => {
    for (const strictness of ["list", "strict"] as const) {
      const want = await whole(file, layer, strictness);
      expect(want).not.toContain("file-unreadable");
      for (const b of BATCHES) expect(READERS[layer]([file], { strictness, streamInput: true, ...b }), `${strictness} ${JSON.stringify(b)}`).toBe(want);
    }
  });

  it("the messy layers are messy: each kind of issue the seeded layers plant is reported (the test above is not of clean data only)", async () => {
    const roads = JSON.parse(READERS.roads([FILES[2][0]], { strictness: "list", streamInput: true, streamChunkFeatures: 3 })).report.files[0];
    const codes = new Set(roads.issues.map((i: { code: string }) => i.code));
    for (const c of ["wrong-geometry-type", "degenerate-line", "mixed-geometry-types", "empty-part"]) expect(codes, c).toContain(c);
    expect(roads.used + roads.repaired + roads.rejected).toBe(roads.read);
    expect(roads.read).toBe(400);
    const hazards = JSON.parse(READERS.hazards([FILES[7][0]], { strictness: "list", streamInput: true, streamChunkFeatures: 2 })).report.files[0];
    expect(hazards.rejected + hazards.repaired).toBeGreaterThan(0);
    expect(hazards.used + hazards.repaired + hazards.rejected).toBe(hazards.read);
    const nocrs = JSON.parse(READERS.roads([FILES[3][0]], { strictness: "list", streamInput: true })).report.files[0];
    expect(nocrs.issues.map((i: { code: string }) => i.code)).toContain("missing-sidecar");
    const utm = JSON.parse(READERS.roads([FILES[4][0]], { strictness: "list", streamInput: true })).records;
    expect(utm[0].parts[0][0][0]).toBeGreaterThan(40); // converted from UTM 38N metres to degrees
    expect(utm[0].parts[0][0][0]).toBeLessThan(50);
  });

  it("our reader decodes what flatgeobuf's own deserialize decodes, whole and by box (the oracle is not our code)", async () => {
    const box: Bbox = [46.5, 39.5, 47.2, 40.2];
    for (const [file] of FILES) {
      const bytes = new Uint8Array(readFileSync(file));
      const lib: unknown[] = [];
      for await (const f of geojson.deserialize(bytes)) lib.push(f);
      expect((await readFlatGeobuf(file)).collection?.features, file).toEqual(lib);
    }
    const indexed = new Uint8Array(readFileSync(FILES[0][0]));
    const debug = console.debug;
    console.debug = () => undefined;
    const found: { id: number }[] = [];
    for await (const f of geojson.deserialize(indexed, { rect: { minX: box[0], minY: box[1], maxX: box[2], maxY: box[3] } })) found.push(f as never);
    console.debug = debug;
    found.sort((a, b) => a.id - b.id);
    const ours = (await readFlatGeobuf(FILES[0][0], { bbox: box })).collection?.features ?? [];
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.length).toBeLessThan(karabakh("roads.geojson").length);
    expect(ours).toEqual(found);
  });

  it("a Binary column (decoded by flatgeobuf as views of the bytes) survives the reused buffer: features copied out first", async () => {
    const blobs = Array.from({ length: 200 }, (_, i) => ({ type: "Feature", properties: { id: `b${i}`, blob: Uint8Array.from({ length: 1 + (i % 13) }, (_, k) => (i * 7 + k) % 256) }, geometry: { type: "LineString", coordinates: [[46 + i * 0.001, 39], [46.01 + i * 0.001, 39.01]] } }));
    const file = write("binary.fgb", geojson.serialize(fc(blobs), 4326));
    const lib: unknown[] = [];
    for await (const f of geojson.deserialize(new Uint8Array(readFileSync(file)))) lib.push(f);
    const { openFlatGeobuf, forEachFeature, closeFlatGeobuf } = await import("../../src/io/formats/fgb-file.ts");
    for (const chunk of [1, 100, 4096]) {
      const f = openFlatGeobuf(file);
      const got: unknown[] = [];
      forEachFeature(f, chunk, undefined, (x) => got.push(x));
      closeFlatGeobuf(f);
      expect(got, `chunk ${chunk}`).toEqual(lib);
    }
    expect((lib[199] as { properties: { blob: Uint8Array } }).properties.blob).toEqual(Uint8Array.from({ length: 5 }, (_, k) => (199 * 7 + k) % 256)); // 1 + 199 mod 13 bytes
  });

  it("with a box: the plan (only the hits, read in batches) gives the records and report of the whole box read", async () => {
    const boxes: Bbox[] = [
      [46.5, 39.5, 47.2, 40.2],
      [46.0, 38.0, 47.0, 41.0],
      [10, 10, 11, 11], // nothing there
      [40, 30, 50, 45], // everything
    ];
    for (const [file, layer] of [FILES[0], FILES[1], FILES[2], FILES[7]]) {
      for (const bbox of boxes) {
        const want = await whole(file, layer, "list", bbox);
        const loaded = await loadVectorFormats([file], { bbox, streamed: () => true });
        expect(loaded.get(file)?.collection).toBeUndefined(); // no feature read ahead
        for (const b of BATCHES) expect(READERS[layer]([file], { strictness: "list", loaded, streamInput: true, ...b }), `${file} ${bbox} ${JSON.stringify(b)}`).toBe(want);
      }
    }
  });

  it("auto-switch: a .fgb larger than the byte budget streams (MINERISK_MAX_INPUT_BYTES), with the same report", async () => {
    const { streamsInput } = await import("../../src/io/read/stream-layer.ts");
    const file = FILES[2][0];
    const saved = process.env.MINERISK_MAX_INPUT_BYTES;
    try {
      expect(streamsInput(file, {})).toBe(false);
      process.env.MINERISK_MAX_INPUT_BYTES = "4096";
      expect(streamsInput(file, {})).toBe(true);
      expect(streamsInput(file, { streamInput: false })).toBe(false);
      expect(READERS.roads([file], { strictness: "list", loaded: new Map() })).toBe(await whole(file, "roads", "list"));
    } finally {
      if (saved === undefined) delete process.env.MINERISK_MAX_INPUT_BYTES;
      else process.env.MINERISK_MAX_INPUT_BYTES = saved;
    }
  });
});
