/**
 * Broken FlatGeobuf files (SYNTHETIC: cut or damaged copies of a seeded 60-road layer written by our
 * indexed writer, and by flatgeobuf's serialize without an index): the streamed intake gives the very
 * report of the whole read — one file-level `file-unreadable` naming the fault, and the feature when it is
 * known — at every batch size, with and without a box; the CLI exits 2 with that message and no stack trace.
 * Before these reads checked the framing, a 20-byte file made the whole read loop for ever and a cut
 * feature surfaced as "Invalid typed array length: 0".
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Builder } from "flatbuffers";
import { geojson } from "flatgeobuf";
import { Feature } from "flatgeobuf/lib/mjs/flat-geobuf/feature.js";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { closeFlatGeobuf, openFlatGeobuf } from "../../src/io/formats/fgb-file.ts";
import type { Bbox } from "../../src/io/formats/read-flatgeobuf.ts";
import { loadVectorFormats } from "../../src/io/formats/vector-formats.ts";
import type { IntakeOptions } from "../../src/io/intake/types.ts";
import { readRoads } from "../../src/io/read/read-roads.ts";
import { flatGeobufBytes } from "../../src/io/write/write-flatgeobuf.ts";
import { messyRoads } from "./flatgeobuf-messy.ts";

const tmp = mkdtempSync(join(tmpdir(), "minerisk-fgb-broken-"));
type Line = { geometry: { type: string; coordinates: number[][] } };
// the seeded layer's clean lines only (no wrong type, single position or longitude of 200): the file is good
const clean = (messyRoads(60, 9) as Line[]).filter((f) => f.geometry.type === "LineString" && f.geometry.coordinates.length > 1 && f.geometry.coordinates.every((p) => Math.abs(p[0]) <= 180));
const good = flatGeobufBytes(clean as never, { name: "roads" });
const plainBytes = geojson.serialize({ type: "FeatureCollection", features: messyRoads(60, 9) } as never, 4326);
const goodFile = join(tmp, "good.fgb");
writeFileSync(goodFile, good);
const f = openFlatGeobuf(goodFile);
const { indexStart, featuresStart } = f;
closeFlatGeobuf(f);
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const firstLength = view(good).getUint32(featuresStart, true);

function changed(edit: (b: Uint8Array) => void, from = good): Uint8Array {
  const c = new Uint8Array(from);
  edit(c);
  return c;
}

// each: the bytes, and what the message must say
const CASES: [string, Uint8Array, RegExp][] = [
  ["empty", new Uint8Array(0), /has 0 bytes, too few for a FlatGeobuf header/],
  ["not FlatGeobuf", changed((b) => b.set([0x7b, 0x22, 0x74], 0)), /not a FlatGeobuf file/],
  ["header cut", good.subarray(0, 20), /the header \(\d+ bytes\) is cut off: the file has only 20 bytes/],
  ["index cut", good.subarray(0, indexStart + 100), /spatial index \(\d+ bytes from byte \d+.*\) is cut off/],
  ["feature cut", good.subarray(0, good.length - 7), /feature \d+ \(\d+ bytes from byte \d+\) runs past the end of the file/],
  ["cut at a feature's end", good.subarray(0, featuresStart + 4 + firstLength), /header counts \d+ features but the file holds 1|feature 2 starts at byte \d+, past the end of the file.*where the spatial index points/],
  ["feature size past EOF", changed((b) => view(b).setUint32(featuresStart, 0x7fffffff, true)), /feature 1 \(2147483647 bytes.*runs past the end/],
  ["feature table damaged", changed((b) => view(b).setUint32(featuresStart + 4, 0xfffff, true)), /feature 1 cannot be decoded \(its table lies outside/],
  ["index leaf past EOF", changed((b) => view(b).setBigUint64(featuresStart - 40 + 32, 10n ** 9n, true)), /starts at byte \d+, past the end of the file.*where the spatial index points/],
  ["no index, cut", plainBytes.subarray(0, plainBytes.length - 11), /runs past the end of the file/],
];
const files = CASES.map(([name, bytes], k) => {
  const p = join(tmp, `broken-${k}.fgb`);
  writeFileSync(p, bytes);
  return [name, p] as const;
});
const BATCHES: IntakeOptions[] = [{ streamChunkFeatures: 1 }, { streamChunkFeatures: 7 }, { streamChunkBytes: 4096 }];

function report(read: () => unknown): string {
  try {
    return JSON.stringify(read());
  } catch (e) {
    if (e instanceof InputError) return JSON.stringify({ thrown: e.issues });
    throw e;
  }
}

describe("broken FlatGeobuf files", () => {
  it.each(files.map(([name, p], k) => [name, p, CASES[k][2]] as const))("%s: the streamed read gives the whole read's error, which names the fault", async (name, file, want) => {
    const box: Bbox = [40, 30, 50, 45];
    for (const bbox of [undefined, box]) {
      const whole = await loadVectorFormats([file], { bbox });
      const layer = whole.get(file);
      // the index is read only with a box: the whole read does not see a damaged leaf
      if (name === "index leaf past EOF" && bbox === undefined) {
        expect(layer?.issues.filter((i) => i.severity === "error")).toEqual([]);
        continue;
      }
      expect(layer?.collection).toBeUndefined();
      expect(layer?.issues.map((i) => i.message).join("\n")).toMatch(want);
      expect(layer?.issues.map((i) => i.message).join("\n")).toMatch(/^cannot read the FlatGeobuf file: /);
      const wantList = report(() => readRoads([file], { strictness: "list", loaded: whole, streamInput: false }).report);
      const wantStrict = report(() => readRoads([file], { loaded: whole, streamInput: false }));
      expect(wantStrict).toContain('"thrown"');
      const plan = bbox === undefined ? undefined : await loadVectorFormats([file], { bbox, streamed: () => true });
      for (const b of BATCHES) {
        expect(report(() => readRoads([file], { strictness: "list", loaded: plan, streamInput: true, ...b }).report), `${name} ${bbox} ${JSON.stringify(b)}`).toBe(wantList);
        expect(report(() => readRoads([file], { loaded: plan, streamInput: true, ...b })), `${name} strict`).toBe(wantStrict);
      }
    }
  });

  it("a feature with no geometry is its record's null-geometry, streamed and whole (flatgeobuf's deserialize throws on it)", async () => {
    const two = geojson.serialize({ type: "FeatureCollection", features: clean.slice(0, 2) } as never, 4326);
    const file = join(tmp, "null-geometry.fgb");
    writeFileSync(file, two);
    const g = openFlatGeobuf(file);
    const second = g.featuresStart + 4 + view(two).getUint32(g.featuresStart, true);
    closeFlatGeobuf(g);
    const b = new Builder(); // a feature table with neither geometry nor properties, as a writer may leave one
    Feature.startFeature(b);
    b.finishSizePrefixed(Feature.endFeature(b));
    const empty = b.asUint8Array();
    const bytes = new Uint8Array(second + empty.length);
    bytes.set(two.subarray(0, second));
    bytes.set(empty, second);
    writeFileSync(file, bytes);
    const whole = await loadVectorFormats([file]);
    expect(whole.get(file)?.collection?.features.map((x) => (x as { geometry: unknown }).geometry === null)).toEqual([false, true]);
    const want = report(() => readRoads([file], { strictness: "list", loaded: whole, streamInput: false }).report);
    expect(JSON.parse(want).files[0]).toMatchObject({ read: 2, used: 1, rejected: 1 });
    expect(want).toContain('"code":"null-geometry"');
    for (const o of BATCHES) expect(report(() => readRoads([file], { strictness: "list", streamInput: true, ...o }).report)).toBe(want);
  });

  it("the CLI: validate --stream-input on a good file prints the report of the whole read, with and without --bbox; a cut file exits 2 with the message and no stack", () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../../src/cli/main.ts"), ...args], { encoding: "utf8" });
    for (const extra of [[], ["--bbox", "46.5,39.5,47.5,40.5"]]) {
      const a = cli("validate", "--json", ...extra, goodFile);
      const b = cli("validate", "--json", "--stream-input", ...extra, goodFile);
      expect(a.status, a.stderr).toBe(0);
      expect(b.status).toBe(0);
      expect(b.stdout).toBe(a.stdout);
      expect(JSON.parse(a.stdout).files[0].read).toBeGreaterThan(extra.length ? 0 : 40);
    }
    const cut = files.find(([name]) => name === "feature cut")![1];
    const r = cli("validate", "--stream-input", "--layer", "roads", cut);
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/cannot read the FlatGeobuf file: feature \d+ .*runs past the end of the file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
