import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, type InputIssue, OptionError } from "../../core/errors.ts";
import { buildDataset, type Dataset } from "../../io/read/build-dataset.ts";
import { type WorkingCrs, workingCrsFromDefinition } from "../../io/crs/crs.ts";
import { readRoadChunks, roadChunkRanges, wholeRoads } from "./road-chunks.ts";
import type { BlockedLayer } from "../../io/write/blocked-layer.ts";
import { boundedRun } from "./merge/bounded-run.ts";
import { type BoundedMergeInput, mergeBounded } from "./merge/merge-bounded.ts";
import { VERSION } from "../../version.ts";
import type { SummarizedRun } from "../summarized-run.ts";
import { type TiledInput, type TiledOptions, tileOptions, withGraphCounts } from "./analyze-tiled.ts";
import { mergeTiles, refuseUntiledOptions } from "./merge/merge-tiles.ts";
import { planTiles } from "./plan-tiles.ts";
import { finishedPart, type HashedFile, readBin, readPlanFile, type RunBin, type RunPlanFile, tileName, writeAtomic, writeBin } from "./run-folder.ts";
import { type TileInput, type TilePart, type TileRunOptions, runTile, tileInputOf } from "./tile-run.ts";

interface SharedBin {
  incidents: TileInput["incidents"];
  hazards: TileInput["hazards"];
  options: TileRunOptions;
}

/**
 * Step 1 of a run on a job engine: write the plan into the shared folder `dir` (run-folder.ts) — the
 * validated records, the options, each tile's roads, with their hashes. Returns the plan.
 */
export function writeRunPlan(dir: string, input: TiledInput, options: TiledOptions, extra?: unknown): RunPlanFile {
  refuseUntiledOptions(options);
  const dataset = buildDataset(input, { crs: options.crs, maxDistanceError: options.maxDistanceError });
  const plan = planTiles(dataset, { tiles: options.tiles, cols: options.cols, rows: options.rows, snapToleranceM: options.snapToleranceM });
  const whole = { roads: input.roads, incidents: input.incidents, hazards: input.hazards ?? [] };
  const run = writeBin(dir, "run.bin", { input: whole, options, plan, extra } satisfies RunBin);
  // projected once here: tiles get working-CRS arrays (tile-run.ts TileInput says why)
  const shared = writeBin(dir, "shared.bin", { incidents: dataset.incidents, hazards: dataset.hazards, options: tileOptions(options) } satisfies SharedBin);
  const tiles = plan.tiles.map((spec) => {
    const { tile, roads, sources, owned } = tileInputOf(dataset, spec);
    return { ...writeBin(dir, join("tiles", `${tileName(spec.id)}.bin`), { tile, roads, sources, owned }), tile: spec.id, owned: spec.owned.length, halo: spec.halo.length };
  });
  const file: RunPlanFile = {
    format: "minerisk-tiled-run/1",
    toolkit: "minerisk",
    version: VERSION,
    runId: run.sha256,
    crsDefinition: plan.crsDefinition,
    grid: { cols: plan.cols, rows: plan.rows, extent: plan.extent },
    run,
    shared,
    tiles,
  };
  writeAtomic(join(dir, "plan.json"), `${JSON.stringify(file, null, 2)}\n`);
  return file;
}

/**
 * Step 2, what a worker does with one tile job: skip it when its output is already there and checks by hash
 * (a restart, or a retried job whose first run got as far as the write); otherwise read and check its
 * inputs, run it, write the output atomically and then its `.done` record. A tile that fails on bad input
 * writes `.error` (its issues, the tile named) and throws an InputError with code tile-failed.
 */
export function processTile(dir: string, tile: number): "skipped" | "done" {
  const plan = readPlanFile(dir);
  if (!plan.tiles[tile]) throw new OptionError(`the plan in ${dir} has no tile ${tile} (it has ${plan.tiles.length})`);
  if (finishedPart(dir, plan, tile)) return "skipped";
  let part: TilePart;
  try {
    const shared = readBin<SharedBin>(dir, plan.shared, "the shared incidents and hazard areas (shared.bin)");
    const own = readBin<Omit<TileInput, "incidents" | "hazards">>(dir, plan.tiles[tile], `tile ${tile}'s roads`);
    part = runTile({ ...own, incidents: shared.incidents, hazards: shared.hazards }, shared.options);
  } catch (e) {
    if (!(e instanceof InputError || e instanceof OptionError)) throw e;
    const issues = tileIssues(tile, e);
    writeAtomic(join(dir, "parts", `${tileName(tile)}.error`), `${JSON.stringify({ runId: plan.runId, tile, issues }, null, 2)}\n`);
    throw new InputError(issues);
  }
  const out = writeBin(dir, join("parts", `${tileName(tile)}.bin`), part);
  writeAtomic(join(dir, "parts", `${tileName(tile)}.done`), `${JSON.stringify({ runId: plan.runId, tile, sha256: out.sha256, inputSha256: plan.tiles[tile].sha256 })}\n`);
  return "done";
}

