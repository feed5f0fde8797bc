import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readInputs } from "../../src/cli/inputs.ts";
import { defaultStudyArea } from "../../src/cli/paths.ts";
import { InputError } from "../../src/core/errors.ts";
import { roadReach } from "../../src/io/intake/road-reach.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoads } from "../../src/io/read/read-roads.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { summarize } from "../../src/pipeline/summary.ts";
import { summaryText } from "../../src/render/summary-text.ts";

const DIR = fileURLToPath(new URL("../fixtures/io/bad/far-from-roads-most-incidents/", import.meta.url));

describe("distance to the roads, intake and summary", () => {
  const roads = readRoads([`${DIR}roads.geojson`]).records;
  const intake = readIncidents([`${DIR}input.geojson`], { strictness: "lenient", roadReach: roadReach(roads) });
  const summary = summarize(analyze({ roads, incidents: intake.records }));

  it("the summary counts what the risk model leaves unattributed, by an independent path (snap offsets vs kernel search)", () => {
    expect(summary.roadDistance.incidents.beyondIds).toEqual(["F-2", "F-3", "F-4"]);
    expect(summary.risk.incidentsBeyondReach).toEqual(summary.roadDistance.incidents.beyondIds);
    expect(summary.roadDistance.reachM).toBe(30000);
  });

  it("intake and summary agree on the count and the range (intake: 1 km pieces in the same fitted CRS)", () => {
    const d = intake.report.files[0].roadDistance!;
    expect(d.beyondReach).toBe(summary.roadDistance.incidents.beyondReach);
    // the incidents near Yerevan are ≈ 198 km from the road's west end [46.75, 39.76]
    expect(d.maxM! / 1000).toBeCloseTo(summary.roadDistance.incidents.maxM! / 1000, 0);
    expect(d.maxM! / 1000).toBeGreaterThan(190);
    expect(d.maxM! / 1000).toBeLessThan(205);
  });

  it("says so in the summary's first lines, right after the title", () => {
    const lines = summaryText(summary).split("\n");
    expect(lines[1]).toMatch(/^WARNING: 3 of 4 incidents lie farther than the model's largest kernel reach \(30 km\) from every road/);
    expect(lines[1]).toContain("That is most of the layer");
    expect(lines[2]).toMatch(/^Nearest road: incidents 0\.\d–19\d km/);
  });
});

describe("the issue-15 case end to end: a layer stored as [[lat, lon]] (the shipped Karabakh incidents, rewritten)", () => {
  const original = JSON.parse(readFileSync(defaultStudyArea().incidents, "utf8")) as { features: { properties: { id: string }; geometry: { coordinates: number[] } }[] };
  const dir = mkdtempSync(join(tmpdir(), "minerisk-nested-"));
  const file = join(dir, "incidents-nested.geojson");
  const nested = original.features.map((f) => ({ ...f, geometry: { type: "Point", coordinates: [[f.geometry.coordinates[1], f.geometry.coordinates[0]]] } }));
  writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: nested }));
  const n = original.features.length; // 28

  it("lenient: every record unwrapped and swapped back to where it was, both repairs reported, distances as the shipped file's", () => {
    const got = readInputs({ roads: defaultStudyArea().roads, incidents: [file], lenient: true });
    const report = got.report.files[1];
    expect([report.read, report.used, report.repaired, report.rejected]).toEqual([n, 0, n, 0]);
    const codes = report.issues.map((i) => i.code);
    expect(codes.filter((c) => c === "coordinates-too-deep")).toHaveLength(n);
    expect(codes.filter((c) => c === "swapped-lat-lon")).toHaveLength(n);
    expect(got.incidents.map((r) => [r.lon, r.lat])).toEqual(original.features.map((f) => f.geometry.coordinates));
    // exactly what the file as shipped gives: 5 of its 28 incidents lie > 30 km from the corridor's roads
    // (two at [45.36561, 41.09246], ≈ 178 km; those two fit neither way and are swapped by the file's order)
    const shipped = readInputs({ roads: defaultStudyArea().roads, incidents: [defaultStudyArea().incidents], lenient: true }).report.files[1];
    expect(report.roadDistance).toEqual(shipped.roadDistance);
    expect(report.roadDistance!.beyondReach).toBe(5);
    expect(report.issues.filter((i) => i.code === "far-from-roads").map((i) => i.severity)).toEqual(["warning"]);
  });

  it("strict (the default) stops, listing both repairs of every record", () => {
    expect(() => readInputs({ roads: defaultStudyArea().roads, incidents: [file] })).toThrow(InputError);
    try {
      readInputs({ roads: defaultStudyArea().roads, incidents: [file] });
    } catch (e) {
      const issues = (e as InputError).issues;
      expect(issues).toHaveLength(2 * n);
      expect(new Set(issues.map((i) => i.code))).toEqual(new Set(["coordinates-too-deep", "swapped-lat-lon"]));
    }
  });
});
