import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InputError, type InputIssue } from "../../src/core/errors.ts";
import type { Intake } from "../../src/io/intake/intake.ts";
import type { IncidentIntakeOptions } from "../../src/io/intake/incident-layer.ts";
import { readIncidentsCsv } from "../../src/io/read/read-incidents.ts";
import { readHazards, readHazardsGeoJson } from "../../src/io/read/read-hazards.ts";
import { readIncidents, readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoads, readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import { loadMapping } from "../../src/io/mapping/load-mapping.ts";

/**
 * Bad-input fixtures (STYLE "Tests" 6): every folder under test/fixtures/io/bad/ holds an input file and
 * expected.json = { reader, codes[], records[], fields[], messageIncludes?[], knownBug? }; codes/records/
 * fields are parallel arrays, one entry per issue (null where the issue has no record or field). The
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
  fields: (string | null)[];
  messageIncludes?: string[];
  knownBug?: string;
  mode?: "strict" | "list";
  options?: IncidentIntakeOptions;
  outcomes?: { used: number; repaired: number; rejected: number };
  /** A field-mapping file (path from the repository root) passed to the reader as options.mapping. */
  mappingFile?: string;
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

const key = (code: string, record: number | null | undefined, field: string | null | undefined) =>
  `${record ?? "-"} ${field ?? "-"} ${code}`;

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
    const run = expected.knownBug ? it.fails : it;
    run(`${name} → ${[...new Set(expected.codes)].join(", ")}${expected.knownBug ? ` (KNOWN BUG: ${expected.knownBug})` : ""}`, () => {
      const read = READERS[expected.reader];
      expect(read, `unknown reader "${expected.reader}"`).toBeDefined();
      expect(expected.records).toHaveLength(expected.codes.length);
      expect(expected.fields).toHaveLength(expected.codes.length);
      if (expected.mappingFile) expected.options = { ...expected.options, mapping: loadMapping(fileURLToPath(new URL(`../../${expected.mappingFile}`, import.meta.url))) };
      const file = INPUTS.map((f) => join(dir, f)).find(existsSync);
      expect(file, INPUTS.join(" or ")).toBeDefined();

      const listed = LAYER_READERS[expected.reader]([file!], { ...expected.options, strictness: "list" }).report.files[0];
      expect(listed.used + listed.repaired + listed.rejected).toBe(listed.read);
      if (expected.outcomes) expect({ used: listed.used, repaired: listed.repaired, rejected: listed.rejected }).toEqual(expected.outcomes);
      const issues = expected.mode === "list" ? listed.issues : issuesOf((f) => read(f, expected.options), file!);
      const got = issues.map((i) => key(i.code, i.record, i.field)).sort();
      const want = expected.codes.map((c, k) => key(c, expected.records[k], expected.fields[k])).sort();
      expect(got).toEqual(want);
      for (const i of issues) {
        expect(i.file).toBe(file);
        expect(i.message.length).toBeGreaterThan(10);
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
