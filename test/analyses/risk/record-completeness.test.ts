import { describe, expect, it } from "vitest";
import { recordCompleteness } from "../../../src/analyses/risk/record-completeness.ts";

// R 4.2.2 binom.test(r, N)$conf.int, from scripts/reference/clopper-pearson-binom-test.R
const R_BINOM_TEST: [number, number, number, number][] = [
  [10, 100, 0.049004689221486, 0.176222597740023],
  [33, 341, 0.0675544422867361, 0.133219448746849],
  [0, 59, 0, 0.0606089009503399],
  [59, 59, 0.93939109904966, 1],
  [1, 415, 6.1004905352284e-05, 0.0133519311591147],
];

const total = (asOf: string, victims: number, approximate = false) => ({ asOf, periodStart: "2020-11-10", victims, approximate, reportedBy: "r", sourceUrl: "u" });

describe("recordCompleteness", () => {
  it("gives R's Clopper–Pearson interval (binom.test) to 1e-9", () => {
    for (const [r, N, low, high] of R_BINOM_TEST) {
      const c = recordCompleteness([{ date: "2021-01-01", killed: r, injured: 0, counts: true }], [total("2021-06-01", N)]);
      expect(c.periods[0].share).toBe(r / N);
      expect(c.periods[0].low).toBeCloseTo(low, 9);
      expect(c.periods[0].high).toBeCloseTo(high, 9);
    }
  });

  it("counts only counted, dated records inside each period, and picks the latest exact period the records span", () => {
    const records = [
      { date: "2020-11-14", killed: 1, injured: 1, counts: true }, // in both periods: 2
      { date: "2022-12-18", killed: 0, injured: 2, counts: false }, // the other side: excluded
      { date: "2023-09-19", killed: 4, injured: 0, counts: true }, // only in the 2023-12-06 period
      { date: null, killed: 3, injured: 0, counts: true }, // undated: not comparable
    ];
    const c = recordCompleteness(records, [total("2022-10-06", 257), total("2023-12-06", 341), total("2021-12-15", 200, true), total("2025-06-02", 415)]);
    expect(c.periods.map((p) => p.recorded)).toEqual([2, 6, 2, 6]);
    expect(c.undated).toBe(1);
    expect(c.excluded).toBe(1);
    // the 2025 total ends after the last dated record (2023-09-19) and the 2021 one is approximate
    expect(c.headline?.asOf).toBe("2022-10-06");
  });

  it("gives no interval when the records count more victims than the total", () => {
    const c = recordCompleteness([{ date: "2021-01-01", killed: 5, injured: 5, counts: true }], [total("2021-06-01", 6)]);
    expect(c.periods[0].share).toBeCloseTo(10 / 6, 12);
    expect(c.periods[0].low).toBeNull();
    expect(c.headline).toBeNull();
  });
});
