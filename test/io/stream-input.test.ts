import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { seededRandom } from "../../src/core/random.ts";
import type { IncidentRecord, RoadRecord } from "../../src/io/fields/records.ts";
import { loadVectorFormats } from "../../src/io/formats/vector-formats.ts";
import type { Intake } from "../../src/io/intake/intake.ts";
import type { IntakeOptions } from "../../src/io/intake/types.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoads } from "../../src/io/read/read-roads.ts";
import { readRoadsScanned } from "../../src/io/read/read-roads-scanned.ts";
import { streamsInput } from "../../src/io/read/stream-layer.ts";

// The streamed read (io/read/stream-layer.ts, io/json/stream/) against the whole-file read: the same
// records and the same intake report, with batches so small that their edges fall inside strings,
// escapes, numbers and keys.

const tmp = mkdtempSync(join(tmpdir(), "minerisk-stream-"));
const CHUNKS = [1, 2, 3, 5, 7, 4096];
const budget = process.env.MINERISK_MAX_INPUT_BYTES;
const stream = process.env.MINERISK_STREAM_INPUT;
afterEach(() => {
  if (budget === undefined) delete process.env.MINERISK_MAX_INPUT_BYTES;
  else process.env.MINERISK_MAX_INPUT_BYTES = budget;
  if (stream === undefined) delete process.env.MINERISK_STREAM_INPUT;
  else process.env.MINERISK_STREAM_INPUT = stream;
});

function allGeoJson(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? allGeoJson(p) : /\.geojson$/.test(name) ? [p] : [];
  });
}

const road = (r: RoadRecord) => ({ file: r.file, record: r.record, id: r.id, name: r.name, class: r.class, bridge: r.bridge, tunnel: r.tunnel, layer: r.layer, oneway: r.oneway, parts: r.parts, properties: r.properties });

/** A read's records and report, or the InputError's issues it threw. */
function outcome<T>(read: () => Intake<T>, plain: (r: T) => unknown): unknown {
  try {
    const got = read();
    return { records: got.records.map(plain), report: got.report };
  } catch (e) {
    if (e instanceof InputError) return { thrown: e.issues };
    throw e;
  }
}

/** The streamed read equals the whole-file read at every chunk size, for roads and incidents, strict and lenient. */
function agrees(file: string, extra: IntakeOptions = {}, chunks = CHUNKS): void {
  for (const strictness of ["list", "strict"] as const) {
    const roads = outcome(() => readRoads([file], { strictness, ...extra, streamInput: false }), road);
    const incidents = outcome(() => readIncidents([file], { strictness, ...extra, streamInput: false }), (r: IncidentRecord) => r);
    for (const c of chunks) {
      const o = { strictness, ...extra, streamInput: true, streamChunkBytes: c };
      expect(outcome(() => readRoads([file], o), road), `${file} roads, chunk ${c}`).toEqual(roads);
      expect(outcome(() => readIncidents([file], o), (r: IncidentRecord) => r), `${file} incidents, chunk ${c}`).toEqual(incidents);
    }
  }
}

