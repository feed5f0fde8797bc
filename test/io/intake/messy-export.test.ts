import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateMessyExport } from "../../../scripts/lib/messy-export.ts";
import { runValidate } from "../../helpers/intake-cli.ts";

/**
 * Issue 15 must-show: on a synthetic export of ≥ 2,000 incidents and ≥ 2,000 polygons mixing every class,
 * `validate --lenient --json` gives exactly the counts per code that the generator planted (its own
 * bookkeeping, never the validator's output), and every planted-clean record is used.
 */
describe("the messy export (scripts/generate-messy-export.ts)", () => {
  it("validate --lenient --json reports exactly the planted counts per code and outcome", async () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-messy-"));
    const { files, expected } = generateMessyExport(dir, 15);
    const r = await runValidate(["--lenient", "--json", files.incidents, files.hazards]);
    const report = JSON.parse(r.stdout) as { files: { file: string; read: number; used: number; repaired: number; rejected: number; issues: { code: string }[] }[] };
    expect(report.files).toHaveLength(2);
    for (const f of report.files) {
      const want = expected[basename(f.file)];
      expect(want.read).toBeGreaterThanOrEqual(2000);
      const codes: Record<string, number> = {};
      for (const i of f.issues) codes[i.code] = (codes[i.code] ?? 0) + 1;
      expect({ file: basename(f.file), read: f.read, used: f.used, repaired: f.repaired, rejected: f.rejected, codes }).toEqual({ file: basename(f.file), ...want });
    }
  }, 60_000);

  it("with the shipped IMSMA land mapping the 60 hazards whose status is in \"Land Status\" are used, and nothing else moves", async () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-messy-"));
    const { files, expected } = generateMessyExport(dir, 15);
    const mapping = fileURLToPath(new URL("../../../data/mappings/imsma-land.json", import.meta.url));
    const r = await runValidate(["--lenient", "--json", "--mapping", mapping, files.hazards]);
    const f = JSON.parse(r.stdout).files[0] as { used: number; rejected: number; issues: { code: string }[] };
    const want = expected["hazards.geojson"];
    expect([f.used, f.rejected]).toEqual([want.used + 60, want.rejected - 60]);
    expect(f.issues.filter((i) => i.code === "missing-status")).toEqual([]);
  }, 60_000);
});
