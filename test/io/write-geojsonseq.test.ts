import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatFeatureCollection } from "../../src/io/write/format-geojson.ts";
import { writeGeoJsonSeq } from "../../src/io/write/write-geojsonseq.ts";
import { syntheticLines } from "../helpers/layers/outputs-layers.ts";

describe("writeGeoJsonSeq (RFC 8142)", () => {
  const lines = syntheticLines(3, 50);

  it("writes one RS-prefixed, LF-terminated feature per record, identical to the GeoJSON layer's features", () => {
    const path = join(mkdtempSync(join(tmpdir(), "minerisk-seq-")), "lines.geojsons");
    expect(writeGeoJsonSeq(path, lines)).toBe(50);
    const text = readFileSync(path, "utf8");
    const records = text.split("\u001e");
    expect(records[0]).toBe(""); // the file starts with RS
    expect(records).toHaveLength(51);
    for (const r of records.slice(1)) expect(r.endsWith("\n")).toBe(true);
    const fromSeq = records.slice(1).map((r) => JSON.parse(r));
    expect(fromSeq).toEqual(JSON.parse(formatFeatureCollection(lines)).features);
  });

  it("streams from a generator without materialising the layer", () => {
    const path = join(mkdtempSync(join(tmpdir(), "minerisk-seq-")), "gen.geojsons");
    function* gen() {
      yield* lines.slice(0, 5);
    }
    expect(writeGeoJsonSeq(path, gen())).toBe(5);
    expect(readFileSync(path, "utf8").split("\u001e")).toHaveLength(6);
  });
});
