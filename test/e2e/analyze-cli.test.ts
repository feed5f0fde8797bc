/**
 * The CLI as a user meets it: the built `dist/cli/main.js` (npm test builds first), run in a child
 * process on the default study area and on broken input.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = join(import.meta.dirname, "../../dist/cli/main.js");
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-e2e-"));

describe("minerisk analyze (default study area)", () => {
  const outA = tmp();
  const outB = tmp();
  const a = run(["analyze", "--out", outA]);
  const b = run(["analyze", "--out", outB]);

  it("exits 0 and prints the corridor summary", () => {
    expect(a.stderr).toBe("");
    expect(a.status).toBe(0);
    expect(a.stdout).toContain("Route Shusha → Fuzuli");
    expect(a.stdout).toMatch(/expected incidents per year along it: \d/);
    expect(a.stdout).toContain("never means a road is safe");
  });

  it("says how complete the record is against the official totals, and scales the rates only when asked", () => {
    const summary = JSON.parse(readFileSync(join(outA, "summary.json"), "utf8"));
    // data/karabakh: the dated records up to 2023-12-06 (AZN-015, the other side's casualties, excluded)
    // hold 41 victims; Hajiyev's infographic counts 341 from 2020-11-10 to 2023-12-06
    expect(summary.completeness.headline).toMatchObject({ periodStart: "2020-11-10", asOf: "2023-12-06", official: 341, recorded: 41 });
    expect(summary.completeness.headline.share).toBeCloseTo(41 / 341, 6);
    expect(summary.completeness.ratesScaledBy).toBe(1);
    expect(summary.caveat).toContain("hold 41 of the 341 mine victims officially counted");
    expect(a.stdout).toContain("Record completeness: the incidents hold 41 of 341 officially counted victims");
    const out = tmp();
    const scaled = JSON.parse(run(["analyze", "--out", out, "--json", "--completeness", "auto"]).stdout);
    expect(scaled.completeness.ratesScaledBy).toBeCloseTo(341 / 41, 4);
    expect(scaled.risk.rateScale / summary.risk.rateScale).toBeCloseTo(341 / 41, 4); // both printed to 6 significant digits
    expect(scaled.caveat).toContain("scaled up by 1 / 0.120");
    const bad = run(["analyze", "--out", tmp(), "--completeness", "1.5"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--completeness must be a share in (0, 1]");
  });

  it("writes the layers and the JSON summary", () => {
    const context = ["area-held", "borders", "ceasefire-2020", "districts", "line-of-contact"].flatMap((k) => ["fgb", "geojson", "meta.json", "qml"].map((x) => `context-${k}.${x}`));
    expect(readdirSync(outA).filter((f) => f !== ".minerisk-run.json").sort()).toEqual([
      ...context,
      ...["density.fgb", "density.geojson", "density.meta.json", "density.qml", "density.tif"],
      ...["incidents.csv", "incidents.fgb", "incidents.geojson", "incidents.meta.json", "incidents.qml"],
      ...["intake-report.json", "intake-report.txt"],
      ...["lixels.csv", "lixels.fgb", "lixels.geojson", "lixels.meta.json", "lixels.qml"],
      ...["map.meta.json", "map.png", "map.svg", "report.html", "report.meta.json", "risk-profile.png", "risk-profile.svg"],
      ...["route.fgb", "route.geojson", "route.meta.json", "route.qml", "summary.json", "summary.meta.json"],
      ...["worst-stretches.csv", "worst-stretches.fgb", "worst-stretches.geojson", "worst-stretches.meta.json", "worst-stretches.qml"],
    ]);
    const incidents = JSON.parse(readFileSync(join(outA, "incidents.geojson"), "utf8"));
    expect(incidents.features).toHaveLength(28); // every incident of data/karabakh, none dropped
    // a chainage along the schematic Victory Road is flagged beside it; one along a surveyed line is not
    const byRoad = (id: string) => incidents.features.filter((f: { properties: { nearestRoadId: string } }) => f.properties.nearestRoadId === id);
    expect(byRoad("victory-road").length).toBeGreaterThan(0);
    for (const f of byRoad("victory-road")) expect(f.properties.chainageOnSchematic).toBe(true);
    for (const f of incidents.features.filter((g: { properties: { nearestRoadId: string | null } }) => g.properties.nearestRoadId !== null && g.properties.nearestRoadId !== "victory-road")) {
      expect(f.properties.chainageOnSchematic).toBe(false);
    }
    const summary = JSON.parse(readFileSync(join(outA, "summary.json"), "utf8"));
    expect(summary.route.from.name).toBe("Shusha");
    expect(summary.route.to.name).toBe("Fuzuli");
    const kmByClass = Object.values(summary.route.kmByClass as Record<string, number>).reduce((s, v) => s + v, 0);
    expect(kmByClass).toBeCloseTo(summary.route.lengthKm, 2);
    // the whole Shusha–Fuzuli route runs on the schematic Victory Road, and the output says so
    expect(summary.route.schematicKm).toBeCloseTo(summary.route.lengthKm, 2);
    expect(a.stdout).toContain("on SCHEMATIC geometry");
    // every chainage measured over it says so: each worst stretch carries the schematic km before its end
    // (the whole route is schematic, so that is its end chainage) and the text marks it approximate
    for (const w of summary.route.worstStretches) {
      expect(w.schematicKmBefore).toBeCloseTo(w.toKm, 2);
      expect(a.stdout).toContain(`km ${w.fromKm.toFixed(1)}–${w.toKm.toFixed(1)} (approximate: measured over ${w.schematicKmBefore.toFixed(1)} km of schematic geometry)`);
    }
  });

  it("is deterministic: two runs give byte-identical files", () => {
    for (const f of readdirSync(outA)) expect(readFileSync(join(outB, f)).equals(readFileSync(join(outA, f)))).toBe(true);
    expect(b.stdout.replaceAll(outB, "OUT")).toBe(a.stdout.replaceAll(outA, "OUT"));
  });

  it("prints the machine summary with --json", () => {
    const r = run(["analyze", "--out", tmp(), "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).route.lengthKm).toBeGreaterThan(30);
  });
});

describe("minerisk analyze on bad input: exit 2, a readable list, never a stack trace", () => {
  const dir = tmp();
  const roads = join(dir, "roads.geojson");
  writeFileSync(roads, '{"type": "FeatureCollection", "features": [\n  {"type": "Feature", "geometry": null, "properties": {}},\n  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[500000, 4400000], [500100, 4400000]]}, "properties": {}}\n]}\n');
  const broken = join(dir, "broken.geojson");
  writeFileSync(broken, '{"type": "FeatureCollection",\n "features": [,]}');

  const out = join(dir, "out"); // not dir itself: a run refuses an --out that holds its inputs
  const cases: [string, string[], RegExp][] = [
    ["invalid features", ["analyze", "--roads", roads, "--out", out], /roads\.geojson record 1 geometry \[null-geometry\][\s\S]*roads\.geojson record 2 geometry\.coordinates \[out-of-range\].*projected metres/],
    ["invalid JSON", ["analyze", "--roads", broken, "--out", out], /\[invalid-json\]: not valid JSON at line 2, column 15: value expected/],
    ["missing file", ["analyze", "--roads", join(dir, "nope.geojson"), "--out", out], /\[file-unreadable\]: cannot read the file: file not found/],
    ["unknown flag", ["analyze", "--frobnicate"], /unknown option '--frobnicate'/],
    ["bad number", ["analyze", "--lixel-length", "ten", "--out", out], /--lixel-length must be a number/],
    ["unknown place", ["analyze", "--from", "Nowhere-on-Earth-xyz", "--to", "Fuzuli", "--out", out], /no place named "Nowhere-on-Earth-xyz"/],
    ["one endpoint only", ["analyze", "--roads", roads, "--from", "Shusha", "--out", out], /give both --from and --to/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = run(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
    });
  }

  it("refuses to overwrite an input file", () => {
    const out = tmp();
    const incidents = join(out, "incidents.geojson");
    const original = readFileSync(join(import.meta.dirname, "../../data/karabakh/incidents.geojson"));
    writeFileSync(incidents, original);
    const r = run(["analyze", "--roads", join(import.meta.dirname, "../../data/karabakh/roads.geojson"), "--incidents", incidents, "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/refusing to overwrite the input file/);
    expect(readFileSync(incidents).equals(original)).toBe(true);
  });

  it("--help works for the program and the command", () => {
    expect(execFileSync(process.execPath, [CLI, "--help"], { encoding: "utf8" })).toContain("analyze");
    expect(execFileSync(process.execPath, [CLI, "analyze", "--help"], { encoding: "utf8" })).toContain("--incidents");
  });
});

describe("minerisk analyze over 100,000 lixels", () => {
  it("drops lixels.geojson by default and says so; --formats brings it back", () => {
    const dir = tmp();
    // synthetic: one 105 km road cut into 1 m lixels (≈ 105,700 of them) and one incident on it
    writeFileSync(join(dir, "r.geojson"), JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { id: "r", name: "R" }, geometry: { type: "LineString", coordinates: [[10, 0.5], [10.95, 0.5]] } }] }));
    writeFileSync(join(dir, "i.geojson"), JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { id: "i1", date: "2022-01-01" }, geometry: { type: "Point", coordinates: [10.5, 0.5] } }] }));
    const out = join(dir, "o");
    const r = run(["analyze", "--roads", join(dir, "r.geojson"), "--incidents", join(dir, "i.geojson"), "--lixel-length", "1", "--out", out, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/minerisk: 10\d,\d{3} lixels \(over 100,000\): lixels\.geojson is not written; lixels\.fgb holds every lixel/);
    const files = readdirSync(out);
    expect(files).toContain("lixels.fgb");
    expect(files).not.toContain("lixels.geojson");
    expect(files).toContain("incidents.geojson"); // only the lixels layer is thinned
    const meta = JSON.parse(readFileSync(join(out, "lixels.meta.json"), "utf8"));
    expect(meta.outputs.find((o: { file: string }) => o.file === "lixels.fgb").features).toBe(JSON.parse(r.stdout).network.lixels);
  });
});

