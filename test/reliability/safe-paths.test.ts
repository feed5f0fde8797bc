import { linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OptionError } from "../../src/core/errors.ts";
import { checkOutDir } from "../../src/cli/inputs.ts";
import { writeFileAtomic } from "../../src/io/write/write-file.ts";

describe("outputs never overwrite an input, whatever path leads to it (issue 20)", () => {
  const root = mkdtempSync(join(tmpdir(), "minerisk-safe-"));
  const inDir = join(root, "in");
  mkdirSync(inDir);
  const input = join(inDir, "incidents.geojson");
  writeFileSync(input, "INPUT");

  it("through a symlinked output folder", () => {
    const link = join(root, "out-link");
    symlinkSync(inDir, link);
    expect(() => writeFileAtomic(join(link, "incidents.geojson"), "OUTPUT", [input])).toThrow(OptionError);
    expect(readFileSync(input, "utf8")).toBe("INPUT");
  });

  it("through a symlinked file and through a hard link", () => {
    const outDir = join(root, "out");
    mkdirSync(outDir);
    symlinkSync(input, join(outDir, "incidents.geojson"));
    linkSync(input, join(outDir, "hard.geojson"));
    expect(() => writeFileAtomic(join(outDir, "incidents.geojson"), "OUTPUT", [input])).toThrow(/refusing to overwrite the input file/);
    expect(() => writeFileAtomic(join(outDir, "hard.geojson"), "OUTPUT", [input])).toThrow(OptionError);
    expect(readFileSync(input, "utf8")).toBe("INPUT");
    // A different file in the same folder is written as usual.
    writeFileAtomic(join(outDir, "lixels.geojson"), "OUTPUT", [input]);
    expect(readFileSync(join(outDir, "lixels.geojson"), "utf8")).toBe("OUTPUT");
  });

  it("--out on /proc, /sys or /dev is an option error, not an endless mkdir", () => {
    for (const dir of ["/proc/x", "/sys/minerisk", "/dev/shm/../x"]) expect(() => checkOutDir(dir)).toThrow(/pseudo-filesystem/);
    expect(() => checkOutDir(join(root, "new-folder"))).not.toThrow();
    expect(() => checkOutDir("/dev/shm/minerisk-out")).not.toThrow(); // a real tmpfs
  });
});
