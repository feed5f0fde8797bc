/**
 * The QGIS Processing provider (qgis-plugin/minerisk_provider), end to end in headless PyQGIS: the plugin
 * is zipped by scripts/package-qgis-plugin.sh, installed from the zip into an empty plugins folder (unzip +
 * sys.path, as the Plugin Manager does), pointed at dist/cli/main.js, and `analyze`, `route` and `validate`
 * (and density, hotspots, backtest) run through processing.runAndLoadResults on the default data (data/karabakh) with the roads given as a
 * GeoPackage in UTM 38N (EPSG:32638, made here with ogr2ogr). The loaded layers are checked against the
 * CLI's own run on the original GeoJSON: same layers, same feature counts, EPSG:4326, each styled by its
 * .qml (renderer type and class field as the .qml declares them), the intake report as tables, progress
 * from the CLI's --progress json lines, and Cancel killing the CLI. Needs QGIS (python3-qgis, as
 * test/e2e/qgis-styles.test.ts) and GDAL's ogr2ogr; .ci/run installs both and sets MINERISK_REQUIRE_QGIS=1
 * so that their absence fails CI instead of skipping.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/cli/main.js");
const DATA = join(ROOT, "data/karabakh");
const PY = "/usr/bin/python3";
const env = { ...process.env, QT_QPA_PLATFORM: "offscreen", XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), "minerisk-xdg-")) }; // Qt wants a private (0700) runtime dir
const hasQgis = existsSync(PY) && spawnSync(PY, ["-c", "import qgis.core"], { env }).status === 0;
const hasOgr = spawnSync("ogr2ogr", ["--version"]).status === 0;
const required = process.env.MINERISK_REQUIRE_QGIS === "1";

interface Loaded {
  name: string;
  source: string;
  features: number;
  crs: string;
  renderer: string | null;
  attribute?: string;
  categories?: string[];
  fields?: string[];
  rows?: Record<string, unknown>[];
}
interface Run {
  alg: string;
  error?: string;
  results?: Record<string, string>;
  progress: number[];
  canceled: boolean;
  layers: Loaded[];
}

/** The renderer a .qml declares: its type and class attribute. */
function qmlRenderer(file: string): { type: string; attr?: string } {
  const m = /<renderer-v2\b[^>]*>/.exec(readFileSync(file, "utf8"));
  if (!m) throw new Error(`${file}: no renderer-v2`);
  return { type: /\btype="([^"]+)"/.exec(m[0])?.[1] ?? "", attr: /\battr="([^"]+)"/.exec(m[0])?.[1] };
}

/** NAME → feature count of every styled layer the CLI wrote in `dir` (NAME.geojson beside NAME.qml). */
function cliLayers(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".qml")).sort()) {
    const name = f.slice(0, -4);
    const gj = join(dir, `${name}.geojson`);
    if (existsSync(gj)) out.set(name, (JSON.parse(readFileSync(gj, "utf8")).features as unknown[]).length);
  }
  return out;
}

function expectLikeCli(run: Run, prefix: string, cliDir: string, outDir: string): void {
  expect(run.error, run.error).toBeUndefined();
  const expected = cliLayers(cliDir);
  expect(expected.size).toBeGreaterThan(0);
  const spatial = run.layers.filter((l) => l.name.startsWith(`${prefix} `));
  expect(spatial.map((l) => l.name.slice(prefix.length + 1)).sort()).toEqual([...expected.keys()].sort());
  for (const layer of spatial) {
    const name = layer.name.slice(prefix.length + 1);
    expect(layer.source).toBe(join(outDir, `${name}.geojson`));
    expect(layer.features, name).toBe(expected.get(name));
    expect(layer.crs, name).toBe("EPSG:4326");
    const qml = qmlRenderer(join(outDir, `${name}.qml`));
    expect(layer.renderer, name).toBe(qml.type);
    if (qml.attr !== undefined) expect(layer.attribute, name).toBe(qml.attr);
  }
  // progress came from the CLI's JSON lines: rising to 100 before Processing loads the layers
  const upTo = run.progress.indexOf(100);
  expect(upTo).toBeGreaterThan(0);
  for (let k = 1; k <= upTo; k++) expect(run.progress[k]).toBeGreaterThanOrEqual(run.progress[k - 1]);
}

const hasPython = spawnSync("python3", ["--version"]).status === 0;

