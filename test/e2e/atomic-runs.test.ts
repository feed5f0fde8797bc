/**
 * A run's --out folder holds the previous run or the new one, whole, whatever happens (issue 20):
 * SIGKILL at 23 points (20 file writes spread over the run, each mid-file, and the three steps of the
 * swap) and a full disk (a 4 MiB tmpfs: one run is ≈ 2.5 MiB, so a second does not fit beside it). The built CLI (dist/cli/main.js) runs on a small synthetic
 * network, so each run takes about a second of CPU.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const root = mkdtempSync(join(tmpdir(), "minerisk-atomic-"));

// synthetic: four bent roads and a crossing road near (10.02° E, 0.52° N); incidents on them
const roads = { type: "FeatureCollection", features: [0, 1, 2, 3].map((k) => ({ type: "Feature", properties: { id: `r${k}`, name: `Road ${k}` }, geometry: { type: "LineString", coordinates: [[10, 0.5 + k * 0.01], [10.05, 0.5 + k * 0.01], [10.05, 0.55 + k * 0.01]] } })) };
roads.features.push({ type: "Feature", properties: { id: "x", name: "Cross" }, geometry: { type: "LineString", coordinates: [[10.02, 0.49], [10.02, 0.54]] } });
const incidents = (n: number) => ({ type: "FeatureCollection", features: Array.from({ length: n }, (_, i) => ({ type: "Feature", properties: { id: `i${i}`, date: `202${i % 4}-0${1 + (i % 9)}-1${i % 9}` }, geometry: { type: "Point", coordinates: [10 + 0.004 * i, 0.5 + 0.01 * (i % 4) + 0.0003] } })) });
const inDir = join(root, "in");
mkdirSync(inDir);
writeFileSync(join(inDir, "roads.geojson"), JSON.stringify(roads));
writeFileSync(join(inDir, "old.geojson"), JSON.stringify(incidents(4)));
writeFileSync(join(inDir, "new.geojson"), JSON.stringify(incidents(9)));
// the old run also writes CSV tables, which the new one does not: they must not survive beside it
const OLD = ["analyze", "--roads", join(inDir, "roads.geojson"), "--incidents", join(inDir, "old.geojson"), "--quiet", "--formats", "geojson,fgb,csv"];
const NEW = ["analyze", "--roads", join(inDir, "roads.geojson"), "--incidents", join(inDir, "new.geojson"), "--quiet", "--formats", "geojson,fgb"];
const cli = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { ...process.env, ...env } });

/** Every file of a folder (recursively) with its bytes' SHA-256. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const p = join(dir, f);
    try {
      out[f] = createHash("sha256").update(readFileSync(p)).digest("hex");
    } catch {
      // a folder
    }
  }
  return out;
}

/** Every file a sidecar or summary.json lists is there, and each sidecar's checksums match its files. */
function checkWhole(dir: string): void {
  const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { outputs: string[] };
  for (const f of summary.outputs) expect(existsSync(join(dir, f)), f).toBe(true);
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".meta.json"))) {
    const meta = JSON.parse(readFileSync(join(dir, f), "utf8")) as { outputs: { file: string; sha256: string }[] };
    for (const o of meta.outputs) expect(createHash("sha256").update(readFileSync(join(dir, o.file))).digest("hex"), `${f}: ${o.file}`).toBe(o.sha256);
  }
}

/** Names beside and inside the out folder that only a run in progress (or killed) makes. */
const leftovers = (parent: string) => [...readdirSync(parent), ...(existsSync(join(parent, "out")) ? readdirSync(join(parent, "out")) : [])].filter((f) => (f.includes(".minerisk-") && f !== ".minerisk-run.json") || f.endsWith(".tmp"));

const refOld = join(root, "ref-old");
const refNew = join(root, "ref-new");
const okOld = cli([...OLD, "--out", refOld]);
const okNew = cli([...NEW, "--out", refNew]);
const oldSnap = snapshot(refOld);
const newSnap = snapshot(refNew);
// the files the new run writes, in order, are its write points: intake report, layers, map, report, summary, manifest
const writes = Object.keys(newSnap).length;

describe("a killed run leaves the previous run or the new one, whole", () => {
  it("the two reference runs differ, and each is whole", () => {
    expect(okOld.status, okOld.stderr).toBe(0);
    expect(okNew.status, okNew.stderr).toBe(0);
    checkWhole(refOld);
    checkWhole(refNew);
    expect(Object.keys(oldSnap).some((f) => f.endsWith(".csv") && !(f in newSnap))).toBe(true);
    expect(oldSnap["lixels.geojson"]).not.toBe(newSnap["lixels.geojson"]);
    expect(writes).toBeGreaterThanOrEqual(20);
  });

  // 20 write points spread over the whole run (first file to the manifest), then each step of the swap
  const points = [...Array.from({ length: 20 }, (_, k) => `write:${1 + Math.round((k * (writes - 1)) / 19)}`), "swap:staged", "swap:old-moved", "swap:done"];
  it.each(points)("SIGKILL at %s", (point) => {
    const parent = join(root, point.replace(":", "-"));
    const out = join(parent, "out");
    mkdirSync(parent);
    cpSync(refOld, out, { recursive: true });
    const killed = cli([...NEW, "--out", out], { MINERISK_TEST_KILL_AT: point });
    expect(killed.signal, killed.stderr).toBe("SIGKILL");
    if (point === "swap:old-moved") {
      // killed between the swap's two renames: both runs are whole under their marker names, and out is not there
      expect(existsSync(out)).toBe(false);
      expect(snapshot(join(parent, `.out.minerisk-old-${killed.pid}`))).toEqual(oldSnap);
      expect(snapshot(join(parent, `.out.minerisk-staging-${killed.pid}`))).toEqual(newSnap);
    } else {
      const now = snapshot(out);
      expect(now).toEqual(point === "swap:done" ? newSnap : oldSnap);
      checkWhole(out);
    }
    // the next run (here one refused at its flags, so it writes nothing) puts out back and removes what the killed one left
    const next = cli([...NEW, "--out", out, "--lixel-length", "ten"]);
    expect(next.status).toBe(2);
    expect([oldSnap, newSnap]).toContainEqual(snapshot(out));
    checkWhole(out);
    expect(leftovers(parent)).toEqual([]);
    // and a full run after it gives exactly the new run: nothing of the old one survives beside it
    if (point === "write:1" || point === "swap:staged") {
      expect(cli([...NEW, "--out", out]).status).toBe(0);
      expect(snapshot(out)).toEqual(newSnap);
      expect(leftovers(parent)).toEqual([]);
    }
  });
});

