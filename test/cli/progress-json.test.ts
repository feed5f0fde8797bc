/**
 * `--progress json` (docs/cli-progress.md): every stderr line that starts with "{" is one JSON object;
 * progress fractions never go back and reach 1; the stream ends with exactly one done or error line.
 * Runs the built CLI (dist/), as the QGIS provider does.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = join(import.meta.dirname, "../../dist/cli/main.js");

interface Line {
  type: string;
  phase?: string;
  done?: number;
  total?: number;
  fraction?: number;
  message?: string;
  exitCode?: number;
}

function run(args: string[]): { status: number | null; lines: Line[]; other: string[] } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  const all = r.stderr.split("\n").filter((l) => l !== "");
  // JSON.parse throws on a malformed line, failing the test
  return { status: r.status, lines: all.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Line), other: all.filter((l) => !l.startsWith("{")) };
}

function expectWellFormed(lines: Line[]): void {
  const progress = lines.filter((l) => l.type === "progress");
  expect(progress.length).toBeGreaterThan(0);
  let last = 0;
  for (const p of progress) {
    expect(typeof p.phase).toBe("string");
    expect(Number.isInteger(p.done) && Number.isInteger(p.total) && (p.done as number) <= (p.total as number)).toBe(true);
    expect(p.fraction).toBeGreaterThanOrEqual(last);
    expect(p.fraction).toBeLessThanOrEqual(1);
    last = p.fraction as number;
  }
  expect(last).toBe(1);
  expect(lines.at(-1)).toEqual({ type: "done", exitCode: 0 });
  expect(lines.filter((l) => l.type === "done" || l.type === "error")).toHaveLength(1);
}

describe("--progress json", () => {
  it("analyze: one object per line, fractions non-decreasing to 1 across analysing and writing, then done", () => {
    const out = mkdtempSync(join(tmpdir(), "minerisk-progress-"));
    const r = run(["analyze", "--out", out, "--quiet", "--progress", "json"]);
    expect(r.status).toBe(0);
    expect(r.other).toEqual([]); // --quiet: nothing but the JSON lines
    expectWellFormed(r.lines);
    expect(r.lines.some((l) => l.phase === "analysing: risk done")).toBe(true);
    expect(r.lines.some((l) => l.phase === "summary")).toBe(true); // the writing steps come after the phases
  });

  it("route with --out, validate and --progress=json spelling", () => {
    const out = mkdtempSync(join(tmpdir(), "minerisk-progress-"));
    const route = run(["route", "--out", out, "--progress=json"]);
    expect(route.status).toBe(0);
    expectWellFormed(route.lines);
    const validate = run(["validate", join(import.meta.dirname, "../../data/karabakh/roads.geojson"), "--progress", "json"]);
    expect(validate.status).toBe(0);
    expectWellFormed(validate.lines);
  });

  it("a failure ends with one error line carrying the exit code and the message", () => {
    const r = run(["route", "--lambda", "x", "--progress", "json"]);
    expect(r.status).toBe(2);
    expect(r.lines.at(-1)).toEqual({ type: "error", exitCode: 2, message: '--lambda must be a number, got "x"' });
    const bad = run(["analyze", "--progress", "yes"]);
    expect(bad.status).toBe(2);
    expect(bad.other.join("\n")).toContain("--progress must be bar, json, none");
  });
});
