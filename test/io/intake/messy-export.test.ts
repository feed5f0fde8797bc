import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type ExpectedFile, generateMessyExport } from "../../../scripts/lib/messy-export.ts";

/**
 * Issue 15 must-show: on the SYNTHETIC export of scripts/make-messy-export.ts (≥ 2,000 incidents and ≥ 2,000
 * polygons around the real shipped roads, mixing every class), `validate --lenient --json` through the CLI
 * entry gives exactly the outcomes and counts per code that the generator planted (its own bookkeeping,
 * never the validator's output), and no planted-clean record is rejected.
 */
const MAIN = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));
const ROADS = fileURLToPath(new URL("../../../data/karabakh/roads.geojson", import.meta.url));
const LAND = fileURLToPath(new URL("../../../data/mappings/imsma-land.json", import.meta.url));

interface ReportFile { file: string; read: number; used: number; repaired: number; rejected: number; roadDistance?: { beyondReach: number }; issues: { code: string; id: string | null; action: string }[] }

const validate = (args: string[]) => spawnSync(process.execPath, [MAIN, "validate", ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
const counted = (f: ReportFile): ExpectedFile & { file: string } => {
  const codes: Record<string, number> = {};
  for (const i of f.issues) codes[i.code] = (codes[i.code] ?? 0) + 1;
  return { file: basename(f.file), read: f.read, used: f.used, repaired: f.repaired, rejected: f.rejected, codes, beyondReach: f.roadDistance?.beyondReach ?? 0 };
};

describe("the synthetic messy export (scripts/make-messy-export.ts)", () => {
  const dir = mkdtempSync(join(tmpdir(), "minerisk-messy-"));
  const mx = generateMessyExport(dir, ROADS, 15);
  const sum = (prefix: string) => Object.entries(mx.expected).filter(([n]) => n.startsWith(prefix)).reduce((s, [, e]) => s + e.read, 0);

  it("is real-world-shaped: ≥ 2,000 incidents and ≥ 2,000 polygons, in 9 files, every record labelled synthetic", () => {
    expect(sum("incidents-")).toBe(2806);
    expect(sum("hazards-")).toBe(2620);
    expect(Object.keys(mx.files)).toHaveLength(9);
    for (const [name, file] of Object.entries(mx.files)) {
      if (file === ROADS) continue;
      const text = readFileSync(file, "utf8");
      if (name.endsWith(".geojson")) expect((JSON.parse(text).features as { properties: { synthetic?: unknown } }[]).every((f) => f.properties.synthetic === true), name).toBe(true);
      else expect(text.split("\n")[0].replace(/^\uFEFF/, "").split(/[;,]/), name).toContain("synthetic");
    }
  });

  it("is deterministic: the same seed writes the same bytes", () => {
    const again = generateMessyExport(mkdtempSync(join(tmpdir(), "minerisk-messy-")), ROADS, 15);
    for (const name of Object.keys(mx.files)) expect(readFileSync(again.files[name], "utf8"), name).toBe(readFileSync(mx.files[name], "utf8"));
  });

  it("validate --lenient --json: exactly the planted read/used/repaired/rejected, count per code and records beyond reach, per file", () => {
    const r = validate(["--lenient", "--json", ...Object.values(mx.files)]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(2); // records were rejected (bad dates, devices, statuses, rings, the unmapped land file)
    const report = JSON.parse(r.stdout) as { files: ReportFile[] };
    expect(report.files.map((f) => basename(f.file))).toEqual(Object.keys(mx.files));
    for (const f of report.files) expect(counted(f)).toEqual({ file: basename(f.file), ...mx.expected[basename(f.file)] });
    // nothing valid lost: the only records rejected are the planted bad ones
    const rejected = (pick: (f: ReportFile) => boolean) => report.files.filter(pick).flatMap((f) => f.issues.filter((i) => i.action === "rejected"));
    const rejectedIds = rejected((f) => !f.file.endsWith("hazards-land.geojson")).map((i) => i.id ?? "");
    expect(new Set(rejectedIds.map((id) => id.replace(/-\d+$/, "")))).toEqual(new Set(["BADDATE", "BADDEV", "SHORT", "BADST"]));
    expect(rejectedIds).toHaveLength(20 + 30);
    // the land file's id is in "Hazard ID", which only the mapping names: its 300 rejections are by record number
    expect(rejected((f) => f.file.endsWith("hazards-land.geojson")).map((i) => i.code)).toEqual(Array(300).fill("missing-status"));
    // each repair and warning sits on the record planted for it
    const idsOf = (file: string, code: string) => new Set(report.files.find((f) => basename(f.file) === file)!.issues.filter((i) => i.code === code).map((i) => (i.id ?? "").replace(/-\d+$/, "")));
    expect(idsOf("incidents-main.geojson", "duplicate-incident")).toEqual(new Set(["DUP", "UDUP"]));
    expect(idsOf("incidents-main.geojson", "possible-duplicate")).toEqual(new Set(["NEAR"]));
    expect(idsOf("incidents-main.geojson", "repeated-position")).toEqual(new Set(["REP"]));
    expect(idsOf("incidents-main.geojson", "outlier-position")).toEqual(new Set(["F"]));
    expect(idsOf("hazards-main.geojson", "duplicate-hazard")).toEqual(new Set(["HDUP"]));
    expect(idsOf("hazards-main.geojson", "possible-duplicate-hazard")).toEqual(new Set(["HNEAR"]));
    expect(idsOf("hazards-main.geojson", "self-intersection")).toEqual(new Set(["BOW"]));
    expect(idsOf("hazards-main.geojson", "repeated-vertex")).toEqual(new Set(["BOW"]));
    expect(idsOf("hazards-main.geojson", "spike")).toEqual(new Set(["SPIKE"]));
    expect(idsOf("hazards-main.geojson", "outlier-position")).toEqual(new Set(["HF"]));
    expect(idsOf("incidents-nested.geojson", "swapped-lat-lon")).toEqual(new Set(["N"]));
    expect(idsOf("incidents-small.csv", "swapped-lat-lon")).toEqual(new Set(["W"]));
  }, 120_000);

  it("with --mapping data/mappings/imsma-land.json the 300 land records are all used, and no other file moves", () => {
    const r = validate(["--lenient", "--json", "--mapping", LAND, ...Object.values(mx.files).filter((f) => basename(f).startsWith("hazards-") || f === ROADS)]);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout) as { files: ReportFile[] };
    for (const f of report.files) {
      const name = basename(f.file);
      expect(counted(f)).toEqual({ file: name, ...(mx.withMapping[name] ?? mx.expected[name]) });
    }
  }, 120_000);
  it("--duplicates merge: every planted duplicate and near duplicate, incident or polygon, is merged into its first (counted as rejected), nothing else", () => {
    const r = validate(["--lenient", "--json", "--duplicates", "merge", ROADS, mx.files["incidents-main.geojson"], mx.files["hazards-main.geojson"]]);
    const report = JSON.parse(r.stdout) as { files: ReportFile[] };
    const merged: Record<string, string[]> = { "incidents-main.geojson": ["duplicate-incident", "possible-duplicate"], "hazards-main.geojson": ["duplicate-hazard", "possible-duplicate-hazard"] };
    for (const f of report.files.slice(1)) {
      const name = basename(f.file);
      const want = mx.expected[name];
      const n = merged[name].reduce((s, c) => s + want.codes[c], 0);
      expect(n).toBe(name.startsWith("incidents") ? 90 : 60);
      const got = counted(f);
      expect([got.read, got.used, got.repaired, got.rejected, got.codes, got.beyondReach]).toEqual([want.read, want.used - n, want.repaired, want.rejected + n, want.codes, want.beyondReach]);
      expect(f.issues.filter((i) => merged[name].includes(i.code)).every((i) => i.action === "rejected")).toBe(true);
    }
  }, 120_000);
});
