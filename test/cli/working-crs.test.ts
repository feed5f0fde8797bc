/**
 * The CLI's side of the distance bound (docs/working-crs.md), through the compiled `minerisk analyze`
 * (dist/, built by `npm test`): a study area too wide for 0.1 % exits 2 with the bound, the extent and the
 * flag that would accept it; with that flag it runs and its summary states the bound; a wide east-west strip
 * gets a Lambert conic, which the GeoTIFF writer georeferences.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const MAIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "minerisk-wcrs-"));

function writeLayer(name: string, features: object[]): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ type: "FeatureCollection", features }));
  return path;
}
const line = (id: string, coordinates: number[][]) => ({ type: "Feature", properties: { id, name: id, highway: "primary" }, geometry: { type: "LineString", coordinates } });
// a diagonal road 14° × 14° (≈ 1,300 × 1,550 km box at 35–49° N with the incidents), vertices every 0.05°
const diagonal = writeLayer("diagonal.geojson", [line("diag", Array.from({ length: 281 }, (_, i) => [10 + i * 0.05, 35 + i * 0.05]))]);
// a straight east-west road along 40° N, 10° to 28° E (≈ 1,530 km long, 0 km tall)
const strip = writeLayer("strip.geojson", [line("strip", Array.from({ length: 361 }, (_, i) => [10 + i * 0.05, 40]))]);
const incidents = writeLayer("incidents.geojson", Array.from({ length: 8 }, (_, k) => ({ type: "Feature", properties: { id: `i${k}`, date: "2022-05-01" }, geometry: { type: "Point", coordinates: [10.5 + 2 * k, 40.1] } })));
// --lenient: the incidents lie far from the diagonal road on purpose (they stretch the extent), which strict intake refuses first
const analyze = (...args: string[]) => spawnSync(process.execPath, [MAIN, "analyze", "--lenient", "--incidents", incidents, "--lixel-length", "1000", ...args], { encoding: "utf8" });

describe.skipIf(!existsSync(MAIN))("minerisk analyze and the distance bound", () => {
  it("a 1,300 × 1,550 km area is refused with exit 2, its bound, its extent and the flag that accepts it", () => {
    const r = analyze("--roads", diagonal, "--out", join(dir, "refused"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\[distance-error-bound\]: planar distances in the working CRS .* would be off by up to 0\.\d+ % over the data's extent \(≈ 13\d\d × 15\d\d km, lon 10\.00…24\.50, lat 35\.00…49\.00\)/);
    expect(r.stderr).toMatch(/split the study area/);
    expect(existsSync(join(dir, "refused", "summary.json"))).toBe(false);
  });

  it("accepted with --max-distance-error, the summary says the bound in words and summary.json in numbers", () => {
    const refused = analyze("--roads", diagonal, "--out", join(dir, "refused2"));
    const flag = /--max-distance-error ([\d.]+)/.exec(refused.stderr)?.[1] as string;
    const r = analyze("--roads", diagonal, "--out", join(dir, "accepted"), "--max-distance-error", flag);
    expect(r.status).toBe(0);
    const bound = JSON.parse(readFileSync(join(dir, "accepted", "summary.json"), "utf8")).crs.distanceErrorBound;
    expect(bound).toBeGreaterThan(1e-3);
    expect(bound).toBeLessThanOrEqual(Number(flag));
    expect(r.stdout).toContain(`distances and lengths are planar: within ±${Number((bound * 100).toPrecision(2))} % of the geodesic`);
  });

  it("a 1,530 km east-west strip gets a Lambert conic within 0.1 %, written to density.tif, and no bound line", () => {
    const r = analyze("--roads", strip, "--out", join(dir, "strip"));
    expect(r.status, r.stderr).toBe(0);
    const crs = JSON.parse(readFileSync(join(dir, "strip", "summary.json"), "utf8")).crs;
    expect(crs.definition).toMatch(/^\+proj=lcc/);
    expect(crs.distanceErrorBound).toBeLessThan(1e-4);
    expect(existsSync(join(dir, "strip", "density.tif"))).toBe(true);
    expect(r.stdout).not.toContain("distances and lengths are planar");
  });
});