describe("scripts/package-qgis-plugin.sh", () => {
  it.skipIf(!hasPython)("zips the plugin deterministically, as one minerisk_provider/ folder with metadata.txt and no bytecode", () => {
    const t = mkdtempSync(join(tmpdir(), "minerisk-qgis-zip-"));
    for (const name of ["a.zip", "b.zip"]) execFileSync("bash", [join(ROOT, "scripts/package-qgis-plugin.sh"), join(t, name)]);
    expect(readFileSync(join(t, "a.zip")).equals(readFileSync(join(t, "b.zip")))).toBe(true);
    const list = execFileSync("python3", ["-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", join(t, "a.zip")], { encoding: "utf8" }).trim().split("\n");
    expect(list.every((f) => f.startsWith("minerisk_provider/"))).toBe(true);
    expect(list).toEqual(expect.arrayContaining(["minerisk_provider/metadata.txt", "minerisk_provider/__init__.py", "minerisk_provider/provider.py", "minerisk_provider/utils.py"]));
    expect(list.filter((f) => f.includes("__pycache__") || f.endsWith(".pyc"))).toEqual([]);
    expect(readFileSync(join(ROOT, "qgis-plugin/minerisk_provider/metadata.txt"), "utf8")).toMatch(/^qgisMinimumVersion=3\.22$/m);
  });
});

