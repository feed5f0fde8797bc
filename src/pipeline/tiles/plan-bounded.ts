import { join } from "node:path";
import { OptionError } from "../../core/errors.ts";
import { forwardOfWhole, unwrappedLonLatBox, type WorkingCrs } from "../../io/crs/crs.ts";
import type { HazardRecord, IncidentRecord } from "../../io/fields/records.ts";
import type { RoadReach, Strictness } from "../../io/intake/types.ts";
import { packHazards, packIncidents } from "../../io/read/build-dataset.ts";
import { studyAndDataExtentOf } from "../../io/read/data-extent.ts";
import { datasetCrsOf } from "../../io/read/dataset-crs.ts";
import { VERSION } from "../../version.ts";
import { type TiledOptions, tileOptions } from "./analyze-tiled.ts";
import { refuseUntiledOptions } from "./merge/merge-tiles.ts";
import { planTilesOfBoxes, tilesOfRecords } from "./plan-tiles.ts";
import { roadChunkWriter } from "./road-chunks.ts";
import { batchAttributes, passRoads, projectBatch } from "./road-passes.ts";
import { firstRoadPass, lazyReach, type RoadsSeen } from "./roads-intake-streamed.ts";
import { type RunBin, type RunPlanFile, tileName, writeAtomic, writeBin } from "./run-folder.ts";
import { tileSpool } from "./tile-spool.ts";

/** What the caller reads once the roads are known (the CLI: incidents and hazards checked against them, the options, its extra). */
export interface AfterRoads {
  incidents: readonly IncidentRecord[];
  hazards: readonly HazardRecord[];
  options: TiledOptions;
  extra?: unknown;
}

export interface BoundedPlanOptions {
  /** The roads' intake strictness (the CLI reads with "list" and enforces itself). Default strict. */
  strictness?: Strictness;
  /** Batch size of the streamed reads, bytes (stream-layer.ts STREAM_CHUNK_BYTES). */
  chunkBytes?: number;
  /** Road records per records/roads-NNNN.bin (road-chunks.ts RECORDS_PER_CHUNK). */
  recordsPerChunk?: number;
}

/**
 * `writeRunPlan` for a roads file the typed-array scanner reads (a GeoJSON FeatureCollection), without
 * ever holding its positions or its records at once (docs/scaling.md, "The bounded plan"). The file is
 * read in batches four times: (1) parts, the position digest, credits, the loner check; `then` reads the
 * other layers, and their distance-to-road check builds its index by (R) on first use; (2) each record's projected box,
 * for the tiles; (3) each part appended to the spools of the tiles that read it, and the record attributes
 * to chunk files. The tile files and shared.bin are byte for byte the in-memory plan's (same CRS, same
 * projected bits: io/crs/crs.ts forwardOfWhole). Undefined (nothing written) when the scanner declines
 * the file or the loner check fails: the caller plans from the full intake instead.
 */
