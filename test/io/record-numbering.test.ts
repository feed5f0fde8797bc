import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatIssues, InputError, RECORD_NUMBERING } from "../../src/core/errors.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readContextLayer } from "../../src/io/layers/context-layers.ts";
import { readOfficialTotals } from "../../src/io/read/read-official-totals.ts";
import { intakeReportJson, intakeReportText } from "../../src/io/intake/report-format.ts";
import { runValidate } from "../helpers/intake-cli.ts";

/**
 * One record numbering for every format (issue 15 item 8; core/errors.ts RECORD_NUMBERING): the same four
 * incidents as GeoJSON and as CSV, the third dated 2023-02-30, must give that record the same number, 3.
 * The CSV has a blank line and a two-line quoted cell before it, so its physical line (6, counted by hand
 * from the file: header 1, N-1 2, blank 3, N-2 4–5, N-3 6) differs from "record + 1", and only CSV issues
 * carry a line. SYNTHETIC fixtures: test/fixtures/io/bad/record-numbering-{geojson,csv}/.
 */
const fx = (p: string) => fileURLToPath(new URL(`../fixtures/io/bad/${p}`, import.meta.url));
const GEOJSON = fx("record-numbering-geojson/input.geojson");
const CSV = fx("record-numbering-csv/input.csv");

