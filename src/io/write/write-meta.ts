import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import { writeFileAtomic } from "./write-file.ts";

/** A file's identity: name (no folder, so the record does not depend on where the run happened), size and SHA-256. */
export interface FileDigest {
  file: string;
  bytes: number;
  sha256: string;
}

/** What a sidecar `NAME.meta.json` says about the outputs it sits beside. */
export interface OutputMeta {
  toolkit: string;
  version: string;
  /** The output files this sidecar describes (e.g. lixels.geojson, lixels.fgb, lixels.csv, lixels.qml), with digests. */
  outputs: (FileDigest & { features?: number; crs?: string })[];
  /** Every input file of the run, with digests, so anyone can check they have the same data. */
  inputs: FileDigest[];
  /** The options the run used (parameters with units in their names). */
  options: Record<string, unknown>;
  /** The projected CRS all distances were computed in. */
  workingCrs: { name: string; definition: string };
}

/** Name, size and SHA-256 of a file on disk, read 1 MiB at a time (a layer can be hundreds of MB). */
export function fileDigest(path: string): FileDigest {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, "r");
  let bytes = 0;
  try {
    for (let n = readSync(fd, buffer, 0, buffer.length, null); n > 0; n = readSync(fd, buffer, 0, buffer.length, null)) {
      hash.update(buffer.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { file: basename(path), bytes, sha256: hash.digest("hex") };
}

/**
 * Write a sidecar `*.meta.json` atomically. Deterministic: keys in a fixed order, no timestamps, no
 * absolute paths, no host names; the same run gives the same bytes.
 */
export function writeMeta(path: string, meta: OutputMeta, protect: readonly string[] = []): void {
  const ordered: OutputMeta = {
    toolkit: meta.toolkit,
    version: meta.version,
    outputs: meta.outputs,
    inputs: meta.inputs,
    options: meta.options,
    workingCrs: meta.workingCrs,
  };
  writeFileAtomic(path, `${JSON.stringify(ordered, null, 2)}\n`, protect);
}
