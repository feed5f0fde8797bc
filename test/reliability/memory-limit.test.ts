import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lixelize } from "../../src/core/lixels.ts";
import { estimateRunBytes } from "../../src/core/memory-estimate.ts";
import { memoryBudget } from "../../src/pipeline/memory-budget.ts";
import { optionErrorOf } from "../helpers/errors.ts";
import { packRoads } from "../helpers/roads.ts";

const ROOT = join(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/cli/main.js");
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

describe("a run's memory is estimated and checked before lixels are allocated (issue 20)", () => {
  it("lixelize refuses a run over the budget, naming the estimate, the limit and a lixel length that fits", () => {
    // 100 km at 1 m = 100,000 lixels ≈ 200 MiB + 105 MB; a 250 MiB budget leaves room for 49,932 lixels: ≥ 3 m.
    const roads = packRoads([[[0, 0], [100_000, 0]]]);
    const budget = { maxBytes: 250 * 2 ** 20, source: "--max-memory", records: 1 };
    const msg = optionErrorOf(() => lixelize(roads, { lixelLengthM: 1, memory: budget }));
    expect(msg).toContain("100,000 lixels × 1,050 B");
    expect(msg).toContain("limit of 250 MiB (--max-memory)");
    expect(msg).toMatch(/--lixel-length \(at least \d+ m\)/);
    const fits = Number(/at least (\d+) m/.exec(msg)![1]);
    expect(lixelize(roads, { lixelLengthM: fits, memory: budget }).count).toBeLessThanOrEqual(49_932);
    expect(estimateRunBytes(100_000, 1)).toBe(200 * 2 ** 20 + 105_000_000 + 6_000);
    // The default budget is 75 % of the machine's (or the cgroup's) memory.
    expect(memoryBudget(0).maxBytes).toBeGreaterThan(0);
    expect(memoryBudget(0).source).toMatch(/^75 % of /);
  });

  it("a tiny --max-memory on the corridor is exit 2 with the estimate, before any output", () => {
    const out = join(mkdtempSync(join(tmpdir(), "minerisk-mem-")), "out");
    const r = cli(["analyze", "--max-memory", "10M", "--out", out, "--quiet"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/estimated to need about \d+ MiB of memory at its peak .* over the memory limit of 10 MiB \(--max-memory\)/);
    expect(r.stderr).toContain("a tiled run (docs/scaling.md)");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, "summary.json"))).toBe(false);
    expect(cli(["analyze", "--max-memory", "0", "--out", out]).stderr).toContain("--max-memory must be a whole number of bytes ≥ 1");
  });

  it("at bench S the estimate is within a factor of 2 of the measured peak RSS", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-mem-s-"));
    expect(spawnSync(process.execPath, [join(ROOT, "scripts/bench/gen-xl.mjs"), "S", dir]).status).toBe(0);
    const inputs = ["--roads", join(dir, "roads.geojson"), "--incidents", join(dir, "incidents.geojson")];
    const refused = cli(["analyze", ...inputs, "--max-memory", "1K", "--out", join(dir, "x"), "--quiet"]);
    const estimateMiB = Number(/about (\d+) MiB/.exec(refused.stderr)![1]);
    // CSV only, to keep the test's CPU near 5 s; the costs were measured with the default formats (higher peak).
    const run = spawnSync("/usr/bin/time", ["-f", "maxrss_kb=%M", process.execPath, CLI, "analyze", ...inputs, "--formats", "csv", "--out", join(dir, "out"), "--quiet"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    const peakMiB = Number(/maxrss_kb=(\d+)/.exec(run.stderr)![1]) / 1024;
    expect(estimateMiB / peakMiB).toBeGreaterThan(0.5);
    expect(estimateMiB / peakMiB).toBeLessThan(2);
  }, 120_000);
});

describe("--max-json-depth and --max-csv-columns set the nesting and column limits", () => {
  it("a 20-level property is refused under --max-json-depth 10 and used by default; 5 columns under --max-csv-columns 3", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-depth-"));
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { d: deep };
    const point = { type: "Feature", properties: { id: "a", date: "2020-01-01", deep }, geometry: { type: "Point", coordinates: [46.75, 39.8] } };
    writeFileSync(join(dir, "deep.geojson"), JSON.stringify({ type: "FeatureCollection", features: [point] }));
    const withDepth = (extra: string[]) => cli(["validate", "--layer", "incidents", join(dir, "deep.geojson"), ...extra]);
    const refused = withDepth(["--max-json-depth", "10"]);
    expect(refused.status).toBe(2);
    expect(refused.stdout + refused.stderr).toContain("more than 10 levels deep");
    expect(withDepth([]).status).toBe(0);
    expect(withDepth(["--max-json-depth", "0"]).stderr).toContain("--max-json-depth must be a whole number from 1");
    writeFileSync(join(dir, "wide.csv"), "id,date,lat,lon,note\na,2020-01-01,39.8,46.75,x\n");
    const wide = cli(["validate", "--layer", "incidents", join(dir, "wide.csv"), "--max-csv-columns", "3"]);
    expect(wide.status).toBe(2);
    expect(wide.stdout + wide.stderr).toContain("the header has 5 columns");
    expect(wide.stdout + wide.stderr).toContain("--max-csv-columns");
    expect(cli(["validate", "--layer", "incidents", join(dir, "wide.csv")]).status).toBe(0);
  });
});
