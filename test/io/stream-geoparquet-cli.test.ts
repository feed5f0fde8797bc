/**
 * Streamed GeoParquet end to end: `minerisk analyze` on the committed DuckDB-written corridor roads and
 * incidents (test/fixtures/io/formats/*-duckdb.parquet) writes byte-identical output files whether the
 * inputs are read whole or streamed row group by row group (--stream-input).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const F = join(ROOT, "test/fixtures/io/formats");

describe("streamed GeoParquet through the CLI", () => {
  it("analyze: the same bytes in every output file, streamed or whole", () => {
    const run = (extra: string[]) => {
      const out = mkdtempSync(join(tmpdir(), "minerisk-spq-cli-"));
      const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "analyze", "--quiet", "--roads", join(F, "karabakh-roads-duckdb.parquet"), "--incidents", join(F, "karabakh-incidents-duckdb.parquet"), "--out", out, ...extra], { encoding: "utf8", env: { ...process.env, MINERISK_STREAM_INPUT: "" } });
      expect(r.status, r.stderr).toBe(0);
      return out;
    };
    const whole = run([]);
    const streamed = run(["--stream-input"]);
    const files = readdirSync(whole).sort();
    expect(files.length).toBeGreaterThan(10);
    expect(readdirSync(streamed).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(streamed, f)).equals(readFileSync(join(whole, f))), f).toBe(true);
  }, 120_000);
});
