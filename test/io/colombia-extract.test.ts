import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { loadMapping } from "../../src/io/mapping/load-mapping.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";

/** A committed extract of the REAL AICMA 2004 file (test/fixtures/io/colombia/README.md), read with the shipped mapping. */
const FILE = fileURLToPath(new URL("../fixtures/io/colombia/aicma-2004-extract.geojson", import.meta.url));
const mapping = loadMapping(fileURLToPath(new URL("../../data/mappings/colombia-aicma.json", import.meta.url)));

describe("AICMA 2004 extract with the colombia-aicma mapping", () => {
  const { records, report } = readIncidents([FILE], { strictness: "lenient", mapping });
  const f = report.files[0];
  const codes = (code: string) => f.issues.filter((i) => i.code === code);

  it("accounts for every feature: used + repaired + rejected = read = 44", () => {
    expect(f.read).toBe(44);
    expect(f.used + f.repaired + f.rejected).toBe(44);
    expect(records).toHaveLength(f.used + f.repaired);
    expect(f.rejected).toBe(0);
  });

  it("reports the lost minus sign on record 44 (the last feature) and restores it (Bogotá, -74.234)", () => {
    expect(codes("lost-minus-sign").map((i) => [i.record, i.action])).toEqual([[44, "repaired"]]);
    const bogota = records.find((r) => r.record === 44)!;
    expect([bogota.lon, bogota.lat]).toEqual([-74.23416667, 4.197777778]);
    expect(bogota.place).toBe("Bogotá DC"); // MUNICIPIO as written
  });

  it("reports repeated positions (village-level coordinates), keeping the records", () => {
    const repeated = f.issues.filter((i) => i.code === "repeated-position" || i.code === "duplicate-incident");
    expect(repeated.length).toBeGreaterThanOrEqual(3);
    expect(repeated.every((i) => i.action === "kept" && i.severity === "warning")).toBe(true);
    expect(repeated.some((i) => i.message.includes("[-75.122094, 9.685015]") || i.message.includes("same position"))).toBe(true);
  });

  it("maps the fields: year dates, eventType kept as written, devices, no casualty counts (null, never 0)", () => {
    expect(new Set(records.map((r) => r.datePrecision))).toEqual(new Set(["year"]));
    expect(records.every((r) => r.date === "2004" && r.killed === null && r.injured === null)).toBe(true);
    expect(records.every((r) => typeof r.eventType === "string" && /^[1-8]$/.test(r.eventType))).toBe(true);
    for (const r of records) {
      const want = r.eventType === "1" ? "anti-personnel" : r.eventType === "2" || r.eventType === "6" ? "UXO/ERW" : "unknown";
      expect(r.device).toBe(want);
    }
  });

  it("location precision: never finer than the mapping's village-level 3 km floor; 1-decimal positions widen it", () => {
    expect(Math.min(...records.map((r) => r.locationPrecisionM))).toBe(3000);
    for (const r of records) expect(r.locationPrecisionSource === "mapping default" || r.locationPrecisionM > 3000).toBe(true);
  });

  it("strict mode refuses the file because of the lost minus sign", () => {
    expect(() => readIncidents([FILE], { mapping })).toThrow(InputError);
    try {
      readIncidents([FILE], { mapping });
    } catch (e) {
      expect((e as InputError).issues.map((i) => i.code)).toEqual(["lost-minus-sign"]);
    }
  });

  it("merging duplicates drops them as rejected, and the counts still add up", () => {
    const merged = readIncidents([FILE], { strictness: "lenient", mapping, duplicates: "merge" });
    const m = merged.report.files[0];
    expect(m.rejected).toBe(codes("duplicate-incident").length + codes("possible-duplicate").length);
    expect(m.used + m.repaired + m.rejected).toBe(44);
    expect(merged.records).toHaveLength(44 - m.rejected);
  });
});
