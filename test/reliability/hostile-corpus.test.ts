/**
 * The hostile corpus (issue 20, test/fixtures/hostile/make-hostile.ts) through the built CLI, each case in
 * its own process under /usr/bin/time -v: the expected exit code and message, never a crash (exit 1 or a
 * stack trace), at most 5 CPU seconds and 500 MB peak RSS. CPU rather than wall time, since 2 cores are
 * shared (STYLE/BRIEF); a wall-clock kill at 60 s still catches a hang.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { LONG_TEXT, SCRIPT, writeHostileCorpus } from "../fixtures/hostile/make-hostile.ts";

const CLI = resolve(import.meta.dirname, "../../dist/cli/main.js");
const TIME = "/usr/bin/time";
const ready = existsSync(CLI) && existsSync(TIME);

function run(args: string[]): { code: number | null; output: string; cpuS: number; rssMb: number } {
  const r = spawnSync(TIME, ["-v", process.execPath, CLI, ...args], { encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 2 ** 20 });
  const stats = r.stderr ?? "";
  const num = (re: RegExp) => Number(re.exec(stats)?.[1] ?? NaN);
  return {
    code: r.status,
    output: `${r.stdout}\n${stats.split("\tCommand being timed")[0]}`,
    cpuS: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/),
    rssMb: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
  };
}

function bounded(r: ReturnType<typeof run>) {
  expect(r.output).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)|Maximum call stack|minerisk: failed/);
  expect(r.cpuS).toBeLessThanOrEqual(5);
  expect(r.rssMb).toBeLessThanOrEqual(500);
}

describe.skipIf(!ready)("the hostile corpus through the CLI (issue 20)", () => {
  const dir = mkdtempSync(join(tmpdir(), "minerisk-hostile-"));
  const cases = writeHostileCorpus(dir);

  for (const c of cases) {
    it(c.name, { timeout: 120_000 }, () => {
      const r = run(c.args);
      expect(r.code, r.output.slice(0, 2000)).toBe(c.code);
      expect(r.output).toMatch(c.expect);
      bounded(r);
      if (!c.out) return;
      // analyze: the map is valid XML, nothing from the data runs in the report, long texts are cut
      // in the report and the map but whole in the layers, formula cells are guarded in the CSV
      const svg = readFileSync(join(c.out, "map.svg"), "utf8");
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(XMLValidator.validate(readFileSync(join(c.out, "risk-profile.svg"), "utf8"))).toBe(true);
      const report = readFileSync(join(c.out, "report.html"), "utf8");
      expect(report).not.toContain(SCRIPT);
      expect(report).not.toContain("<img src=x");
      expect(report).not.toContain(LONG_TEXT.slice(0, 5000));
      expect(report).toContain(LONG_TEXT.slice(0, 1000));
      expect(svg).not.toContain(LONG_TEXT.slice(0, 5000));
      expect(report).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      const layer = JSON.parse(readFileSync(join(c.out, "incidents.geojson"), "utf8")) as { features: { properties: Record<string, unknown> }[] };
      expect(layer.features.some((f) => f.properties.source === LONG_TEXT)).toBe(true);
      expect(readFileSync(join(c.out, "incidents.csv"), "utf8")).toMatch(/'=HYPERLINK|'=1\+1/);
      expect(readFileSync(join(c.out, "intake-report.txt"), "utf8")).toMatch(/\[control-characters\]/);
    });
  }

  it("pipes are read once: process substitution to validate and analyze, /dev/stdin to validate", { timeout: 180_000 }, () => {
    const roads = resolve(import.meta.dirname, "../../data/karabakh/roads.geojson");
    const incidents = resolve(import.meta.dirname, "../../data/karabakh/incidents.geojson");
    const sh = (script: string) => spawnSync("bash", ["-c", script], { encoding: "utf8", timeout: 120_000, env: { ...process.env, CLI, NODE: process.execPath, ROADS: roads, INCIDENTS: incidents } });
    const v = sh('"$NODE" "$CLI" validate --layer roads <(cat "$ROADS")');
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/\/dev\/fd\/\d+ \(roads\): read 3 — used 3/);
    const s = sh('cat "$INCIDENTS" | "$NODE" "$CLI" validate /dev/stdin');
    expect(s.status, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/\/dev\/stdin \(incidents\): read 28 — used 28/);
    const out = join(dir, "out-pipe");
    const a = sh(`"$NODE" "$CLI" analyze --roads <(cat "$ROADS") --out "${out}" --quiet`);
    expect(a.status, a.stderr).toBe(0);
    expect(readFileSync(join(out, "intake-report.txt"), "utf8")).toMatch(/\(roads\): read 3 — used 3/);
  });

  it("a symlinked output folder that leads to the inputs", { timeout: 120_000 }, () => {
    const inDir = join(dir, "inputs");
    mkdirSync(inDir);
    const input = join(inDir, "incidents.geojson");
    const text = JSON.stringify({ type: "FeatureCollection", features: [{ type: "Feature", properties: { id: "s1", date: "2023-09-19" }, geometry: { type: "Point", coordinates: [46.9271, 39.6988] } }] });
    writeFileSync(input, text);
    symlinkSync(inDir, join(dir, "out-link"));
    const r = run(["analyze", "--incidents", input, "--out", join(dir, "out-link"), "--quiet"]);
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/refusing to overwrite the input file/);
    bounded(r);
    expect(readFileSync(input, "utf8")).toBe(text);
  });
});
