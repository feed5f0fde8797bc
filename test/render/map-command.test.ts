/**
 * `minerisk map` (src/cli/commands/map.ts) run in-process through commander, on the default study area
 * and on a run folder, plus the progress wrapper it uses (src/cli/progress.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { Command } from "commander";
import { flatGeobufBytes } from "../../src/io/write/write-flatgeobuf.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import { describe, expect, it } from "vitest";
import { registerMap } from "../../src/cli/commands/map.ts";
import { createProgress } from "../../src/cli/progress.ts";
import { InputError, OptionError } from "../../src/core/errors.ts";

async function map(args: string[]): Promise<string> {
  let printed = "";
  const program = new Command().exitOverride();
  registerMap(program, (t) => (printed += t));
  await program.parseAsync(["map", "--quiet", ...args], { from: "user" });
  return printed;
}

describe("minerisk map", () => {
  const out = mkdtempSync(join(tmpdir(), "minerisk-map-"));

  it("renders the default study area to map.svg and map.png, labelled and attributed", async () => {
    const printed = await map(["--out", out]);
    expect(printed).toBe(`${join(out, "map.svg")}\n${join(out, "map.png")}\n`);
    const svg = readFileSync(join(out, "map.svg"), "utf8");
    expect(svg).toContain("Shusha → Fuzuli");
    for (const place of ["Shusha", "Fuzuli", "Boyuk Taglar", "Askeran"]) expect(svg).toContain(`>${place}</text>`);
    expect(svg).toContain("schematic geometry (approximate)");
    expect(svg).toContain("© OpenStreetMap contributors");
    expect(readFileSync(join(out, "map.png")).subarray(1, 4).toString()).toBe("PNG");
  });

  it("renders a run folder's layers and never writes over them", async () => {
    const run = mkdtempSync(join(tmpdir(), "minerisk-map-run-"));
    const line = { type: "Feature", properties: { riskClass: "high", geometryQuality: "traced" }, geometry: { type: "LineString", coordinates: [[46.9, 39.6], [47.0, 39.7]] } };
    writeFileSync(join(run, "lixels.geojson"), JSON.stringify({ type: "FeatureCollection", features: [line] }));
    await map([run]);
    expect(readdirSync(run).sort()).toEqual(["lixels.geojson", "map.png", "map.svg"]);
    expect(readFileSync(join(run, "map.svg"), "utf8")).toContain("road risk: high");
  });

  it("renders a run that wrote lixels.fgb only (runs over 100,000 lixels drop lixels.geojson)", async () => {
    const run = mkdtempSync(join(tmpdir(), "minerisk-map-fgb-"));
    const lines = [["high", [[46.9, 39.6], [47.0, 39.7]]], ["low", [[47.0, 39.7], [47.1, 39.7]]]].map(([riskClass, coordinates]) => ({ type: "Feature", properties: { riskClass, geometryQuality: "traced" }, geometry: { type: "LineString", coordinates } })) as unknown as OutFeature[];
    writeFileSync(join(run, "lixels.fgb"), flatGeobufBytes(lines, { name: "lixels" }));
    await map([run]);
    const svg = readFileSync(join(run, "map.svg"), "utf8");
    for (const label of ["road risk: high", "road risk: low"]) expect(svg).toContain(label);
  });

  it("says what is wrong with a folder that is not a run, or a broken layer", async () => {
    const empty = mkdtempSync(join(tmpdir(), "minerisk-map-empty-"));
    await expect(map([empty])).rejects.toThrow(OptionError);
    writeFileSync(join(empty, "lixels.geojson"), '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]}');
    await expect(map([empty])).rejects.toThrow(InputError);
    await expect(map(["--width", "ten"])).rejects.toThrow(/--width must be a number/);
  });
});

describe("progress on stderr", () => {
  const sink = (isTTY: boolean) => {
    let text = "";
    const stream = new Writable({ write: (c, _e, done) => ((text += String(c)), done()) }) as unknown as NodeJS.WriteStream;
    Object.assign(stream, { isTTY, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    return { stream, text: () => text };
  };

  it("is silent when stderr is not a terminal, or with --quiet", () => {
    for (const [isTTY, quiet] of [[false, false], [true, true]] as const) {
      const s = sink(isTTY);
      const p = createProgress({ quiet, stream: s.stream });
      p.onProgress("step", 1, 2);
      p.stop();
      expect(s.text()).toBe("");
    }
  });

  it("draws a bar on a terminal", () => {
    const s = sink(true);
    const p = createProgress({ stream: s.stream });
    p.onProgress("layer lixels", 1, 4);
    p.onProgress("layer incidents", 2, 4);
    p.stop();
    expect(s.text()).toContain("layer");
  });
});
