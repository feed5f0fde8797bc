import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { geojson as fgb } from "flatgeobuf";
import { describe, expect, it } from "vitest";
import { flatSegmentDistanceM, generateMessyExport } from "../../scripts/lib/messy-export.ts";
import { RISK_DEFAULTS } from "../../src/analyses/risk/risk-defaults.ts";

/**
 * Issue 15 must-show: on the SYNTHETIC messy export (scripts/make-messy-export.ts), `analyze` never writes a
 * layer in which a record lies beyond the largest kernel reach from every road unless the summary's first
 * lines say so; strict mode stops on the nested-and-swapped case. Run through the CLI entry (dist/cli/main.js).
 *
 * The distances here are measured independently of the product (no fitted projection, no lixel index): a
 * local equirectangular projection at each record's latitude, point-to-segment against the raw road
 * vertices (polygons by their vertices). Its error over 300 km is a few per cent; the export puts every
 * record either within 6 km of a road or more than 250 km away, and the test checks that no record lies in
 * the band 20–45 km where such an error could change a verdict.
 */
const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
const ROADS = fileURLToPath(new URL("../../data/karabakh/roads.geojson", import.meta.url));
const REACH_M = RISK_DEFAULTS.regionalBandwidthM; // the model's largest kernel reach (30 km; precision adds < 1 m here)

type Pos = [number, number];
type Feature = { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } };

const segments = (JSON.parse(readFileSync(ROADS, "utf8")) as { features: { geometry: { coordinates: Pos[] } }[] }).features.flatMap((f) => f.geometry.coordinates.slice(1).map((b, k) => [f.geometry.coordinates[k], b] as const));
const roadDistanceM = (p: Pos): number => flatSegmentDistanceM(segments, p, p[1]);
const positions = (g: Feature["geometry"]): Pos[] => (g.type === "Point" ? [g.coordinates as Pos] : g.type === "Polygon" ? (g.coordinates as Pos[][]).flat() : (g.coordinates as Pos[][][]).flat(2));
const featureDistanceM = (f: Feature) => positions(f.geometry).reduce((m, p) => Math.min(m, roadDistanceM(p)), Infinity);

/** Records of a written layer beyond the reach, by this test's own measure, with their distance range. */
function farRecords(features: readonly Feature[]): { count: number; beyond: number; maxKm: number; minKm: number } {
  const d = features.map(featureDistanceM);
  expect(d.filter((m) => m > 20_000 && m < 45_000)).toEqual([]); // no verdict hangs on the measure's error
  return { count: d.length, beyond: d.filter((m) => m > REACH_M).length, maxKm: d.reduce((a, b) => Math.max(a, b), 0) / 1000, minKm: d.reduce((a, b) => Math.min(a, b), Infinity) / 1000 };
}

const readCsvLayer = (file: string): Feature[] =>
  (parse(readFileSync(file, "utf8"), { columns: true }) as Record<string, string>[]).map((row) => ({ properties: { id: row.id }, geometry: { type: "Point", coordinates: [Number(row.lon), Number(row.lat)] } }));
async function readFgbLayer(file: string): Promise<Feature[]> {
  const out: Feature[] = [];
  for await (const f of fgb.deserialize(new Uint8Array(readFileSync(file)))) out.push(f as unknown as Feature);
  return out;
}
/** Every written layer that holds incident or hazard records, in every format written. */
async function recordLayers(out: string): Promise<{ name: string; layer: "incidents" | "hazards"; features: Feature[] }[]> {
  const got: { name: string; layer: "incidents" | "hazards"; features: Feature[] }[] = [];
  for (const layer of ["incidents", "hazards"] as const) {
    if (existsSync(join(out, `${layer}.geojson`))) got.push({ name: `${layer}.geojson`, layer, features: JSON.parse(readFileSync(join(out, `${layer}.geojson`), "utf8")).features });
    if (existsSync(join(out, `${layer}.fgb`))) got.push({ name: `${layer}.fgb`, layer, features: await readFgbLayer(join(out, `${layer}.fgb`)) });
    if (existsSync(join(out, `${layer}.csv`))) got.push({ name: `${layer}.csv`, layer, features: readCsvLayer(join(out, `${layer}.csv`)) });
  }
  return got;
}

