/**
 * The near-duplicate search (io/intake/duplicates.ts) in O(n log n) whatever the dates (issue 20: 20k
 * incidents on one date took 43.9 s), and the same answers as a brute-force search over every earlier
 * pair (fast-check, seeded). Synthetic incidents.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IncidentRecord } from "../../src/io/fields/records.ts";
import { findDuplicates } from "../../src/io/intake/duplicates.ts";
import { createTally } from "../../src/io/intake/tally.ts";

const M_PER_DEG = 111_320;

function incident(i: number, lon: number, lat: number, precisionM: number, device = "anti-tank", date = "2023-09-19"): IncidentRecord {
  return { file: "synthetic.geojson", record: i, id: `i${i}`, lon, lat, date, datePrecision: "day", device, killed: 0, injured: 0, locationPrecisionM: precisionM, properties: {} } as unknown as IncidentRecord;
}

/** The rule, brute force: a record is a possible duplicate of the earliest earlier kept record of the same event within both precisions. */
function bruteForce(records: IncidentRecord[]): (number | undefined)[] {
  const kept: number[] = [];
  return records.map((r, k) => {
    const near = kept.find((j) => {
      const o = records[j];
      if (o.device !== r.device || o.date !== r.date) return false;
      const dM = Math.hypot((r.lon - o.lon) * Math.cos((r.lat * Math.PI) / 180), r.lat - o.lat) * M_PER_DEG;
      return dM <= Math.min(r.locationPrecisionM, o.locationPrecisionM);
    });
    if (near === undefined) kept.push(k);
    return near;
  });
}

function flagged(records: IncidentRecord[]): (number | undefined)[] {
  const tally = createTally("synthetic.geojson", "incidents");
  findDuplicates(records, () => tally, "keep");
  const out: (number | undefined)[] = records.map(() => undefined);
  // messages name the other record as "FILE record N (…)" (docs/intake.md, "Records by name"); N is the
  // record's own number, here its 0-based position, as this test builds the records
  for (const i of tally.issues) if (i.code === "possible-duplicate") out[i.record!] = Number(/record (\d+)\b/.exec(i.message)![1]);
  return out;
}

describe("duplicate search (issue 20)", () => {
  it("20,000 incidents on one date and device, none a duplicate, take well under a second of CPU", () => {
    const records: IncidentRecord[] = [];
    for (let i = 0; i < 20_000; i++) records.push(incident(i, 46.9 + (i % 100) * 0.001, 39.6 + Math.floor(i / 100) * 0.001, 10));
    const t = process.cpuUsage();
    expect(flagged(records).every((x) => x === undefined)).toBe(true);
    const used = process.cpuUsage(t);
    expect((used.user + used.system) / 1e6).toBeLessThan(1); // the old one-cell-per-event search: 14.6 s here
  });

  it("finds what the brute-force search finds, with mixed precisions from 10 m to 50 km (1,000 seeded cases)", () => {
    const rec = fc.record({ dx: fc.integer({ min: 0, max: 4000 }), dy: fc.integer({ min: 0, max: 4000 }), p: fc.constantFrom(10, 20, 100, 1000, 3000, 15_000, 50_000), device: fc.constantFrom("anti-tank", "IED") });
    fc.assert(
      fc.property(fc.uniqueArray(rec, { maxLength: 40, selector: (r) => `${r.dx},${r.dy}` }), (rs) => {
        const records = rs.map((r, i) => incident(i, 46.9 + r.dx * 0.00005, 39.6 + r.dy * 0.00005, r.p, r.device));
        expect(flagged(records)).toEqual(bruteForce(records));
      }),
      { seed: 202026, numRuns: 1000 },
    );
  });
});