export function writeRunPlanBounded(dir: string, roadsFile: string, then: (roads: { report: RoadsSeen["report"]; referenceExtent: [number, number, number, number]; roadReach: RoadReach; creditProperties: Record<string, unknown>[] }) => AfterRoads, options: BoundedPlanOptions = {}): RunPlanFile | undefined {
  const chunkBytes = options.chunkBytes;
  const seen = firstRoadPass(roadsFile, options.strictness ?? "strict", chunkBytes);
  if (seen === undefined) return undefined;
  let roadReach: RoadReach | undefined = lazyReach(seen, chunkBytes);
  if (roadReach === undefined) return undefined;
  const after = then({ report: seen.report, referenceExtent: seen.box, roadReach, creditProperties: seen.creditProperties });
  roadReach = undefined; // the check's index is the pass's largest structure: let it go before the tiles
  const runOptions = after.options;
  refuseUntiledOptions(runOptions);
  const crs = datasetCrsOf(studyAndDataExtentOf(seen.digest.replay, after.hazards, after.incidents), { crs: runOptions.crs, maxDistanceError: runOptions.maxDistanceError });
  const unwrapped = unwrappedLonLatBox(crs.definition, seen.box);
  if (unwrapped === undefined) throw new OptionError(`the roads reach more than 180° of longitude from the working CRS's central meridian (${crs.definition}); the streamed plan cannot project them: give a working CRS centred on them`);
  const forward = forwardOfWhole(crs.definition, unwrapped.box, seen.vertices);
  const nRec = seen.stamp.records;
  const partVertices = new Uint32Array(seen.partStart[nRec]);
  const boxes = new Float64Array(4 * nRec);
  passRoads(roadsFile, (b) => {
    const p = projectBatch(b, forward);
    const fp = b.layer.featurePart;
    for (let f = 0; f < b.layer.count; f++) {
      const o = 4 * (b.first + f);
      let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let k = fp[f]; k < fp[f + 1]; k++) {
        partVertices[seen.partStart[b.first + f] + k - fp[f]] = p.partStart[k + 1] - p.partStart[k];
        for (let v = p.partStart[k]; v < p.partStart[k + 1]; v++) {
          const x = p.xy[2 * v];
          const y = p.xy[2 * v + 1];
          if (x < x0) x0 = x;
          if (y < y0) y0 = y;
          if (x > x1) x1 = x;
          if (y > y1) y1 = y;
        }
      }
      boxes.set([x0, y0, x1, y1], o);
    }
  }, { chunkBytes, expect: seen.stamp });
  const plan = planTilesOfBoxes(boxes, crs.definition, { tiles: runOptions.tiles, cols: runOptions.cols, rows: runOptions.rows, snapToleranceM: runOptions.snapToleranceM });
  const readers = tilesOfRecords(plan);
  const spool = tileSpool(dir, plan.tiles.length);
  const chunks = roadChunkWriter(dir, roadsFile, options.recordsPerChunk);
  passRoads(roadsFile, (b) => {
    const p = projectBatch(b, forward);
    const fp = b.layer.featurePart;
    for (let f = 0; f < b.layer.count; f++) {
      const r = b.first + f;
      const a = batchAttributes(b, f);
      const nParts = fp[f + 1] - fp[f];
      for (let k = 0; k < nParts; k++) {
        const q = fp[f] + k;
        const xy = p.xy.subarray(2 * p.partStart[q], 2 * p.partStart[q + 1]);
        const part = { record: r, part: k, sourceRecord: r + 1, bridge: a.bridge, tunnel: a.tunnel, layer: a.layer, oneway: a.oneway, lengthM: p.lengthM[q], partId: nParts > 1 ? `${a.id}/${k}` : a.id, name: a.name, class: a.class, recordId: a.id, xy };
        spool.append(readers.tiles, readers.start[r], readers.start[r + 1], part);
      }
      chunks.add({ file: roadsFile, record: r + 1, ...a, properties: b.layer.properties[f] });
    }
  }, { chunkBytes, expect: seen.stamp });
  spool.finish();
  const recordChunks = chunks.finish();
  const tiles = plan.tiles.map((spec) => ({ ...writeBin(dir, join("tiles", `${tileName(spec.id)}.bin`), spool.tileInput(spec.id, spec.owned, roadsFile)), tile: spec.id, owned: spec.owned.length, halo: spec.halo.length }));
  const incidents = packIncidents(after.incidents, crs);
  const hazards = packHazards(after.hazards, crs);
  const shared = writeBin(dir, "shared.bin", { incidents, hazards, options: tileOptions(runOptions) });
  const roads = { chunks: recordChunks, partStart: seen.partStart, partVertices, crs: crsRecord(crs) };
  const run = writeBin(dir, "run.bin", { input: { incidents: after.incidents, hazards: after.hazards }, roads, options: runOptions, plan, extra: after.extra } satisfies RunBin);
  const file: RunPlanFile = { format: "minerisk-tiled-run/1", toolkit: "minerisk", version: VERSION, runId: run.sha256, crsDefinition: plan.crsDefinition, grid: { cols: plan.cols, rows: plan.rows, extent: plan.extent }, run, shared, tiles };
  writeAtomic(join(dir, "plan.json"), `${JSON.stringify(file, null, 2)}\n`);
  return file;
}

/** The working CRS as data (its functions are rebuilt from the definition at the merge: run-steps.ts). */
function crsRecord(crs: WorkingCrs): { name: string; definition: string; distanceError: WorkingCrs["distanceError"] } {
  return { name: crs.name, definition: crs.definition, distanceError: crs.distanceError };
}
