import { describe, expect, it } from "vitest";
import { parseCoordinate } from "../../src/io/coords/degrees.ts";
import { parseDate } from "../../src/io/fields/dates.ts";

describe("parseDate", () => {
  it.each([
    ["2023-09-19", ["iso"], "2023-09-19", "day"],
    ["2023", ["iso"], "2023", "year"],
    ["19/09/2023", ["d/m/y"], "2023-09-19", "day"],
    ["09/19/2023", ["m/d/y"], "2023-09-19", "day"],
    ["19.9.2023", ["d/m/y"], "2023-09-19", "day"],
    [2004, ["year"], "2004", "year"],
    ["2004", ["year"], "2004", "year"],
    [45200, ["excel"], "2023-10-01", "day"], // 45200 − 25569 = 19631 days after 1970-01-01
    ["61", ["excel"], "1900-03-01", "day"], // first serial after Excel's fictitious 1900-02-29
  ] as const)("%s in %j → %s (%s)", (v, formats, date, precision) => {
    expect(parseDate(v, formats)).toEqual({ date, precision });
  });

  it.each([
    ["19/09/2023", ["iso"]], // day/month/year is never guessed without a mapping
    ["31/02/2023", ["d/m/y"]],
    ["13/13/2023", ["m/d/y"]],
    [2004, ["iso"]],
    ["60", ["excel"]], // 1900-02-29 does not exist
    ["20040", ["year"]],
  ] as const)("%s in %j is refused", (v, formats) => {
    expect(parseDate(v, formats)).toBeUndefined();
  });

  it("empty is an unknown date, not an error", () => {
    expect(parseDate("", ["iso"])).toEqual({ date: null, precision: "unknown" });
  });
});

describe("parseCoordinate", () => {
  // 39°45'15.5"N = 39 + 45/60 + 15.5/3600 = 39.754305…
  it.each([
    [`39°45'15.5"N`, "lat", 39.7543056, "dms"],
    ["39 45 15.5 N", "lat", 39.7543056, "dms"],
    ["N 39°45'15.5\"", "lat", 39.7543056, "dms"],
    ["39d45m15.5s", "lat", 39.7543056, "dms"],
    ["46°45′04″E", "lon", 46.7511111, "dms"],
    [`74°14'03"W`, "lon", -74.2341667, "dms"],
    [`74°14'03"O`, "lon", -74.2341667, "dms"], // oeste
    [`4°11'52"S`, "lat", -4.1977778, "dms"],
    ["39°45.25'N", "lat", 39.7541667, "dms"],
    ["39,7512", "lat", 39.7512, "decimal comma"],
    ["-46.75", "lon", -46.75, "decimal"],
  ] as const)("%s → %f", (text, axis, value, notation) => {
    const c = parseCoordinate(text, axis)!;
    expect(c.value).toBeCloseTo(value, 6);
    expect(c.notation).toBe(notation);
  });

  it.each([
    ["39°75'N", "lat"], // 75 minutes
    ["46°45'N", "lon"], // N on a longitude
    ["39°45'E", "lat"],
    ["abc", "lat"],
    ["", "lat"],
  ] as const)("%s (%s) is refused", (text, axis) => {
    expect(parseCoordinate(text, axis)).toBeUndefined();
  });

  it("precision from the last written unit: 1 decimal of seconds ≈ 1.5 m → 10 m floor; whole minutes ≈ 928 m", () => {
    expect(parseCoordinate(`39°45'15.5"N`, "lat")!.precisionM).toBe(10);
    expect(parseCoordinate("39°45'N", "lat")!.precisionM).toBeCloseTo(0.5 * 111_320 / 60, 6);
  });
});
