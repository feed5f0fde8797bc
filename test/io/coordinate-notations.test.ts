import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import geodesic from "geographiclib-geodesic";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readIncidentsCsv } from "../../src/io/read/read-incidents.ts";
import type { IncidentRecord } from "../../src/io/fields/records.ts";

/**
 * The same synthetic incidents written as decimal degrees, UTM columns, MGRS references and DMS strings
 * (test/fixtures/io/coords/, made by make_fixtures.py with GDAL ogr2ogr and the NGA lettering — no minerisk
 * code) must load to the same positions within 1 m (GeographicLib geodesic distance on WGS84). The
 * EPSG:32638 GeoJSON without a crs member must be refused naming the likely zone, and with --crs match the
 * WGS84 version within 0.01 m.
 */
const dir = fileURLToPath(new URL("../fixtures/io/coords/", import.meta.url));
const g = geodesic.Geodesic.WGS84;
const distM = (a: IncidentRecord, b: IncidentRecord) => g.Inverse(a.lat, a.lon, b.lat, b.lon).s12 as number;
const worst = (a: IncidentRecord[], b: IncidentRecord[]) => Math.max(...a.map((r, k) => distM(r, b[k])));

describe("coordinate notations load to the same positions", () => {
  const base = readIncidentsCsv(join(dir, "incidents-wgs84.csv"));

  it("has the ten incidents, in both hemispheres and four UTM zones", () => {
    expect(base.map((r) => r.id)).toEqual(["K-1", "K-2", "K-3", "K-4", "K-5", "K-6", "C-1", "C-2", "S-1", "S-2"]);
  });

  it.each([
    ["incidents-utm.csv", 0.01, "grid reference"], // 3-decimal metres from GDAL
    ["incidents-mgrs.csv", 1, "grid reference"], // 1 m cells, read at their centres (≤ 0.71 m)
    ["incidents-dms.csv", 0.1, "coordinate decimals"], // seconds to 3 decimals ≈ 0.03 m
  ])("%s: every incident within %f m of the decimal-degree position", (file, tolM, source) => {
    const rows = readIncidentsCsv(join(dir, file));
    expect(rows.map((r) => r.id)).toEqual(base.map((r) => r.id));
    expect(worst(rows, base)).toBeLessThan(tolM);
    expect(rows.every((r) => r.locationPrecisionSource === source)).toBe(true);
  });

  it("MGRS 1 m references carry the 10 m floor; DMS to 0.001″ too", () => {
    expect(readIncidentsCsv(join(dir, "incidents-mgrs.csv")).map((r) => r.locationPrecisionM)).toEqual(Array(10).fill(10));
  });
});

describe("a GeoJSON in EPSG:32638 without a crs member", () => {
  const wgs = readIncidents([join(dir, "incidents-wgs84.geojson")]).records;
  const tmp = mkdtempSync(join(tmpdir(), "minerisk-crs-"));
  const anonymous = join(tmp, "points.geojson"); // a name that says nothing about the CRS
  copyFileSync(join(dir, "incidents-32638.geojson"), anonymous);
  const roadsExtent = [46.5, 39.5, 47.3, 40.1] as const; // the Shusha–Fuzuli roads' extent, as readInputs passes it

  const refusal = (file: string, referenceExtent?: readonly [number, number, number, number]) => {
    try {
      readIncidents([file], { referenceExtent });
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).message;
    }
    throw new Error("not refused");
  };

  it("is refused, naming UTM zone 38N, judged by the other layers' extent", () => {
    const msg = refusal(anonymous, roadsExtent);
    expect(msg).toMatch(/\[out-of-range\].*projected metres.*likely UTM zone 38N \(EPSG:32638\)/);
    expect(msg).toContain("give the input CRS EPSG:32638");
  });

  it("is refused naming the zone found in the file name", () => {
    expect(refusal(join(dir, "incidents-32638.geojson"))).toContain("likely UTM zone 38N (EPSG:32638), judging by the file name");
  });

  it("with nothing to judge by, says the zone cannot be told and gives the latitude", () => {
    const msg = refusal(anonymous);
    expect(msg).toContain("easting/northing alone cannot tell the zone");
    expect(msg).toMatch(/about latitude 39\.\d°/);
  });

  it("with --crs EPSG:32638 it loads and matches the WGS84 version within 0.01 m", () => {
    const got = readIncidents([anonymous], { crs: "EPSG:32638" }).records;
    expect(got.map((r) => r.id)).toEqual(wgs.map((r) => r.id));
    expect(wgs).toHaveLength(6);
    expect(worst(got, wgs)).toBeLessThan(0.01);
  });
});
