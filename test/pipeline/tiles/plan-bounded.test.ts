/**
 * The bounded plan (pipeline/tiles/plan-bounded.ts) against the in-memory plan (run-steps.ts writeRunPlan) on
 * a seeded synthetic area (labelled synthetic: test/helpers/tiles/tiled-area.ts plus 400 winding roads, ≥ 50,000
 * vertices, so both project with a polynomial fitted to the whole roads' box, io/crs/crs.ts) read in tiny
 * batches (2 KiB, ≈ 300 of them) with record chunks of 100: the same shared.bin and tile files byte for
 * byte (their SHA-256s), the same roads intake report, and a merge of the bounded folder equal to the
 * in-memory folder's. And the fallback: a file the scanner declines is not planned here (nothing written).
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RoadRecord } from "../../../src/io/fields/records.ts";
import { lixelLayer } from "../../../src/io/layers/layers.ts";
import { readRoads } from "../../../src/io/read/read-roads.ts";
import { formatFeatureCollection } from "../../../src/io/write/format-geojson.ts";
import { writeRunPlanBounded } from "../../../src/pipeline/tiles/plan-bounded.ts";
import { readBin, type RunBin } from "../../../src/pipeline/tiles/run-folder.ts";
import { mergeRun, processTile, writeRunPlan } from "../../../src/pipeline/tiles/run-steps.ts";
import { syntheticStudyArea } from "../../helpers/synthetic.ts";
import { tiledArea } from "../../helpers/tiles/tiled-area.ts";

const root = mkdtempSync(join(tmpdir(), "minerisk-plan-bounded-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function roadsGeoJson(roads: readonly RoadRecord[]): string {
  const features = roads.map((r) => ({
    type: "Feature",
    properties: { ...r.properties, id: r.id, name: r.name, class: r.class, ...(r.bridge ? { bridge: "yes" } : {}) },
    geometry: r.parts.length > 1 ? { type: "MultiLineString", coordinates: r.parts } : { type: "LineString", coordinates: r.parts[0] },
  }));
  return JSON.stringify({ type: "FeatureCollection", features });
}

describe("the bounded plan", () => {
  const area = tiledArea(22);
  const big = syntheticStudyArea({ seed: 5, roads: 400, vertices: 150, segmentKm: 0.2, incidents: 10, centre: [46.8, 39.8], halfKm: 25 });
  const file = join(root, "roads.geojson");
  writeFileSync(file, roadsGeoJson([...area.roads, ...big.roads]));
  const whole = readRoads([file]);
  const options = { tiles: 16, radiiM: [500, 2000] };

  it("writes the in-memory plan's tile files and shared.bin, byte for byte, from 2 KiB batches", () => {
    const vertices = whole.records.reduce((n, r) => n + r.parts.reduce((m, p) => m + p.length, 0), 0);
    expect(vertices).toBeGreaterThanOrEqual(50_000);
    const old = writeRunPlan(join(root, "old"), { roads: whole.records, incidents: area.incidents, hazards: area.hazards }, options);
    let seenReport: unknown;
    const bounded = writeRunPlanBounded(join(root, "new"), file, (roads) => {
      seenReport = roads.report;
      return { incidents: area.incidents, hazards: area.hazards, options };
    }, { chunkBytes: 2048, recordsPerChunk: 100 });
    expect(bounded).toBeDefined();
    expect(seenReport).toEqual(whole.report.files);
    expect(bounded!.crsDefinition).toBe(old.crsDefinition);
    expect(bounded!.grid).toEqual(old.grid);
    expect(bounded!.shared.sha256).toBe(old.shared.sha256);
    expect(bounded!.tiles.length).toBe(16);
    expect(bounded!.tiles).toEqual(old.tiles);
    const run = readBin<RunBin>(join(root, "new"), bounded!.run, "run.bin");
    expect(run.input.roads).toBeUndefined(); // the records live in the chunk files
    expect(run.roads!.chunks.length).toBe(Math.ceil(whole.records.length / 100));
    expect(readdirSync(join(root, "new", "tiles")).filter((f) => !f.endsWith(".bin"))).toEqual([]); // spools removed
  });

  it("merges to the in-memory plan's result", () => {
    for (const dir of ["old", "new"]) for (let t = 0; t < 16; t++) processTile(join(root, dir), t);
    const a = mergeRun(join(root, "old")).result;
    const b = mergeRun(join(root, "new")).result;
    expect(formatFeatureCollection(lixelLayer(b)) === formatFeatureCollection(lixelLayer(a))).toBe(true);
    expect(Buffer.from(b.risk.ratePerKmYear.buffer).equals(Buffer.from(a.risk.ratePerKmYear.buffer))).toBe(true);
    expect(Buffer.from(b.dataset.roads.xy.buffer).equals(Buffer.from(a.dataset.roads.xy.buffer))).toBe(true);
    expect(b.dataset.roadRecords.map((r) => [r.id, r.name, r.class, r.record, r.properties])).toEqual(a.dataset.roadRecords.map((r) => [r.id, r.name, r.class, r.record, r.properties]));
    expect(b.dataset.crs.name).toBe(a.dataset.crs.name);
    expect(b.dataset.crs.distanceError).toEqual(a.dataset.crs.distanceError);
    expect(b.graph.nodeCount).toBe(a.graph.nodeCount);
  });

  it("leaves a file the scanner declines to the whole intake, writing nothing", () => {
    const bad = join(root, "declined.geojson");
    writeFileSync(bad, JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: {}, geometry: null }] }));
    const dir = join(root, "declined");
    expect(writeRunPlanBounded(dir, bad, () => { throw new Error("not reached"); })).toBeUndefined();
    expect(existsSync(dir)).toBe(false);
  });
});
