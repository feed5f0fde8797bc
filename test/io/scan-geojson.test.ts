import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/core/random.ts";
import { buildDataset } from "../../src/io/read/build-dataset.ts";
import { readRoads, readRoadsChecked } from "../../src/io/read/read-roads.ts";
import { readRoadsScanned } from "../../src/io/read/read-roads-scanned.ts";
import type { RoadRecord } from "../../src/io/fields/records.ts";
import { scanGeoJson } from "../../src/io/json/scan-geojson.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const fc = (features: string) => `{"type":"FeatureCollection","features":[${features}]}`;
const line = (coords: string, props = '{"id":"a"}') => `{"type":"Feature","properties":${props},"geometry":{"type":"LineString","coordinates":${coords}}}`;
const tmp = mkdtempSync(join(tmpdir(), "minerisk-scan-"));

function allGeoJson(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? allGeoJson(p) : /\.(geo)?json$/.test(name) ? [p] : [];
  });
}

/** Everything a road record says, geometry as arrays (the scanner's packed parts unpacked). */
const plain = (r: RoadRecord) => ({ file: r.file, record: r.record, id: r.id, name: r.name, class: r.class, bridge: r.bridge, tunnel: r.tunnel, layer: r.layer, oneway: r.oneway, parts: r.parts, properties: r.properties });

/**
 * The scanner's contract: when it reads a layer, the full intake reads the same file with no issue at all and
 * builds the same records; otherwise it declines. Returns whether it read the layer.
 */
function agreesWithFullIntake(file: string): boolean {
  const scanned = readRoadsScanned([file], { strictness: "list" });
  const full = readRoadsChecked([file], { strictness: "list" });
  if (!scanned) return false;
  expect(full.report.files[0].issues, file).toEqual([]);
  expect(scanned.report).toEqual(full.report);
  expect(scanned.records.map(plain), file).toEqual(full.records.map(plain));
  return true;
}

describe("scanGeoJson: numbers", () => {
  it("gives every coordinate the exact double JSON.parse gives (seeded: 1–20 digits, exponents, signs, -0)", () => {
    const rand = seededRandom(7);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join("");
    const texts: string[] = ["0", "-0", "0.0", "-0.000", "180", "90.0", "-180", "1e1", "1E-2", "-4.5e+1", "0.1", "0.30000000000000004", "46.468218", "39.79840100000000000001"];
    while (texts.length < 4000) {
      const int = String(Math.floor(rand() * 90));
      const frac = digits(1 + Math.floor(rand() * 19));
      const exp = rand() < 0.1 ? `e-${Math.floor(rand() * 3)}` : ""; // negative: the values stay in WGS84 ranges
      texts.push(`${rand() < 0.5 ? "-" : ""}${int}.${frac}${exp}`);
    }
    const positions = [];
    for (let k = 0; k + 1 < texts.length; k += 2) positions.push(`[${texts[k]},${texts[k + 1]}]`);
    const text = fc(positions.map((p) => `{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":${p}}}`).join(","));
    const scan = scanGeoJson(bytes(text), ["Point"]);
    expect(scan?.count).toBe(positions.length);
    const want = (JSON.parse(text) as { features: { geometry: { coordinates: number[] } }[] }).features.flatMap((f) => f.geometry.coordinates);
    const got = Array.from(scan!.lonLat);
    expect(got.length).toBe(want.length);
    for (let k = 0; k < want.length; k++) if (!Object.is(got[k], want[k])) expect.fail(`${texts[k]}: scanned ${got[k]}, JSON.parse ${want[k]}`);
  });
});

describe("scanGeoJson: what it declines", () => {
  const ok = line("[[46.1,39.1],[46.2,39.2]]");
  it.each([
    ["a repeated key", `{"type":"Feature","properties":{},"properties":{},"geometry":{"type":"LineString","coordinates":[[46.1,39.1],[46.2,39.2]]}}`],
    ["an escaped key", `{"type":"Feature","prop\\u0065rties":{},"geometry":{"type":"LineString","coordinates":[[46.1,39.1],[46.2,39.2]]}}`],
    ["a null geometry", `{"type":"Feature","properties":{},"geometry":null}`],
    ["a wrong type", `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[46.1,39.1]}}`],
    ["a depth that does not match the type", line("[[[46.1,39.1],[46.2,39.2]]]")],
    ["one distinct position", line("[[46.1,39.1],[46.1,39.1]]")],
    ["an empty line", line("[]")],
    ["a latitude beyond 90", line("[[46.1,99.1],[46.2,39.2]]")],
    ["projected metres", line("[[500000,4400000],[500100,4400100]]")],
    ["a number JSON does not allow", line("[[046.1,39.1],[46.2,39.2]]")],
    ["a number too large", line("[[1e400,39.1],[46.2,39.2]]")],
    ["invalid JSON in properties", line("[[46.1,39.1],[46.2,39.2]]", '{"id":tru}')],
    ["not a Feature", `{"type":"Feat","properties":{},"geometry":{"type":"LineString","coordinates":[[46.1,39.1],[46.2,39.2]]}}`],
  ])("%s", (_, feature) => {
    expect(scanGeoJson(bytes(fc(`${ok},${feature}`)), ["LineString", "MultiLineString"])).toBeUndefined();
    expect(scanGeoJson(bytes(fc(ok)), ["LineString", "MultiLineString"])?.count).toBe(1); // the clean part alone is read
  });
  it.each([
    ["a legacy crs member", `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"features":[${ok}]}`],
    ["trailing text", `${fc(ok)} x`],
    ["no features", fc("")],
    ["a truncated file", fc(ok).slice(0, -3)],
    ["invalid JSON in an unknown member", `{"type":"FeatureCollection","name":{"a":},"features":[${ok}]}`],
  ])("%s", (_, text) => {
    expect(scanGeoJson(bytes(text), ["LineString"])).toBeUndefined();
  });
  it("reads what RFC 7946 allows: any member order, whitespace, a BOM, z values, foreign members, ids", () => {
    const text = `\ufeff{ "features" : [ { "geometry" : { "coordinates" : [ [ 46.1 , 39.1 , 800 ] , [46.1,39.1], [ 46.2 , 39.2 ] ] , "type" : "LineString" } , "id" : 7 , "bbox": [1,2,3,4], "type" : "Feature" } ] ,\n "name": "x", "type" : "FeatureCollection" }\n`;
    const scan = scanGeoJson(bytes(text), ["LineString"]);
    expect(scan?.count).toBe(1);
    expect(Array.from(scan!.lonLat)).toEqual([46.1, 39.1, 46.2, 39.2]); // z and the repeat dropped
    expect(scan!.ids).toEqual([7]);
    expect(scan!.properties).toEqual([{}]);
    expect(Array.from(scan!.centre)).toEqual([(46.1 + 46.1 + 46.2) / 3, (39.1 + 39.1 + 39.2) / 3]); // repeats count, as in the full intake
  });
});

