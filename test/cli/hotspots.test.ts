/** `minerisk hotspots` in-process (registerHotspots on a fresh Command), on the shipped study area. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerHotspots } from "../../src/cli/commands/hotspots.ts";
import { OptionError } from "../../src/core/errors.ts";
import { fileDigest } from "../../src/io/write/write-meta.ts";

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  let printed = "";
  registerHotspots(program, (t) => (printed += t));
  await program.parseAsync(["hotspots", ...args], { from: "user" });
  return printed;
}
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-hotspots-"));
const hasOgr = spawnSync("ogrinfo", ["--version"]).status === 0;

describe("minerisk hotspots", () => {
  it("Gi* on lixels with a network band and permutations: a layer per lixel, reproducible with the seed", async () => {
    const a = tmp();
    const b = tmp();
    const args = ["--band", "2000", "--permutations", "99", "--seed", "7", "--cluster-eps", "3000"];
    const text = await run(["--out", a, ...args]);
    await run(["--out", b, ...args]);
    expect(readdirSync(a).filter((f) => f !== ".minerisk-run.json").sort()).toEqual([
      ...["hotspots.fgb", "hotspots.geojson", "hotspots.meta.json", "hotspots.qml", "incident-clusters.fgb", "incident-clusters.geojson", "incident-clusters.meta.json", "incident-clusters.qml"],
      ...["intake-report.json", "intake-report.txt", "map.meta.json", "map.png", "map.svg"],
    ]);
    for (const f of readdirSync(a)) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    const fc = JSON.parse(readFileSync(join(a, "hotspots.geojson"), "utf8"));
    const p = fc.features[0].properties;
    expect(Object.keys(p)).toEqual(expect.arrayContaining(["giZ", "giP", "giPSim", "giQ", "giBin", "hotspot", "incidentsPerKm"]));
    expect(text).toContain("Getis-Ord Gi* on lixels");
    expect(text).toContain("network band 2000 m");
    expect(text).toMatch(/DBSCAN \(ε 3000 m, 3 points\): \d+ clusters/);
  });

  it("Gi* on square cells with k nearest neighbours", async () => {
    const out = tmp();
    const text = await run(["--out", out, "--on", "cells", "--cell-size", "5000", "--k", "8"]);
    const fc = JSON.parse(readFileSync(join(out, "hotspots.geojson"), "utf8"));
    expect(fc.features.length).toBeGreaterThan(10);
    expect(fc.features[0].geometry.type).toBe("Polygon");
    expect(text).toContain("8 nearest");
  });

  it("--permutation-test folded: esda's one-sided p_sim, at most (49 + 1)/100 with 99 permutations", async () => {
    const [a, b] = [tmp(), tmp()];
    const args = ["--on", "cells", "--cell-size", "5000", "--k", "8", "--permutations", "99", "--seed", "3"];
    const text = await run(["--out", a, ...args, "--permutation-test", "folded"]);
    await run(["--out", b, ...args]);
    expect(text).toContain("99 permutations, seed 3, folded pseudo p-values");
    const props = (dir: string) => JSON.parse(readFileSync(join(dir, "hotspots.geojson"), "utf8")).features.map((f: { properties: { giPSim: number } }) => f.properties.giPSim);
    const [folded, two] = [props(a), props(b)];
    folded.forEach((p: number, i: number) => {
      expect(p).toBeLessThanOrEqual(0.5);
      expect(two[i]).toBeGreaterThanOrEqual(Math.min(1, 2 * p) - 1e-12); // same draws; ties only raise the two-sided count
    });
    await expect(run([...args, "--permutation-test", "one-sided"])).rejects.toThrow(/--permutation-test must be two-sided or folded/);
  });

  it("rejects a network distance band on cells and bad values", async () => {
    await expect(run(["--on", "cells", "--distance", "network"])).rejects.toThrow(OptionError);
    await expect(run(["--on", "roads"])).rejects.toThrow(/--on must be lixels or cells/);
    await expect(run(["--band", "x"])).rejects.toThrow(/--band must be a number/);
  });

  it("--json prints a summary listing every file written, the parameters and the class counts of the layer", async () => {
    const out = tmp();
    const summary = JSON.parse(await run(["--out", out, "--on", "cells", "--cell-size", "5000", "--k", "8", "--json"]));
    expect(summary.outputs.map((w: { file: string }) => w.file).sort()).toEqual(readdirSync(out).filter((f) => !f.startsWith("intake-report") && f !== ".minerisk-run.json").sort());
    const fc = JSON.parse(readFileSync(join(out, "hotspots.geojson"), "utf8"));
    expect(summary.units).toBe(fc.features.length);
    for (const c of summary.classes) expect(c.count, c.hotspot).toBe(fc.features.filter((f: { properties: { giBin: number } }) => f.properties.giBin === c.giBin).length);
    expect(summary).toMatchObject({ command: "hotspots", on: "cells", k: 8, cellSizeM: 5000, distance: "planar" });
  });

  it("the sidecar lists the outputs and inputs with SHA-256, and the style has one category per class", async () => {
    const out = tmp();
    expect(await run(["--out", out, "--band", "2000", "--quiet"])).toBe(""); // --quiet prints nothing
    const meta = JSON.parse(readFileSync(join(out, "hotspots.meta.json"), "utf8"));
    expect(meta.outputs.map((o: { file: string }) => o.file)).toEqual(["hotspots.geojson", "hotspots.fgb", "hotspots.qml"]);
    for (const o of meta.outputs) expect(o.sha256).toBe(fileDigest(join(out, o.file)).sha256);
    expect(meta.inputs.map((i: { file: string }) => i.file)).toEqual(expect.arrayContaining(["roads.geojson", "incidents.geojson"]));
    expect(meta.options).toMatchObject({ on: "lixels", distance: "network", bandM: 2000, permutations: 0, fdr: true });
    const qml = readFileSync(join(out, "hotspots.qml"), "utf8");
    expect(qml).toContain('attr="giBin"');
    expect([...qml.matchAll(/<category [^>]*value="(-?\d)"/g)].map((m) => m[1]).sort()).toEqual(["-1", "-2", "-3", "0", "1", "2", "3"]);
    expect(qml).toContain('label="hot spot, 99 % confidence"');
  });

  it.skipIf(!hasOgr)("the FlatGeobuf layer opens in GDAL with the GeoJSON's feature count and giBin as an integer", async () => {
    const out = tmp();
    await run(["--out", out, "--on", "cells", "--cell-size", "5000", "--quiet"]);
    const n = JSON.parse(readFileSync(join(out, "hotspots.geojson"), "utf8")).features.length;
    const info = execFileSync("ogrinfo", ["-al", "-so", join(out, "hotspots.fgb")], { encoding: "utf8" });
    expect(info).toContain(`Feature Count: ${n}`);
    expect(info).toMatch(/giBin: Integer/);
  });

  it("the help names no flag the command does not have", () => {
    const program = new Command();
    registerHotspots(program, () => {});
    const cmd = program.commands[0];
    const own = new Set(["--help", ...cmd.options.flatMap((o) => [o.long, o.long?.replace(/^--no-/, "--")])]);
    const named = [...cmd.helpInformation({ error: false }).matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0]);
    expect(named.filter((f) => !own.has(f))).toEqual([]);
    for (const f of ["--formats", "--json", "--quiet"]) expect(named).toContain(f);
  });
});
