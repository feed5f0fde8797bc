/**
 * The shared-folder steps of a tiled run without a queue (pipeline/tiles/run-steps.ts): a restart skips
 * finished tiles, checked by hash, and redoes a tile whose output was changed; a tile that fails on bad
 * input fails the merge naming the tile and the record; unfinished tiles are named.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors.ts";
import { lixelLayer } from "../../../src/io/layers/layers.ts";
import { formatFeatureCollection } from "../../../src/io/write/format-geojson.ts";
import { analyze } from "../../../src/pipeline/analyze.ts";
import { tileName } from "../../../src/pipeline/tiles/run-folder.ts";
import { mergeRun, processTile, runStatus, writeRunPlan } from "../../../src/pipeline/tiles/run-steps.ts";
import { tiledArea } from "../../helpers/tiles/tiled-area.ts";

const root = mkdtempSync(join(tmpdir(), "minerisk-run-folder-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a tiled run's shared folder", () => {
  it("merges to the whole run; a restart skips finished tiles by hash and redoes a changed one", () => {
    const area = tiledArea(24);
    const dir = join(root, "ok");
    const plan = writeRunPlan(dir, area, { tiles: 4, radiiM: [500, 2000] });
    expect(() => mergeRun(dir)).toThrow(/4 of 4 tiles have no finished output \(tiles 0, 1, 2, 3\)/);
    for (const t of plan.tiles) expect(processTile(dir, t.tile)).toBe("done");
    for (const t of plan.tiles) expect(processTile(dir, t.tile)).toBe("skipped");
    // a cut-short or altered output no longer matches its .done hash: not finished, redone
    const part = join(dir, "parts", `${tileName(1)}.bin`);
    writeFileSync(part, readFileSync(part).subarray(0, 100));
    expect(runStatus(dir).pending).toEqual([1]);
    expect(processTile(dir, 1)).toBe("done");
    const merged = mergeRun(dir).result;
    const whole = analyze(area, { radiiM: [500, 2000] });
    expect(formatFeatureCollection(lixelLayer(merged)) === formatFeatureCollection(lixelLayer(whole))).toBe(true);
    expect(merged.graph.nodeCount).toBe(whole.graph.nodeCount);
    expect(merged.graph.componentCount).toBe(whole.graph.componentCount);
  });

  it("a changed tile input is refused naming the file; bad input in a tile fails the run naming tile and record", () => {
    const area = tiledArea(25);
    // a road with a one-position part: the intake would reject it, here it reaches a tile through the API
    const bad = area.roads[7];
    bad.parts = [bad.parts[0].slice(0, 1)];
    const dir = join(root, "bad");
    const plan = writeRunPlan(dir, area, { tiles: 4 });
    const results = plan.tiles.map((t) => {
      try {
        return processTile(dir, t.tile);
      } catch (e) {
        return e as InputError;
      }
    });
    const failed = results.findIndex((r) => r instanceof InputError);
    expect(failed).toBeGreaterThanOrEqual(0);
    const err = results[failed] as InputError;
    // the record number is the one the record carries (the synthetic helper numbers its roads from 0)
    expect(err.issues[0]).toMatchObject({ code: "tile-failed", file: "synthetic", record: 7, id: "road-7" });
    expect(err.issues[0].message).toMatch(new RegExp(`^tile ${failed} failed \\(non-finite-coordinate\\): road road-7 has a part with fewer than two positions`));
    expect(() => mergeRun(dir)).toThrow(new RegExp(`tile ${failed} failed`));
    // a tile's input file changed after planning
    writeFileSync(join(dir, "tiles", `${tileName(0)}.bin`), "changed");
    rmSync(join(dir, "parts", `${tileName(0)}.done`), { force: true });
    rmSync(join(dir, "parts", `${tileName(0)}.error`), { force: true });
    expect(() => processTile(dir, 0)).toThrow(/tile 0 failed \(tile-file-changed\): tile 0's roads does not match the SHA-256/);
  });
});

describe("options a tiled run does not carry out", () => {
  it("are refused, not ignored", () => {
    const area = tiledArea(27);
    expect(() => writeRunPlan(join(root, "refused"), area, { tiles: 4, covariates: [] } as never)).toThrow(/a tiled run does not take "covariates" yet/);
  });
});
