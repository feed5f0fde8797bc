/**
 * The streaming writers give the bytes of the one-piece ones they replaced: GeoJSON in ~1 MiB chunks
 * equals the old formatFeatureCollection definition (header line, features joined by ",\n", "\n]}\n"),
 * and FlatGeobuf from raw features equals FlatGeobuf from the features as read back from their GeoJSON
 * text (what the writer used to encode), including NaN, -0, undefined and nested property values.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatFeature, geoJsonChunks, lazyFeatures, type OutFeature } from "../../src/io/write/format-geojson.ts";
import { flatGeobufBytes } from "../../src/io/write/write-flatgeobuf.ts";
import { writeGeoJson } from "../../src/io/write/write-geojson.ts";
import { syntheticLines } from "../helpers/layers/outputs-layers.ts";

/** The pre-streaming definition, kept here as the reference. */
const oneString = (features: readonly OutFeature[], name: string) =>
  `{"type":"FeatureCollection","name":${JSON.stringify(name)},"features":[\n${features.map((f) => formatFeature(f)).join(",\n")}\n]}\n`;

/** Lines with awkward property values: non-finite numbers, -0, undefined members, nested objects. */
function awkward(count: number): OutFeature[] {
  return syntheticLines(11, count).map((f, i) => ({
    ...f,
    properties: { ...f.properties, odd: i % 5 === 0 ? Number.NaN : i % 5 === 1 ? -0 : i % 5 === 2 ? undefined : i, nested: i % 3 === 0 ? { a: [1, Number.POSITIVE_INFINITY, undefined] } : null, gone: undefined },
  }));
}

describe("streaming writers", () => {
  it("GeoJSON: chunks of ≈ 1 MiB whose concatenation is the one-string text, byte for byte", () => {
    const features = awkward(12_000); // ≈ 4 MB of text: several chunks
    const chunks = [...geoJsonChunks(features, { name: "lines" })];
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.length).toBeLessThan((1 << 20) + 2000); // a chunk ends at the first feature past 1 MiB
    expect(chunks.join("")).toBe(oneString(features, "lines"));
    const path = join(mkdtempSync(join(tmpdir(), "minerisk-stream-")), "lines.geojson");
    expect(writeGeoJson(path, lazyFeatures(features.length, (i) => features[i]), { name: "lines" })).toBe(features.length);
    expect(readFileSync(path, "utf8")).toBe(oneString(features, "lines"));
  });

  it("GeoJSON of an empty layer is the same too", () => {
    expect([...geoJsonChunks([], { name: "empty" })].join("")).toBe(oneString([], "empty"));
  });

  it("FlatGeobuf: the same bytes as encoding the features read back from their GeoJSON text", () => {
    const features = awkward(3000);
    const readBack = features.map((f) => JSON.parse(formatFeature(f)) as OutFeature);
    const direct = flatGeobufBytes(lazyFeatures(features.length, (i) => features[i]), { name: "lines" });
    expect(Buffer.from(direct).equals(Buffer.from(flatGeobufBytes(readBack, { name: "lines" })))).toBe(true);
  });
});
