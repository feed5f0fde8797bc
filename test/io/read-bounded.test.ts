import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_INPUT_BYTES, maxInputBytes, readFileBounded } from "../../src/io/read/read-bounded.ts";

describe("the byte budget", () => {
  const saved = process.env.MINERISK_MAX_INPUT_BYTES;
  afterEach(() => {
    if (saved === undefined) delete process.env.MINERISK_MAX_INPUT_BYTES;
    else process.env.MINERISK_MAX_INPUT_BYTES = saved;
  });

  it("defaults to just under V8's longest string for regular files and 256 MiB for pipes and devices", () => {
    delete process.env.MINERISK_MAX_INPUT_BYTES;
    expect(maxInputBytes(true)).toBe(DEFAULT_MAX_FILE_BYTES);
    expect(maxInputBytes(false)).toBe(DEFAULT_MAX_INPUT_BYTES);
    // a country's roads (bench L, 279 MB) fit under the file default; a string of the budget's bytes fits V8
    expect(DEFAULT_MAX_FILE_BYTES).toBeGreaterThan(279e6);
    expect(DEFAULT_MAX_FILE_BYTES).toBeLessThanOrEqual(2 ** 29 - 24);
  });

  it("the variable (the CLI flag sets it) applies to every input", () => {
    process.env.MINERISK_MAX_INPUT_BYTES = "1000";
    expect(maxInputBytes(true)).toBe(1000);
    expect(maxInputBytes(false)).toBe(1000);
  });

  it("refuses a regular file over the budget as file-too-large, and reads one at the budget whole", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-budget-"));
    const file = join(dir, "layer.geojson");
    writeFileSync(file, "x".repeat(1001));
    process.env.MINERISK_MAX_INPUT_BYTES = "1000";
    let err: unknown;
    try {
      readFileBounded(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).issues[0].code).toBe("file-too-large");
    expect((err as InputError).issues[0].message).toContain("1,000 bytes");
    process.env.MINERISK_MAX_INPUT_BYTES = "1001";
    expect(readFileBounded(file).length).toBe(1001);
  });
});
