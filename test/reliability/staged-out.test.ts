import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OptionError } from "../../src/core/errors.ts";
import { RUN_MANIFEST, stageOut } from "../../src/io/stage/staged-out.ts";
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

describe("two runs into one --out are locked against each other (issue 20)", () => {
  it("a second stageOut into the same folder is refused while the first holds it, and allowed after commit or discard", () => {
    const out = folder("out-lock", { "summary.json": "OLD" });
    const first = stageOut(out, { inputs: [] });
    expect(readdirSync(root)).toContain(".out-lock.minerisk-lock");
    expect(() => stageOut(out, { inputs: [] })).toThrow(/--out .*out-lock is being written by another minerisk run \(process \d+, lock file .*\): wait for it to finish, or give another --out/);
    writeFileAtomic(join(first.dir, "summary.json"), "FIRST");
    first.commit();
    expect(readdirSync(root)).not.toContain(".out-lock.minerisk-lock");
    const second = stageOut(out, { inputs: [] });
    second.discard();
    stageOut(out, { inputs: [] }).discard();
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe("FIRST");
    expect(readdirSync(root).filter((f) => f.startsWith(".out-lock."))).toEqual([]);
  });

  it("a lock held by another live process refuses the run; once that process is gone the stale lock is removed", async () => {
    const out = folder("out-lock2", { "summary.json": "OLD" });
    const holder = spawn("sleep", ["30"]);
    const lock = join(root, ".out-lock2.minerisk-lock");
    writeFileSync(lock, `${holder.pid} 12345\n`);
    try {
      expect(() => stageOut(out, { inputs: [] })).toThrow(new RegExp(`another minerisk run \\(process ${holder.pid},`));
      expect(listing(out)).toEqual(["summary.json"]);
    } finally {
      const gone = new Promise((done) => holder.on("exit", done)); // reaped, so its pid is free, not a zombie
      holder.kill("SIGKILL");
      await gone;
    }
    const stage = stageOut(out, { inputs: [] }); // the holder is gone: its lock is stale
    expect(readFileSync(lock, "utf8")).toMatch(new RegExp(`^${process.pid} `));
    stage.discard();
    expect(existsSync(lock)).toBe(false);
  });

  it("a lock left by an earlier process with this process's pid (a container reusing pids) is stale", () => {
    const out = folder("out-lock3");
    const lock = join(root, ".out-lock3.minerisk-lock");
    writeFileSync(lock, `${process.pid} 1\n`);
    stageOut(out, { inputs: [] }).discard();
    expect(existsSync(lock)).toBe(false);
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
