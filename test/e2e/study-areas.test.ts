/**
 * The second built-in study area (data/colombia-antioquia, built by scripts/build-colombia-area.ts from
 * TravelMapping routes and AICMA events ≤ 2014): its default route has a real choice, so the length–risk
 * trade-off curve has several points, each longer and less risky than the one before.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });

describe("--area colombia-antioquia", () => {
  it("route: a trade-off curve of ≥ 3 distinct points, strictly falling in expected incidents and rising in length", () => {
    const r = run(["route", "--area", "colombia-antioquia", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect([j.from.name, j.to.name]).toEqual(["Yarumal", "Puerto Triunfo"]);
    const t = j.tradeoff as { lengthM: number; expectedIncidentsPerYear: number }[];
    expect(t.length).toBeGreaterThanOrEqual(3);
    for (let k = 1; k < t.length; k++) {
      expect(t[k].lengthM).toBeGreaterThan(t[k - 1].lengthM);
      expect(t[k].expectedIncidentsPerYear).toBeLessThan(t[k - 1].expectedIncidentsPerYear);
    }
  });

  it("analyze: reads the area with its shipped mapping and writes its layers", () => {
    const out = mkdtempSync(join(tmpdir(), "minerisk-area-"));
    const r = run(["analyze", "--area", "colombia-antioquia", "--out", out, "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(s.inputs.incidents).toBe(5560);
    expect(s.route.from.name).toBe("Yarumal");
    expect(s.completeness).toBeNull(); // no official totals ship for this area
  });

  it("refuses an unknown area with the names of the known ones", () => {
    const r = run(["route", "--area", "atlantis", "--json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("choose karabakh or colombia-antioquia");
  });
});
