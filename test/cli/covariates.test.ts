/**
 * Issue 19: the distance to the 1994–2020 Line of Contact as a covariate of the default Karabakh run
 * (docs/risk-model.md, "Covariates"). Runs the built CLI (dist/; `npm run build` first), as hazard-summary.test.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readInputs } from "../../src/cli/inputs.ts";
import { resolvePlace } from "../../src/io/places/gazetteer.ts";
import { analyze as analyzeRun } from "../../src/pipeline/analyze.ts";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const LOC = fileURLToPath(new URL("../../data/karabakh/context/line-of-contact.geojson", import.meta.url));
const run = (args: string[]) => spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8" });
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-cov-"));

describe("the default corridor run's covariate: loc, the distance to the Line of Contact", () => {
  const dir = tmp();
  const out = join(dir, "with");
  const text = run(["analyze", "--out", out]);
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  const cov = summary.risk.model.covariates;

  it("records the layer, its file, the transform, β and its interval in summary.json, and says it in the summary", () => {
    expect(text.status).toBe(0);
    expect(cov.layers).toEqual([{ name: "loc", file: "line-of-contact.geojson", kind: "lines", transform: expect.stringContaining("log(1 + km)") }]);
    const t = cov.terms[0];
    expect(t.feature).toBe("loc: distance");
    expect(t.low).toBeLessThanOrEqual(t.beta);
    expect(t.high).toBeGreaterThanOrEqual(t.beta);
    expect(cov.ridge).toBe(10);
    expect(cov.targetEvents).toBeGreaterThan(0);
    expect(text.stdout).toContain("Covariates (loc = line-of-contact.geojson");
    expect(text.stdout).toMatch(/with so few incidents the ridge \(λ = 10\) keeps β near 0 unless the data speak/);
    if (t.intervalIncludesZero) expect(text.stdout).toContain("which includes 0: the data do not show an effect");
  });

  it("puts the covariate in every layer's meta and its value and factor in the lixel layer", () => {
    const metas = readdirSync(out).filter((f) => f.endsWith(".meta.json"));
    expect(metas.length).toBeGreaterThan(5);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("Covariates");
    for (const m of metas) expect(JSON.parse(readFileSync(join(out, m), "utf8")).options?.risk?.covariates?.terms?.[0]?.feature, m).toBe("loc: distance");
    const header = readFileSync(join(out, "lixels.csv"), "utf8").split("\n")[0];
    expect(header).toContain("cov_loc_distance");
    expect(header).toContain("covariateFactor");
  });

  it("keeps the level: the forecast yearly count is the kernel model's alone", () => {
    const inputs = readInputs({});
    const kernel = analyzeRun(inputs, {});
    expect(summary.risk.calibratedIncidentsPerYear).toBeCloseTo(kernel.risk.meta.calibratedIncidentsPerYear, 4);
  });

  it("--no-covariates is the kernel model alone: no covariate anywhere, and the library's kernel-only numbers", () => {
    const plain = join(dir, "plain");
    expect(run(["analyze", "--no-covariates", "--out", plain]).status).toBe(0);
    const s = JSON.parse(readFileSync(join(plain, "summary.json"), "utf8"));
    expect(s.risk.model.covariates).toBeUndefined();
    expect(readFileSync(join(plain, "lixels.csv"), "utf8").split("\n")[0]).not.toContain("cov");
    const inputs = readInputs({});
    const kernel = analyzeRun(inputs, { route: { from: resolvePlace("Shusha", inputs.places), to: resolvePlace("Fuzuli", inputs.places) } });
    expect(s.route.expectedIncidentsPerYear).toBe(Number(kernel.route?.report.expectedIncidentsPerYear.toPrecision(6)));
    // and --covariate with the same file gives back the default run
    const again = join(dir, "again");
    expect(run(["analyze", "--covariate", `loc=${LOC}`, "--out", again]).status).toBe(0);
    expect(readFileSync(join(again, "summary.json"), "utf8")).toBe(readFileSync(join(out, "summary.json"), "utf8"));
  });

  it("refuses contradictory or malformed covariate flags with exit 2", () => {
    const both = run(["analyze", "--no-covariates", "--covariate", `loc=${LOC}`, "--out", join(dir, "x")]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("contradict");
    const twice = run(["route", "--covariate", `loc=${LOC}`, "--covariate", `LOC=${LOC}`, "--json"]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain("given twice");
    const bad = run(["route", "--covariate", "nofile", "--json"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("NAME=FILE");
    const pts = join(dir, "points.geojson");
    writeFileSync(pts, JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: { type: "Point", coordinates: [46.8, 39.7] } }] }));
    const wrong = run(["route", "--covariate", `p=${pts}`, "--json"]);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("record 1");
  });

  it("route records the same covariate term as analyze", () => {
    const r = run(["route", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).model.covariates).toEqual(cov);
    const o = join(dir, "route");
    expect(run(["route", "--out", o]).status).toBe(0);
    for (const m of readdirSync(o).filter((f) => f.endsWith(".meta.json"))) expect(JSON.parse(readFileSync(join(o, m), "utf8")).options.covariates, m).toEqual(cov);
  });
});
