/**
 * `minerisk density` in-process (registerDensity on a fresh Command), on the shipped Shusha–Fuzuli
 * study area: the files it writes, GDAL reading the GeoTIFF, determinism, and flag errors.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerDensity } from "../../src/cli/commands/density.ts";
import { OptionError } from "../../src/core/errors.ts";

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  let printed = "";
  registerDensity(program, (t) => (printed += t));
  await program.parseAsync(["density", ...args], { from: "user" });
  return printed;
}
const tmp = () => mkdtempSync(join(tmpdir(), "minerisk-density-"));
const hasGdal = spawnSync("gdalinfo", ["--version"]).status === 0;

describe("minerisk density", () => {
  it("writes density.tif, density-cells.geojson and network-density.geojson, byte-identical on a rerun", async () => {
    const a = tmp();
    const b = tmp();
    const text = await run(["--out", a, "--network", "--method", "continuous", "--cell-size", "2000"]);
    await run(["--out", b, "--network", "--method", "continuous", "--cell-size", "2000"]);
    expect(readdirSync(a).sort()).toEqual(["density-cells.geojson", "density.tif", "intake-report.json", "intake-report.txt", "network-density.geojson"]);
    for (const f of readdirSync(a)) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    expect(text).toContain("incidents per km²");
    // the note names the continuous estimator's dead-end rule (spNetwork's "stop" by default)
    expect(text).toMatch(/network KDE \(continuous, dead ends: stop, quartic, h = 1000 m\)/);
    const cells = JSON.parse(readFileSync(join(a, "density-cells.geojson"), "utf8"));
    expect(cells.features.length).toBeGreaterThan(0);
    expect(cells.features[0].properties.densityPerKm2).toBeGreaterThan(0);
    const lix = JSON.parse(readFileSync(join(a, "network-density.geojson"), "utf8"));
    expect(lix.features.some((f: { properties: { densityPerKm: number } }) => f.properties.densityPerKm > 0)).toBe(true);
    // --dead-ends reflect reaches the estimator: the note says so and the lixel densities change
    const c = tmp();
    expect(await run(["--out", c, "--network", "--method", "continuous", "--dead-ends", "reflect", "--cell-size", "2000"])).toMatch(/continuous, dead ends: reflect,/);
    expect(readFileSync(join(c, "network-density.geojson")).equals(readFileSync(join(a, "network-density.geojson")))).toBe(false);
  });

  it.skipIf(!hasGdal)("the GeoTIFF opens in GDAL with the grid's size and the working CRS", async () => {
    const out = tmp();
    await run(["--out", out, "--cell-size", "1000"]);
    const info = JSON.parse(execFileSync("gdalinfo", ["-json", join(out, "density.tif")], { encoding: "utf8" }));
    expect(info.geoTransform[1]).toBe(1000);
    expect(info.coordinateSystem.wkt).toContain('METHOD["Transverse Mercator"');
  });

  it("hexagon and H3 cells", async () => {
    for (const shape of ["hex", "h3"]) {
      const out = tmp();
      await run(["--out", out, "--cells", shape, "--cell-size", "2000", "--h3-resolution", "6"]);
      const fc = JSON.parse(readFileSync(join(out, "density-cells.geojson"), "utf8"));
      expect(fc.features.length).toBeGreaterThan(0);
      expect(fc.features[0].geometry.coordinates[0].length).toBe(7); // six corners, closed
    }
  });

  it("rejects bad flags with an OptionError before reading anything", async () => {
    await expect(run(["--kernel", "cosine"])).rejects.toThrow(OptionError);
    await expect(run(["--bandwidth", "wide"])).rejects.toThrow(/--bandwidth must be a number/);
    await expect(run(["--cells", "triangles"])).rejects.toThrow(OptionError);
    await expect(run(["--network", "--dead-ends", "bounce"])).rejects.toThrow(/--dead-ends must be one of stop, reflect/);
  });

  it("refuses more GeoJSON cells than --max-cells before writing any, and says which cell size fits", async () => {
    const out = tmp();
    // the shipped corridor at 2 km cells, quartic 2 km kernels: a few hundred positive cells
    const err = await run(["--out", out, "--cell-size", "2000", "--max-cells", "10"]).catch((e) => e as Error);
    expect(err).toBeInstanceOf(OptionError);
    const m = /^([\d,]+) density cells of 2000 m would be written, over --max-cells 10: use --cell-size (\d+) or more/.exec((err as Error).message);
    expect(m).not.toBeNull();
    const n = Number(m![1].replaceAll(",", ""));
    expect(Number(m![2])).toBe(Math.ceil(2000 * Math.sqrt(n / 10))); // the cell size that brings n cells under 10
    expect(readdirSync(out).filter((f) => f.startsWith("density"))).toEqual([]); // nothing written
    await expect(run(["--max-cells", "0"])).rejects.toThrow(/--max-cells must be a whole number >= 1/);
  });

  it("refuses a grid over the library's cell budget before computing it", async () => {
    await expect(run(["--out", tmp(), "--cell-size", "1"])).rejects.toThrow(/density grid of \d+ × \d+ = [\d,]+ cells of 1 m is over the budget of 25,000,000 cells: use a cell size of at least \d+ m/);
  });
});
