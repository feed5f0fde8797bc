import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildDataset } from "../../src/io/read/build-dataset.ts";
import { readIncidentsCsv } from "../../src/io/read/read-incidents.ts";
import { readHazardsGeoJson } from "../../src/io/read/read-hazards.ts";
import { readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoadsGeoJson } from "../../src/io/read/read-roads.ts";

/** Synthetic good inputs (see test/fixtures/io/README.md); every record is checked field by field. */
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/io/good/${name}`, import.meta.url));
const ROADS = fixture("roads.geojson");
const INCIDENTS = fixture("incidents.geojson");
const CSV = fixture("incidents.csv");
const CSV_LAT_LNG = fixture("incidents-lat-lng.csv");
const CSV_TRAILING_ZEROS = fixture("incidents-trailing-zeros.csv");
const HAZARDS = fixture("hazards.geojson");

/*
 * Inferred location precision = max(10, 0.5 × 111320 × 10^-decimals) metres, decimals = the fewer of the
 * two coordinates (half a unit in the last written place, at the equator):
 *   1 decimal  → 0.5 × 111320 × 0.1    = 5566 m
 *   2 decimals → 0.5 × 111320 × 0.01   = 556.6 m
 *   3 decimals → 0.5 × 111320 × 0.001  = 55.66 m
 *   4 decimals → 0.5 × 111320 × 0.0001 = 5.566 m → floor 10 m
 *   5 decimals → 0.5566 m                       → floor 10 m
 */
const P1 = expect.closeTo(5566, 9);
const P2 = expect.closeTo(556.6, 9);
const P3 = expect.closeTo(55.66, 9);
const INFERRED = "coordinate decimals" as const;

describe("readRoadsGeoJson (good/roads.geojson)", () => {
  const roads = readRoadsGeoJson(ROADS);

  it("reads every feature, in order, with its source", () => {
    expect(roads.map((r) => [r.file, r.record])).toEqual([[ROADS, 1], [ROADS, 2], [ROADS, 3], [ROADS, 4]]); // records count from 1, as in every issue
  });

  it("ids: property id, else feature id (string or number), else road-<record>", () => {
    // record 4 has "id": "" in properties, which does not count, so its numeric feature id 42 is used.
    expect(roads.map((r) => r.id)).toEqual(["M12", "R17", "road-3", "42"]);
  });

  it("names from name, else ref; class from class, else OSM highway", () => {
    expect(roads.map((r) => r.name)).toEqual(["Victory Road", "R-17", "", ""]);
    // record 3 has class "track" and highway "unclassified": class wins.
    expect(roads.map((r) => r.class)).toEqual(["primary", "secondary", "track", "residential"]);
  });

  it("bridge / tunnel flags and layer (string layer read, out-of-range layer clamped to int8)", () => {
    expect(roads.map((r) => r.bridge)).toEqual([false, true, false, true]); // "yes", "no", "viaduct"
    expect(roads.map((r) => r.tunnel)).toEqual([false, false, true, false]); // true, "no"
    expect(roads.map((r) => r.layer)).toEqual([0, 1, -1, 127]); // absent, "1", -1, 300
  });

  it("parts: a LineString is one part, a MultiLineString keeps each part; repeats and z are dropped", () => {
    expect(roads[0].parts).toEqual([[[46.75, 39.74], [46.76, 39.745], [46.77, 39.75]]]);
    expect(roads[1].parts).toEqual([
      [[46.77, 39.75], [46.78, 39.755]],
      [[46.78, 39.755], [46.79, 39.76], [46.8, 39.76]],
    ]);
    expect(roads[2].parts).toEqual([[[46.8, 39.76], [46.81, 39.77]]]);
    expect(roads[3].parts).toEqual([[[46.81, 39.77], [46.82, 39.775]]]);
  });

  it("keeps the original properties", () => {
    expect(roads[1].properties).toEqual({ ref: "R-17", highway: "secondary", bridge: "yes", layer: "1" });
  });
});

describe("readIncidentsGeoJson (good/incidents.geojson)", () => {
  const inc = readIncidentsGeoJson(INCIDENTS);
  const base = { file: INCIDENTS, activity: null, source: null, killed: null, injured: null, onRoad: null };

  it("reads every feature field by field", () => {
    expect(inc).toHaveLength(7);
    expect(inc[0]).toEqual({
      ...base,
      record: 1,
      id: "INC-1",
      lon: 46.7512,
      lat: 39.754,
      date: "2021-06-04",
      datePrecision: "day",
      device: "anti-tank", // "AT mine"
      killed: 2,
      injured: 1,
      activity: "driving", // trimmed
      source: "ANAMA",
      locationPrecisionM: P3, // 46.7512 has 4 decimals, 39.754 has 3 → 3
      locationPrecisionSource: INFERRED,
      onRoad: true,
      properties: { id: "INC-1", date: "2021-06-04", device: "AT mine", killed: 2, injured: 1, onRoad: true, activity: " driving ", source: "ANAMA" },
    });
    expect(inc[1]).toEqual({
      ...base,
      record: 2,
      id: "f-1", // feature-level id
      lon: 46.75123,
      lat: 39.75432,
      date: "2021-06",
      datePrecision: "month",
      device: "anti-personnel", // "AP mine"
      killed: 0, // from "fatalities"
      injured: 3, // from "injuries": "3"
      locationPrecisionM: 10, // 5 decimals → 0.56 m → floor 10
      locationPrecisionSource: INFERRED,
      onRoad: false, // "no"
      properties: { date: "2021-06", device: "AP mine", fatalities: 0, injuries: "3", onRoad: "no" },
    });
    expect(inc[2]).toEqual({
      ...base,
      record: 3,
      id: "incident-3",
      lon: 46.8,
      lat: 39.7,
      date: "2021",
      datePrecision: "year",
      device: "UXO/ERW", // "UXO"
      locationPrecisionM: P1,
      locationPrecisionSource: INFERRED,
      properties: { date: "2021", device: "UXO" },
    });
    expect(inc[3]).toEqual({
      ...base,
      record: 4,
      id: "17", // numeric property id
      lon: 46.76,
      lat: 39.71,
      date: null,
      datePrecision: "unknown",
      device: "anti-tank", // device_type "Anti-Tank": canonical names match case-insensitively
      locationPrecisionM: 250,
      locationPrecisionSource: "given",
      onRoad: true, // on_road: 1
      properties: { id: 17, date: null, device_type: "Anti-Tank", on_road: 1, locationPrecisionM: 250 },
    });
    expect(inc[4]).toMatchObject({
      id: "INC-5", // incident_id
      date: "2020-11-10", // time part dropped
      datePrecision: "day",
      device: "cluster", // "submunition"
      locationPrecisionM: 100, // precision_m: "100"
      locationPrecisionSource: "given",
      onRoad: true, // "TRUE"
    });
  });

  it("a declared coarser date precision truncates the date to it", () => {
    // event_date "2021-06-04" with date_precision "month"; date "2022-03-15" with datePrecision "year".
    expect(inc[5]).toMatchObject({ id: "INC-6", date: "2021-06", datePrecision: "month", device: "unknown", locationPrecisionM: P2 });
    expect(inc[6]).toMatchObject({ id: "INC-7", date: "2022", datePrecision: "year", device: "IED" });
  });
});

describe("readIncidentsCsv", () => {
  it("reads latitude/longitude headers (any case), strips the BOM, numbers rows from 1", () => {
    const rows = readIncidentsCsv(CSV);
    // If the BOM were kept the first header would be "\uFEFFincident_id" and no id would be found.
    expect(rows.map((r) => [r.record, r.id])).toEqual([[1, "C-1"], [2, "C-2"], [3, "C-3"], [4, "incident-4"]]);
    expect(rows[0]).toEqual({
      file: CSV,
      record: 1,
      id: "C-1",
      lon: 46.7512,
      lat: 39.7543,
      date: "2022-03-15",
      datePrecision: "day",
      device: "anti-tank",
      killed: 1,
      injured: 0,
      activity: "farming",
      source: null,
      locationPrecisionM: 10, // 4 decimals → 5.6 m → floor 10
      locationPrecisionSource: INFERRED,
      onRoad: true, // "yes"
      properties: {
        incident_id: "C-1", Latitude: "39.7543", Longitude: "46.7512", event_date: "2022-03-15", device_type: "AT mine",
        killed: "1", injured: "0", on_road: "yes", location_precision_m: "", activity: "farming",
      },
    });
    const pick = ({ date, datePrecision, device, killed, injured, onRoad, locationPrecisionM, locationPrecisionSource, activity }: (typeof rows)[number]) =>
      ({ date, datePrecision, device, killed, injured, onRoad, locationPrecisionM, locationPrecisionSource, activity });
    expect(pick(rows[1])).toEqual({ date: "2022-03", datePrecision: "month", device: "UXO/ERW", killed: null, injured: 2, onRoad: null, locationPrecisionM: P2, locationPrecisionSource: INFERRED, activity: null });
    // 39.812 (3 decimals), 46.9001 (4) → 3
    expect(pick(rows[2])).toEqual({ date: "2022", datePrecision: "year", device: "unknown", killed: 0, injured: 0, onRoad: false, locationPrecisionM: P3, locationPrecisionSource: INFERRED, activity: null });
    expect(pick(rows[3])).toEqual({ date: null, datePrecision: "unknown", device: "unknown", killed: null, injured: null, onRoad: null, locationPrecisionM: 50, locationPrecisionSource: "given", activity: null });
  });

  it("reads lat/lng headers", () => {
    const rows = readIncidentsCsv(CSV_LAT_LNG);
    expect(rows.map((r) => [r.record, r.id, r.lon, r.lat, r.date, r.datePrecision, r.device, r.killed, r.injured])).toEqual([
      [1, "incident-1", 46.805, 39.705, "2023-01-05", "day", "anti-personnel", 0, 1],
      [2, "incident-2", 46.95, 39.6, "2023-01", "month", "IED", 1, 0],
    ]);
    expect(rows[0].locationPrecisionM).toEqual(P3);
    expect(rows[1].locationPrecisionM).toEqual(P1); // 39.6 has 1 decimal
  });

  // decimals are counted on the text: "39.700000" is written to 0.1 m → floor 10 m, not 1 decimal → 5566 m
  it("infers precision from the decimals as written in the CSV text, trailing zeros included", () => {
    const rows = readIncidentsCsv(CSV_TRAILING_ZEROS);
    expect(rows.map((r) => r.locationPrecisionM)).toEqual([10, P2]); // "39.700000,46.800000"; "39.70,46.80"
  });
});

describe("readHazardsGeoJson (good/hazards.geojson)", () => {
  const hz = readHazardsGeoJson(HAZARDS);

  it("maps CHA/SHA and other spellings to statuses", () => {
    // "CHA", "SHA", "cleared", " Suspected Hazardous Area ", "canceled"
    expect(hz.map((h) => h.status)).toEqual(["confirmed", "suspected", "cleared", "suspected", "cancelled"]);
  });

  it("ids: property, else feature id, else hazard-<record>", () => {
    expect(hz.map((h) => [h.record, h.id])).toEqual([[1, "CHA-1"], [2, "SHA-7"], [3, "hazard-3"], [4, "H-4"], [5, "H-5"]]);
    expect(hz.every((h) => h.file === HAZARDS)).toBe(true);
  });

  it("keeps holes and every polygon of a MultiPolygon, dropping z", () => {
    expect(hz[0].polygons).toEqual([
      [
        [[46.7, 39.7], [46.72, 39.7], [46.72, 39.72], [46.7, 39.72], [46.7, 39.7]],
        [[46.705, 39.705], [46.705, 39.715], [46.715, 39.715], [46.715, 39.705], [46.705, 39.705]],
      ],
    ]);
    expect(hz[1].polygons).toEqual([
      [[[46.73, 39.7], [46.74, 39.7], [46.74, 39.71], [46.73, 39.71], [46.73, 39.7]]],
      [[[46.75, 39.7], [46.76, 39.7], [46.76, 39.71], [46.75, 39.7]]],
    ]);
    expect(hz[2].polygons).toHaveLength(1);
    expect(hz[2].polygons[0]).toHaveLength(1);
  });
});

describe("buildDataset over the good fixtures", () => {
  const ds = buildDataset({ roads: readRoadsGeoJson(ROADS), incidents: readIncidentsGeoJson(INCIDENTS), hazards: readHazardsGeoJson(HAZARDS) });

  it("explodes MultiLineString parts into roads with <id>/<part> ids and copies flags to each part", () => {
    const r = ds.roads;
    expect(r.count).toBe(5);
    expect(r.ids).toEqual(["M12", "R17/0", "R17/1", "road-3", "42"]);
    expect(Array.from(r.featureIndex)).toEqual([0, 1, 1, 2, 3]);
    expect(Array.from(r.partIndex)).toEqual([0, 0, 1, 0, 0]);
    expect(r.classes).toEqual(["primary", "secondary", "secondary", "track", "residential"]);
    expect(Array.from(r.bridge)).toEqual([0, 1, 1, 0, 1]);
    expect(Array.from(r.tunnel)).toEqual([0, 0, 0, 1, 0]);
    expect(Array.from(r.layer)).toEqual([0, 1, 1, -1, 127]);
    expect(Array.from(r.roadStart)).toEqual([0, 3, 5, 8, 10, 12]);
  });

  it("packs incident dates at the middle of their period and onRoad as 0 unknown / 1 yes / 2 no", () => {
    const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
    const i = ds.incidents;
    expect(Array.from(i.dateDay)).toEqual([
      day(2021, 6, 4),
      day(2021, 6, 1) + 14, // month → 15th
      day(2021, 1, 1) + 182, // year → 2 July
      Number.NaN,
      day(2020, 11, 10),
      day(2021, 6, 1) + 14, // declared month: from the 1st, not from the 4th given
      day(2022, 1, 1) + 182,
    ]);
    expect(Array.from(i.onRoad)).toEqual([1, 2, 0, 1, 1, 0, 0]);
  });

  it("hazard statuses as indexes into HAZARD_STATUSES", () => {
    // confirmed 0, suspected 1, cancelled 2, cleared 3, released 4
    expect(Array.from(ds.hazards.status)).toEqual([0, 1, 3, 1, 2]);
    expect(ds.hazards.ids).toEqual(["CHA-1", "SHA-7", "hazard-3", "H-4", "H-5"]);
  });
});
