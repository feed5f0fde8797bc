import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
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
