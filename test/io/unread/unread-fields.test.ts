import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foldName, incidentHint } from "../../../src/io/unread/field-hints.ts";
import { MAX_LISTED_UNREAD, MAX_TRACKED_NAMES } from "../../../src/io/unread/field-use.ts";
import { intakeReportJson, intakeReportText } from "../../../src/io/intake/report-format.ts";
import { strictView } from "../../../src/io/intake/tally.ts";
import { unreadFieldNotes } from "../../../src/io/unread/unread-summary.ts";
import { readHazards } from "../../../src/io/read/read-hazards.ts";
import { readIncidents } from "../../../src/io/read/read-incidents.ts";
import { readRoads, readRoadsChecked } from "../../../src/io/read/read-roads.ts";
import { validateMapping } from "../../../src/io/mapping/load-mapping.ts";
import { casualtyTotalLine, unreadFieldLines } from "../../../src/render/unread-text.ts";

// The intake report's unread fields (docs/intake.md "Fields minerisk does not read") on SYNTHETIC fixtures
// (test/fixtures/io/unread/, README there): every expected count is derived by hand in a comment.

const dir = join(import.meta.dirname, "../../fixtures/io/unread");
const geojson = join(dir, "incidents-casualties.geojson");
const csv = join(dir, "incidents-killed-and-victims.csv");
const tmp = mkdtempSync(join(tmpdir(), "minerisk-unread-"));
const plain = (u: { listed: { name: string; records: number; hint: { kind: string } | null }[] } | undefined) => u?.listed.map((f) => [f.name, f.records, f.hint?.kind ?? null]);

