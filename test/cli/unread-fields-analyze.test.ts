import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// What `analyze` says about fields it does not read, through the CLI entry (dist/cli/main.js): a casualty
// total with no killed/injured on stderr at once and first in the summary; the shipped Karabakh data's
// documentation-only properties (data/README.md) in one "Not read" line and no casualty warning.
const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const ROADS = fileURLToPath(new URL("../../data/karabakh/roads.geojson", import.meta.url));
const CASUALTIES = fileURLToPath(new URL("../fixtures/io/unread/incidents-casualties.geojson", import.meta.url)); // SYNTHETIC
const tmp = mkdtempSync(join(tmpdir(), "minerisk-unread-cli-"));
const run = (args: string[]) => spawnSync(process.execPath, [MAIN, "analyze", ...args], { encoding: "utf8", env: { ...process.env, MINERISK_STREAM_INPUT: "" } });

describe("analyze says which fields went unread", () => {
  it("a casualty total with no killed/injured: one WARNING on stderr and first in the summary, and in summary.json", () => {
    const out = join(tmp, "cas");
    const r = run(["--roads", ROADS, "--incidents", CASUALTIES, "--lenient", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const warning = `WARNING: ${CASUALTIES}: 4 records carry \`casualties\`, which minerisk does not read — a casualty total: minerisk reads killed`;
    expect(r.stderr).toContain(`minerisk: ${warning}`);
    const lines = r.stdout.split("\n");
    const at = lines.findIndex((l) => l.startsWith(warning));
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(lines.findIndex((l) => l.startsWith("Working CRS:"))); // among the first lines
    expect(lines[at]).toContain("so these records count no casualty in the casualty rate (casualtyRatePerKmYear)");
    expect(lines[at + 1]).toBe(`Not read: ${ROADS}: \`route\` (3 records), \`note\` (1) — values no record, layer or number uses (intake-report.txt lists them, with hints)`);
    expect(lines[at + 2]).toBe(`Not read: ${CASUALTIES}: \`casualties\` (4 records), \`notes\` (3), \`municipality\` (2), \`Total Victims\` (1), \`accuracy_m\` (1) and 1 more — values no record, layer or number uses (intake-report.txt lists them, with hints)`);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.unreadFields.find((u: { layer: string }) => u.layer === "incidents")).toMatchObject({ file: CASUALTIES, layer: "incidents", total: 6, totalIsLowerBound: false, casualtyTotal: { name: "casualties", records: 4 } });
    expect(readFileSync(join(out, "intake-report.txt"), "utf8")).toContain("`event_date`: 1 record(s) — a name date is read from, but `date` comes first");
  });

  it("plan warns the same way before the tiles run", () => {
    const r = spawnSync(process.execPath, [MAIN, "plan", "--roads", ROADS, "--incidents", CASUALTIES, "--lenient", "--dir", join(tmp, "plan"), "--tiles", "1"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`minerisk: WARNING: ${CASUALTIES}: 4 records carry \`casualties\`, which minerisk does not read`);
  });

  it("the shipped corridor (npm start): its documentation-only properties of roads and incidents are named, no casualty warning", () => {
    const out = join(tmp, "default");
    const r = run(["--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("WARNING");
    // data/README.md: dateBasis, victimCategory, district, locationMethod, locationBasis and notes on all 28,
    // officialTotalsNote on one; village is read (the place), countsInOfficialTotals by the completeness check
    const notRead = r.stdout.split("\n").filter((l) => l.startsWith("Not read: "));
    expect(notRead).toHaveLength(2); // roads, then incidents (the order of the intake report)
    expect(notRead[0]).toMatch(/roads\.geojson: `route` \(3 records\), `note` \(1\) — /); // data/README.md: TravelMapping's route code, the Victory Road's note
    const line = notRead[1];
    expect(line).toMatch(/incidents\.geojson: `dateBasis` \(28 records\), `district` \(28\), `locationBasis` \(28\), `locationMethod` \(28\), `notes` \(28\) and 2 more — /);
    const report = JSON.parse(readFileSync(join(out, "intake-report.json"), "utf8"));
    const inc = report.files.find((f: { layer: string }) => f.layer === "incidents");
    expect(inc.unreadFields.listed.map((f: { name: string }) => f.name)).toEqual(["dateBasis", "district", "locationBasis", "locationMethod", "notes", "victimCategory", "officialTotalsNote"]);
    expect(inc.unreadFields.casualtyCountRecords).toBe(28);
  });
});
