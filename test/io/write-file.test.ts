import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OptionError } from "../../src/core/errors.ts";
import { writeFileAtomic } from "../../src/io/write/write-file.ts";

describe("writeFileAtomic", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "minerisk-write-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a string and bytes", () => {
    writeFileAtomic(join(dir, "a.geojson"), "hello ✓");
    writeFileAtomic(join(dir, "b.bin"), Uint8Array.from([0, 1, 254, 255]));
    expect(readFileSync(join(dir, "a.geojson"), "utf8")).toBe("hello ✓");
    expect(Array.from(readFileSync(join(dir, "b.bin")))).toEqual([0, 1, 254, 255]);
  });

  it("replaces an existing file and leaves no temporary file behind", () => {
    const p = join(dir, "out.geojson");
    writeFileAtomic(p, "first, longer content");
    writeFileAtomic(p, "second");
    expect(readFileSync(p, "utf8")).toBe("second");
    expect(readdirSync(dir)).toEqual(["out.geojson"]);
  });

  it("creates missing folders", () => {
    const p = join(dir, "x", "y", "z", "out.svg");
    writeFileAtomic(p, "<svg/>");
    expect(readFileSync(p, "utf8")).toBe("<svg/>");
  });

  it("refuses to overwrite a protected input path, however it is spelled, leaving it unchanged", () => {
    const input = join(dir, "roads.geojson");
    writeFileSync(input, "original");
    mkdirSync(join(dir, "sub"));
    const spellings = [input, join(dir, "sub", "..", "roads.geojson"), relative(process.cwd(), input)];
    for (const target of spellings) {
      expect(() => writeFileAtomic(target, "clobbered", [input])).toThrow(OptionError);
    }
    expect(() => writeFileAtomic(input, "clobbered", ["unrelated.geojson", join(dir, "sub", "..", "roads.geojson")])).toThrow(
      /refusing to overwrite the input file/,
    );
    expect(readFileSync(input, "utf8")).toBe("original");
    expect(readdirSync(dir).sort()).toEqual(["roads.geojson", "sub"]);
  });

  it("writes next to a protected file when the path differs", () => {
    const input = join(dir, "roads.geojson");
    writeFileSync(input, "original");
    writeFileAtomic(join(dir, "roads-risk.geojson"), "new", [input]);
    expect(readFileSync(input, "utf8")).toBe("original");
    expect(readFileSync(join(dir, "roads-risk.geojson"), "utf8")).toBe("new");
  });

  it("a failed rename removes the temporary file and rethrows", () => {
    const target = join(dir, "occupied");
    mkdirSync(target); // a non-empty folder cannot be replaced by a file
    writeFileSync(join(target, "keep.txt"), "keep");
    expect(() => writeFileAtomic(target, "data")).toThrow();
    expect(readdirSync(dir)).toEqual(["occupied"]);
    expect(readFileSync(join(target, "keep.txt"), "utf8")).toBe("keep");
  });
});
