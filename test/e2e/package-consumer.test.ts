/**
 * Another project can `import { … } from "minerisk"` once the package is built (npm test builds it):
 * a temporary project links the package by name and scores its own roads and incidents through the
 * public entry, resolving "minerisk" through package.json `exports` exactly as an installed copy would.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.ts";

const ROOT = resolve(import.meta.dirname, "../..");

describe("the built package", () => {
  it("is importable by name from another project and scores its data", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-consumer-"));
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(ROOT, join(dir, "node_modules", "minerisk"), "dir");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
    writeFileSync(
      join(dir, "score.mjs"),
      `import { validateRoads, validateIncidents, analyze, RISK_CLASSES } from "minerisk";
const roads = validateRoads({ type: "FeatureCollection", features: [
  { type: "Feature", properties: { id: "a", name: "Test road" }, geometry: { type: "LineString", coordinates: [[46.90, 39.60], [46.95, 39.60], [47.00, 39.62]] } },
] }, "roads.geojson");
const incidents = validateIncidents({ type: "FeatureCollection", features: [
  { type: "Feature", properties: { id: "x", date: "2023-09-19", device: "anti-tank", killed: 2, onRoad: true, locationPrecisionM: 50 }, geometry: { type: "Point", coordinates: [46.95, 39.6001] } },
] }, "incidents.geojson");
const r = analyze({ roads, incidents }, { route: { from: { name: "W", lon: 46.9, lat: 39.6, precisionM: 0, source: "" }, to: { name: "E", lon: 47.0, lat: 39.62, precisionM: 0, source: "" } } });
console.log(JSON.stringify({ lixels: r.lixels.count, max: Math.max(...r.risk.ratePerKmYear), expected: r.route.report.expectedIncidentsPerYear, classes: RISK_CLASSES.length, version: r.meta.version }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ["score.mjs"], { cwd: dir, encoding: "utf8" }));
    expect(out.lixels).toBeGreaterThan(90);
    expect(out.max).toBeGreaterThan(0);
    // one on-road incident with weight 1 over a one-year window: the route carries all of it, /T_eff
    expect(out.expected).toBeCloseTo(1 / (((1095 / Math.LN2) * (1 - 2 ** (-365.25 / 1095))) / 365.25), 6);
    expect(out.classes).toBe(5);
    expect(out.version).toBe(VERSION);
  });

  it("exposes type declarations and a bin", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.exports["."].types).toBe("./dist/index.d.ts");
    expect(readFileSync(join(ROOT, "dist/index.d.ts"), "utf8")).toContain("export { analyze");
    expect(pkg.bin.minerisk).toBe("./dist/cli/main.js");
    expect(readFileSync(join(ROOT, pkg.bin.minerisk), "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
    expect(pkg.version).toBe(VERSION);
  });
});
