import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OptionError } from "../../src/core/errors.ts";
import { RUN_MANIFEST, stageOut } from "../../src/io/write/staged-out.ts";
import { writeFileAtomic } from "../../src/io/write/write-file.ts";

const root = mkdtempSync(join(tmpdir(), "minerisk-staged-"));
const folder = (name: string, files: Record<string, string> = {}) => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
};
const listing = (dir: string) => readdirSync(dir).sort();

describe("a run's --out folder is checked before anything is written, and swapped in whole (issue 20)", () => {
  it("refuses an --out that holds an input, found by real path through a symlinked --out, before writing anything", () => {
    const data = folder("data", { "incidents.geojson": "INPUT" });
    const link = join(root, "out-link");
    symlinkSync(data, link);
    expect(() => stageOut(link, { inputs: [join(data, "incidents.geojson")] })).toThrow(/refusing to overwrite the input file .*incidents\.geojson: it is in --out/);
    expect(listing(data)).toEqual(["incidents.geojson"]);
    expect(listing(root).filter((f) => f.includes("minerisk-staging"))).toEqual([]);
  });

  it("refuses an --out that holds a hard link to an input (same device and inode, another path)", () => {
    const data = folder("data2", { "roads.geojson": "INPUT" });
    const out = folder("out-hard");
    linkSync(join(data, "roads.geojson"), join(out, "roads-copy.geojson"));
    expect(() => stageOut(out, { inputs: [join(data, "roads.geojson")] })).toThrow(OptionError);
    expect(readFileSync(join(data, "roads.geojson"), "utf8")).toBe("INPUT");
  });

  it("replaces exactly the previous run's files, keeps the user's own files, and removes dead runs' .tmp files", () => {
    const out = folder("out-run", { "lixels.geojson": "OLD", "lixels.csv": "OLD", "notes.txt": "MINE", "lixels.geojson.999999999.tmp": "HALF" });
    writeFileSync(join(out, RUN_MANIFEST), JSON.stringify({ toolkit: "minerisk", files: ["lixels.csv", "lixels.geojson"] }));
    const notesInode = statSync(join(out, "notes.txt")).ino;
    const stage = stageOut(out, { inputs: [] });
    writeFileAtomic(join(stage.dir, "lixels.geojson"), "NEW");
    expect(stage.written()).toEqual(["lixels.geojson"]);
    expect(listing(out)).toEqual([RUN_MANIFEST, "lixels.csv", "lixels.geojson", "lixels.geojson.999999999.tmp", "notes.txt"]); // untouched until the swap
    stage.commit();
    expect(listing(out)).toEqual([RUN_MANIFEST, "lixels.geojson", "notes.txt"]);
    expect(readFileSync(join(out, "lixels.geojson"), "utf8")).toBe("NEW");
    expect(statSync(join(out, "notes.txt")).ino).toBe(notesInode); // the user's file itself, not a copy
    expect(JSON.parse(readFileSync(join(out, RUN_MANIFEST), "utf8")).files).toEqual(["lixels.geojson"]);
    expect(listing(root).filter((f) => f.startsWith(".out-run."))).toEqual([]);
  });

  it("a discarded run leaves the folder as it was", () => {
    const out = folder("out-discard", { "summary.json": "OLD" });
    const stage = stageOut(out, { inputs: [] });
    writeFileAtomic(join(stage.dir, "summary.json"), "NEW");
    stage.discard();
    expect(listing(out)).toEqual(["summary.json"]);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe("OLD");
    expect(existsSync(stage.dir)).toBe(false);
  });

  it("an --out that is the current folder, or holds it, is refused (the swap would move the user's shell out from under them)", () => {
    expect(() => stageOut(".", { inputs: [] })).toThrow(/is the folder you are in, or holds it/);
    expect(() => stageOut("/", { inputs: [] })).toThrow(/is the folder you are in, or holds it/);
  });

  it("an --out that names a file is refused", () => {
    folder("f");
    writeFileSync(join(root, "f", "file"), "x");
    expect(() => stageOut(join(root, "f", "file"), { inputs: [] })).toThrow(/is a file, not a folder/);
  });
});

// a read-only filesystem needs a mount; as root in CI this works, elsewhere the case says why it is skipped
const ro = join(root, "ro");
mkdirSync(ro);
let roReason: string | undefined;
try {
  execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro], { stdio: "pipe" });
} catch (e) {
  roReason = `cannot mount a read-only tmpfs here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()})`;
}
afterAll(() => {
  if (roReason === undefined) spawnSync("umount", [ro]);
});

describe.skipIf(roReason !== undefined)(`an --out that cannot be written${roReason ? ` (skipped: ${roReason})` : ""}`, () => {
  it("is an option error (exit 2) before the work starts", () => {
    expect(() => stageOut(join(ro, "out"), { inputs: [] })).toThrow(/--out .* cannot be (written|made) \(no permission, or a read-only disk\)/);
  });
});
