import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { InputError, type InputIssue } from "../../core/errors.ts";
import type { HazardRecord, IncidentRecord, RoadRecord } from "../../io/fields/records.ts";
import type { WorkingCrs } from "../../io/crs/crs.ts";
import type { TiledOptions } from "./analyze-tiled.ts";
import type { TilePlan } from "./plan-tiles.ts";

/**
 * The shared folder of a tiled run (docs/scaling.md): every machine reads and writes it at the same path
 * (NFS, SMB, a mounted bucket). Binary files are v8-serialized (node:v8, structured clone: typed arrays and
 * plain objects as they are, deterministic bytes), each written atomically (a temporary name, then rename)
 * and checked against its SHA-256 when read:
 *   plan.json                the plan: tiles, the files below and their hashes (human-readable)
 *   run.bin                  the run's options, the plan (grid, tiles, owners), the incident and hazard records,
 *                            the command's `extra`; from the in-memory plan also every road record, from the
 *                            bounded plan instead the list of record chunks, parts per record, positions per part, the CRS
 *   records/roads-NNNN.bin   (bounded plan) the attributes of ≤ 500,000 road records each, in input order, by column
 *   shared.bin               incidents and hazard areas, projected (every tile reads them whole)
 *   tiles/tile-NNNN.bin      one tile's projected road parts (owned + halo), their records' names, which it owns
 *   parts/tile-NNNN.bin      one tile's output (TilePart), written by a worker
 *   parts/tile-NNNN.done     its SHA-256 and the input's, written after it: the tile is finished when both check
 *   parts/tile-NNNN.error    a tile that failed on bad input: the issues, tile and record named
 */
export interface RunPlanFile {
  format: "minerisk-tiled-run/1";
  toolkit: string;
  version: string;
  /** SHA-256 of run.bin: the run's identity (queue job ids carry it, so a new plan never reuses old jobs). */
  runId: string;
  crsDefinition: string;
  grid: { cols: number; rows: number; extent: [number, number, number, number] };
  run: HashedFile;
  shared: HashedFile;
  tiles: (HashedFile & { tile: number; owned: number; halo: number })[];
}

export interface HashedFile {
  file: string;
  sha256: string;
}

export interface RunBin {
  /** The validated records; a bounded plan (plan-bounded.ts) leaves the roads out and writes `roads` instead. */
  input: { roads?: readonly RoadRecord[]; incidents: readonly IncidentRecord[]; hazards: readonly HazardRecord[] };
  /** A bounded plan's roads: record chunk files, parts per record and positions per part, and the working CRS as data. */
  roads?: {
    chunks: HashedFile[];
    partStart: Uint32Array;
    partVertices: Uint32Array;
    crs: { name: string; definition: string; distanceError: WorkingCrs["distanceError"] };
  };
  options: TiledOptions;
  plan: TilePlan;
  /** What the command that planned wants back at the merge (the CLI: the intake report, the credit line, the input files). */
  extra?: unknown;
}

export const tileName = (tile: number) => `tile-${String(tile).padStart(4, "0")}`;

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Write bytes atomically (temporary file in the same folder, then rename) and return their SHA-256. */
export function writeAtomic(path: string, bytes: Uint8Array | string): string {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  return sha256(typeof bytes === "string" ? Buffer.from(bytes) : bytes);
}

/** v8-serialize a value into dir/file atomically; its hashed file entry. */
export function writeBin(dir: string, file: string, value: unknown): HashedFile {
  return { file, sha256: writeAtomic(join(dir, file), serialize(value)) };
}

/** Read dir/file and check its SHA-256; an InputError naming the file (and tile) when it is missing or changed. */
export function readBin<T>(dir: string, f: HashedFile, what: string): T {
  const path = join(dir, f.file);
  if (!existsSync(path)) throw new InputError([changed(path, `${what} is missing: plan again (minerisk plan), or check the shared folder is mounted at the same path on this machine`)]);
  const bytes = readFileSync(path);
  if (sha256(bytes) !== f.sha256) throw new InputError([changed(path, `${what} does not match the SHA-256 the plan recorded (${f.sha256.slice(0, 12)}…): the shared folder was changed or a write was cut short; plan again`)]);
  return deserialize(bytes) as T;
}

function changed(file: string, message: string): InputIssue {
  return { file, code: "tile-file-changed", message };
}

export function readPlanFile(dir: string): RunPlanFile {
  const path = join(dir, "plan.json");
  if (!existsSync(path)) throw new InputError([changed(path, `no plan in ${dir}: run minerisk plan --dir ${dir} first`)]);
  return JSON.parse(readFileSync(path, "utf8")) as RunPlanFile;
}

/**
 * A finished tile's output entry, or undefined: parts/tile.done exists, names this tile's input hash, and the
 * part's bytes match it (with `hash: false` only that the part is there: a cheap look for a wait loop).
 */
export function finishedPart(dir: string, plan: RunPlanFile, tile: number, hash = true): HashedFile | undefined {
  const done = join(dir, "parts", `${tileName(tile)}.done`);
  if (!existsSync(done)) return undefined;
  const d = JSON.parse(readFileSync(done, "utf8")) as { sha256: string; inputSha256: string; runId: string };
  if (d.runId !== plan.runId || d.inputSha256 !== plan.tiles[tile].sha256) return undefined;
  const part = join(dir, "parts", `${tileName(tile)}.bin`);
  if (!existsSync(part) || (hash && sha256(readFileSync(part)) !== d.sha256)) return undefined;
  return { file: join("parts", `${tileName(tile)}.bin`), sha256: d.sha256 };
}
