/**
 * The two blasts of 2023-09-19 stand where the sources put them (../shared/data/karabakh/
 * victory_road_route_facts.csv, transcribed into data/README.md): A at km 58 of the Ahmadbayli–Fuzuli–
 * Shusha road in Khojavend district, read along the schematic road scaled to its published 101.5 km;
 * B at Taghavard village, near whose new tunnel the police truck was hit. Checked with GeographicLib
 * geodesics and Turf's point-in-polygon, not with the build script's own haversine helpers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { Geodesic } from "geographiclib-geodesic";
import { describe, expect, it } from "vitest";

const DATA = join(import.meta.dirname, "../../data/karabakh");
const read = (f: string) => JSON.parse(readFileSync(join(DATA, f), "utf8")).features as { properties: Record<string, any>; geometry: { coordinates: any } }[];
const km = (a: number[], b: number[]) => (Geodesic.WGS84.Inverse(a[1], a[0], b[1], b[0]).s12 as number) / 1000;

describe("the 2023-09-19 blasts in data/karabakh", () => {
  const incidents = read("incidents.geojson");
  const road = read("roads.geojson").find((f) => f.properties.id === "victory-road")!.geometry.coordinates as number[][];
  const khojavend = read("context/districts.geojson").find((f) => f.properties.adm1_code === "AZE-1734")!;
  const a = incidents.find((f) => f.properties.id === "SF-2023-09-19-A")!;
  const b = incidents.find((f) => f.properties.id === "SF-2023-09-19-B")!;

  it("A: km 58 of 101.5 along the schematic road from Ahmadbayli, in Khojavend district", () => {
    const lengths = road.slice(1).map((p, i) => km(road[i], p));
    const total = lengths.reduce((s, x) => s + x, 0);
    // chainage of A: along the segment it lies on (it is on the polyline by construction)
    let acc = 0;
    let chainage = Number.NaN;
    for (let i = 0; i < lengths.length; i++) {
      const [p, q] = [road[i], road[i + 1]];
      const off = km(p, a.geometry.coordinates) + km(a.geometry.coordinates, q) - lengths[i];
      if (off < 0.01) chainage = acc + km(p, a.geometry.coordinates);
      acc += lengths[i];
    }
    expect(chainage).toBeCloseTo((58 / 101.5) * total, 1);
    expect(booleanPointInPolygon(a.geometry.coordinates, khojavend as never)).toBe(true);
    expect(a.properties.locationMethod).toBe("road-chainage");
    expect(a.properties.onRoad).toBe(true);
    // precision: half the 17 km between the scaled and the unscaled reading + 2 km, rounded up to 100 m
    expect(a.properties.locationPrecisionM).toBeGreaterThan(10_000);
    expect(a.properties.locationPrecisionM).toBeLessThan(11_000);
  });

  it("B: at Taghavard, with a precision that reaches the road plus the village's own error", () => {
    const places = read("places.geojson");
    const tag = places.find((p) => p.properties.name === "Taghavard")!.geometry.coordinates;
    expect(b.geometry.coordinates).toEqual(tag);
    // distance from the village to the schematic road, by dense geodesic sampling of each segment
    let toRoad = Infinity;
    for (let i = 1; i < road.length; i++) for (let k = 0; k <= 400; k++) {
      const t = k / 400;
      toRoad = Math.min(toRoad, km([road[i - 1][0] + t * (road[i][0] - road[i - 1][0]), road[i - 1][1] + t * (road[i][1] - road[i - 1][1])], tag));
    }
    expect(b.properties.locationPrecisionM / 1000).toBeGreaterThanOrEqual(toRoad + 2 - 0.05);
    expect(b.properties.locationPrecisionM / 1000).toBeLessThanOrEqual(toRoad + 2 + 0.15);
    expect(booleanPointInPolygon(tag, khojavend as never)).toBe(true);
  });

  it("the two blasts are no longer one point", () => {
    expect(km(a.geometry.coordinates, b.geometry.coordinates)).toBeGreaterThan(5);
  });
});