describe("readRoadsScanned agrees with the full intake", () => {
  it("absent and null properties and absent, 0 and string ids read as the full intake reads them (absent texts are placeholders in the one JSON.parse)", () => {
    const g = '"geometry":{"type":"LineString","coordinates":[[46.1,39.1],[46.2,39.2]]}';
    const feats = [`{"type":"Feature",${g}}`, `{"type":"Feature","properties":null,${g},"id":0}`, `{"type":"Feature","properties":{"id":"x"},${g}}`, `{"type":"Feature","id":"f",${g}}`, `{"type":"Feature","properties":{"name":"n"},${g},"id":1}`];
    const file = join(tmp, "absent-texts.geojson");
    writeFileSync(file, fc(feats.join(",")));
    const scan = scanGeoJson(bytes(fc(feats.join(","))), ["LineString"]);
    expect(scan?.properties).toEqual([{}, {}, { id: "x" }, {}, { name: "n" }]);
    expect(scan?.ids).toEqual([undefined, 0, undefined, "f", 1]);
    expect(agreesWithFullIntake(file)).toBe(true);
  });

  it("on every GeoJSON fixture of the repository: it reads the clean ones and declines every one with an issue", () => {
    const files = [...allGeoJson("test/fixtures"), ...allGeoJson("data")];
    let read = 0;
    for (const f of files) {
      if (agreesWithFullIntake(f)) read++;
      // and the converse on these files: every road layer the full intake reads without an issue, the scanner reads
      else expect(readRoadsChecked([f], { strictness: "list" }).report.files[0].issues.length, f).toBeGreaterThan(0);
    }
    expect(read).toBeGreaterThanOrEqual(3); // data/karabakh/roads.geojson and the clean road fixtures
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  it("on 400 seeded corruptions of a real road layer (bytes deleted, changed or duplicated)", () => {
    const source = readFileSync("data/karabakh/roads.geojson", "utf8");
    const rand = seededRandom(11);
    const alphabet = '{}[],:"-.0123456789eE \n\\abc';
    let read = 0;
    for (let k = 0; k < 400; k++) {
      const at = Math.floor(rand() * source.length);
      const op = Math.floor(rand() * 3);
      const ch = alphabet[Math.floor(rand() * alphabet.length)];
      const text = op === 0 ? source.slice(0, at) + source.slice(at + 1) : op === 1 ? source.slice(0, at) + ch + source.slice(at + 1) : source.slice(0, at) + source.slice(at, at + 8) + source.slice(at);
      const file = join(tmp, `mutant-${k}.geojson`);
      writeFileSync(file, text);
      if (agreesWithFullIntake(file)) read++;
    }
    expect(read).toBeGreaterThan(20); // some corruptions are harmless (a digit changed): those must agree too
    expect(read).toBeLessThan(400);
  });

  it("declines malformed UTF-8 inside a property, which the full intake reports as invalid-utf8 (decoded to U+FFFD)", () => {
    const file = join(tmp, "bad-utf8.geojson");
    const text = Buffer.from(fc(line("[[46.1,39.1],[46.2,39.2]]", '{"id":"a","name":"Xn"}')));
    const at = text.indexOf("Xn");
    text[at] = 0xc3; // a lead byte followed by "n": invalid
    text[at + 1] = 0x28;
    writeFileSync(file, text);
    expect(readRoadsScanned([file], { strictness: "list" })).toBeUndefined();
    expect(readRoadsChecked([file], { strictness: "list" }).report.files[0].issues.map((i) => i.code)).toEqual(["invalid-utf8"]);
    expect(readRoads([file]).records[0].name).toBe("\ufffd(");
  });

  it("readRoads uses it, and the dataset built from packed parts equals the one built from arrays", () => {
    const file = "data/karabakh/roads.geojson";
    const fast = readRoads([file]).records;
    expect(fast[0].packed).toBeDefined();
    const full = readRoadsChecked([file]).records;
    expect(full[0].packed).toBeUndefined();
    const a = buildDataset({ roads: fast, incidents: [] }).roads;
    const b = buildDataset({ roads: full, incidents: [] }).roads;
    expect(Array.from(a.xy)).toEqual(Array.from(b.xy));
    expect(Array.from(a.roadStart)).toEqual(Array.from(b.roadStart));
    expect(a.ids).toEqual(b.ids);
  });
});