describe("QGIS Processing provider, installed from its zip, headless", () => {
  it("QGIS (PyQGIS) and ogr2ogr are available when CI requires them", () => {
    expect((hasQgis && hasOgr) || !required).toBe(true);
  });

  it.skipIf(!hasQgis || !hasOgr)("analyze and route through processing.run give the CLI's layers, counts, CRS and styles; a projected GeoPackage input works; cancel stops the CLI", () => {
    const t = mkdtempSync(join(tmpdir(), "minerisk-qgis-provider-"));
    const zip = join(t, "minerisk_provider.zip");
    execFileSync("bash", [join(ROOT, "scripts/package-qgis-plugin.sh"), zip]);
    const gpkg = join(t, "roads-utm38n.gpkg");
    execFileSync("ogr2ogr", ["-f", "GPKG", "-t_srs", "EPSG:32638", "-nln", "roads", gpkg, join(DATA, "roads.geojson")]);
    const incidentsGpkg = join(t, "incidents-utm38n.gpkg");
    execFileSync("ogr2ogr", ["-f", "GPKG", "-t_srs", "EPSG:32638", "-nln", "incidents", incidentsGpkg, join(DATA, "incidents.geojson")]);
    const inputs = { ROADS: `${gpkg}|layername=roads`, INCIDENTS: join(DATA, "incidents.geojson"), PLACES: join(DATA, "places.geojson") };
    const flags = ["--roads", join(DATA, "roads.geojson"), "--incidents", join(DATA, "incidents.geojson"), "--places", join(DATA, "places.geojson"), "--from", "Shusha", "--to", "Fuzuli", "--quiet"];
    const job = {
      zip,
      plugins: join(t, "profile/python/plugins"),
      cli: CLI,
      node: process.execPath,
      runs: [
        { alg: "minerisk:analyze", params: { ...inputs, FROM: "Shusha", TO: "Fuzuli", OUTPUT_FOLDER: join(t, "qgis-analyze") } },
        { alg: "minerisk:route", params: { ...inputs, FROM: "Shusha", TO: "Fuzuli", OUTPUT_FOLDER: join(t, "qgis-route") } },
        { alg: "minerisk:validate", params: { ROADS: inputs.ROADS, INCIDENTS: `${incidentsGpkg}|layername=incidents` } },
        { alg: "minerisk:analyze", params: { ...inputs, FROM: "Shusha", TO: "Fuzuli", OUTPUT_FOLDER: join(t, "qgis-cancelled") }, cancelAt: 5 },
        { alg: "minerisk:hotspots", params: { ...inputs, CLUSTER_EPS: 3000, OUTPUT_FOLDER: join(t, "qgis-hotspots") } },
        { alg: "minerisk:backtest", params: { CUTOFF: "2022", TEST_YEARS: 1, OUTPUT_FOLDER: join(t, "qgis-backtest") } },
        { alg: "minerisk:density", params: { ...inputs, CELL_SIZE: 1000, CORRIDOR: 2000, KERNEL: 1, OUTPUT_FOLDER: join(t, "qgis-density") } },
      ],
    };
    writeFileSync(join(t, "job.json"), JSON.stringify(job));
    // a private QGIS profile (settings such as the CLI path are saved in it), not the user's
    const profile = { ...env, XDG_DATA_HOME: join(t, "xdg-data"), XDG_CONFIG_HOME: join(t, "xdg-config") };
    const stdout = execFileSync(PY, [join(import.meta.dirname, "qgis-provider-probe.py"), join(t, "job.json")], { env: profile, encoding: "utf8", cwd: t, maxBuffer: 64 << 20 });
    const got = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { provider: string[]; runs: Run[] };
    expect(got.provider.sort()).toEqual(["analyze", "backtest", "density", "hotspots", "route", "validate"].map((a) => `minerisk:${a}`));

    // the CLI itself, on the original GeoJSON in EPSG:4326
    execFileSync(process.execPath, [CLI, "analyze", ...flags, "--out", join(t, "cli-analyze")]);
    execFileSync(process.execPath, [CLI, "route", ...flags.filter((f) => f !== "--quiet"), "--out", join(t, "cli-route")]);
    execFileSync(process.execPath, [CLI, "hotspots", ...flags.filter((f) => !["--from", "--to", "Shusha", "Fuzuli"].includes(f)), "--cluster-eps", "3000", "--out", join(t, "cli-hotspots")]);
    execFileSync(process.execPath, [CLI, "backtest", "--cutoff", "2022", "--test-years", "1", "--out", join(t, "cli-backtest")]);
    execFileSync(process.execPath, [CLI, "density", ...flags.filter((f) => !["--from", "--to", "Shusha", "Fuzuli"].includes(f)), "--cell-size", "1000", "--corridor", "2000", "--kernel", "gaussian", "--out", join(t, "cli-density")]);
    const [analyze, route, validate, cancelled, hotspots, backtest, density] = got.runs;
    expectLikeCli(density, "density", join(t, "cli-density"), join(t, "qgis-density"));
    expectLikeCli(hotspots, "hotspots", join(t, "cli-hotspots"), join(t, "qgis-hotspots"));
    expect(backtest.error, backtest.error).toBeUndefined();
    expect(readFileSync(backtest.results?.BACKTEST_TABLE ?? "", "utf8")).toBe(readFileSync(join(t, "cli-backtest/backtest.md"), "utf8"));
    expectLikeCli(analyze, "analyze", join(t, "cli-analyze"), join(t, "qgis-analyze"));
    expectLikeCli(route, "route", join(t, "cli-route"), join(t, "qgis-route"));
    expect(analyze.layers.find((l) => l.name === "analyze lixels")?.categories).toEqual(expect.arrayContaining(["none recorded", "low", "moderate", "high", "very high"]));

    // the intake report as tables: one row per input (the GeoPackage named as the user gave it), one per issue
    const cliIntake = JSON.parse(readFileSync(join(t, "cli-analyze/intake-report.json"), "utf8")).files as { layer: string; read: number; used: number; issues: unknown[] }[];
    for (const [run, label, incidentsInput] of [[analyze, "analyze", inputs.INCIDENTS], [validate, "validate", `${incidentsGpkg}|layername=incidents`]] as const) {
      const table = run.layers.find((l) => l.name === "Intake report");
      const issues = run.layers.find((l) => l.name === "Intake issues");
      expect(table?.fields, label).toEqual(["input", "layer", "read", "used", "repaired", "rejected", "errors", "warnings"]);
      expect(table?.rows?.map((r) => [r.input, r.layer, r.read, r.used]), label).toEqual([
        [inputs.ROADS, "roads", cliIntake[0].read, cliIntake[0].used],
        [incidentsInput, "incidents", cliIntake[1].read, cliIntake[1].used],
      ]);
      expect(issues?.features, label).toBe(cliIntake[0].issues.length + cliIntake[1].issues.length);
      // messages name the user's layers, never the provider's temporary exports
      for (const row of issues?.rows ?? []) expect(String(row.message), label).not.toMatch(/processing_|minerisk-(analyze|validate)-/);
    }

    // Cancel pressed at 5 %: the CLI is killed, so it never writes its summary and nothing is loaded
    expect(cancelled.canceled).toBe(true);
    expect(cancelled.layers.filter((l) => l.name.startsWith("analyze "))).toEqual([]);
    expect(existsSync(join(t, "qgis-cancelled/summary.json"))).toBe(false);
  }, 120_000);
});