/** The issues of a failed tile, each naming the tile (and keeping the file, record and id it names). */
function tileIssues(tile: number, e: InputError | OptionError): InputIssue[] {
  const given = e instanceof InputError ? e.issues : [{ file: `tile ${tile}`, code: "tile-failed" as const, message: e.message }];
  return given.map((i) => ({ ...i, code: "tile-failed", message: `tile ${tile} failed (${i.code}): ${i.message}` }));
}

/**
 * Which tiles are finished (hash-checked; with `hash: false` only present, for a wait loop: hashing every
 * part on every look costs 0.2 CPU-s per look at M, whose parts are 140 MB, and grows with them), failed (with their issues) or neither.
 */
export function runStatus(dir: string, options: { hash?: boolean } = {}): { plan: RunPlanFile; finished: HashedFile[]; failed: InputIssue[]; pending: number[] } {
  const plan = readPlanFile(dir);
  const finished: HashedFile[] = [];
  const failed: InputIssue[] = [];
  const pending: number[] = [];
  for (const t of plan.tiles) {
    const f = finishedPart(dir, plan, t.tile, options.hash ?? true);
    const errorFile = join(dir, "parts", `${tileName(t.tile)}.error`);
    const error = !f && existsSync(errorFile) ? (JSON.parse(readFileSync(errorFile, "utf8")) as { runId: string; issues: InputIssue[] }) : undefined;
    if (f) finished.push(f);
    else if (error && error.runId === plan.runId) for (const issue of error.issues) failed.push(issue);
    else pending.push(t.tile);
  }
  return { plan, finished, failed, pending };
}

/**
 * Step 3: check every tile's output by hash and merge them into the whole run's result (mergeTiles), reading
 * one tile at a time, with the routing graph's node and component counts for the summary (withGraphCounts:
 * no graph, no lixel index over the whole network; routing across tiles is not tiled: docs/scaling.md). A
 * failed tile fails the merge with its issues; unfinished tiles are named.
 */
export function mergeRun(dir: string): { result: SummarizedRun; extra: unknown } {
  const { plan, finished, failed, pending } = runStatus(dir);
  if (failed.length) throw new InputError(failed);
  if (pending.length) throw new InputError([{ file: join(dir, "parts"), code: "tile-not-finished", message: `${pending.length} of ${plan.tiles.length} tiles have no finished output (tiles ${pending.slice(0, 20).join(", ")}${pending.length > 20 ? ", …" : ""}): start workers (minerisk worker) or wait for them, then merge again` }]);
  // the run's options and small records; a bounded plan's road records come from their chunk files (boundedDataset)
  const run = readBin<RunBin>(dir, plan.run, "the run's records and options (run.bin)");
  // one tile at a time, each time it is read checked by hash (the merge reads the tiles two or three times)
  const parts = { count: finished.length, read: (k: number) => readBin<TilePart>(dir, finished[k], `tile ${k}'s output`) };
  const projected = run.roads ? boundedDataset(dir, plan, run, run.roads) : undefined;
  const input = { roads: projected?.roadRecords ?? run.input.roads ?? [], incidents: run.input.incidents, hazards: run.input.hazards };
  return { result: withGraphCounts(mergeTiles(input, run.plan, parts, run.options, projected), run.options.snapToleranceM), extra: run.extra };
}

/**
 * Step 3 without the whole run's lixels (merge-bounded.ts): the same checks as mergeRun, then the bounded
 * merge, its buckets spooled into `spoolDir` (removed by `remove()`, which the caller calls when the
 * writers are done). The road records are read by range: from the chunk files of a bounded plan, one
 * chunk at a time, or from run.bin's records of an in-memory plan.
 */
