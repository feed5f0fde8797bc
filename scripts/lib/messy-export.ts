/**
 * A SYNTHETIC, real-world-shaped mine-action export around the shipped Shusha–Fuzuli roads (data/karabakh/
 * roads.geojson, real) that mixes every intake problem class of issue 15, with the exact outcome and issue
 * counts `validate --lenient --json` must report for each file. The counts are what this generator planted,
 * never what the validator said: test/io/intake/messy-export.test.ts compares the two.
 *
 * Layout: every record sits on its own cell of a 0.005° grid (≈ 430 × 555 m) within 5 km of a road, each
 * dated record on its own day, so no duplicate, near-duplicate, repeated position or far record happens by
 * accident; each class is then a block of planted records. Every record says `synthetic: true`.
 * Deterministic for a seed (src/core/random.ts). Files (all in `dir`):
 * - incidents-main.geojson: 2,000 clean (200 undated), exact duplicates dated (40) and undated (20),
 *   near duplicates (30), repeated positions (30), bad dates (10), unknown devices (10), and 100 dated
 *   ≈ 280 km south of the roads (beyond the 30 km kernel reach: fewer than half, so a warning);
 * - incidents-nested.geojson: 500 points stored [[lat, lon]] (nested and swapped, as a web export wrote them);
 * - incidents-semicolon.csv: 60 rows, BOM, `;`-delimited, decimal commas (Excel where commas are decimals);
 * - incidents-small.csv: 6 rows, 2 with lat and lon swapped (too small for an extent of its own);
 * - incidents-header-only.csv: a header and no rows;
 * - hazards-main.geojson: 2,000 clean squares whose status words span English, Spanish, French and IMSMA,
 *   duplicate (30) and near-duplicate (30) polygons, self-intersecting rings with repeated vertices (20),
 *   spikes (20), unclosed (20), clockwise (20), too short (10), an unknown status (20), 50 far south;
 * - hazards-land.geojson: 300 IMSMA-style land records whose status is in "Land Status" (rejected without
 *   --mapping; all used with data/mappings/imsma-land.json: `withMapping`);
 * - hazards-swapped.geojson: 100 squares written [lat, lon].
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../src/core/random.ts";

/** What the intake must report for one file: outcomes, issues per code, records beyond the kernel reach. */
export interface ExpectedFile {
  read: number;
  used: number;
  repaired: number;
  rejected: number;
  codes: Record<string, number>;
  /** Kept records beyond the model's largest kernel reach from every road (roadDistance.beyondReach). */
  beyondReach: number;
}

export interface MessyExport {
  /** Every file, roads first, by name. */
  files: Record<string, string>;
  /** Per file name, without a mapping. */
  expected: Record<string, ExpectedFile>;
  /** hazards-land.geojson with --hazard-mapping data/mappings/imsma-land.json. */
  withMapping: Record<string, ExpectedFile>;
  /** Undated incident ids the run keeps (base 200 + undated duplicates 20): analyze names them. */
  undatedIds: string[];
}

export type Pos = [number, number];
type Feature = { type: "Feature"; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } };

const STEP = 0.005;
const SIDE = 0.002; // hazard square side, degrees (≈ 170 × 220 m): inside one cell
const FAR_DLAT = -2.5; // ≈ 280 km south: far beyond the 30 km reach and outside the roads' extent
const r5 = (v: number) => Math.round(v * 1e5) / 1e5;
const day = (k: number) => new Date(Date.UTC(2000, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
const point = (properties: Record<string, unknown>, coordinates: unknown): Feature => ({ type: "Feature", properties: { ...properties, synthetic: true }, geometry: { type: "Point", coordinates } });
const polygon = (properties: Record<string, unknown>, rings: unknown): Feature => ({ type: "Feature", properties: { ...properties, synthetic: true }, geometry: { type: "Polygon", coordinates: rings } });
const square = ([x, y]: Pos, s = SIDE): Pos[] => [[x, y], [r5(x + s), y], [r5(x + s), r5(y + s)], [x, r5(y + s)], [x, y]];
const far = ([x, y]: Pos): Pos => [x, r5(y + FAR_DLAT)];
const fc = (features: Feature[]) => `{"type":"FeatureCollection","name":"SYNTHETIC messy export (minerisk scripts/make-messy-export.ts)","features":[\n${features.map((f) => JSON.stringify(f)).join(",\n")}\n]}\n`;
const outcome = (read: number, repaired: number, rejected: number, codes: Record<string, number>, beyondReach = 0): ExpectedFile => ({ read, used: read - repaired - rejected, repaired, rejected, codes, beyondReach });

/**
 * Distance from a lon/lat point to the nearest of `segments`, metres, on a flat approximation at latitude
 * `latDeg` (111,320 m per degree of longitude × cos φ, 110,574 m per degree of latitude): independent of the
 * product's projection, good to well under 1 % over a few km, which is all the generator and its test ask.
 */
export function flatSegmentDistanceM(segments: readonly (readonly [Pos, Pos])[], [x, y]: Pos, latDeg: number): number {
  const kx = 111_320 * Math.cos((latDeg * Math.PI) / 180);
  const ky = 110_574;
  let best = Infinity;
  for (const [a, b] of segments) {
    const [ax, ay, bx, by] = [(a[0] - x) * kx, (a[1] - y) * ky, (b[0] - x) * kx, (b[1] - y) * ky];
    const [dx, dy] = [bx - ax, by - ay];
    const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

/** Grid cells within 5 km of a road segment (and ≥ 100 m off it), in seeded random order. */
function roadCells(roadsFile: string, rand: () => number): Pos[] {
  const lines = (JSON.parse(readFileSync(roadsFile, "utf8")) as { features: { geometry: { coordinates: Pos[] } }[] }).features.map((f) => f.geometry.coordinates);
  const segments = lines.flatMap((l) => l.slice(1).map((b, k) => [l[k], b] as const));
  const distM = (p: Pos) => flatSegmentDistanceM(segments, p, 39.7);
  const cells: Pos[] = [];
  for (let i = Math.round(46.4 / STEP); i <= Math.round(47.6 / STEP); i++)
    for (let j = Math.round(39.3 / STEP); j <= Math.round(40.1 / STEP); j++) {
      const c: Pos = [r5(i * STEP), r5(j * STEP)];
      const d = distM(c);
      if (d >= 100 && d <= 5000) cells.push(c);
    }
  for (let k = cells.length - 1; k > 0; k--) {
    const j = Math.floor(rand() * (k + 1));
    [cells[k], cells[j]] = [cells[j], cells[k]];
  }
  return cells;
}

const DEVICES = ["AT mine", "AP mine", "UXO", "IED", "cluster munition", "unknown"];
/** Status words the built-in vocabulary reads (English, Spanish, French, IMSMA): none is an issue. */
const STATUS_WORDS = ["CHA", "SHA", "suspected", "suspect", "confirmed", "cleared", "released", "canceled", "Suspected Hazardous Area", "Confirmed Hazardous Area", "Technical Survey", "Non-Technical Survey", "Reduced", "Cancelled", "sospechosa", "confirmada", "despejada", "liberada", "cancelada", "reducida", "suspecte", "confirmée", "dépolluée", "libérée", "annulée", "réduite"];
/** "Land Status" values of the IMSMA-style land file: vocabulary words and the mapping's own values. */
const LAND_WORDS = ["Suspected Hazardous Area", "Confirmed Hazardous Area", "SHA", "CHA", "Cancelled", "Reduced", "Cleared", "Released by NTS", "Released by TS", "Released by Clearance"];

/** Write the export into `dir` (which must exist) and return its files and the expected reports. */
export function generateMessyExport(dir: string, roadsFile: string, seed = 15): MessyExport {
  const rand = seededRandom(seed);
  const cells = roadCells(roadsFile, rand);
  let nextCell = 0;
  const cell = (): Pos => {
    if (nextCell >= cells.length) throw new Error("messy export: out of grid cells near the roads");
    return cells[nextCell++];
  };
  let nextDay = 0;
  const date = () => day(nextDay++);
  const text: Record<string, string> = {};
  const expected: Record<string, ExpectedFile> = {};

  // incidents-main.geojson
  const base: Feature[] = Array.from({ length: 2000 }, (_, k) =>
    point({ id: `INC-${k}`, ...(k % 10 === 3 ? {} : { date: date() }), device: DEVICES[Math.floor(rand() * DEVICES.length)], killed: Math.floor(rand() * 3), injured: Math.floor(rand() * 4), locationPrecisionM: 100 }, cell()));
  const dated = base.filter((f) => f.properties.date);
  const undated = base.filter((f) => !f.properties.date);
  const copy = (f: Feature, id: string, extra: Record<string, unknown> = {}, at?: Pos) => point({ ...f.properties, id, ...extra }, at ?? f.geometry.coordinates);
  const main: Feature[] = [...base];
  for (let k = 0; k < 40; k++) main.push(copy(dated[k], `DUP-${k}`)); // duplicate-incident, dated
  for (let k = 0; k < 20; k++) main.push(copy(undated[k], `UDUP-${k}`)); // duplicate-incident, undated
  for (let k = 0; k < 30; k++) {
    const [x, y] = dated[100 + k].geometry.coordinates as Pos; // possible-duplicate: ≈ 2.6 m away
    main.push(copy(dated[100 + k], `NEAR-${k}`, {}, [r5(x + 0.00003), y]));
  }
  for (let k = 0; k < 30; k++) main.push(copy(dated[200 + k], `REP-${k}`, { date: day(-4000 - k) })); // repeated-position
  for (let k = 0; k < 10; k++) main.push(point({ id: `BADDATE-${k}`, date: `31/02/20${10 + k}`, device: "AT mine" }, cell()));
  for (let k = 0; k < 10; k++) main.push(point({ id: `BADDEV-${k}`, date: date(), device: "landmine-ish" }, cell()));
  for (let k = 0; k < 100; k++) main.push(point({ id: `F-${k}`, date: date(), device: "AT mine", locationPrecisionM: 100 }, far(cell())));
  text["incidents-main.geojson"] = fc(main);
  expected["incidents-main.geojson"] = outcome(main.length, 0, 20, { "duplicate-incident": 60, "possible-duplicate": 30, "repeated-position": 30, "invalid-date": 10, "unknown-device": 10, "far-from-roads": 1, "outlier-position": 100 }, 100);

  // incidents-nested.geojson: [[lat, lon]]
  text["incidents-nested.geojson"] = fc(Array.from({ length: 500 }, (_, k) => { const [x, y] = cell(); return point({ id: `N-${k}`, date: date(), device: "UXO" }, [[y, x]]); }));
  expected["incidents-nested.geojson"] = outcome(500, 500, 0, { "coordinates-too-deep": 500, "swapped-lat-lon": 500 });

  // CSVs
  const comma = (v: number) => String(v).replace(".", ",");
  const semi = Array.from({ length: 60 }, (_, k) => { const [x, y] = cell(); return `S-${k};${date()};anti-tank;${comma(y)};${comma(x)};true`; });
  text["incidents-semicolon.csv"] = `\uFEFFid;date;device;lat;lon;synthetic\n${semi.join("\n")}\n`;
  expected["incidents-semicolon.csv"] = outcome(60, 0, 0, { "decimal-comma": 1 });
  const small = Array.from({ length: 6 }, (_, k) => { const [x, y] = cell(); return k < 2 ? `W-${k},${date()},${x},${y},true` : `W-${k},${date()},${y},${x},true`; });
  text["incidents-small.csv"] = `id,date,lat,lon,synthetic\n${small.join("\n")}\n`;
  expected["incidents-small.csv"] = outcome(6, 2, 0, { "swapped-lat-lon": 2 });
  text["incidents-header-only.csv"] = "id,date,lat,lon,synthetic\n";
  expected["incidents-header-only.csv"] = outcome(0, 0, 0, { "header-only": 1 });

  // hazards-main.geojson
  const hz: Feature[] = Array.from({ length: 2000 }, (_, k) => polygon({ id: `HZ-${k}`, status: STATUS_WORDS[k % STATUS_WORDS.length], organisation: `operator ${k % 7}` }, [square(cell())]));
  const hzMain: Feature[] = [...hz];
  for (let k = 0; k < 30; k++) hzMain.push({ ...hz[k * 37], properties: { ...hz[k * 37].properties, id: `HDUP-${k}` } }); // duplicate-hazard
  for (let k = 0; k < 30; k++) {
    // possible-duplicate-hazard: shifted by 1 % of the side, IoU = 0.99 / 1.01 = 0.980 ≥ 0.95
    const f = hz[1100 + k * 29];
    const [x, y] = (f.geometry.coordinates as Pos[][])[0][0];
    hzMain.push(polygon({ ...f.properties, id: `HNEAR-${k}` }, [square([r5(x + SIDE / 100), y])]));
  }
  for (let k = 0; k < 20; k++) {
    // a bow tie with repeated vertices: repeated-vertex + self-intersection, repaired
    const [x, y] = cell();
    const [x1, y1] = [r5(x + SIDE), r5(y + SIDE)];
    hzMain.push(polygon({ id: `BOW-${k}`, status: "CHA" }, [[[x, y], [x1, y1], [x1, y1], [x1, y], [x, y1], [x, y1], [x, y]]]));
  }
  for (let k = 0; k < 20; k++) {
    // a zero-area tip out and back along one edge line: spike, repaired
    const [x, y] = cell();
    const [x1, y1] = [r5(x + SIDE), r5(y + SIDE)];
    hzMain.push(polygon({ id: `SPIKE-${k}`, status: "SHA" }, [[[x, y], [x1, y], [x1, y1], [x1, r5(y1 + SIDE)], [x1, y1], [x, y1], [x, y]]]));
  }
  for (let k = 0; k < 20; k++) hzMain.push(polygon({ id: `OPEN-${k}`, status: "SHA" }, [square(cell()).slice(0, -1)]));
  for (let k = 0; k < 20; k++) hzMain.push(polygon({ id: `CW-${k}`, status: "CHA" }, [square(cell()).reverse()]));
  for (let k = 0; k < 10; k++) { const [x, y] = cell(); hzMain.push(polygon({ id: `SHORT-${k}`, status: "CHA" }, [[[x, y], [r5(x + SIDE), y], [x, y]]])); }
  for (let k = 0; k < 20; k++) hzMain.push(polygon({ id: `BADST-${k}`, status: "peligrosa" }, [square(cell())]));
  for (let k = 0; k < 50; k++) hzMain.push(polygon({ id: `HF-${k}`, status: "SHA" }, [square(far(cell()))]));
  text["hazards-main.geojson"] = fc(hzMain);
  expected["hazards-main.geojson"] = outcome(hzMain.length, 80, 30, { "duplicate-hazard": 30, "possible-duplicate-hazard": 30, "repeated-vertex": 20, "self-intersection": 20, spike: 20, "unclosed-ring": 20, "wrong-winding": 20, "ring-too-short": 10, "invalid-status": 20, "far-from-roads": 1, "outlier-position": 50 }, 50);

  // hazards-land.geojson: the status in "Land Status", as IMSMA land exports keep it
  text["hazards-land.geojson"] = fc(Array.from({ length: 300 }, (_, k) => polygon({ "Hazard ID": `LAND-${k}`, "Land Status": LAND_WORDS[k % LAND_WORDS.length], Organisation: `operator ${k % 5}` }, [square(cell())])));
  expected["hazards-land.geojson"] = outcome(300, 0, 300, { "missing-status": 300 });
  const withMapping = { "hazards-land.geojson": outcome(300, 0, 0, {}) };

  // hazards-swapped.geojson: [lat, lon] squares
  text["hazards-swapped.geojson"] = fc(Array.from({ length: 100 }, (_, k) => polygon({ id: `HS-${k}`, status: "suspected" }, [square(cell()).map(([a, b]) => [b, a])])));
  expected["hazards-swapped.geojson"] = outcome(100, 100, 0, { "swapped-lat-lon": 100 });

  // the roads are real and clean: every feature used, no issue
  const roadFeatures = (JSON.parse(readFileSync(roadsFile, "utf8")) as { features: unknown[] }).features.length;
  expected["roads.geojson"] = outcome(roadFeatures, 0, 0, {});
  const files: Record<string, string> = { "roads.geojson": roadsFile };
  for (const [name, t] of Object.entries(text)) writeFileSync((files[name] = join(dir, name)), t);
  const undatedIds = [...undated.map((f) => String(f.properties.id)), ...Array.from({ length: 20 }, (_, k) => `UDUP-${k}`)];
  writeFileSync(join(dir, "expected.json"), `${JSON.stringify({ synthetic: true, seed, expected, withMapping, undated: undatedIds.length }, null, 2)}\n`);
  return { files, expected, withMapping, undatedIds };
}
