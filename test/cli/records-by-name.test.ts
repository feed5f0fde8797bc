import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runValidate } from "../helpers/intake-cli.ts";

/**
 * Issue 15 item 8: ids in issues, strict never "repaired", binary never echoed, --out on a file refused by
 * every command that takes it. (The record numbering itself: test/io/record-numbering.test.ts.)
 */
const fx = (p: string) => fileURLToPath(new URL(`../fixtures/io/${p}`, import.meta.url));
const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

describe("records by name", () => {
  it("names the record's id with its number, in the JSON report and the strict error lines", async () => {
    const file = fx("bad/hazard-status-vocabulary/input.geojson"); // record 26 (the 26th feature) has id V25 and status "peligrosa"
    const r = await runValidate(["--lenient", "--json", file]);
    const issue = JSON.parse(r.stdout).files[0].issues[0];
    expect([issue.code, issue.record, issue.id]).toEqual(["invalid-status", 26, "V25"]);
    const strict = await runValidate([file]);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toContain("record 26 (id V25) properties.status");
  });

  it("the CLI's InputError listing names the record with its CSV line and says how records are counted", () => {
    const r = spawnSync(process.execPath, [MAIN, "analyze", "--incidents", fx("bad/record-numbering-csv/input.csv"), "--out", mkdtempSync(join(tmpdir(), "minerisk-out-")), "--quiet"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("input.csv record 3 (line 6, id N-3) date [invalid-date]");
    expect(r.stderr).toContain("(record N is the Nth feature of a GeoJSON FeatureCollection");
  });

  it("strict mode reports a repairable error as rejected; lenient as repaired", async () => {
    const file = fx("bad/unclosed-ring/input.geojson");
    const strict = JSON.parse((await runValidate(["--json", file])).stdout).files[0];
    const lenient = JSON.parse((await runValidate(["--lenient", "--json", file])).stdout).files[0];
    expect(lenient.repaired).toBeGreaterThan(0);
    expect(strict.repaired).toBe(0);
    expect(strict.rejected).toBe(lenient.repaired + lenient.rejected);
    expect(strict.issues.filter((i: { severity: string; action: string }) => i.severity === "error" && i.action === "repaired")).toEqual([]);
  });

  it("strict mode reports even a harmless normalisation (RFC 7946 rewinding) as kept, never repaired", async () => {
    const file = fx("bad/wrong-winding/input.geojson");
    const lenient = JSON.parse((await runValidate(["--lenient", "--json", file])).stdout).files[0];
    const strictRun = await runValidate(["--json", file]);
    const strict = JSON.parse(strictRun.stdout).files[0];
    expect(lenient.repaired).toBe(1); // record 2 is record 1 rewound, so also its duplicate (kept)
    expect([strict.used, strict.repaired, strict.rejected]).toEqual([lenient.read, 0, 0]);
    expect(strict.issues.map((i: { code: string; action: string }) => [i.code, i.action])).toEqual([["wrong-winding", "kept"], ["duplicate-hazard", "kept"]]);
    expect(strictRun.code).toBe(0); // warnings never stop strict mode
    expect((await runValidate([file])).stdout).toContain("[wrong-winding] warning, kept: 1 issue(s)");
  });

  it("a binary file is refused without echoing its bytes", async () => {
    const r = await runValidate(["--json", fx("bad/binary-file-csv/input.csv")]);
    const text = r.stdout + r.stderr;
    expect(text).toContain("binary-file");
    expect(text).not.toMatch(/[\u0000-\u0008\u000e-\u001f\ufffd]/);
  });

  // every command that takes --out; none of them gets as far as reading its inputs
  it.each(["analyze", "density", "hotspots", "map", "route", "backtest"])("%s: --out naming an existing file is an input error, exit 2, before anything is read", (command) => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-out-"));
    const file = join(dir, "not-a-folder.txt");
    writeFileSync(file, "x");
    const r = spawnSync(process.execPath, [MAIN, command, "--out", file], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file} [out-is-a-file]: --out names an existing file`);
    expect(readdirSync(dir)).toEqual(["not-a-folder.txt"]); // nothing written beside it
  });

  it("--out as `file/`, through a link, under a file, or a broken link: the same input error (mkdir would fail only after the run)", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-out-"));
    const file = join(dir, "not-a-folder.txt");
    writeFileSync(file, "x");
    symlinkSync(file, join(dir, "link"));
    symlinkSync(join(dir, "nowhere"), join(dir, "broken"));
    const cases: [string, string][] = [
      [`${file}/`, "--out names an existing file"],
      [join(dir, "link"), "--out names an existing file"],
      [join(file, "sub", "deeper"), `lies under ${file}, an existing file`],
      [join(dir, "broken"), "--out names a broken symbolic link"],
    ];
    for (const [out, text] of cases) {
      const r = spawnSync(process.execPath, [MAIN, "density", "--out", out, "--quiet"], { encoding: "utf8" });
      expect([out, r.status]).toEqual([out, 2]);
      expect(r.stderr).toContain("[out-is-a-file]");
      expect(r.stderr).toContain(text);
    }
    expect(readdirSync(dir).sort()).toEqual(["broken", "link", "not-a-folder.txt"]);
  });
});
