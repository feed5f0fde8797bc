/**
 * `minerisk analyze` on FlatGeobuf inputs (the committed data/karabakh roads and incidents written as .fgb
 * by our writer) writes byte-identical files whether the inputs are read whole or streamed
 * (`--stream-input`: positional reads in batches, io/formats/stream-flatgeobuf.ts): every output file, the
 * intake report included.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { flatGeobufBytes } from "../../src/io/write/write-flatgeobuf.ts";

const KARABAKH = join(import.meta.dirname, "../../data/karabakh");
const features = (name: string) => (JSON.parse(readFileSync(join(KARABAKH, name), "utf8")) as { features: OutFeature[] }).features;

describe("analyze on streamed FlatGeobuf", () => {
  it("writes the same bytes as the whole read", () => {
    const dir = mkdtempSync(join(tmpdir(), "minerisk-fgb-cli-"));
    const roads = join(dir, "roads.fgb");
    const incidents = join(dir, "incidents.fgb");
    writeFileSync(roads, flatGeobufBytes(features("roads.geojson"), { name: "roads" }));
    writeFileSync(incidents, flatGeobufBytes(features("incidents.geojson"), { name: "incidents" }));
    const run = (out: string, ...extra: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../../src/cli/main.ts"), "analyze", ...extra, "--roads", roads, "--incidents", incidents, "--out", out], { encoding: "utf8" });
    const a = run(join(dir, "whole"));
    const b = run(join(dir, "streamed"), "--stream-input");
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    const files = readdirSync(join(dir, "whole")).sort();
    expect(readdirSync(join(dir, "streamed")).sort()).toEqual(files);
    expect(files).toContain("intake-report.json");
    for (const f of files) expect(readFileSync(join(dir, "streamed", f)).equals(readFileSync(join(dir, "whole", f))), f).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, "streamed", "intake-report.json"), "utf8"));
    expect(report.files.map((x: { read: number }) => x.read)).toEqual([features("roads.geojson").length, features("incidents.geojson").length]);
  }, 240_000);
});