describe("streamed GeoJSON input", () => {
  it("reads every committed GeoJSON fixture as the whole-file read does", () => {
    const files = [...allGeoJson("test/fixtures"), ...allGeoJson("data")];
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) agrees(f, {}, statSync(f).size > 200_000 ? [4096, 65_536] : CHUNKS);
  });

  it("reads seeded messy layers as the whole-file read does", () => {
    for (let seed = 1; seed <= 12; seed++) {
      const file = join(tmp, `messy-${seed}.geojson`);
      writeFileSync(file, messyLayer(seed));
      agrees(file);
    }
  });

  it("takes the scanner's fast path on a clean layer, batch by batch, with the same records", () => {
    const file = join(tmp, "clean.geojson");
    writeFileSync(file, cleanLayer(300, 7));
    const whole = readRoadsScanned([file], { strictness: "list", streamInput: false });
    for (const c of [1, 7, 500, 4096]) {
      const streamed = readRoadsScanned([file], { strictness: "list", streamInput: true, streamChunkBytes: c });
      expect(streamed, `chunk ${c}`).toBeDefined();
      expect(streamed?.records.map(road)).toEqual(whole?.records.map(road));
      expect(streamed?.report).toEqual(whole?.report);
    }
    expect(whole?.records.length).toBe(300);
    // one bad feature near the end: the scanner reads the first batches, declines that one, and the full
    // intake reads the file again from the start, streamed, with the same report as the whole-file read
    const late = join(tmp, "late-bad.geojson");
    const text = cleanLayer(300, 7);
    writeFileSync(late, text.replace(/"id":"r290"(.*?)"geometry":\{[^}]*\}/, '"id":"r290"$1"geometry":null'));
    expect(readRoadsScanned([late], { strictness: "list", streamInput: true, streamChunkBytes: 500 })).toBeUndefined();
    const lateWhole = readRoads([late], { strictness: "list", streamInput: false });
    expect(lateWhole.report.files[0].issues.map((i) => [i.record, i.code])).toEqual([[291, "null-geometry"]]);
    for (const c of [1, 500, 4096]) {
      const got = readRoads([late], { strictness: "list", streamInput: true, streamChunkBytes: c });
      expect(got.records.map(road)).toEqual(lateWhole.records.map(road));
      expect(got.report).toEqual(lateWhole.report);
    }
  });

  it("gives the same clear errors for a truncated file, invalid JSON and a file that is not a FeatureCollection", () => {
    const good = cleanLayer(40, 3);
    const cases: Record<string, string> = {
      truncated: good.slice(0, Math.floor(good.length * 0.6)),
      truncatedInString: good.slice(0, good.indexOf('"name"', 3000) + 3),
      missingComma: good.replace('},{"type":"Feature"', '} {"type":"Feature"'),
      trailingComma: good.replace("]}", ",]}"),
      badNumber: good.replace(/\[(4\d\.\d+),/, "[0$1,"),
      braceClosesArray: good.replace(/\]\}$/, "}}"),
      badHead: good.replace('"type":"FeatureCollection",', '"type":"FeatureCollection" "name":"x",'),
      badTail: good.replace(/\]\}$/, '],"name":x}'),
      garbageAfter: `${good}\n{}`,
      notCollection: good.replace('"FeatureCollection"', '"Feature"'),
      tooDeep: good.replace('"properties":{', `"properties":{"deep":${"[".repeat(120)}${"]".repeat(120)},`),
      empty: "",
      bareArray: "[1,2]",
      twoArrays: good.replace(/\]\}$/, '],"features":[]}'),
      escapedFeaturesKey: good.replace('"features"', '"fe\\u0061tures"'),
    };
    for (const [name, text] of Object.entries(cases)) {
      const file = join(tmp, `${name}.geojson`);
      writeFileSync(file, text);
      agrees(file, {}, [1, 7, 4096]);
      const whole = outcome(() => readRoads([file], { strictness: "list", streamInput: false }), road) as { report?: { files: { issues: { code: string }[] }[] } };
      if (name !== "escapedFeaturesKey") expect(whole.report?.files[0].issues.length, name).toBeGreaterThan(0);
    }
  });

  it("keeps a legacy crs, a byte-order mark, CRLF and members after the features", () => {
    const feats = Array.from({ length: 30 }, (_, k) => `{"type":"Feature","properties":{"id":"p${k}","name":"Щуша \\"${k}\\" 🚧"},"geometry":{"type":"Point","coordinates":[${600000 + 137 * k}.25,${4400000 + 91 * k}.5]}}`);
    const text = `\ufeff{"type":"FeatureCollection",\r\n"features":[\r\n${feats.join(",\r\n")}\r\n],\r\n"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::32638"}},"name":"utm","bbox":[0,0,1,1]}\r\n`;
    const file = join(tmp, "legacy-crs.geojson");
    writeFileSync(file, text);
    agrees(file);
    const got = readIncidents([file], { strictness: "list", streamInput: true, streamChunkBytes: 5 });
    expect(got.records).toHaveLength(30);
    expect(got.report.files[0].issues.map((i) => i.code)).toContain("legacy-crs");
  });

  it("reads a file larger than the byte budget by streaming it, and streams it without being asked", () => {
    const file = join(tmp, "over-budget.geojson");
    writeFileSync(file, cleanLayer(200, 11));
    const whole = readRoads([file], { strictness: "list" });
    process.env.MINERISK_MAX_INPUT_BYTES = "4096"; // the file is ≈ 60 KB
    expect(streamsInput(file, {})).toBe(true);
    expect(() => readRoads([file], { streamInput: false })).toThrow(/file-too-large|input budget/);
    const streamed = readRoads([file], { strictness: "list", streamChunkBytes: 1024 });
    expect(streamed.records.map(road)).toEqual(whole.records.map(road));
    expect(streamed.report).toEqual(whole.report);
    // what is held whole — the text outside the features array — is still under the budget
    const big = join(tmp, "big-head.geojson");
    writeFileSync(big, `{"type":"FeatureCollection","name":"${"x".repeat(5000)}","features":[]}`);
    expect(readRoads([big], { strictness: "list" }).report.files[0].issues[0].code).toBe("file-too-large");
    // one feature (or sequence record) is held whole: past the budget it is refused, naming it
    const huge = join(tmp, "huge-feature.geojson");
    writeFileSync(huge, cleanLayer(3, 2).replace('"class":"primary"', `"class":"primary","note":"${"x".repeat(5000)}"`));
    expect(readRoads([huge], { strictness: "list", streamChunkBytes: 1024 }).report.files[0].issues[0].message).toMatch(/^feature 1 \(counting from 1\) has more than 4,096 bytes/);
    const hugeSeq = join(tmp, "huge-record.geojsonl");
    writeFileSync(hugeSeq, `${messyFeatures(1, 3).join("\n")}\n{"type":"Feature","properties":{"note":"${"x".repeat(5000)}"},"geometry":null}\n`);
    expect(readRoads([hugeSeq], { strictness: "list", streamChunkBytes: 1024 }).report.files[0].issues[0].message).toMatch(/^record 4 of the sequence has more than 4,096 bytes/);
    // MINERISK_STREAM_INPUT: 0 never streams (the budget refuses the file again), 1 always; the option wins
    process.env.MINERISK_STREAM_INPUT = "0";
    expect(streamsInput(file, {})).toBe(false);
    expect(streamsInput(file, { streamInput: true })).toBe(true);
    expect(() => readRoads([file])).toThrow(/input budget/);
    delete process.env.MINERISK_MAX_INPUT_BYTES;
    expect(streamsInput(file, {})).toBe(false);
    process.env.MINERISK_STREAM_INPUT = "1";
    expect(streamsInput(file, {})).toBe(true);
    expect(streamsInput(file, { streamInput: false })).toBe(false);
    expect(streamsInput("test/fixtures/io/good/incidents.csv", {})).toBe(false);
  });
});