describe("unread fields", () => {
  it("GeoJSON: lists every property with values no reader reads, with counts and hints", () => {
    const { report } = readIncidents([geojson], { strictness: "list" });
    const u = report.files[0].unreadFields;
    // U-6 has no geometry: refused by the envelope check, its properties are not read, so not counted.
    // casualties: U-1 3, U-2 1, U-3 0 (a zero is a value), U-5 2; U-4 "" is empty → 4.
    // notes: U-1, U-3, U-5 ("" and null are empty) → 3. municipality: U-1, U-2 → 2 (only the UTM-zone guess looks at it).
    // Then the 1s by name, code-unit order: "Total Victims" (U-1), accuracy_m (U-5), event_date (U-3: `date` comes first).
    expect(plain(u)).toEqual([
      ["casualties", 4, "casualty-total"],
      ["notes", 3, null],
      ["municipality", 2, "place-name"],
      ["Total Victims", 1, "casualty-total"],
      ["accuracy_m", 1, "precision"],
      ["event_date", 1, "shadowed"],
    ]);
    expect(u?.more).toBe(0);
    expect(u?.casualtyCountRecords).toBe(0); // no killed or injured anywhere
    const note = unreadFieldNotes(report)[0];
    expect(note.casualtyTotal).toMatchObject({ name: "casualties", records: 4 });
    expect(casualtyTotalLine(note)).toContain(`${geojson}: 4 records carry \`casualties\`, which minerisk does not read`);
    expect(casualtyTotalLine(note)).toContain("killed (`killed`, `deaths`, `fatalities`) and injured (`injured`, `injuries`) separately and never splits a total");
    expect(u?.listed.find((f) => f.name === "event_date")?.hint?.message).toContain("`date` comes first");
  });

  it("CSV: a read killed column silences the casualty warning; shadowed and same-name columns are named", () => {
    const { report } = readIncidents([csv], { strictness: "list" });
    const u = report.files[0].unreadFields;
    // header id,lat,lon,date,device,killed,injured,Deaths,Victims,notes,Notes: `killed` is the first killed
    // alias present, so `Deaths` (case-insensitive `deaths`) is shadowed in every row; notes ≠ Notes as names.
    // Victims: C-1, C-2, C-3 → 3; Deaths: C-1, C-3 → 2; notes: C-1, C-3 → 2; Notes: C-1 → 1.
    expect(plain(u)).toEqual([
      ["Victims", 3, "casualty-total"],
      ["Deaths", 2, "shadowed"],
      ["notes", 2, null],
      ["Notes", 1, null],
    ]);
    expect(u?.casualtyCountRecords).toBe(2); // C-1 and C-2 give killed or injured; C-3 gives neither
    expect(unreadFieldNotes(report)[0].casualtyTotal).toBeNull();
    const lines = unreadFieldLines(unreadFieldNotes(report));
    expect(lines).toEqual([`Not read: ${csv}: \`Victims\` (3 records), \`Deaths\` (2), \`notes\` (2), \`Notes\` (1) — values no record, layer or number uses (intake-report.txt lists them, with hints)`]);
  });

  it("a mapping moves what is read: the mapped column is read, the built-in name no longer", () => {
    const mapping = validateMapping({ name: "synthetic", fields: { killed: "Deaths", injured: "injured" } }, "m.json");
    const u = readIncidents([csv], { strictness: "list", mapping }).report.files[0].unreadFields;
    // killed is now read from Deaths only: the `killed` column (C-1 1, C-2 0) goes unread, with a hint naming Deaths
    expect(plain(u)).toEqual([
      ["Victims", 3, "casualty-total"],
      ["killed", 2, "killed"],
      ["notes", 2, null],
      ["Notes", 1, null],
    ]);
    expect(u?.listed[1].hint?.message).toBe("killed is read from `Deaths`: rename the property or map it (--mapping fields.killed)");
  });

  it("the JSON and text reports carry the list; strict view keeps it; a file with every value read has none", () => {
    const { report } = readIncidents([geojson], { strictness: "list" });
    const json = JSON.parse(intakeReportJson(strictView(report)));
    expect(json.files[0].unreadFields.listed[0]).toEqual({ name: "casualties", records: 4, hint: { kind: "casualty-total", message: expect.stringContaining("a casualty total") } });
    const text = intakeReportText(report);
    expect(text).toContain("  not read: 6 fields (properties or CSV columns) with values that no record, layer or number uses:\n    `casualties`: 4 record(s) — a casualty total");
    const clean = join(tmp, "clean.geojson");
    writeFileSync(clean, JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { id: "K", date: "2022", device: "UXO", killed: 1, attribution: "SYNTHETIC", countsInOfficialTotals: false }, geometry: { type: "Point", coordinates: [46.75, 39.76] } }] }));
    const r = readIncidents([clean], { strictness: "list" }).report;
    expect(r.files[0].unreadFields).toBeUndefined();
    expect(intakeReportJson(r)).not.toContain("unreadFields");
  });

  it("lists at most 50 names, most records first, and counts the rest; past the tracked limit the count is a lower bound", () => {
    // 60 names p00…p59, name pk on the first 60 − k features: p00 on 60, p59 on 1 → listed p00…p49, 10 more
    const features = Array.from({ length: 60 }, (_, r) => ({ type: "Feature", properties: Object.fromEntries(Array.from({ length: 60 - r }, (_, k) => [`p${String(k).padStart(2, "0")}`, "x"])), geometry: { type: "Point", coordinates: [46.75 + r * 1e-3, 39.76] } }));
    const file = join(tmp, "wide.geojson");
    writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features }));
    const u = readIncidents([file], { strictness: "list" }).report.files[0].unreadFields;
    expect(u?.listed).toHaveLength(MAX_LISTED_UNREAD);
    expect(u?.listed.map((f) => f.records)).toEqual(Array.from({ length: 50 }, (_, k) => 60 - k));
    expect(u?.listed[49].name).toBe("p49");
    expect([u?.more, u?.moreIsLowerBound]).toEqual([10, false]);
    expect(intakeReportText(readIncidents([file], { strictness: "list" }).report)).toContain("    … and 10 more name(s), not listed");
    const many = join(tmp, "many.geojson");
    const props = Object.fromEntries(Array.from({ length: MAX_TRACKED_NAMES + 5 }, (_, k) => [`k${k}`, 1]));
    writeFileSync(many, JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: props, geometry: { type: "Point", coordinates: [46.75, 39.76] } }] }));
    const m = readIncidents([many], { strictness: "list" }).report.files[0].unreadFields;
    expect([m?.listed.length, m?.more, m?.moreIsLowerBound]).toEqual([50, MAX_TRACKED_NAMES - 50, true]);
  });

  it("the streamed read gives the same unread fields at tiny chunk sizes", () => {
    for (const file of [geojson, join(tmp, "wide.geojson")]) {
      const whole = readIncidents([file], { strictness: "list", streamInput: false }).report;
      expect(whole.files[0].unreadFields).toBeDefined();
      for (const c of [1, 2, 3, 7, 64, 4096]) expect(readIncidents([file], { strictness: "list", streamInput: true, streamChunkBytes: c }).report, `${file} chunk ${c}`).toEqual(whole);
    }
  });

  it("hazards: a status in another field is hinted; the read status and id are not listed", () => {
    const file = join(tmp, "hz.geojson");
    const sq = [[[46.7, 39.7], [46.71, 39.7], [46.71, 39.71], [46.7, 39.71], [46.7, 39.7]]];
    writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { id: "H", status: "confirmed", "Land Status": "CHA", area_m2: 12 }, geometry: { type: "Polygon", coordinates: sq } }] }));
    expect(plain(readHazards([file], { strictness: "list" }).report.files[0].unreadFields)).toEqual([["Land Status", 1, "status"], ["area_m2", 1, null]]);
  });

  it("roads: the scanned, checked and streamed reads count the same; a later alias is read only when the earlier one is blank", () => {
    const file = join(tmp, "roads.geojson");
    const line = (k: number) => [[46.7 + k * 0.01, 39.7], [46.705 + k * 0.01, 39.705]];
    // R1: name read, ref unread (shadowed: name is usable); R2: name blank, so ref is read; R3: highway
    // unread (class is usable) and surface; geometry_quality, attribution and source are read on every path
    const props = [
      { id: "R1", name: "Main", ref: "M6", class: "primary", route: "AZE M6", geometry_quality: "traced" },
      { id: "R2", name: " ", ref: "R9", class: "track", route: "AZE R9", attribution: "SYNTHETIC" },
      { id: "R3", class: "secondary", highway: "secondary", surface: "gravel", source: "SYNTHETIC" },
    ];
    writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: props.map((p, k) => ({ type: "Feature", properties: p, geometry: { type: "LineString", coordinates: line(k) } })) }));
    const checked = readRoadsChecked([file], { strictness: "list", streamInput: false }).report;
    expect(plain(checked.files[0].unreadFields)).toEqual([["route", 2, null], ["highway", 1, "shadowed"], ["ref", 1, "shadowed"], ["surface", 1, null]]);
    expect(readRoads([file], { strictness: "list", streamInput: false }).report).toEqual(checked); // the typed-array scanner's path
    for (const c of [1, 5, 4096]) {
      expect(readRoads([file], { strictness: "list", streamInput: true, streamChunkBytes: c }).report, `scanned, chunk ${c}`).toEqual(checked);
      expect(readRoadsChecked([file], { strictness: "list", streamInput: true, streamChunkBytes: c }).report, `checked, chunk ${c}`).toEqual(checked);
    }
  });

  it("CSV: countsInOfficialTotals is text there, so not read (the completeness check reads a JSON boolean); municipio is a place-name hint", () => {
    const file = join(tmp, "totals.csv");
    writeFileSync(file, "id,lat,lon,date,device,killed,countsInOfficialTotals,municipio,attribution\nT-1,39.76,46.75,2022,UXO,1,false,Shusha,SYNTHETIC\n");
    // attribution is read by the credits (exact name); lat/lon are the position
    expect(plain(readIncidents([file], { strictness: "list" }).report.files[0].unreadFields)).toEqual([["countsInOfficialTotals", 1, "geojson-only"], ["municipio", 1, "place-name"]]);
  });

  it("hints only names that are the quantity, not words about it", () => {
    const builtIn = (f: string) => [f];
    for (const n of ["casualties", "Casualties", "victims", "casualty_count", "total_casualties", "totalCasualties", "Total Victims", "victims_total", "víctimas"]) expect(incidentHint(n, builtIn)?.kind, n).toBe("casualty-total");
    for (const n of ["victimCategory", "dateBasis", "locationMethod", "locationBasis", "notes", "officialTotalsNote", "district", "casualty_type"]) expect(incidentHint(n, builtIn), n).toBeUndefined();
    expect([incidentHint("AÑO", builtIn)?.kind, incidentHint("Fecha", builtIn)?.kind, incidentHint("accuracy_m", builtIn)?.kind, incidentHint("wounded", builtIn)?.kind, incidentHint("dead", builtIn)?.kind]).toEqual(["date", "date", "precision", "injured", "killed"]);
    expect(foldName("Total Victims")).toBe("total_victims");
  });
});
