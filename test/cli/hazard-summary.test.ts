import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** Issue 15 item 3: the summary says how many hazards were given and why they were rejected; item 10: credits. */
const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const LAND = fileURLToPath(new URL("../../data/mappings/imsma-land.json", import.meta.url));

/** 30 squares near Shusha (the default corridor) whose status is in "Land Status", as IMSMA land exports keep it. */
function landExport(dir: string): string {
  const features = Array.from({ length: 30 }, (_, k) => {
    const [x, y] = [46.72 + 0.01 * (k % 10), 39.70 + 0.01 * Math.floor(k / 10)];
    return { type: "Feature", properties: { "Hazard ID": `H${k}`, "Land Status": k % 3 ? "Suspected Hazardous Area" : "Confirmed Hazardous Area" }, geometry: { type: "Polygon", coordinates: [[[x, y], [x + 0.005, y], [x + 0.005, y + 0.005], [x, y + 0.005], [x, y]]] } };
  });
  const file = join(dir, "land.geojson");
  writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features }));
  return file;
}

const analyze = (args: string[]) => spawnSync(process.execPath, [MAIN, "analyze", ...args], { encoding: "utf8" });

describe("hazard areas in the run summary", () => {
  it("says how many were given and why all were rejected, not '0 (none given)'; with the mapping all are used", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-hz-sum-"));
    const hazards = landExport(dir);
    const bad = analyze(["--hazards", hazards, "--lenient", "--out", join(dir, "a")]);
    expect(bad.status).toBe(0);
    expect(bad.stdout).toContain("Hazard areas: 30 given, 30 rejected: no status field (give --mapping)");
    expect(bad.stdout).not.toContain("none given");
    const summary = JSON.parse(readFileSync(join(dir, "a", "summary.json"), "utf8"));
    expect(summary.inputs.hazardIntake).toEqual({ given: 30, used: 0, rejected: 30, rejectedBy: [{ code: "missing-status", reason: "no status field (give --mapping)", count: 30 }] });
    const good = analyze(["--hazards", hazards, "--hazard-mapping", LAND, "--out", join(dir, "b")]);
    expect(good.status).toBe(0);
    expect(good.stdout).toContain("Hazard areas: 30\n");
  }, 60_000);

  it("credits the data used: OSM, TravelMapping and GeoNames for the default corridor; --attribution replaces them", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-credit-"));
    expect(analyze(["--out", join(dir, "a"), "--quiet"]).status).toBe(0);
    const credit = JSON.parse(readFileSync(join(dir, "a", "summary.json"), "utf8")).attribution as string;
    for (const c of ["© OpenStreetMap contributors (ODbL)", "TravelMapping", "GeoNames"]) expect(credit).toContain(c);
    expect(readFileSync(join(dir, "a", "map.svg"), "utf8")).toContain("TravelMapping");
    expect(analyze(["--out", join(dir, "b"), "--quiet", "--attribution", "Data: test."]).status).toBe(0);
    const svg = readFileSync(join(dir, "b", "map.svg"), "utf8");
    expect(svg).toContain(">Data: test. Made with minerisk.</text>");
    expect(svg).not.toContain("OpenStreetMap");
  }, 60_000);
});
