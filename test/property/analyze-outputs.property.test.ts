/**
 * No NaN or Infinity in any output for valid input (issue 20), over a whole run: seeded fast-check makes
 * small random valid layers (roads, incidents with dates, devices, casualties and location precisions,
 * sometimes hazard areas, sometimes a route between two road ends, random lixel length, cell size and
 * half-life), writes them as GeoJSON, reads them through the door (readRoads / readIncidents /
 * readHazards), runs `analyze` and `writeOutputs` (every vector format but GeoParquet, the maps, the
 * report, the GeoTIFF) into a temporary folder, and reads every file back: each GeoJSON, JSON and CSV
 * parses, no number in it is non-finite, no text says NaN or Infinity, and no numeric column of a layer
 * is null on some features only (the writers turn NaN into null: a silent NaN would show up as that). The
 * SVGs and the report's text outside its scripts say neither. Synthetic data around the Karabakh corridor.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { OptionError } from "../../src/core/errors.ts";
import { readHazards } from "../../src/io/read/read-hazards.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readRoads } from "../../src/io/read/read-roads.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { writeOutputs } from "../../src/pipeline/write-outputs.ts";

const SEED = Number(process.env.PROPERTY_SEED ?? 20_2026);
const CASES = 80;
const root = mkdtempSync(join(tmpdir(), "minerisk-prop-run-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// positions as offsets in metres-ish (1e-5° ≈ 1 m) from a point beside the Shusha–Fuzuli road
const LON0 = 46.9;
const LAT0 = 39.6;
const step = fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -3000, max: 3000 }));
const road = fc.record({ start: fc.tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 })), steps: fc.array(step, { minLength: 1, maxLength: 4 }), joinPrevious: fc.boolean() });
const incident = fc.record({
  onRoad: fc.nat(),
  along: fc.double({ min: 0, max: 1, noNaN: true }),
  offset: fc.tuple(fc.integer({ min: -400, max: 400 }), fc.integer({ min: -400, max: 400 })),
  year: fc.integer({ min: 1995, max: 2024 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  precision: fc.constantFrom("day", "month", "year"),
  device: fc.constantFrom("anti-tank", "anti-personnel", "IED", "UXO", "unknown"),
  killed: fc.integer({ min: 0, max: 5 }),
  injured: fc.integer({ min: 0, max: 5 }),
  locationPrecisionM: fc.option(fc.constantFrom(10, 100, 1000, 3000, 15000), { nil: undefined }),
});
const hazard = fc.record({ onRoad: fc.nat(), size: fc.integer({ min: 50, max: 3000 }), status: fc.constantFrom("confirmed", "suspected", "cancelled", "cleared") });
const run = fc.record({
  roads: fc.array(road, { minLength: 1, maxLength: 6 }),
  incidents: fc.array(incident, { minLength: 0, maxLength: 14 }),
  hazards: fc.array(hazard, { maxLength: 3 }),
  route: fc.option(fc.tuple(fc.nat(), fc.nat()), { nil: undefined }),
  lixelLengthM: fc.constantFrom(25, 100, 350),
  cellSizeM: fc.constantFrom(250, 1000),
  halfLifeDays: fc.constantFrom(90, 730, 3650, 36500),
});
type Run = typeof run extends fc.Arbitrary<infer T> ? T : never;

const deg = ([x, y]: [number, number]): [number, number] => [LON0 + x * 1e-5, LAT0 + y * 1e-5];

/** The run's layers as GeoJSON FeatureCollections (WGS84 lon/lat), and its route ends. */
function layers(r: Run) {
  const lines: [number, number][][] = [];
  for (const g of r.roads) {
    const start: [number, number] = g.joinPrevious && lines.length > 0 ? lines[lines.length - 1][lines[lines.length - 1].length - 1] : g.start;
    const line: [number, number][] = [start];
    for (const [dx, dy] of g.steps) {
      const [x, y] = line[line.length - 1];
      line.push([x + dx + (dx === 0 && dy === 0 ? 37 : 0), y + dy]); // never a zero-length step
    }
    lines.push(line);
  }
  const at = (k: number, t: number): [number, number] => {
    const l = lines[k % lines.length];
    const a = l[0];
    const b = l[l.length - 1];
    return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
  };
  const fcOf = (features: unknown[]) => ({ type: "FeatureCollection", features });
  const roads = fcOf(lines.map((l, i) => ({ type: "Feature", properties: { id: `r${i}`, name: `Road ${i}`, highway: "secondary" }, geometry: { type: "LineString", coordinates: l.map(deg) } })));
  const incidents = fcOf(
    r.incidents.map((e, i) => {
      const [x, y] = at(e.onRoad, e.along);
      const date = e.precision === "year" ? `${e.year}` : e.precision === "month" ? `${e.year}-${String(e.month).padStart(2, "0")}` : `${e.year}-${String(e.month).padStart(2, "0")}-${String(e.day).padStart(2, "0")}`;
      return { type: "Feature", properties: { id: `i${i}`, date, device: e.device, killed: e.killed, injured: e.injured, ...(e.locationPrecisionM === undefined ? {} : { locationPrecisionM: e.locationPrecisionM }) }, geometry: { type: "Point", coordinates: deg([x + e.offset[0], y + e.offset[1]]) } };
    }),
  );
  const hazards = fcOf(
    r.hazards.map((h, i) => {
      const [x, y] = at(h.onRoad, 0.5);
      const ring = [[x - h.size, y - h.size], [x + h.size, y - h.size], [x + h.size, y + h.size], [x - h.size, y + h.size], [x - h.size, y - h.size]] as [number, number][];
      return { type: "Feature", properties: { id: `h${i}`, status: h.status }, geometry: { type: "Polygon", coordinates: [ring.map(deg)] } };
    }),
  );
  const end = (k: number) => {
    const l = lines[k % lines.length];
    const [lon, lat] = deg(k % 2 === 0 ? l[0] : l[l.length - 1]);
    return { name: `end ${k}`, lon, lat, precisionM: 0, source: "test" };
  };
  const route = r.route === undefined ? undefined : { from: end(r.route[0]), to: end(r.route[1] + 1) };
  return { roads, incidents, hazards, route };
}

