import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { readIncidents } from "../../src/io/read/read-incidents.ts";
import { readIncidentsAsync as fromSources } from "../../src/io/read/read-incidents-async.ts";

// readIncidentsAsync reads on a worker only when compiled (the worker is a .js file): tested on dist/
// (`npm test` builds it first) against readIncidents of the sources, and from the sources (same thread).
const DIST = "../../dist/io/read/read-incidents-async.js";
const DUPLICATES = "test/fixtures/io/bad/duplicate-incidents/input.geojson";
const tmp = mkdtempSync(join(tmpdir(), "minerisk-async-incidents-"));

describe("readIncidentsAsync", () => {
  it("gives readIncidents' records and report from a worker thread (duplicates kept and merged)", async () => {
    expect(existsSync(new URL("../../dist/io/read/read-incidents-worker.js", import.meta.url)), "run `npm run build` first").toBe(true);
    const { readIncidentsAsync } = (await import(DIST)) as typeof import("../../src/io/read/read-incidents-async.ts");
    for (const duplicates of ["keep", "merge"] as const) {
      const options = { strictness: "list" as const, duplicates };
      const sync = readIncidents([DUPLICATES], options);
      expect(sync.report.files[0].issues.length).toBeGreaterThan(0); // the fixture has issues to carry across
      expect(await readIncidentsAsync([DUPLICATES], options, 0)).toEqual(sync);
      expect(await fromSources([DUPLICATES], options)).toEqual(sync);
    }
  });

  it("rejects with the InputError readIncidents throws, with the same issues", async () => {
    const { readIncidentsAsync } = (await import(DIST)) as typeof import("../../src/io/read/read-incidents-async.ts");
    const bad = join(tmp, "bad.geojson");
    writeFileSync(bad, JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { date: "2023-02-30" }, geometry: { type: "Point", coordinates: [46.9, 39.6] } }] }));
    let thrown: unknown;
    try {
      readIncidents([bad]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InputError);
    const issues = (thrown as InputError).issues;
    // the compiled module has its own InputError class: compare by name and issues
    await expect(readIncidentsAsync([bad], {}, 0)).rejects.toMatchObject({ name: "InputError", issues });
    await expect(fromSources([bad])).rejects.toMatchObject({ name: "InputError", issues });
  });
});
