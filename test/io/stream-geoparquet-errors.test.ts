/**
 * Streamed GeoParquet input, continued: hazards from a file left to stream, validate's layer guess, the
 * automatic switch past the byte budget, and broken files refused naming the file (and the row group),
 * never with a stack trace.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Table as ArrowTable, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
import { afterEach, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.ts";
import { loadVectorFormats } from "../../src/io/formats/vector-formats.ts";
import { readHazards } from "../../src/io/read/read-hazards.ts";
import { readRoadsChecked } from "../../src/io/read/read-roads.ts";
import { streamsInput } from "../../src/io/read/stream-layer.ts";
import { geoParquetBytes } from "../../src/io/write/write-geoparquet.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { json, messyRoads, pq, writeRoads } from "../helpers/layers/parquet-layers.ts";

const ROOT = join(import.meta.dirname, "../..");
const F = join(ROOT, "test/fixtures/io/formats");
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-spq-"));
afterEach(() => {
  delete process.env.MINERISK_MAX_INPUT_BYTES;
  delete process.env.MINERISK_STREAM_INPUT;
});

describe("streamed GeoParquet input: other layers, the switch, broken files", () => {
  it("hazards (not streamed by the intake) from a GeoParquet left to stream: the same areas and report; validate guesses the layer from the footer", async () => {
    const dir = tmp();
    const file = join(dir, "hazards.parquet");
    writeFileSync(file, geoParquetBytes((JSON.parse(readFileSync(join(F, "hazards-twin.geojson"), "utf8")) as { features: OutFeature[] }).features));
    const whole = readHazards([file], { loaded: await loadVectorFormats([file]), strictness: "list" });
    const marked = await loadVectorFormats([file], { streamed: () => true });
    expect(marked.get(file)?.stream).toEqual({ bbox: undefined });
    const streamed = readHazards([file], { loaded: marked, strictness: "list" });
    expect(whole.records.length).toBeGreaterThan(0);
    expect(json(streamed)).toBe(json(whole));
    const roads = join(F, "karabakh-roads-duckdb.parquet");
    const v = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "validate", "--json", "--stream-input", roads, file], { encoding: "utf8" });
    expect(v.status).toBe(0);
    expect((JSON.parse(v.stdout) as { files: { layer: string; read: number }[] }).files.map((f) => `${f.layer} ${f.read}`)).toEqual(["roads 3", `hazards ${whole.report.files[0].read}`]);
  });

  it("switches itself on past the byte budget (MINERISK_MAX_INPUT_BYTES) or MINERISK_STREAM_INPUT=1, never with 0", () => {
    const file = join(F, "karabakh-roads-duckdb.parquet");
    expect(streamsInput(file, {})).toBe(false);
    process.env.MINERISK_MAX_INPUT_BYTES = "1000";
    expect(streamsInput(file, {})).toBe(true);
    expect(readRoadsChecked([file], { strictness: "list" }).records.length).toBe(3); // read with no `loaded`: streamed
    process.env.MINERISK_STREAM_INPUT = "0";
    expect(streamsInput(file, {})).toBe(false);
    delete process.env.MINERISK_MAX_INPUT_BYTES;
    process.env.MINERISK_STREAM_INPUT = "1";
    expect(streamsInput(file, {})).toBe(true);
  });

  it("broken files: truncated, bad magic, no geo metadata, a corrupt page: file-unreadable naming the file (and row group), no stack trace", () => {
    const dir = tmp();
    const good = join(dir, "good.parquet");
    writeRoads(good, messyRoads(3, 20), 7);
    const bytes = readFileSync(good);
    const cases: [string, Uint8Array, RegExp][] = [
      ["truncated", bytes.subarray(0, bytes.length - 100), /does not end with the Parquet magic/],
      ["cut-head", Buffer.concat([bytes.subarray(0, 8), bytes.subarray(bytes.length - 4000)]), /./],
      ["magic", Buffer.concat([Buffer.from("PAR2"), bytes.subarray(4)]), /does not start with the Parquet magic/],
      ["tiny", Buffer.from("PAR1"), /fewer than a Parquet file's 12/],
    ];
    const corrupt = Buffer.from(bytes);
    corrupt.fill(0x55, 40, 400); // inside the first row group's column chunks
    cases.push(["corrupt", corrupt, /row group 1 \(rows 1-7\)/]);
    const plainPq = join(dir, "nogeo.parquet");
    writeFileSync(plainPq, pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(new ArrowTable({ id: vectorFromArray(["a"], new Utf8()) }), "stream"))));
    for (const [name, b, why] of cases) writeFileSync(join(dir, `${name}.parquet`), b);
    for (const [name, , why] of [...cases, ["nogeo", null, /no GeoParquet `geo` metadata/] as const]) {
      const file = join(dir, `${name}.parquet`);
      const got = readRoadsChecked([file], { strictness: "list", streamInput: true });
      const f = got.report.files[0];
      expect(f.file).toBe(file);
      expect(got.records).toEqual([]);
      expect(f.issues.map((i) => i.code)).toEqual(["file-unreadable"]);
      expect(f.issues[0].message).toMatch(why);
      expect(() => readRoadsChecked([file], { streamInput: true })).toThrow(InputError);
    }
    const v = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "validate", "--stream-input", "--layer", "roads", join(dir, "corrupt.parquet")], { encoding: "utf8" });
    expect(v.status).toBe(2);
    expect(v.stdout).toMatch(/corrupt\.parquet[\s\S]*cannot read the Parquet file in row group 1 \(rows 1-7\)/);
    expect(v.stdout + v.stderr).not.toMatch(/\n\s+at /);
  });
});
