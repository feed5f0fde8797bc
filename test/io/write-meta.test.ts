import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileDigest, writeMeta } from "../../src/io/write/write-meta.ts";

describe("sidecar *.meta.json", () => {
  const dir = mkdtempSync(join(tmpdir(), "minerisk-meta-"));
  const input = join(dir, "roads.geojson");
  writeFileSync(input, '{"type":"FeatureCollection","features":[]}\n');

  it("digests a file by name, size and SHA-256 (checked against a known vector)", () => {
    const abc = join(dir, "abc.txt");
    writeFileSync(abc, "abc");
    // FIPS 180-2 test vector for "abc"
    expect(fileDigest(abc)).toEqual({ file: "abc.txt", bytes: 3, sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" });
    expect(fileDigest(input).sha256).toBe(createHash("sha256").update(readFileSync(input)).digest("hex"));
  });

  it("digests a file larger than its 1 MiB read buffer the same as hashing it whole", () => {
    const big = join(dir, "big.bin");
    // 2.5 MiB of a repeating non-uniform pattern: three reads, the last one partial
    const data = Buffer.alloc(2.5 * 2 ** 20);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 10)) & 0xff;
    writeFileSync(big, data);
    expect(fileDigest(big)).toEqual({ file: "big.bin", bytes: data.length, sha256: createHash("sha256").update(data).digest("hex") });
  });

  it("is deterministic, has no timestamp or folder in it, and keeps a fixed key order", () => {
    const meta = {
      workingCrs: { name: "TM", definition: "+proj=tmerc" },
      options: { lixelLengthM: 100 },
      inputs: [fileDigest(input)],
      outputs: [{ file: "x.geojson", bytes: 1, sha256: "00", features: 0, crs: "EPSG:4326" }],
      version: "0.1.0",
      toolkit: "minerisk",
    };
    writeMeta(join(dir, "a.meta.json"), meta);
    writeMeta(join(dir, "b.meta.json"), meta);
    const a = readFileSync(join(dir, "a.meta.json"), "utf8");
    expect(readFileSync(join(dir, "b.meta.json"), "utf8")).toBe(a);
    expect(Object.keys(JSON.parse(a))).toEqual(["toolkit", "version", "outputs", "inputs", "options", "workingCrs"]);
    expect(a).not.toContain(dir);
    expect(a).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it("refuses to overwrite an input", () => {
    expect(() => writeMeta(input, { toolkit: "minerisk", version: "0", outputs: [], inputs: [], options: {}, workingCrs: { name: "", definition: "" } }, [input])).toThrow(/refusing to overwrite/);
  });
});
