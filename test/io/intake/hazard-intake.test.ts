import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { creditLine, layerCredit } from "../../../src/io/intake/attribution.ts";
import { layerCountText, layerCounts } from "../../../src/io/intake/layer-counts.ts";
import { normaliseHazardStatus } from "../../../src/io/fields/hazard-status.ts";
import { readHazards } from "../../../src/io/read/read-hazards.ts";
import { readInputs } from "../../../src/cli/inputs.ts";
import { runCredits } from "../../../src/cli/credits.ts";
import { defaultStudyArea } from "../../../src/cli/paths.ts";

const square = (x: number, y: number) => [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]];

/** A hazard layer of n squares whose status sits in `field` (IMSMA "Land Status"). */
function landExport(n: number, field: string): string {
  const dir = mkdtempSync(join(tmpdir(), "minerisk-hz-"));
  const features = Array.from({ length: n }, (_, k) => ({ type: "Feature", properties: { [field]: k % 2 ? "Suspected Hazardous Area" : "Cleared" }, geometry: { type: "Polygon", coordinates: square(46.7 + 0.02 * (k % 40), 39.7 + 0.02 * Math.floor(k / 40)) } }));
  const file = join(dir, "land.geojson");
  writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features }));
  return file;
}

describe("hazard status by mapping and vocabulary", () => {
  it("maps the documented words of each language to one status", () => {
    // the decisions of docs/intake.md: reduced → released, TS → confirmed, NTS → suspected
    const cases: [string, string][] = [["Suspected Hazardous Area", "suspected"], ["sospechosa", "suspected"], ["suspecte", "suspected"], ["Confirmed Hazardous Area", "confirmed"], ["confirmée", "confirmed"], ["CONFIRMEE", "confirmed"], ["Technical Survey", "confirmed"], ["Non-Technical Survey", "suspected"], ["Reduced", "released"], ["réduite", "released"], ["despejada", "cleared"], ["dépolluée", "cleared"], ["liberada", "released"], ["annulée", "cancelled"], ["Cancelled", "cancelled"]];
    for (const [word, status] of cases) expect(normaliseHazardStatus(word), word).toBe(status);
    expect(normaliseHazardStatus("dangerous")).toBeUndefined();
  });

  it("counts a layer whose status is in another field: given, rejected by reason, and the summary's words", () => {
    const file = landExport(120, "Land Status");
    const { records, report } = readHazards([file], { strictness: "list" });
    expect(records).toHaveLength(0);
    const c = layerCounts(report, "hazards");
    expect(c).toEqual({ given: 120, used: 0, rejected: 120, rejectedBy: [{ code: "missing-status", reason: "no status field (give --mapping)", count: 120 }] });
    expect(layerCountText(c, 0)).toBe("120 given, 120 rejected: no status field (give --mapping)");
    expect(layerCountText(layerCounts({ files: [] }, "hazards"), 0)).toBe("0 (none given)");
  });

  it("reads the same layer with the shipped IMSMA land mapping, losing none", () => {
    const file = landExport(120, "Land Status");
    const { records, report } = readHazards([file], { strictness: "strict", mapping: { name: "t", fields: { status: "Land Status" } } });
    expect(records).toHaveLength(120);
    expect(records.filter((r) => r.status === "suspected")).toHaveLength(60); // odd k
    expect(report.files[0].issues).toEqual([]);
  });
});

describe("attribution from the data", () => {
  it("credits only layers that were read, from their attribution, then source properties", () => {
    expect(layerCredit({ label: "Roads", files: [], properties: [] })).toBeUndefined();
    expect(layerCredit({ label: "Roads", files: ["a.osm.pbf"], properties: [{}] })).toBe("© OpenStreetMap contributors (ODbL)");
    expect(layerCredit({ label: "Roads", files: ["a.geojson"], properties: [{ attribution: "A" }, { attribution: "B", source: "S" }, { attribution: "A" }] })).toBe("A; B");
    expect(layerCredit({ label: "Hazards", files: ["h.geojson"], properties: [{}], mappingAttribution: "MAC" })).toBe("MAC");
    expect(creditLine([{ label: "Roads", files: ["r.geojson"], properties: [{ source: "my survey" }] }])).toBe("Roads: my survey. Made with minerisk.");
    expect(creditLine([{ label: "Roads", files: ["r.geojson"], properties: [{}] }])).toBe("Made with minerisk.");
    expect(creditLine([{ label: "Roads", files: ["r.geojson"], properties: [{ attribution: "X" }] }], "Data: NMAC.")).toBe("Data: NMAC. Made with minerisk.");
  });

  it("reads a FILE.attribution.txt sidecar", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-att-"));
    writeFileSync(join(dir, "roads.geojson.attribution.txt"), "Roads: national road authority\n");
    expect(layerCredit({ label: "Roads", files: [join(dir, "roads.geojson")], properties: [{}] })).toBe("Roads: national road authority");
  });

  it("the default corridor still credits OpenStreetMap, TravelMapping and GeoNames, whose data it uses", () => {
    const def = defaultStudyArea();
    const line = runCredits(readInputs({}), { placesFile: def.places, placeSources: [] });
    for (const credit of ["© OpenStreetMap contributors (ODbL)", "TravelMapping", "GeoNames"]) expect(line).toContain(credit);
  });
});
