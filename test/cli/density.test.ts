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
import { fileDigest } from "../../src/io/write/write-meta.ts";
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
const hasOgr = spawnSync("ogrinfo", ["--version"]).status === 0;

describe("minerisk density", () => {
  it("writes density.tif, density-cells.geojson and network-density.geojson, byte-identical on a rerun", async () => {
    const a = tmp();
    const b = tmp();
    const text = await run(["--out", a, "--network", "--method", "continuous", "--cell-size", "2000"]);
    await run(["--out", b, "--network", "--method", "continuous", "--cell-size", "2000"]);
    expect(readdirSync(a).filter((f) => f !== ".minerisk-run.json").sort()).toEqual([
      ...["density-cells.fgb", "density-cells.geojson", "density-cells.meta.json", "density-cells.qml", "density.tif", "intake-report.json", "intake-report.txt"],
      ...["map.meta.json", "map.png", "map.svg", "network-density.fgb", "network-density.geojson", "network-density.meta.json", "network-density.qml"],
    ]);
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

  it("--json prints a summary listing every file written, with counts that match the layers", async () => {
    const out = tmp();
    const summary = JSON.parse(await run(["--out", out, "--cell-size", "2000", "--network", "--json"]));
    const files = summary.outputs.map((w: { file: string }) => w.file).sort();
    // every file in the folder but the intake report (written by the input reader, before the run)
    expect(files).toEqual(readdirSync(out).filter((f) => !f.startsWith("intake-report") && f !== ".minerisk-run.json").sort());
    const cells = JSON.parse(readFileSync(join(out, "density-cells.geojson"), "utf8"));
    expect(summary.densityCells).toBe(cells.features.length);
    expect(summary.outputs.find((w: { file: string }) => w.file === "density-cells.fgb").features).toBe(cells.features.length);
    expect(summary.kernel).toBe("quartic");
    expect(summary.bandwidthM).toBe(2000);
    expect(summary.network.lixels).toBe(JSON.parse(readFileSync(join(out, "network-density.geojson"), "utf8")).features.length);
    // the network style: five classes of densityPerKm, the last ending at the largest lixel density
    const qml = readFileSync(join(out, "network-density.qml"), "utf8");
    expect(qml).toContain('attr="densityPerKm"');
    const uppers = [...qml.matchAll(/upper="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(uppers).toHaveLength(5);
    // the top bound is max(maximum, maximum to 3 significant digits): at or above the maximum (the layer keeps
    // 6 digits, hence the 1e-5 slack), and above it by less than 0.5 % (3-digit rounding moves at most 5 in the 4th digit)
    const maxPerKm = summary.network.maxDensityPerKm;
    expect(uppers[4]).toBeGreaterThanOrEqual(maxPerKm * (1 - 1e-5));
    expect(uppers[4]).toBeLessThan(maxPerKm * 1.005);
  });

  it("the sidecar lists each output and input with its SHA-256, the options and the working CRS", async () => {
    const out = tmp();
    await run(["--out", out, "--cell-size", "2000", "--quiet"]);
    const meta = JSON.parse(readFileSync(join(out, "density-cells.meta.json"), "utf8"));
    expect(meta.outputs.map((o: { file: string }) => o.file)).toEqual(["density.tif", "density-cells.geojson", "density-cells.fgb", "density-cells.qml"]);
    for (const o of meta.outputs) expect(o.sha256).toBe(fileDigest(join(out, o.file)).sha256);
    expect(meta.inputs.map((i: { file: string }) => i.file)).toEqual(expect.arrayContaining(["roads.geojson", "incidents.geojson"]));
    for (const i of meta.inputs) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(meta.options).toMatchObject({ kernel: "quartic", cellSizeM: 2000, bandwidthM: 2000 });
    expect(meta.workingCrs.definition).toContain("+proj=tmerc");
    // the style classes run to the run's largest density
    const max = JSON.parse(readFileSync(join(out, "density-cells.geojson"), "utf8")).features.reduce((m: number, f: { properties: { densityPerKm2: number } }) => Math.max(m, f.properties.densityPerKm2), 0);
    const uppers = [...readFileSync(join(out, "density-cells.qml"), "utf8").matchAll(/upper="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(uppers).toHaveLength(5);
    // the top bound is max(maximum, maximum to 3 significant digits): see the same check on network-density.qml
    expect(uppers[4]).toBeGreaterThanOrEqual(max * (1 - 1e-5));
    expect(uppers[4]).toBeLessThan(max * 1.005);
  });

  it("--quiet prints nothing, and still writes the layers", async () => {
    const out = tmp();
    expect(await run(["--out", out, "--cell-size", "2000", "--quiet"])).toBe("");
    expect(readdirSync(out)).toContain("density-cells.fgb");
    // the map draws only cells at or above 5 % of the largest density, and says how many it left off
    const values = JSON.parse(readFileSync(join(out, "density-cells.geojson"), "utf8")).features.map((f: { properties: { densityPerKm2: number } }) => f.properties.densityPerKm2);
    const max = values.reduce((m: number, v: number) => Math.max(m, v), 0);
    const drawn = values.filter((v: number) => v >= 0.05 * max).length;
    const svg = readFileSync(join(out, "map.svg"), "utf8");
    expect(svg.match(/class="density"/g)?.length).toBe(drawn);
    expect(drawn).toBeLessThan(values.length); // quartic tails: most cells are faint
    expect(svg).toContain(`${(values.length - drawn).toLocaleString("en")} of ${values.length.toLocaleString("en")} cells under 5 % of`);
  });

  it("--formats chooses the layer formats, and an unknown one is refused", async () => {
    const out = tmp();
    await run(["--out", out, "--cell-size", "2000", "--formats", "geojson,csv", "--quiet"]);
    expect(readdirSync(out).filter((f) => f.startsWith("density-cells")).sort()).toEqual(["density-cells.csv", "density-cells.geojson", "density-cells.meta.json", "density-cells.qml"]);
    await expect(run(["--formats", "shp"])).rejects.toThrow(/--formats: unknown shp/);
  });

  it.skipIf(!hasOgr)("the FlatGeobuf layers open in GDAL with the GeoJSON's feature count and EPSG:4326", async () => {
    const out = tmp();
    await run(["--out", out, "--cell-size", "2000", "--network", "--quiet"]);
    for (const name of ["density-cells", "network-density"]) {
      const n = JSON.parse(readFileSync(join(out, `${name}.geojson`), "utf8")).features.length;
      const info = execFileSync("ogrinfo", ["-al", "-so", join(out, `${name}.fgb`)], { encoding: "utf8" });
      expect(info).toContain(`Feature Count: ${n}`);
      expect(info).toMatch(/ID\["EPSG",4326\]/);
    }
  });

  it("the help names no flag the command does not have", () => {
    const program = new Command();
    registerDensity(program, () => {});
    const cmd = program.commands[0];
    const own = new Set(["--help", ...cmd.options.flatMap((o) => [o.long, o.long?.replace(/^--no-/, "--")])]);
    const named = [...cmd.helpInformation({ error: false }).matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0]);
    expect(named.filter((f) => !own.has(f))).toEqual([]);
    for (const f of ["--formats", "--json", "--quiet", "--max-cells"]) expect(named).toContain(f);
  });
});