const NON_FINITE_TEXT = /\b(NaN|-?Infinity)\b/;

/** Every number in a parsed JSON value is finite (iterative: no recursion over data, as in src/). */
function nonFinite(value: unknown): string[] {
  const bad: string[] = [];
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length > 0) {
    const [v, path] = stack.pop() as [unknown, string];
    if (typeof v === "number" && !Number.isFinite(v)) bad.push(path);
    else if (typeof v === "string" && NON_FINITE_TEXT.test(v)) bad.push(`${path} = ${v}`);
    else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) stack.push([x, `${path}.${k}`]);
  }
  return bad;
}

/** Numeric properties of a layer that are null on some features and numbers on others. */
function partlyNull(features: { properties: Record<string, unknown> | null }[]): string[] {
  const numeric = new Set<string>();
  const nulls = new Set<string>();
  for (const f of features) for (const [k, v] of Object.entries(f.properties ?? {})) (typeof v === "number" ? numeric : v === null ? nulls : new Set()).add(k);
  return [...numeric].filter((k) => nulls.has(k) && !MAY_BE_NULL.has(k)).sort();
}

/** Numeric columns that are null by meaning on some features: what the null says is written beside. */
const MAY_BE_NULL = new Set<string>([]);

describe("a whole analyze run on valid input writes no NaN or Infinity (issue 20)", () => {
  it(`${CASES} random runs through the door, analyze and every writer`, { timeout: 600_000 }, () => {
    let n = 0;
    let nonTrivial = 0;
    let routed = 0;
    let files = 0;
    fc.assert(
      fc.property(run, (r) => {
        const dir = join(root, `case-${n++}`);
        const inDir = `${dir}-in`;
        const out = `${dir}-out`;
        const { roads, incidents, hazards, route } = layers(r);
        const file = (name: string, v: unknown) => {
          const p = `${inDir}-${name}.geojson`;
          writeFileSync(p, JSON.stringify(v));
          return p;
        };
        const rIn = readRoads([file("roads", roads)], { strictness: "strict" });
        const iIn = readIncidents([file("incidents", incidents)], { strictness: "strict" });
        const hIn = hazards.features.length > 0 ? readHazards([file("hazards", hazards)], { strictness: "strict" }) : undefined;
        const input = { roads: rIn.records, incidents: iIn.records, hazards: hIn?.records };
        const options = { lixelLengthM: r.lixelLengthM, density: { cellSizeM: r.cellSizeM }, risk: { halfLifeDays: r.halfLifeDays } };
        let result: ReturnType<typeof analyze>;
        try {
          result = analyze(input, { ...options, route });
        } catch (e) {
          // two ends on roads that do not connect: a clear refusal, not a NaN; the run without the route is checked
          if (!(e instanceof OptionError && /^no route: /.test(e.message))) throw e;
          result = analyze(input, options);
        }
        writeOutputs(result, out, [], { formats: ["geojson", "fgb", "csv", "geojsonseq"], intake: { files: [...rIn.report.files, ...iIn.report.files, ...(hIn?.report.files ?? [])] } });
        if (result.route) routed++;
        const rates = result.risk.ratePerKmYear;
        let positive = false;
        for (let k = 0; k < rates.length; k++) if (rates[k] > 0) positive = true;
        if (positive && iIn.records.length > 0) nonTrivial++;
        for (const name of readdirSync(out).sort()) {
          files++;
          const path = join(out, name);
          if (/\.(fgb|tif|png|parquet)$/.test(name)) continue; // binary: their numbers are the GeoJSON's and the grid's, checked there
          const text = readFileSync(path, "utf8");
          if (name.endsWith(".geojson") || name.endsWith(".json")) {
            const v = JSON.parse(text) as { features?: { properties: Record<string, unknown> | null }[] };
            expect(nonFinite(v), `${name} of ${JSON.stringify(r)}`).toEqual([]);
            if (Array.isArray(v.features)) expect(partlyNull(v.features), `${name}: numeric columns null on some features only`).toEqual([]);
          } else if (name.endsWith(".geojsonl") || name.endsWith(".geojsons")) {
            for (const line of text.split(/[\n\u001e]/).filter((l) => l.trim() !== "")) expect(nonFinite(JSON.parse(line)), name).toEqual([]);
          } else if (name.endsWith(".csv")) {
            const cells = text.split(/[\n,]/).map((c) => c.replace(/^"|"$/g, "").trim());
            expect(cells.filter((c) => NON_FINITE_TEXT.test(c)), name).toEqual([]);
          } else if (name.endsWith(".svg")) {
            expect(text.match(NON_FINITE_TEXT)?.[0], name).toBeUndefined();
          } else if (name.endsWith(".html")) {
            // the report's own text and data, not the bundled map library's code (which says Infinity)
            const data = [...text.matchAll(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
            for (const d of data) expect(nonFinite(JSON.parse(d)), `${name} embedded data`).toEqual([]);
            const shown = text.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<style[\s\S]*?<\/style>/g, "");
            expect(shown.match(NON_FINITE_TEXT)?.[0], name).toBeUndefined();
          } else if (!name.endsWith(".qml") && !name.endsWith(".txt")) {
            throw new Error(`an output the test does not check: ${name}`);
          }
        }
        rmSync(out, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: CASES },
    );
    // most cases are not trivial: incidents that give some road a positive rate; some have a route
    expect(nonTrivial).toBeGreaterThanOrEqual(CASES / 2);
    expect(routed).toBeGreaterThan(0);
    expect(files).toBeGreaterThan(CASES * 15);
    console.log(`analyze-outputs property: ${CASES} runs, ${nonTrivial} with a positive rate, ${routed} with a route, ${files} files checked`);
  });
});