const analyze = (args: string[]) => spawnSync(process.execPath, [MAIN, "analyze", "--roads", ROADS, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
const n = (v: number) => v.toLocaleString("en-US");

/**
 * The must-show rule on one run: for each written record layer, a record beyond the reach (by this test's
 * measure) implies that the summary's first lines (right after the title, before anything else) and
 * summary.json state that count and the distance range; none beyond implies no such warning.
 */
async function expectFarRecordsAnnounced(out: string, stdout: string): Promise<number> {
  const lines = stdout.split("\n");
  const head = lines.slice(1, lines.findIndex((l) => l.startsWith("Working CRS:")));
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  let announced = 0;
  const layers = await recordLayers(out);
  expect(layers.length).toBeGreaterThanOrEqual(2);
  for (const { name, layer, features } of layers) {
    const far = farRecords(features);
    const label = layer === "incidents" ? "incidents" : "hazard areas";
    const warning = head.find((l) => l.startsWith("WARNING:") && l.includes(` ${label} lie farther than the model's largest kernel reach`));
    const part = summary.roadDistance[layer];
    expect(part.count, name).toBe(far.count);
    expect(part.beyondReach, name).toBe(far.beyond);
    if (far.beyond === 0) {
      expect(warning, name).toBeUndefined();
      continue;
    }
    announced += far.beyond;
    expect(warning, name).toContain(`WARNING: ${n(far.beyond)} of ${n(far.count)} ${label} lie farther than the model's largest kernel reach (${REACH_M / 1000} km) from every road, up to `);
    const upToKm = Number(warning!.match(/up to ([\d,]+) km/)![1].replace(/,/g, ""));
    expect(Math.abs(upToKm / far.maxKm - 1), name).toBeLessThan(0.03); // the measures differ by < 1 % here
    // the range line of the first lines: the nearest-road distances of each layer, min–max km
    const range = head.find((l) => l.startsWith("Nearest road:"))!.match(new RegExp(`${label} ([\\d.,]+)–([\\d.,]+) km`))!;
    expect(Math.abs(Number(range[2].replace(/,/g, "")) / far.maxKm - 1), name).toBeLessThan(0.03);
    expect(Math.abs(Number(range[1]) - far.minKm), name).toBeLessThan(0.2);
    expect(part.maxM / 1000, name).toBeGreaterThan(far.maxKm * 0.97);
    expect(part.maxM / 1000, name).toBeLessThan(far.maxKm * 1.03);
    expect(part.beyondIds, name).toHaveLength(far.beyond);
  }
  return announced;
}

describe("analyze on the synthetic messy export", () => {
  const dir = mkdtempSync(join(tmpdir(), "minerisk-messy-analyze-"));
  const mx = generateMessyExport(dir, ROADS, 15);
  const files = (prefix: string) => Object.entries(mx.files).filter(([name]) => name.startsWith(prefix)).map(([, f]) => f);

  it("lenient, every file: the 100 incidents and 50 hazard areas ≈ 280 km off are announced first, in every record layer written, and in summary.json", async () => {
    const out = join(dir, "all");
    const r = analyze(["--incidents", ...files("incidents-"), "--hazards", ...files("hazards-"), "--lenient", "--out", out]);
    expect(r.stderr).not.toMatch(/failed|Error/);
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[1]).toMatch(/^WARNING: 100 of 2,786 incidents lie farther than the model's largest kernel reach \(30 km\) from every road, up to 28\d km/);
    expect(lines[2]).toMatch(/^WARNING: 50 of 2,290 hazard areas lie farther than the model's largest kernel reach \(30 km\) from every road, up to 28\d km/);
    expect(lines[3]).toMatch(/^Nearest road: incidents 0\.\d–28\d km .*; hazard areas 0\.\d–28\d km .*; 150 beyond the 30 km kernel reach$/);
    expect((await recordLayers(out)).map((l) => l.name)).toEqual(["incidents.geojson", "incidents.fgb", "incidents.csv", "hazards.geojson", "hazards.fgb"]);
    expect(await expectFarRecordsAnnounced(out, r.stdout)).toBe(3 * 100 + 2 * 50);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.roadDistance.incidents.beyondIds.every((id: string) => id.startsWith("F-"))).toBe(true);
    expect(summary.roadDistance.hazards.beyondIds.every((id: string) => id.startsWith("HF-"))).toBe(true);
    // the intake report says it per file too
    const intake = JSON.parse(readFileSync(join(out, "intake-report.json"), "utf8")).files as { file: string; roadDistance?: { beyondReach: number } }[];
    expect(intake.map((f) => f.roadDistance?.beyondReach ?? 0).reduce((a, b) => a + b)).toBe(150);
    // undated records are counted and named, and never dated 1970; the hazards rejected are counted by cause
    expect([...summary.risk.incidentsUndated].sort()).toEqual([...mx.undatedIds].sort());
    expect(r.stdout).toContain(`  undated: 220 of 2786 (no date is invented: the window comes from the dated ones`);
    expect(r.stdout).not.toContain("1970");
    expect(r.stdout).toContain("Hazard areas: 2,620 given, 330 rejected: 300 no status field (give --mapping); 20 status value not recognised (map it with --mapping); 10 ring with fewer than 3 distinct positions; 2,290 used");
  }, 180_000);

  it("lenient, the nested-and-swapped file: every point unwrapped and swapped back onto the roads, so no warning", async () => {
    const out = join(dir, "nested");
    const r = analyze(["--incidents", mx.files["incidents-nested.geojson"], "--lenient", "--out", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("WARNING");
    expect(await expectFarRecordsAnnounced(out, r.stdout)).toBe(0);
    // the positions written are the planted ones, [lon, lat]: the file held [[lat, lon]]
    const planted = (JSON.parse(readFileSync(mx.files["incidents-nested.geojson"], "utf8")).features as Feature[]).map((f) => [...(f.geometry.coordinates as Pos[])[0]].reverse());
    const written = (JSON.parse(readFileSync(join(out, "incidents.geojson"), "utf8")).features as Feature[]).map((f) => f.geometry.coordinates);
    expect(written).toEqual(planted);
  }, 180_000);

  it("strict (the default), the nested-and-swapped file: exit 2, both repairs of every record listed, naming the axis order; no layer written", () => {
    const out = join(dir, "strict");
    const r = analyze(["--incidents", mx.files["incidents-nested.geojson"], "--out", out, "--quiet"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^minerisk: the input has 1000 problem\(s\):/);
    const issues = r.stderr.split("\n").filter((l) => l.includes("incidents-nested.geojson record "));
    expect(issues.filter((l) => l.includes("[coordinates-too-deep]"))).toHaveLength(500);
    const swapped = issues.filter((l) => l.includes("[swapped-lat-lon]"));
    expect(swapped).toHaveLength(500);
    expect(swapped.every((l) => l.includes("with latitude and longitude swapped") && l.includes("(GeoJSON order is [lon, lat])"))).toBe(true);
    expect(r.stderr).not.toContain("    at "); // no stack trace
    expect(existsSync(join(out, "incidents.geojson"))).toBe(false);
    expect(existsSync(join(out, "summary.json"))).toBe(false);
  });
});
