import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EXPECTED_CODES, writeMessyExport } from "../../scripts/lib/messy-export-positions.ts";
import { validateFiles } from "../../src/cli/commands/validate.ts";
import { recordBounds } from "../../src/io/read/build-dataset.ts";
import { roadReach } from "../../src/io/intake/road-reach.ts";
import { readHazards } from "../../src/io/read/read-hazards.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoads } from "../../src/io/read/read-roads.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { summarize } from "../../src/pipeline/summary.ts";
import { summaryText } from "../../src/render/summary-text.ts";

const ROADS = fileURLToPath(new URL("../../data/karabakh/roads.geojson", import.meta.url));

describe("the synthetic messy export (scripts/make-messy-export.ts)", () => {
  const files = writeMessyExport(mkdtempSync(`${tmpdir()}/minerisk-messy-`), ROADS);
  const report = validateFiles(files, { lenient: true });

  it("validate --lenient gives exactly the expected count per code, and keeps every record", () => {
    const counts: Record<string, number> = {};
    for (const f of report.files) for (const i of f.issues) counts[i.code] = (counts[i.code] ?? 0) + 1;
    expect(counts).toEqual(EXPECTED_CODES);
    const sum = (layer: string, k: "read" | "rejected") => report.files.filter((f) => f.layer === layer).reduce((n, f) => n + f[k], 0);
    expect(sum("incidents", "read")).toBe(1500 + 500 + 60 + 6);
    expect(sum("hazards", "read")).toBe(2000 + 100);
    expect(sum("incidents", "rejected") + sum("hazards", "rejected")).toBe(0);
  });

  it("analyze on it says in its first lines how many records lie beyond the kernel reach, and counts the undated", () => {
    const roads = readRoads([ROADS]).records;
    const options = { strictness: "lenient" as const, referenceExtent: recordBounds(roads), roadReach: roadReach(roads) };
    const incidents = readIncidents(files.filter((f) => f.includes("incidents-")), options).records;
    const hazards = readHazards(files.filter((f) => f.includes("hazards-")), options).records;
    const summary = summarize(analyze({ roads, incidents, hazards }));
    const lines = summaryText(summary).split("\n");
    expect(lines[1]).toMatch(/^WARNING: 100 of 2,066 incidents lie farther than the model's largest kernel reach \(30 km\)/);
    expect(lines[2]).toMatch(/^WARNING: 50 of 2,100 hazard areas lie farther than the model's largest kernel reach/);
    expect(lines[3]).toMatch(/^Nearest road: incidents/);
    expect(summary.roadDistance.incidents.beyondIds.every((id) => id.startsWith("F-"))).toBe(true);
    expect(summary.roadDistance.hazards.beyondIds.every((id) => id.startsWith("HF-"))).toBe(true);
    expect(summary.risk.incidentsUndated).toHaveLength(200);
  });
});
