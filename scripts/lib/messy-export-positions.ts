/**
 * A real-world-shaped, SYNTHETIC mine-action export around the shipped Shusha–Fuzuli roads (data/karabakh/
 * roads.geojson, real), mixing the intake classes of issue 15 items 1, 2, 4 and 7 in known numbers, so
 * `validate --lenient --json` on it must give exactly `expectedCodes`. Every record is labelled
 * `synthetic: true`. Deterministic: positions come from seededRandom(seed) only.
 *
 * Files (all in `dir`):
 * - incidents-main.geojson: 1,500 Points — 1,200 dated near the roads (≤ ≈ 450 m off a segment), 200
 *   undated near the roads, 100 dated ≈ 280 km south of them (beyond the 30 km reach: one far-from-roads
 *   warning, fewer than half of the file);
 * - incidents-nested.geojson: 500 Points stored as [[lat, lon]] (an IMSMA-style web export): each one
 *   coordinates-too-deep and swapped-lat-lon;
 * - incidents-semicolon.csv: 60 rows, `;`-delimited, decimal commas (one decimal-comma warning);
 * - incidents-small.csv: 6 rows, 2 with lat and lon swapped (swapped-lat-lon, found against the roads);
 * - incidents-header-only.csv: a header and no rows (header-only);
 * - hazards-main.geojson: 1,950 squares of ≈ 220 m near the roads plus 50 ≈ 280 km south (one
 *   far-from-roads warning);
 * - hazards-swapped.geojson: 100 squares written [lat, lon] (swapped-lat-lon each).
 * Classes of the other items (hazard mapping, duplicates, polygon repair) are not in it yet.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../src/core/random.ts";

type Pos = [number, number];

/** The issue codes, and how many of each, that `validate --lenient --json` must report on the export. */
export const EXPECTED_CODES: Readonly<Record<string, number>> = {
  "coordinates-too-deep": 500,
  "swapped-lat-lon": 500 + 2 + 100,
  "far-from-roads": 2,
  "outlier-position": 100 + 50, // the far records are also lone points far outside their layer's extent
  "decimal-comma": 1,
  "header-only": 1,
};

/** Write the export into `dir` (which must exist); returns the file names, roads first. */
export function writeMessyExport(dir: string, roadsFile: string, seed = 15): string[] {
  const rand = seededRandom(seed);
  const lines = (JSON.parse(readFileSync(roadsFile, "utf8")) as { features: { geometry: { coordinates: Pos[] } }[] }).features.map((f) => f.geometry.coordinates);
  const segments = lines.flatMap((l) => l.slice(1).map((b, k) => [l[k], b] as [Pos, Pos]));
  const r5 = (v: number) => Math.round(v * 1e5) / 1e5;
  /** A point on a random segment, moved up to ±0.004° (≈ 450 m) in each axis. */
  const near = (): Pos => {
    const [a, b] = segments[Math.floor(rand() * segments.length)];
    const t = rand();
    return [r5(a[0] + t * (b[0] - a[0]) + (rand() - 0.5) * 0.008), r5(a[1] + t * (b[1] - a[1]) + (rand() - 0.5) * 0.008)];
  };
  const far = (): Pos => {
    const [x, y] = near();
    return [x, r5(y - 2.5)]; // ≈ 280 km south: outside the roads' extent both ways
  };
  const date = () => `20${String(15 + Math.floor(rand() * 9)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 12)).padStart(2, "0")}-${String(1 + Math.floor(rand() * 28)).padStart(2, "0")}`;
  const point = (id: string, coordinates: unknown, dated: boolean) => ({ type: "Feature", id, properties: { ...(dated ? { date: date() } : {}), device: "anti-tank", synthetic: true }, geometry: { type: "Point", coordinates } });
  // squares sit on distinct cells of a 0.0025° grid, so no two overlap and no duplicate or near-duplicate
  // hazard is planted by accident (the intake reports those: issue 15 item 5)
  const usedCells = new Set<string>();
  const cell = (at: () => Pos): Pos => {
    for (;;) {
      const [px, py] = at();
      const cx = Math.round(px / 0.0025);
      const cy = Math.round(py / 0.0025);
      if (usedCells.has(`${cx},${cy}`)) continue;
      usedCells.add(`${cx},${cy}`);
      return [r5(cx * 0.0025), r5(cy * 0.0025)];
    }
  };
  const square = (id: string, at: () => Pos, swapped: boolean) => {
    const [x, y] = cell(at);
    const s = 0.002;
    const ring: Pos[] = [[x, y], [r5(x + s), y], [r5(x + s), r5(y + s)], [x, r5(y + s)], [x, y]];
    return { type: "Feature", id, properties: { status: rand() < 0.5 ? "confirmed" : "suspected", synthetic: true }, geometry: { type: "Polygon", coordinates: [swapped ? ring.map(([a, b]) => [b, a]) : ring] } };
  };
  const fc = (features: unknown[]) => `${JSON.stringify({ type: "FeatureCollection", features }, null, 0)}\n`;
  const files: Record<string, string> = {};
  files["incidents-main.geojson"] = fc([
    ...Array.from({ length: 1200 }, (_, k) => point(`M-${k}`, near(), true)),
    ...Array.from({ length: 200 }, (_, k) => point(`U-${k}`, near(), false)),
    ...Array.from({ length: 100 }, (_, k) => point(`F-${k}`, far(), true)),
  ]);
  files["incidents-nested.geojson"] = fc(Array.from({ length: 500 }, (_, k) => point(`N-${k}`, [[...near()].reverse()], true)));
  const comma = (v: number) => String(v).replace(".", ",");
  files["incidents-semicolon.csv"] = `id;date;device;lat;lon;synthetic\n${Array.from({ length: 60 }, (_, k) => { const [x, y] = near(); return `S-${k};${date()};anti-tank;${comma(y)};${comma(x)};true`; }).join("\n")}\n`;
  files["incidents-small.csv"] = `id,date,lat,lon,synthetic\n${Array.from({ length: 6 }, (_, k) => { const [x, y] = near(); return k < 2 ? `W-${k},${date()},${x},${y},true` : `W-${k},${date()},${y},${x},true`; }).join("\n")}\n`;
  files["incidents-header-only.csv"] = "id,date,lat,lon\n";
  files["hazards-main.geojson"] = fc([...Array.from({ length: 1950 }, (_, k) => square(`H-${k}`, near, false)), ...Array.from({ length: 50 }, (_, k) => square(`HF-${k}`, far, false))]);
  files["hazards-swapped.geojson"] = fc(Array.from({ length: 100 }, (_, k) => square(`HS-${k}`, near, true)));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return [roadsFile, ...Object.keys(files).map((n) => join(dir, n))];
}
