import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runValidate } from "../helpers/intake-cli.ts";

/** Issue 15 item 8: ids in issues, strict never "repaired", binary never echoed, --out on a file refused. */
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

  it("strict mode reports a repairable error as rejected; lenient as repaired", async () => {
    const file = fx("bad/unclosed-ring/input.geojson");
    const strict = JSON.parse((await runValidate(["--json", file])).stdout).files[0];
    const lenient = JSON.parse((await runValidate(["--lenient", "--json", file])).stdout).files[0];
    expect(lenient.repaired).toBeGreaterThan(0);
    expect(strict.repaired).toBe(0);
    expect(strict.rejected).toBe(lenient.repaired + lenient.rejected);
    expect(strict.issues.filter((i: { severity: string; action: string }) => i.severity === "error" && i.action === "repaired")).toEqual([]);
  });

  it("a binary file is refused without echoing its bytes", async () => {
    const r = await runValidate(["--json", fx("bad/binary-file-csv/input.csv")]);
    const text = r.stdout + r.stderr;
    expect(text).toContain("binary-file");
    expect(text).not.toMatch(/[\u0000-\u0008\u000e-\u001f\ufffd]/);
  });

  it("--out naming an existing file is an input error, exit 2, before anything is read", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-out-"));
    const file = join(dir, "not-a-folder.txt");
    writeFileSync(file, "x");
    const r = spawnSync(process.execPath, [MAIN, "analyze", "--out", file, "--quiet"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("[out-is-a-file]");
  });
});