describe("two runs into one --out, and the bytes on disk before the swap", () => {
  it("a second run while another holds --out's lock exits 2 saying so, the folder unchanged; a killed holder's lock is removed by the next run", async () => {
    const parent = join(root, "locked");
    const out = join(parent, "out");
    mkdirSync(parent);
    cpSync(refOld, out, { recursive: true });
    const holder = spawn("sleep", ["30"]); // stands for a run in progress: a live process named in the lock
    writeFileSync(join(parent, ".out.minerisk-lock"), `${holder.pid} 1\n`);
    const second = cli([...NEW, "--out", out]);
    const gone = new Promise((done) => holder.on("exit", done));
    holder.kill("SIGKILL");
    await gone;
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`^minerisk: --out .*out is being written by another minerisk run \\(process ${holder.pid}, lock file .*\\.out\\.minerisk-lock\\): wait for it to finish, or give another --out\n$`));
    expect(snapshot(out)).toEqual(oldSnap);
    // the holder is gone (killed): the next run takes its stale lock, here one refused at its flags, and leaves nothing
    expect(cli([...NEW, "--out", out, "--lixel-length", "ten"]).status).toBe(2);
    expect(leftovers(parent)).toEqual([]);
    expect(snapshot(out)).toEqual(oldSnap);
  });

  const strace = spawnSync("strace", ["-f", "-o", "/dev/null", "true"]).status === 0;
  it.skipIf(!strace)(`every file of the run is fsynced before the staging folder is renamed into place${strace ? "" : " (skipped: strace cannot run here)"}`, () => {
    const parent = join(root, "synced");
    const out = join(parent, "out");
    mkdirSync(parent);
    const trace = join(root, "strace.txt");
    const r = spawnSync("strace", ["-f", "-y", "-qq", "-o", trace, "-e", "trace=fsync,fdatasync,rename,renameat,renameat2", process.execPath, CLI, ...NEW, "--out", out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(trace, "utf8").split("\n");
    const swap = lines.findIndex((l) => /rename(at2?)?\(.*\.out\.minerisk-staging-\d+", .*"[^"]*\/out"/.test(l));
    expect(swap).toBeGreaterThan(0);
    const synced = new Set(lines.slice(0, swap).flatMap((l) => /f(data)?sync\(\d+<([^>]+)>\) += 0/.exec(l)?.[2].replace(/.*\.out\.minerisk-staging-\d+\//, "") ?? []));
    const files = Object.keys(snapshot(out));
    expect(files.length).toBe(writes);
    expect(files.filter((f) => !synced.has(f))).toEqual([]);
  });
});

/** Mount a tmpfs of `size` at a new folder, or give the reason it cannot be done here. */
function tmpfs(size: string): { dir?: string; reason?: string } {
  const dir = join(root, `tmpfs-${size}`);
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "pipe" });
    return { dir };
  } catch (e) {
    return { reason: `cannot mount a tmpfs here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()}); run the suite as root to check a full disk` };
  }
}
const disk = tmpfs("4m");
const mounted: string[] = disk.dir ? [disk.dir] : [];
afterAll(() => {
  for (const d of mounted) spawnSync("umount", [d]);
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(disk.dir === undefined)(`a full disk leaves the previous run whole${disk.reason ? ` (skipped: ${disk.reason})` : ""}`, () => {
  it("the new run does not fit beside the old one: exit 1 with one clear line, the old run unchanged, nothing left over", () => {
    const parent = disk.dir as string;
    const out = join(parent, "out");
    expect(cli([...OLD, "--out", out]).status).toBe(0);
    expect(snapshot(out)).toEqual(oldSnap);
    // the new run, with its lixels as 5 m pieces in every format, cannot fit in the ≈ 1.5 MiB left
    const big = cli([...NEW, "--formats", "geojson,fgb,csv,geojsonseq", "--lixel-length", "5", "--out", out]);
    expect(big.status).toBe(1);
    expect(big.stderr).toMatch(/^minerisk: failed: the disk holding --out .* is full \(no space left on the device\): nothing of this run was kept and the previous outputs in .* are unchanged/);
    expect(big.stderr).not.toMatch(/\n\s+at /);
    expect(snapshot(out)).toEqual(oldSnap);
    checkWhole(out);
    expect(leftovers(parent)).toEqual([]);
  });

  it("a disk with no room at all is refused before the work starts (exit 2)", () => {
    const parent = disk.dir as string;
    const out = join(parent, "out");
    // fill what is left
    spawnSync("dd", ["if=/dev/zero", `of=${join(parent, "filler")}`, "bs=64k"], { stdio: "ignore" });
    const r = cli([...NEW, "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out .* cannot be written \(the disk is full\)/);
    expect(snapshot(out)).toEqual(oldSnap);
    expect(leftovers(parent).filter((f) => f !== "filler")).toEqual([]);
  });
});
