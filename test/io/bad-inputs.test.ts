import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InputError, type InputIssue } from "../../src/core/errors.ts";
import type { Intake } from "../../src/io/intake/intake.ts";
import { strictView } from "../../src/io/intake/tally.ts";
import type { IncidentIntakeOptions } from "../../src/io/intake/incident-layer.ts";
import { readIncidentsCsv } from "../../src/io/read/read-incidents.ts";
import { readHazards, readHazardsGeoJson } from "../../src/io/read/read-hazards.ts";
import { readIncidents, readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoads, readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import { roadReach } from "../../src/io/intake/road-reach.ts";
import { buildDataset } from "../../src/io/read/build-dataset.ts";
import { assertBacktestInputs, backtestInputIssues } from "../../src/analyses/backtest/split-guards.ts";
import { rollingSplits } from "../../src/analyses/backtest/splits.ts";
import { analyze } from "../../src/pipeline/analyze.ts";
import { loadMapping } from "../../src/io/mapping/load-mapping.ts";

/**
 * Bad-input fixtures (STYLE "Tests" 6): every folder under test/fixtures/io/bad/ holds an input file and
 * expected.json = { reader, codes[], records[], lines?[], fields[], messageIncludes?[], knownBug? };
 * codes/records/(lines/)fields are parallel arrays, one entry per issue (null where the issue has no record
 * or field). Records are 1-based in every format (core/errors.ts RECORD_NUMBERING); `lines`, for CSV
 * fixtures, are the physical lines the records start on (header = line 1), and CSV issues must carry them
 * while GeoJSON/OSM issues carry none. The
 * issues must match exactly — every bad feature reported, with its own record, and nothing else — as a
 * set: the order the readers emit them in is not part of the contract. A folder with `knownBug` states
 * the correct expectation and runs as `it.fails` until src is fixed (then delete the key).
 * `mode` "list" compares every issue of the intake report (warnings included) instead of the strict
 * InputError; `outcomes` {used, repaired, rejected} are checked against the lenient report; `options`
 * are passed to the layer reader (crs, duplicates, referenceExtent). Every fixture is also read in list
 * mode, which must never throw and must account for every record: used + repaired + rejected = read.
 */
const BAD = fileURLToPath(new URL("../fixtures/io/bad/", import.meta.url));

type LayerReader = (files: string[], options: IncidentIntakeOptions) => Intake<unknown>;
const LAYER_READERS: Record<string, LayerReader> = { roads: readRoads, incidents: readIncidents, "incidents-csv": readIncidents, hazards: readHazards };
const READERS: Record<string, (file: string, options?: IncidentIntakeOptions) => unknown> = Object.fromEntries(
  Object.entries(LAYER_READERS).map(([k, read]) => [k, (file: string, options: IncidentIntakeOptions = {}) => read([file], options).records]),
);
const INPUTS = ["input.geojson", "input.csv", "input.osm", "input.osm.json", "input.osm.pbf"];

interface Expected {
  reader: string;
  codes: string[];
  records: (number | null)[];
  /** CSV fixtures: the physical line of each issue's record (null for file-level issues). */
  lines?: (number | null)[];
  fields: (string | null)[];
  messageIncludes?: string[];
  knownBug?: string;
  mode?: "strict" | "list";
  options?: IncidentIntakeOptions;
  outcomes?: { used: number; repaired: number; rejected: number };
  /** A field-mapping file (path from the repository root) passed to the reader as options.mapping. */
  mappingFile?: string;
  /** With a roads.geojson beside the input: the file's distance-to-road counts (intake/road-reach.ts). */
  roadDistance?: { measured: number; beyondReach: number };
}

/** A fixture's roads.geojson, when it has one, as the run's roads for the distance-to-road check. */
function roadsOf(dir: string): IncidentIntakeOptions {
  const file = join(dir, "roads.geojson");
  return existsSync(file) ? { roadReach: roadReach(readRoads([file]).records) } : {};
}

/** Run a reader and return the issues of the InputError it must throw. */
function issuesOf(read: (file: string) => unknown, file: string): InputIssue[] {
  try {
    read(file);
  } catch (e) {
    if (e instanceof InputError) return e.issues;
    throw e;
  }
  throw new Error(`${file} was read without an InputError`);
}

const key = (code: string, record: number | null | undefined, field: string | null | undefined, line?: number | null) =>
  `${record ?? "-"}${line === undefined || line === null ? "" : `@${line}`} ${field ?? "-"} ${code}`;

const cases = readdirSync(BAD, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe("bad-input fixtures", () => {
  it("has the fixture folders (a missing folder must not pass silently)", () => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
  });

  for (const name of cases) {
    const dir = join(BAD, name);
    const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected;
    if (expected.reader === "backtest" || expected.reader === "risk") continue; // guards past intake: their own blocks below
    const run = expected.knownBug ? it.fails : it;
    run(`${name} → ${[...new Set(expected.codes)].join(", ")}${expected.knownBug ? ` (KNOWN BUG: ${expected.knownBug})` : ""}`, () => {
      const read = READERS[expected.reader];
      expect(read, `unknown reader "${expected.reader}"`).toBeDefined();
      expect(expected.records).toHaveLength(expected.codes.length);
      expect(expected.fields).toHaveLength(expected.codes.length);
      if (expected.lines) expect(expected.lines).toHaveLength(expected.codes.length);
      if (expected.mappingFile) expected.options = { ...expected.options, mapping: loadMapping(fileURLToPath(new URL(`../../${expected.mappingFile}`, import.meta.url))) };
      const file = INPUTS.map((f) => join(dir, f)).find(existsSync);
      expect(file, INPUTS.join(" or ")).toBeDefined();

      const options = { ...expected.options, ...roadsOf(dir) };
      const listed = LAYER_READERS[expected.reader]([file!], { ...options, strictness: "list" }).report.files[0];
      expect(listed.used + listed.repaired + listed.rejected).toBe(listed.read);
      if (expected.outcomes) expect({ used: listed.used, repaired: listed.repaired, rejected: listed.rejected }).toEqual(expected.outcomes);
      // strict mode never reports "repaired": what lenient repairs through an error, strict refuses
      const strict = strictView({ files: [listed] }).files[0];
      expect(strict.repaired).toBe(0);
      expect(strict.issues.filter((i) => i.action === "repaired")).toEqual([]);
      for (const r of new Set(listed.issues.filter((i) => i.severity === "error" && i.action === "repaired").map((i) => i.record))) {
        expect(strict.issues.some((i) => i.record === r && i.action === "rejected"), `record ${r} refused in strict mode`).toBe(true);
      }
      for (const i of listed.issues) {
        expect(i.message).not.toMatch(/\brepaired\b/i); // messages say what lenient mode does, never that it was done
        expect(i.message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/); // input bytes are never echoed raw
      }
      if (expected.roadDistance) expect({ measured: listed.roadDistance?.measured, beyondReach: listed.roadDistance?.beyondReach }).toEqual(expected.roadDistance);
      const issues = expected.mode === "list" ? listed.issues : issuesOf((f) => read(f, options), file!);
      const got = issues.map((i) => key(i.code, i.record, i.field, i.line)).sort();
      const want = expected.codes.map((c, k) => key(c, expected.records[k], expected.fields[k], expected.lines?.[k])).sort();
      expect(got).toEqual(want);
      const csv = file!.endsWith(".csv");
      for (const i of issues) {
        expect(i.file).toBe(file);
        expect(i.message.length).toBeGreaterThan(10);
        // a CSV record issue names its physical line; no other format has one
        expect(i.line !== undefined, `${i.code} record ${i.record} line ${i.line}`).toBe(csv && i.record !== undefined);
      }
      const text = issues.map((i) => i.message).join("\n");
      for (const part of expected.messageIncludes ?? []) expect(text).toContain(part);
    });
  }
});

describe("unreadable files", () => {
  const missing = fileURLToPath(new URL("../fixtures/io/no-such-file.geojson", import.meta.url));

  it.each([
    ["roads", readRoadsGeoJson],
    ["incidents", readIncidentsGeoJson],
    ["incidents-csv", readIncidentsCsv],
    ["hazards", readHazardsGeoJson],
  ] as const)("%s: a missing file is file-unreadable, naming the file", (_name, read) => {
    expect(issuesOf(read, missing)).toEqual([{ file: missing, code: "file-unreadable", message: "cannot read the file: file not found" }]);
  });

  it("a folder given as a file is file-unreadable", () => {
    expect(issuesOf(readRoadsGeoJson, BAD)).toEqual([{ file: BAD, code: "file-unreadable", message: "cannot read the file: is a directory" }]);
  });
});

/**
 * Backtest input guards (analyses/backtest/split-guards.ts): folders whose expected.json has reader
 * "backtest" hold incidents (input.geojson) and roads; `options` {cutoffYears, testYears} make the splits.
 * The incidents read with no issue and none is lost (outcomes); the guards give exactly the codes listed.
 */
describe("backtest input guards", () => {
  for (const name of cases) {
    const dir = join(BAD, name);
    const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected & { options: { cutoffYears: number[]; testYears: number } };
    if (expected.reader !== "backtest") continue;
    it(`${name} → ${expected.codes.join(", ")}`, () => {
      const file = join(dir, "input.geojson");
      const incidents = readIncidents([file], { strictness: "strict" });
      const f = incidents.report.files[0];
      expect({ used: f.used, repaired: f.repaired, rejected: f.rejected }).toEqual(expected.outcomes);
      expect(incidents.records).toHaveLength(f.read);
      const dataset = buildDataset({ roads: readRoads([join(dir, "roads.geojson")]).records, incidents: incidents.records });
      const splits = rollingSplits(expected.options.cutoffYears, expected.options.testYears);
      const data = { incidents: dataset.incidents, target: new Uint8Array(dataset.incidents.count).fill(1) };
      const issues = backtestInputIssues(data, splits, file);
      expect(issues.map((i) => key(i.code, i.record, i.field)).sort()).toEqual(expected.codes.map((c, k) => key(c, expected.records[k], expected.fields[k])).sort());
      const text = issues.map((i) => i.message).join("\n");
      for (const part of expected.messageIncludes ?? []) expect(text).toContain(part);
      expect(() => assertBacktestInputs(data, splits, file)).toThrow(InputError);
    });
  }
});

/**
 * The risk model's refusal of a per-year rate with no dated target (risk-score.ts): folders with reader
 * "risk" hold incidents and roads; analyze must throw exactly the codes listed, keep every record (the
 * intake reports them used), and run with `windowYears` given, listing the `undated` count.
 */
describe("per-year rates from undated incidents", () => {
  for (const name of cases) {
    const dir = join(BAD, name);
    const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Expected & { undated: number };
    if (expected.reader !== "risk") continue;
    it(`${name} → ${expected.codes.join(", ")}`, () => {
      const incidents = readIncidents([join(dir, "input.geojson")], { strictness: "strict" });
      const f = incidents.report.files[0];
      expect({ used: f.used, repaired: f.repaired, rejected: f.rejected }).toEqual(expected.outcomes);
      const input = { roads: readRoads([join(dir, "roads.geojson")]).records, incidents: incidents.records };
      const issues = issuesOf(() => analyze(input), "");
      expect(issues.map((i) => key(i.code, i.record, i.field)).sort()).toEqual(expected.codes.map((c, k) => key(c, expected.records[k], expected.fields[k])).sort());
      const text = issues.map((i) => i.message).join("\n");
      for (const part of expected.messageIncludes ?? []) expect(text).toContain(part);
      const given = analyze(input, { risk: { windowYears: 5 } });
      expect(given.risk.meta.undated).toHaveLength(expected.undated);
      expect(given.risk.meta.effectiveYears).toBe(5);
    });
  }
});