const listed = (file: string) => readIncidents([file], { strictness: "list" });
const strictIssues = (file: string) => {
  try {
    readIncidents([file]);
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
  throw new Error(`${file} was read without an InputError`);
};

describe("record numbering: the same bad record gets the same number in GeoJSON and CSV", () => {
  it("the issue: record 3 (1-based) in both, the CSV's physical line 6, the same id, code and field", () => {
    const g = listed(GEOJSON).report.files[0].issues;
    const c = listed(CSV).report.files[0].issues;
    expect(g.map((i) => [i.code, i.record, i.id, i.field, i.line])).toEqual([["invalid-date", 3, "N-3", "date", undefined]]);
    expect(c.map((i) => [i.code, i.record, i.id, i.field, i.line])).toEqual([["invalid-date", 3, "N-3", "date", 6]]);
  });

  it("the records kept carry the same numbers as the issues (N-4 is record 4 in both)", () => {
    for (const file of [GEOJSON, CSV]) expect(listed(file).records.map((r) => [r.record, r.id])).toEqual([[1, "N-1"], [2, "N-2"], [4, "N-4"]]);
  });

  it("strict InputError lines name the record the same way, the CSV with its line", () => {
    expect(formatIssues(strictIssues(GEOJSON))).toMatch(/input\.geojson record 3 \(id N-3\) date \[invalid-date\]: /);
    expect(formatIssues(strictIssues(CSV))).toMatch(/input\.csv record 3 \(line 6, id N-3\) date \[invalid-date\]: /);
  });

  it("the intake report says which convention it uses, in JSON and in text", () => {
    const report = { files: [...listed(GEOJSON).report.files, ...listed(CSV).report.files] };
    const json = JSON.parse(intakeReportJson(report));
    expect(json.recordNumbering).toBe(RECORD_NUMBERING);
    expect(RECORD_NUMBERING).toContain("Nth feature of a GeoJSON FeatureCollection");
    expect(RECORD_NUMBERING).toContain("Nth data row of a CSV after its header, counting from 1");
    expect(json.files.map((f: { issues: { record: number; line: number | null }[] }) => f.issues.map((i) => [i.record, i.line]))).toEqual([[[3, null]], [[3, 6]]]);
    const text = intakeReportText(report);
    expect(text.split("\n")[0]).toBe(`Record numbers: ${RECORD_NUMBERING}.`);
    expect(text).toContain("    record 3 (id N-3) date: ");
    expect(text).toContain("    record 3 (line 6, id N-3) date: ");
  });

  it("validate --json gives both files' issue the same record, and states the convention", async () => {
    // one layer of two files: the CSV's rows also duplicate the GeoJSON's, and say which record they repeat
    const r = await runValidate(["--lenient", "--json", GEOJSON, CSV]);
    const json = JSON.parse(r.stdout);
    expect(json.recordNumbering).toBe(RECORD_NUMBERING);
    type Issue = { code: string; record: number; line: number | null; message: string };
    const [g, c] = json.files.map((f: { issues: Issue[] }) => f.issues);
    expect(g.map((i: Issue) => [i.code, i.record, i.line])).toEqual([["invalid-date", 3, null]]);
    expect(c.map((i: Issue) => [i.code, i.record, i.line])).toEqual([["duplicate-incident", 1, 2], ["duplicate-incident", 2, 4], ["invalid-date", 3, 6], ["duplicate-incident", 4, 7]]);
    expect(c[0].message).toContain(`as ${GEOJSON} record 1 (id N-1)`);
    expect(c[3].message).toContain(`as ${GEOJSON} record 4 (id N-4)`);
  });

  it("context layers (--layer) count the same way: the second feature is record 2, named by its id", () => {
    const file = join(mkdtempSync(join(tmpdir(), "minerisk-ctx-")), "rivers.geojson");
    const line = { type: "Feature", properties: { id: "river-1" }, geometry: { type: "LineString", coordinates: [[46.7, 39.7], [46.8, 39.8]] } };
    const point = { type: "Feature", id: "well-7", properties: {}, geometry: { type: "Point", coordinates: [46.7, 39.7] } };
    writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: [line, point] }));
    expect(() => readContextLayer(file)).toThrow(InputError);
    try {
      readContextLayer(file);
    } catch (e) {
      expect((e as InputError).issues.map((i) => [i.record, i.id, i.code])).toEqual([[2, "well-7", "unsupported-geometry"]]);
    }
  });

  it("an issue names the id the record carries, from any of its id fields (incident_id here), not only `id`", () => {
    const file = join(mkdtempSync(join(tmpdir(), "minerisk-ids-")), "incidents.geojson");
    const point = (props: Record<string, unknown>, lon: number) => ({ type: "Feature", properties: { device: "UXO", ...props }, geometry: { type: "Point", coordinates: [lon, 39.7] } });
    writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: [point({ incident_id: "IMS-1", date: "2023-01-02" }, 46.75), point({ incident_id: "IMS-2", date: "2023-13-01" }, 46.76)] }));
    const got = listed(file);
    expect(got.report.files[0].issues.map((i) => [i.code, i.record, i.id])).toEqual([["invalid-date", 2, "IMS-2"]]);
    expect(got.records.map((r) => [r.record, r.id])).toEqual([[1, "IMS-1"]]);
  });

  it("official victim totals (a CSV too) name the row by record number and physical line", () => {
    const file = join(mkdtempSync(join(tmpdir(), "minerisk-totals-")), "totals.csv");
    // line 1 header, 2 a good row, 3 blank, 4 a bad date, 5 a row one cell short (SYNTHETIC numbers)
    writeFileSync(file, "as_of_date,period_start,scope,victims_total\n2023-01-01,2020-11-10,all,300\n\n2023-13-01,2020-11-10,all,310\n2023-06-01,2020-11-10,all\n");
    try {
      readOfficialTotals(file);
      expect.unreachable("the totals were read without an InputError");
    } catch (e) {
      expect((e as InputError).issues.map((i) => [i.code, i.record, i.line, i.field ?? null])).toEqual([
        ["invalid-date", 2, 4, "as_of_date"],
        ["invalid-csv", 3, 5, null],
      ]);
    }
    writeFileSync(file, "\ufeffas_of_date,period_start,scope,victims_total\n 2023-01-01 ,2020-11-10,all,~300\n");
    expect(readOfficialTotals(file)).toEqual([{ asOf: "2023-01-01", periodStart: "2020-11-10", victims: 300, approximate: true, reportedBy: "", sourceUrl: "" }]);
  });

  it("a message that points at another record never echoes an unprintable or overlong id", () => {
    const file = join(mkdtempSync(join(tmpdir(), "minerisk-ids-")), "incidents.geojson");
    const point = (id: string) => ({ type: "Feature", properties: { id, date: "2023-01-02", device: "UXO" }, geometry: { type: "Point", coordinates: [46.75, 39.7] } });
    writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: [point("A\u0007B"), point("x".repeat(81)), point("C-3")] }));
    const issues = listed(file).report.files[0].issues;
    // the bell in record 1's id is replaced and reported at the door (control-characters, issue 20)
    expect(issues.map((i) => [i.code, i.record, i.id ?? null])).toEqual([["control-characters", 1, null], ["duplicate-incident", 2, null], ["duplicate-incident", 3, "C-3"]]);
    expect(issues[1].message).toContain(`as ${file} record 1 on 2023-01-02`);
    expect(issues[2].message).toContain(`as ${file} record 1 on 2023-01-02`);
    for (const i of issues) expect(i.message).not.toMatch(/\u0007|x{81}/);
  });
});