describe("the CLI streams a layer past --max-input-bytes, or with --stream-input", () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [join(import.meta.dirname, "../../dist/cli/main.js"), ...args], { encoding: "utf8" });
  it("validate gives the same report for a roads file larger than the budget as for the same file read whole", () => {
    const file = join(tmp, "cli-roads.geojson");
    writeFileSync(file, cleanLayer(150, 5).replace('"name":"road 3', '"name":"road \\u0007 3'));
    const whole = cli(["validate", "--layer", "roads", "--lenient", "--json", file]);
    const small = cli(["validate", "--layer", "roads", "--lenient", "--json", "--max-input-bytes", "2K", file]);
    const forced = cli(["validate", "--layer", "roads", "--lenient", "--json", "--stream-input", file]);
    expect(whole.status, whole.stderr).toBe(0);
    expect(JSON.parse(whole.stdout).files[0].read).toBe(150);
    expect(small.stdout).toBe(whole.stdout);
    expect(forced.stdout).toBe(whole.stdout);
    const cut = join(tmp, "cli-truncated.geojson");
    writeFileSync(cut, cleanLayer(150, 5).slice(0, 9000));
    const refused = cli(["validate", "--layer", "roads", "--json", "--max-input-bytes", "2K", cut]);
    expect(refused.status).toBe(2);
    expect(refused.stdout + refused.stderr).toMatch(/invalid-json|not valid JSON at line \d+, column \d+/);
  });

  it("analyze writes byte-identical outputs with the roads and incidents streamed past a tiny budget", () => {
    const args = (out: string) => ["analyze", "--roads", "data/karabakh/roads.geojson", "--incidents", "data/karabakh/incidents.geojson", "--quiet", "--out", join(tmp, out)];
    const whole = cli(args("analyze-whole"));
    const streamed = cli([...args("analyze-streamed"), "--stream-input", "--max-input-bytes", "8K"]);
    expect(whole.status, whole.stderr).toBe(0);
    expect(streamed.status, streamed.stderr).toBe(0);
    const names = readdirSync(join(tmp, "analyze-whole")).sort();
    expect(names.length).toBeGreaterThan(10);
    expect(readdirSync(join(tmp, "analyze-streamed")).sort()).toEqual(names);
    for (const n of names) expect(readFileSync(join(tmp, "analyze-streamed", n)).equals(readFileSync(join(tmp, "analyze-whole", n))), n).toBe(true);
  });
});

