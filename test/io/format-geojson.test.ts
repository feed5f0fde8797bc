import { describe, expect, it } from "vitest";
import { formatFeatureCollection, type OutFeature } from "../../src/io/write/format-geojson.ts";

const features = (): OutFeature[] => [
  { type: "Feature", properties: { id: "a", riskScore: 0.25 }, geometry: { type: "Point", coordinates: [46.123456789, 39.987654321] } },
  {
    type: "Feature",
    properties: { id: "b", nested: { v: Number.NaN, w: -0, list: [1, Number.POSITIVE_INFINITY] } },
    geometry: { type: "LineString", coordinates: [[46.1, 39.1], [46.2000004, -0.0000001]] },
  },
  {
    type: "Feature",
    properties: { id: "c", nan: Number.NaN, inf: Number.NEGATIVE_INFINITY, negZero: -0 },
    geometry: { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
  },
];

describe("formatFeatureCollection", () => {
  it("writes this exact text: one feature per line, 6 decimals, NaN/Infinity → null, -0 → 0", () => {
    // 46.123456789 → 46.123457 (6 decimals); 46.2000004 → 46.2; -0.0000001 → -0 → 0.
    expect(formatFeatureCollection(features())).toBe(
      [
        `{"type":"FeatureCollection","features":[`,
        `{"type":"Feature","properties":{"id":"a","riskScore":0.25},"geometry":{"type":"Point","coordinates":[46.123457,39.987654]}},`,
        `{"type":"Feature","properties":{"id":"b","nested":{"v":null,"w":0,"list":[1,null]}},"geometry":{"type":"LineString","coordinates":[[46.1,39.1],[46.2,0]]}},`,
        `{"type":"Feature","properties":{"id":"c","nan":null,"inf":null,"negZero":0},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`,
        `]}`,
        ``,
      ].join("\n"),
    );
  });

  it("same features → identical text, and the input objects are not modified", () => {
    const input = features();
    const before = JSON.stringify(input);
    const a = formatFeatureCollection(input, { precision: 3 });
    const b = formatFeatureCollection(features(), { precision: 3 });
    expect(a).toBe(b);
    expect(JSON.stringify(input)).toBe(before);
    expect(Object.is(input[2].properties.negZero, -0)).toBe(true);
  });

  it.each([
    [0, [46, 40]],
    [2, [46.12, 39.99]],
    [4, [46.1235, 39.9877]],
    [8, [46.12345679, 39.98765432]],
  ])("rounds coordinates to precision %i", (precision, expected) => {
    const fc = JSON.parse(formatFeatureCollection(features(), { precision }));
    expect(fc.features[0].geometry.coordinates).toEqual(expected);
  });

  it("writes non-finite and negative-zero coordinates as null and 0", () => {
    const text = formatFeatureCollection([
      { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: [[Number.NaN, Number.POSITIVE_INFINITY], [-0, Number.NEGATIVE_INFINITY]] } },
    ]);
    expect(text).toContain(`"coordinates":[[null,null],[0,null]]`);
  });

  it("does not round numeric properties (only coordinates)", () => {
    const fc = JSON.parse(formatFeatureCollection(features(), { precision: 1 }));
    expect(fc.features[0].properties.riskScore).toBe(0.25);
  });

  it("parses as a FeatureCollection with one feature per line, and a name when given", () => {
    const text = formatFeatureCollection(features(), { name: "road-risk" });
    const fc = JSON.parse(text);
    expect(fc.type).toBe("FeatureCollection");
    expect(fc.name).toBe("road-risk");
    expect(fc.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(["a", "b", "c"]);
    const lines = text.split("\n");
    expect(lines[0]).toBe(`{"type":"FeatureCollection","name":"road-risk","features":[`);
    expect(lines.slice(-2)).toEqual(["]}", ""]);
    const featureLines = lines.slice(1, -2);
    expect(featureLines).toHaveLength(3);
    featureLines.forEach((l, i) => expect(JSON.parse(l.replace(/,$/, ""))).toEqual(fc.features[i]));
  });

  it("an empty layer is still a valid FeatureCollection", () => {
    expect(JSON.parse(formatFeatureCollection([]))).toEqual({ type: "FeatureCollection", features: [] });
  });
});
