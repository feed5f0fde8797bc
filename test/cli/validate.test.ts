import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InputError, OptionError } from "../../src/core/errors.ts";
import { readInputs, writeIntakeReport } from "../../src/cli/inputs.ts";
import { uncheckedAxisOrder, validateFiles } from "../../src/cli/commands/validate.ts";
import { runValidate } from "../helpers/intake-cli.ts";

/** `minerisk validate` and the shared input flags, run in-process with main.ts's exit-code mapping (test/helpers/intake-cli.ts). */
const fx = (p: string) => fileURLToPath(new URL(`../fixtures/io/${p}`, import.meta.url));
const BAD = fx("bad/");
const KARABAKH_ROADS = fileURLToPath(new URL("../../data/karabakh/roads.geojson", import.meta.url));

describe("minerisk validate", () => {
  it("good files: exit 0 and a readable report with the counts", async () => {
    const r = await runValidate([fx("good/roads.geojson"), fx("good/incidents.csv"), fx("good/hazards.geojson")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${fx("good/roads.geojson")} (roads): read 4 — used 4, repaired 0, rejected 0`);
    expect(r.stdout).toContain("(incidents): read 4");
    expect(r.stdout).toContain("(hazards): read 5");
  });

  it("--json prints exactly the documented schema, files in the order given", async () => {
    const r = await runValidate(["--lenient", "--json", fx("bad/several-bad-incidents/input.geojson"), fx("good/roads.geojson")]);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["recordNumbering", "files"]);
    expect(json.recordNumbering).toContain("counting from 1");
    expect(json.files.map((f: { file: string }) => f.file)).toEqual([fx("bad/several-bad-incidents/input.geojson"), fx("good/roads.geojson")]);
    const f = json.files[0];
    // with roads among the files, each other file also says how far its kept records lie from them
    expect(Object.keys(f)).toEqual(["file", "layer", "read", "used", "repaired", "rejected", "issues", "roadDistance"]);
    expect(Object.keys(f.roadDistance)).toEqual(["measured", "beyondReach", "reachM", "minM", "medianM", "maxM"]);
    expect(f.roadDistance.measured).toBe(4);
    // good/roads.geojson's third road gives both class and OSM highway: class is read, highway is listed as not read
    expect(Object.keys(json.files[1])).toEqual(["file", "layer", "read", "used", "repaired", "rejected", "issues", "unreadFields"]);
    expect(json.files[1].unreadFields.listed.map((u: { name: string; records: number }) => [u.name, u.records])).toEqual([["highway", 1]]);
    expect([f.read, f.used, f.repaired, f.rejected]).toEqual([10, 4, 0, 6]);
    expect(Object.keys(f.issues[0])).toEqual(["code", "record", "line", "id", "field", "message", "severity", "action"]);
    expect(r.code).toBe(2); // something was rejected
  });

  it("strict (default) exits 2 on a repairable file; --lenient exits 0 because nothing is rejected", async () => {
    const file = fx("bad/self-intersecting-polygon/input.geojson");
    expect((await runValidate([file])).code).toBe(2);
    const lenient = await runValidate(["--lenient", file]);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain("read 1 — used 0, repaired 1, rejected 0");
  });

  it("--crs reads a file in UTM metres; a bad --crs is a flag error (exit 2, one line)", async () => {
    const file = fx("coords/incidents-32638.geojson");
    expect((await runValidate([file])).code).toBe(2);
    expect((await runValidate(["--crs", "EPSG:32638", file])).code).toBe(0);
    const bad = await runValidate(["--crs", "EPSG:999999", file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown CRS");
  });

  it("--mapping reads the AICMA extract; an invalid mapping lists where it is wrong", async () => {
    const ok = await runValidate(["--lenient", "--mapping", fileURLToPath(new URL("../../data/mappings/colombia-aicma.json", import.meta.url)), fx("colombia/aicma-2004-extract.geojson")]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("[lost-minus-sign]");
    const bad = await runValidate(["--mapping", fx("mappings/bad-mapping.json"), fx("good/incidents.csv")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\[invalid-mapping\]/);
  });

  it("no input, however broken, crashes: every bad fixture gives exit 0 or 2, strict and lenient, text and JSON", async () => {
    const dirs = readdirSync(BAD);
    expect(dirs.length).toBeGreaterThanOrEqual(70);
    for (const d of dirs) {
      const file = readdirSync(join(BAD, d)).find((f) => f.startsWith("input."))!;
      for (const flags of [[], ["--lenient", "--json"]]) {
        const r = await runValidate([...flags, join(BAD, d, file)]);
        expect(r.crashed, `${d} ${flags.join(" ")}: ${String(r.crashed)}`).toBeUndefined();
        expect([0, 2]).toContain(r.code);
        expect(r.stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
      }
    }
  });
});

describe("readInputs: strict by default, --lenient, and the intake report next to the outputs", () => {
  it("writes intake-report.json and .txt into reportDir even when strict mode refuses the input", () => {
    const out = mkdtempSync(join(tmpdir(), "minerisk-intake-"));
    const incidents = fx("bad/several-bad-incidents/input.geojson");
    expect(() => readInputs({ roads: KARABAKH_ROADS, incidents: [incidents] }, { reportDir: out })).toThrow(InputError);
    const report = JSON.parse(readFileSync(join(out, "intake-report.json"), "utf8"));
    expect(report.files.map((f: { file: string; rejected: number }) => [f.file, f.rejected])).toEqual([[KARABAKH_ROADS, 0], [incidents, 6]]);
    expect(readFileSync(join(out, "intake-report.txt"), "utf8")).toContain("read 10 — used 4, repaired 0, rejected 6");
  });

  it("--lenient drops the rejected records and keeps the rest; the counts add up", () => {
    const got = readInputs({ roads: KARABAKH_ROADS, incidents: [fx("bad/several-bad-incidents/input.geojson")], lenient: true });
    expect(got.incidents).toHaveLength(4);
    const f = got.report.files[1];
    expect(f.used + f.repaired + f.rejected).toBe(f.read);
  });

  it("an incidents file in EPSG:32638 next to WGS84 roads is refused naming UTM zone 38N; --crs is not guessed", () => {
    const copy = join(mkdtempSync(join(tmpdir(), "minerisk-intake-")), "points.geojson");
    copyFileSync(fx("coords/incidents-32638.geojson"), copy);
    expect(() => readInputs({ roads: KARABAKH_ROADS, incidents: [copy] })).toThrow(/likely UTM zone 38N \(EPSG:32638\), judging by the extent of the other WGS84 data/);
  });

  it("--crs converts the UTM incidents and leaves the WGS84 roads as they are (noted: crs-not-applied)", () => {
    const got = readInputs({ roads: KARABAKH_ROADS, incidents: [fx("coords/incidents-32638.geojson")], crs: "EPSG:32638" });
    expect(got.incidents.map((r) => r.id)).toEqual(["K-1", "K-2", "K-3", "K-4", "K-5", "K-6"]);
    expect(got.incidents[0].lon).toBeCloseTo(46.7512345, 7);
    expect(got.roads.every((r) => r.parts.every((p) => p.every(([lon]) => lon > 46 && lon < 48)))).toBe(true);
    expect(got.report.files[0].issues.map((i) => i.code)).toEqual(["crs-not-applied"]);
  });

  it("refuses to write the report over an input file, leaving it untouched", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-intake-"));
    const input = join(dir, "intake-report.json");
    writeFileSync(input, "precious");
    expect(() => writeIntakeReport({ files: [] }, dir, [input])).toThrow(OptionError);
    expect(readFileSync(input, "utf8")).toBe("precious");
  });

  it("a small file validated without roads is said to be unchecked for axis order; with roads its swap is found", () => {
    // three points near Shusha written [lat, lon]: swapped they are still inside the WGS84 ranges
    const dir = mkdtempSync(join(tmpdir(), "minerisk-small-swap-"));
    const file = join(dir, "small.geojson");
    const pts = [[39.76, 46.75], [39.7, 46.9], [39.62, 47.1]].map((c, i) => ({ type: "Feature", properties: { id: `S${i}`, date: "2021-05-01" }, geometry: { type: "Point", coordinates: c } }));
    writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: pts }));
    const alone = validateFiles([file], { lenient: true } as never);
    expect(alone.files[0].issues.filter((i) => i.code === "swapped-lat-lon")).toHaveLength(0);
    const notes = uncheckedAxisOrder(alone);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`${file} has 3 record(s), too few to check their axis order on their own`);
    const withRoads = validateFiles([KARABAKH_ROADS, file], { lenient: true } as never);
    expect(withRoads.files[1].issues.filter((i) => i.code === "swapped-lat-lon")).toHaveLength(3);
    expect(uncheckedAxisOrder(withRoads)).toEqual([]);
  });
});
