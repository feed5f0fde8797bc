/**
 * Another project can `import { … } from "minerisk"` and run the `minerisk` bin after installing the
 * package: `npm pack` makes the tarball a user would get, a temporary project installs it (with its
 * runtime dependencies only, from npm's cache when it has them), then runs the README's library example
 * verbatim and a script that scores its own roads and incidents. This catches a runtime dependency
 * left in devDependencies, a file missing from `files`, or a README example that no longer runs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "minerisk-consumer-"));
  const tgz = npm(["pack", "--silent", "--pack-destination", dir], ROOT).trim().split("\n").pop() as string;
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--omit=dev", join(dir, tgz)], dir);
}, 180_000);

describe("the packed package, installed in another project", () => {
  it("runs the README's library example verbatim", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('from "minerisk"');
    writeFileSync(join(dir, "example.mjs"), example as string);
    copyFileSync(join(ROOT, "data/karabakh/roads.geojson"), join(dir, "roads.geojson"));
    // the example reads incidents.csv: the corridor incidents as a lat/lon CSV
    const fc = JSON.parse(readFileSync(join(ROOT, "data/karabakh/incidents.geojson"), "utf8"));
    const rows = ["id,date,lat,lon,device,killed,injured,locationPrecisionM,onRoad"];
    for (const f of fc.features) {
      const p = f.properties;
      rows.push([p.id, p.date ?? "", f.geometry.coordinates[1], f.geometry.coordinates[0], p.device, p.killed, p.injured, p.locationPrecisionM, p.onRoad ?? ""].join(","));
    }
    writeFileSync(join(dir, "incidents.csv"), `${rows.join("\n")}\n`);
    const out = execFileSync(process.execPath, ["example.mjs"], { cwd: dir, encoding: "utf8" });
    expect(out).toMatch(/^\d+\.\d+ \[/); // expected incidents per year, then the worst stretches
    expect(out).toContain("Victory Road (Fuzuli–Shusha)");
  });

  it("scores the project's own data through the public entry", () => {
    writeFileSync(
      join(dir, "score.mjs"),
      `import { validateRoads, validateIncidents, analyze, RISK_CLASSES } from "minerisk";
const roads = validateRoads({ type: "FeatureCollection", features: [
  { type: "Feature", properties: { id: "a", name: "Test road" }, geometry: { type: "LineString", coordinates: [[46.90, 39.60], [46.95, 39.60], [47.00, 39.62]] } },
] }, "roads.geojson");
const incidents = validateIncidents({ type: "FeatureCollection", features: [
  { type: "Feature", properties: { id: "x", date: "2023-09-19", device: "anti-tank", killed: 2, onRoad: true, locationPrecisionM: 50 }, geometry: { type: "Point", coordinates: [46.95, 39.6001] } },
] }, "incidents.geojson");
const r = analyze({ roads, incidents }, { risk: { level: { method: "decay" } }, route: { from: { name: "W", lon: 46.9, lat: 39.6, precisionM: 0, source: "" }, to: { name: "E", lon: 47.0, lat: 39.62, precisionM: 0, source: "" } } });
console.log(JSON.stringify({ lixels: r.lixels.count, max: Math.max(...r.risk.ratePerKmYear), expected: r.route.report.expectedIncidentsPerYear, classes: RISK_CLASSES.length, version: r.meta.version }));
`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ["score.mjs"], { cwd: dir, encoding: "utf8" }));
    expect(out.lixels).toBeGreaterThan(90);
    expect(out.max).toBeGreaterThan(0);
    // one on-road incident of weight 1, one-year window, today's decay-weighted level (--level decay): the
    // route carries all of it, divided by T_eff
    expect(out.expected).toBeCloseTo(1 / (((1095 / Math.LN2) * (1 - 2 ** (-365.25 / 1095))) / 365.25), 6);
    expect(out.classes).toBe(5);
    expect(out.version).toBe(VERSION);
  });

  it("installs the minerisk bin, which runs the default corridor from the shipped data", () => {
    const out = execFileSync(join(dir, "node_modules/.bin/minerisk"), ["analyze", "--out", join(dir, "out")], { cwd: dir, encoding: "utf8" });
    expect(out).toContain("Route Shusha → Fuzuli");
  });

  it("type-checks a TypeScript consumer against the shipped declarations", () => {
    writeFileSync(
      join(dir, "typed.ts"),
      `import { analyze, riskScores, RISK_CLASSES, type AnalysisResult, type IncidentRecord } from "minerisk";
const classes: readonly string[] = RISK_CLASSES;
export function rate(r: AnalysisResult): number { return r.risk.ratePerKmYear[0] + classes.length; }
export const fns = [analyze, riskScores];
export type Rec = IncidentRecord;
`,
    );
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, types: [] }, files: ["typed.ts"] }));
    // the repository's own compiler, so the check needs nothing from the network
    const tsc = join(ROOT, "node_modules/.bin/tsc");
    const r = spawnSync(tsc, ["-p", "tsconfig.json"], { cwd: dir, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("ships type declarations", () => {
    const pkg = JSON.parse(readFileSync(join(dir, "node_modules/minerisk/package.json"), "utf8"));
    expect(pkg.version).toBe(VERSION);
    expect(pkg.exports["."].types).toBe("./dist/index.d.ts");
    expect(readFileSync(join(dir, "node_modules/minerisk/dist/index.d.ts"), "utf8")).toContain("export { analyze");
  });
});