export function mergeRunBounded(dir: string, options: { bucketLixels: number; spoolDir: string }): { result: SummarizedRun; lixelLayer: BlockedLayer; buckets: number; extra: unknown; remove(): void } {
  const { plan, finished, failed, pending } = runStatus(dir);
  if (failed.length) throw new InputError(failed);
  if (pending.length) throw new InputError([{ file: join(dir, "parts"), code: "tile-not-finished", message: `${pending.length} of ${plan.tiles.length} tiles have no finished output (tiles ${pending.slice(0, 20).join(", ")}${pending.length > 20 ? ", …" : ""}): start workers (minerisk worker) or wait for them, then merge again` }]);
  const run = readBin<RunBin>(dir, plan.run, "the run's records and options (run.bin)");
  const parts = { count: finished.length, read: (k: number) => readBin<TilePart>(dir, finished[k], `tile ${k}'s output`) };
  const input = boundedInput(dir, plan, run);
  const merge = mergeBounded(input, run.plan, parts, { ...run.options, ...options });
  try {
    const { run: result, lixelLayer, bucketCount } = boundedRun(merge, input);
    return { result, lixelLayer, buckets: bucketCount, extra: run.extra, remove: () => merge.spool.remove() };
  } catch (e) {
    merge.spool.remove();
    throw e;
  }
}

/** What the bounded merge reads of a run folder besides the tiles (BoundedMergeInput), for either kind of plan. */
function boundedInput(dir: string, plan: RunPlanFile, run: RunBin): BoundedMergeInput {
  const roads = run.roads;
  if (!roads) {
    // an in-memory plan: its records are in run.bin already; projected again as its merge always did
    const records = run.input.roads ?? [];
    const d = buildDataset({ roads: records, incidents: run.input.incidents, hazards: run.input.hazards }, { crs: run.options.crs, maxDistanceError: run.options.maxDistanceError });
    const whole = d.roads;
    return { ...d, roads: { count: records.length, files: [...new Set(records.map((r) => r.file))], records: (a, b) => records.slice(a, b), vertices: whole.xy.length / 2, whole: () => whole } };
  }
  const shared = readBin<SharedBin>(dir, plan.shared, "the shared incidents and hazard areas (shared.bin)");
  const c = roads.crs;
  const crs: WorkingCrs = { ...workingCrsFromDefinition(c.definition), name: c.name, distanceError: c.distanceError };
  let vertices = 0;
  for (let p = 0; p < roads.partVertices.length; p++) vertices += roads.partVertices[p];
  const ranges = roadChunkRanges(dir, roads.chunks);
  const files = roads.chunks.length ? [...new Set(ranges(0, 1).map((r) => r.file))] : [];
  return {
    crs,
    incidentRecords: run.input.incidents,
    incidents: shared.incidents,
    hazardRecords: run.input.hazards,
    hazards: shared.hazards,
    roads: { count: roads.partStart.length - 1, files, records: ranges, vertices, whole: () => wholeRoads(dir, plan.tiles, run.plan, roads.partStart, roads.partVertices) },
  };
}

/**
 * The whole run's dataset from a bounded plan's folder (plan-bounded.ts): the road records from their chunk
 * files, the projected roads from the tile files (each part from its owner's), incidents and hazard areas
 * projected from shared.bin, and the working CRS rebuilt from its definition with the plan's name and
 * measured error. What buildDataset gives the in-memory plan's merge, without projecting anything again.
 * (It holds the whole network, as that merge does; a bounded merge replaces it: docs/scaling.md.)
 */
function boundedDataset(dir: string, plan: RunPlanFile, run: RunBin, roads: NonNullable<RunBin["roads"]>): Dataset {
  const shared = readBin<SharedBin>(dir, plan.shared, "the shared incidents and hazard areas (shared.bin)");
  const c = roads.crs;
  const crs: WorkingCrs = { ...workingCrsFromDefinition(c.definition), name: c.name, distanceError: c.distanceError };
  return {
    crs,
    roadRecords: readRoadChunks(dir, roads.chunks),
    roads: wholeRoads(dir, plan.tiles, run.plan, roads.partStart, roads.partVertices),
    incidentRecords: run.input.incidents,
    incidents: shared.incidents,
    hazardRecords: run.input.hazards,
    hazards: shared.hazards,
  };
}
