import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ANALYZE_PHASES, phaseProgress } from "../../src/cli/phase-progress.ts";
import { resolvePlace } from "../../src/io/places/gazetteer.ts";
import { readIncidentsGeoJson } from "../../src/io/read/read-incidents.ts";
import { readRoadsGeoJson } from "../../src/io/read/read-roads.ts";
import { analyze } from "../../src/pipeline/analyze.ts";

const DATA = join(import.meta.dirname, "../../data/karabakh");

describe("progress through analyze's phases", () => {
  it("the library reports exactly the listed phases after read, in order, and the bar reaches its total", () => {
    const seen: string[] = [];
    const steps: [string, number, number][] = [];
    const places = join(DATA, "places.geojson");
    const onPhase = phaseProgress((step, done, total) => steps.push([step, done, total]), (phase) => seen.push(phase));
    analyze(
      { roads: readRoadsGeoJson(join(DATA, "roads.geojson")), incidents: readIncidentsGeoJson(join(DATA, "incidents.geojson")) },
      { route: { from: resolvePlace("Shusha", places), to: resolvePlace("Fuzuli", places) }, onPhase },
    );
    expect(seen).toEqual(ANALYZE_PHASES.slice(1));
    expect(steps.map((s) => s[1])).toEqual(ANALYZE_PHASES.slice(1).map((_, k) => k + 2)); // read is step 1
    expect(steps.at(-1)).toEqual(["analysing: route done", ANALYZE_PHASES.length, ANALYZE_PHASES.length]);
  });
});
