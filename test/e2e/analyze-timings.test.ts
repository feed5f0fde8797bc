/**
 * `analyze --timings`: every phase and the peak RSS on stderr and in timings.json, and nothing else
 * changes: the other outputs are byte-identical to a run without the flag, and no summary or sidecar
 * lists timings.json (its times vary, so it is outside the same-inputs-same-bytes promise).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-timings-"));
const PHASES = ["read", "project", "lixelize", "index", "risk", "graph", "proximity", "density", "route", "write"];

describe("minerisk analyze --timings", () => {
  const plain = tmp();
  const timed = tmp();
  const a = run(["analyze", "--quiet", "--out", plain]);
  const b = run(["analyze", "--quiet", "--timings", "--out", timed]);

  it("prints each phase, the write steps, the total and the peak RSS to stderr", () => {
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(a.stderr).toBe("");
    for (const p of [...PHASES, "layer lixels", "layer density", "map", "report", "total"]) expect(b.stderr).toMatch(new RegExp(`^ +${p} +\\d+\\.\\d\\d s +\\d+\\.\\d\\d s$`, "m"));
    expect(b.stderr).toMatch(/^ +peak RSS +\d+ MiB$/m);
  });

  it("writes timings.json with the same phases in order and a plausible peak RSS", () => {
    const t = JSON.parse(readFileSync(join(timed, "timings.json"), "utf8"));
    expect(Object.keys(t.phasesMs)).toEqual(PHASES);
    expect(Object.keys(t.phasesCpuMs)).toEqual(PHASES);
    expect(t.peakRssMiB).toBeGreaterThan(20); // a Node process alone takes ~40 MiB
    expect(t.peakRssMiB).toBeLessThan(4096);
    expect(t.totalMs).toBeGreaterThanOrEqual(t.phasesMs.write);
  });

  it("changes no other output, and no summary or sidecar mentions timings.json", () => {
    // .minerisk-run.json, the run's list of the files it owns, lists timings.json too (so the next run replaces it)
    const files = readdirSync(plain).filter((f) => f !== ".minerisk-run.json").sort();
    expect(readdirSync(timed).filter((f) => f !== ".minerisk-run.json").sort()).toEqual([...files, "timings.json"].sort());
    for (const f of files) expect(readFileSync(join(timed, f)).equals(readFileSync(join(plain, f))), f).toBe(true);
    for (const f of files.filter((x) => x.endsWith(".json"))) expect(readFileSync(join(timed, f), "utf8")).not.toContain("timings.json");
  });
});
