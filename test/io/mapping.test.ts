import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { loadMapping, validateMapping } from "../../src/io/mapping/load-mapping.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";

const shipped = (name: string) => fileURLToPath(new URL(`../../data/mappings/${name}`, import.meta.url));

describe("field mappings", () => {
  it("the shipped mappings validate", () => {
    expect(loadMapping(shipped("colombia-aicma.json")).dateFormats).toEqual(["year"]);
    expect(loadMapping(shipped("imsma-accidents.json")).fields.device).toBeDefined();
  });

  it("an invalid mapping lists every problem with its JSON path", () => {
    try {
      validateMapping({ fields: { device: { column: "T" }, casualties: "K" }, dateFormats: ["dd.mm.yyyy"] }, "m.json");
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const got = (e as InputError).issues.map((i) => [i.field, i.code]);
      expect(got).toEqual([["name", "invalid-mapping"], ["fields.device", "invalid-mapping"], ["fields", "invalid-mapping"], ["dateFormats.0", "invalid-mapping"]]);
      expect((e as InputError).issues[1].message).toContain('"column"'); // the typo is named
    }
  });

  it("an IMSMA-style CSV: day/month/year and Excel dates with their precision, mapped devices, MGRS, counts", () => {
    const csv = join(mkdtempSync(join(tmpdir(), "minerisk-map-")), "imsma.csv");
    // SYNTHETIC rows. 45200 = 2023-10-01 in Excel's 1900 date system (25569 = 1970-01-01; 45200 − 25569 = 19631 days).
    writeFileSync(csv, ["Accident ID,Date of Accident,Device Type,Number Killed,Number Injured,Latitude,Longitude,MGRS", "A-1,19/09/2023,AT Mine,2,0,39.7543,46.7512,", "A-2,45200,Submunition,0,1,,,38SPK5002301956", "A-3,2022-03,AP Mine,,,\"39,75\",\"46,75\","].join("\n"));
    const { records } = readIncidents([csv], { mapping: loadMapping(shipped("imsma-accidents.json")) });
    expect(records.map((r) => [r.id, r.date, r.datePrecision, r.device, r.killed, r.injured])).toEqual([
      ["A-1", "2023-09-19", "day", "anti-tank", 2, 0],
      ["A-2", "2023-10-01", "day", "cluster", 0, 1],
      ["A-3", "2022-03", "month", "anti-personnel", null, null],
    ]);
    expect(records[1].locationPrecisionSource).toBe("grid reference");
    expect(records[2].locationPrecisionM).toBeCloseTo(556.6, 1); // 2 decimals, decimal comma
  });
});
