/** `minerisk hotspots` in-process (registerHotspots on a fresh Command), on the shipped study area. */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerHotspots } from "../../src/cli/commands/hotspots.ts";
import { OptionError } from "../../src/core/errors.ts";

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  let printed = "";
  registerHotspots(program, (t) => (printed += t));
  await program.parseAsync(["hotspots", ...args], { from: "user" });
  return printed;
}
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-hotspots-"));

describe("minerisk hotspots", () => {
  it("Gi* on lixels with a network band and permutations: a layer per lixel, reproducible with the seed", async () => {
    const a = tmp();
    const b = tmp();
    const args = ["--band", "2000", "--permutations", "99", "--seed", "7", "--cluster-eps", "3000"];
    const text = await run(["--out", a, ...args]);
    await run(["--out", b, ...args]);
    expect(readdirSync(a).sort()).toEqual(["hotspots.geojson", "incident-clusters.geojson", "intake-report.json", "intake-report.txt"]);
    for (const f of ["hotspots.geojson", "incident-clusters.geojson"]) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
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
});