describe("streamed GeoJSON Text Sequences", () => {
  it("reads RS- and newline-delimited sequences as the whole read does", async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const features = messyFeatures(seed, 40);
      const rs = join(tmp, `seq-${seed}.geojsons`);
      const nl = join(tmp, `seq-${seed}.geojsonl`);
      writeFileSync(rs, features.map((f) => `\u001e${f}\n`).join("") + "\u001e{not json\n\u001e   \n");
      writeFileSync(nl, `${features.join("\r\n")}\r\n\r\n[1,\n${features[0]}`);
      for (const file of [rs, nl]) {
        const loaded = await loadVectorFormats([file]);
        for (const strictness of ["list", "strict"] as const) {
          const roads = outcome(() => readRoads([file], { strictness, loaded, streamInput: false }), road);
          const incidents = outcome(() => readIncidents([file], { strictness, loaded, streamInput: false }), (r: IncidentRecord) => r);
          for (const c of CHUNKS) {
            const o = { strictness, streamInput: true, streamChunkBytes: c };
            expect(outcome(() => readRoads([file], o), road), `${file} chunk ${c}`).toEqual(roads);
            expect(outcome(() => readIncidents([file], o), (r: IncidentRecord) => r), `${file} chunk ${c}`).toEqual(incidents);
          }
        }
      }
    }
  });
});

/** A clean road layer: `n` lines of 2–6 positions near 46.8 E 39.7 N. */
function cleanLayer(n: number, seed: number): string {
  const rnd = seededRandom(seed);
  const feats = Array.from({ length: n }, (_, k) => {
    const pts = Array.from({ length: 2 + Math.floor(rnd() * 5) }, () => `[${(46.7 + rnd() * 0.3).toFixed(6)},${(39.6 + rnd() * 0.2).toFixed(6)}]`);
    return `{"type":"Feature","properties":{"id":"r${k}","name":"road ${k} «Шуша»","class":"primary"},"geometry":{"type":"LineString","coordinates":[${pts.join(",")}]}}`;
  });
  return `{"type":"FeatureCollection","name":"roads","features":[${feats.join(",")}]}`;
}

/** Features of every kind the intake reports on, as JSON texts (lines and points mixed). */
function messyFeatures(seed: number, n: number): string[] {
  const rnd = seededRandom(seed);
  const at = () => `[${(46.7 + rnd() * 0.3).toFixed(1 + Math.floor(rnd() * 6))},${(39.6 + rnd() * 0.2).toFixed(4)}]`;
  const kinds = [
    () => `{"type":"Feature","properties":{"id":"a","name":"ok"},"geometry":{"type":"LineString","coordinates":[${at()},${at()}]}}`,
    () => `{"type":"Feature","properties":{"id":"b","date":"2019-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}","killed":1},"geometry":{"type":"Point","coordinates":${at()}}}`,
    () => `{"type":"Feature","properties":{"id":"c"},"geometry":null}`,
    () => `{"type":"Feature","properties":{"n\\u0061me":"escaped key","name":"twice"},"geometry":{"type":"LineString","coordinates":[${at()},${at()},${at()}]}}`,
    () => `{"type":"Feature","properties":{"device":"AP mine","device":"UXO"},"geometry":{"type":"Point","coordinates":${at()}}}`,
    () => `{"type":"Feature","properties":{"name":"ctl \\u0007 [,{\\"}] \\\\"},"geometry":{"type":"Point","coordinates":[39.7,46.8]}}`,
    () => `{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[46.8,39.7],[46.8,39.7]]}}`,
    () => `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e400,39.7]}}`,
    () => `{"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[],[${at()},${at()}]]}}`,
    () => `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[[${46.8},${39.7}]]}}`,
    () => `{"type":"Point","coordinates":[46.8,39.7]}`,
    () => `{"type":"Feature","properties":{"name":"🚧 emoji and é"},"geometry":{"type":"Polygon","coordinates":[]}}`,
    () => `{"type":"Feature","properties":{"id":7},"geometry":{"type":"Point","coordinates":[-46.8,39.7]},"id":"f"}`,
    () => `{"type":"Feature","properties":{"id":"x"},"geometry":{"type":"LineString","coordinates":[[46.8,39.7],[47.9,39.71]]}}`,
    () => `{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[]}}`,
  ];
  return Array.from({ length: n }, () => kinds[Math.floor(rnd() * kinds.length)]());
}

/** A messy FeatureCollection: messy features, members before and after them, whitespace, sometimes a BOM and CRLF. */
function messyLayer(seed: number): string {
  const rnd = seededRandom(seed + 100);
  const sep = rnd() < 0.5 ? ",\r\n  " : ",";
  const head = rnd() < 0.3 ? "\ufeff" : "";
  const after = rnd() < 0.5 ? `,"name":"after","bbox":[46,39,47,40]` : "";
  const dupName = rnd() < 0.3 ? `,"name":"again"` : "";
  return `${head}{ "type" : "FeatureCollection", "name":"messy"${dupName},\n"features" : [ ${messyFeatures(seed, 60).join(sep)} ]${after}}\n`;
}
