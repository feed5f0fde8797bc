/**
 * A SYNTHETIC, real-world-shaped mine-action export that mixes every intake problem class of issue 15,
 * with the exact count of each issue code the intake must report (`validate --lenient --json`). The
 * counts are what this generator planted, never what the validator said: the test compares the two.
 *
 * Layout: a base of clean records on a grid (no two within 500 m, unique dates, so no accidental
 * duplicate, near-duplicate or repeated position), then each class as a block of extra records. Every
 * record says `synthetic: true`. Deterministic for a seed (src/core/random.ts).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../src/core/random.ts";

/** What the intake must report for one file: outcome counts and the number of issues per code. */
export interface ExpectedFile {
  read: number;
  used: number;
  repaired: number;
  rejected: number;
  codes: Record<string, number>;
}

export interface MessyExport {
  files: Record<string, string>;
  expected: Record<string, ExpectedFile>;
}

type Feature = { type: "Feature"; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } };
type LonLat = [number, number];

/** The study box: Karabakh-like, 46.6–47.6 E, 39.3–39.95 N. */
const LON0 = 46.6;
const LAT0 = 39.3;
const STEP = 0.005; // grid step, degrees (≈ 430–560 m): more than any precision or square used below
const COLS = 200;

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;
const cellAt = (k: number): LonLat => [round5(LON0 + STEP * (k % COLS)), round5(LAT0 + STEP * Math.floor(k / COLS))];
const day = (k: number) => new Date(Date.UTC(2000, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
const point = (properties: Record<string, unknown>, c: LonLat): Feature => ({ type: "Feature", properties: { synthetic: true, ...properties }, geometry: { type: "Point", coordinates: c } });
const polygon = (properties: Record<string, unknown>, rings: LonLat[][]): Feature => ({ type: "Feature", properties: { synthetic: true, ...properties }, geometry: { type: "Polygon", coordinates: rings } });

/** A counter-clockwise square ring of side `side` degrees at a corner, closed. */
function square([x, y]: LonLat, side: number): LonLat[] {
  return [[x, y], [round5(x + side), y], [round5(x + side), round5(y + side)], [x, round5(y + side)], [x, y]];
}

const DEVICES = ["AT mine", "AP mine", "UXO", "IED", "cluster munition", "unknown"];
/** The status words the built-in vocabulary reads (English, Spanish, French, IMSMA): none is an issue. */
const STATUS_WORDS = ["CHA", "SHA", "suspected", "confirmed", "cleared", "Suspected Hazardous Area", "Confirmed Hazardous Area", "Technical Survey", "Non-Technical Survey", "Reduced", "Cancelled", "sospechosa", "confirmada", "despejada", "liberada", "suspecte", "confirmée", "dépolluée", "annulée", "réduite"];

/** Incidents: 2,000 clean (of which 60 undated) plus each incident class. */
function incidents(rand: () => number): { features: Feature[]; expected: ExpectedFile } {
  const base: Feature[] = [];
  for (let k = 0; k < 2000; k++) {
    const undated = k % 33 === 7 && base.filter((f) => !f.properties.date).length < 60;
    base.push(point({ id: `INC-${k}`, ...(undated ? {} : { date: day(k) }), device: DEVICES[Math.floor(rand() * DEVICES.length)], killed: Math.floor(rand() * 3), injured: Math.floor(rand() * 4), locationPrecisionM: 100 }, cellAt(k)));
  }
  const undatedBase = base.filter((f) => !f.properties.date);
  const datedBase = base.filter((f) => f.properties.date);
  const copy = (f: Feature, id: string, extra: Record<string, unknown> = {}, at?: LonLat) => point({ ...f.properties, id, ...extra }, at ?? (f.geometry.coordinates as LonLat));
  const extra: Feature[] = [];
  // duplicate-incident, dated: the same event entered twice under a new id (kept, warned)
  for (let k = 0; k < 40; k++) extra.push(copy(datedBase[k * 11], `DUP-${k}`));
  // duplicate-incident, undated: every attribute but the id equal (kept, warned)
  for (let k = 0; k < 20; k++) extra.push(copy(undatedBase[k], `UDUP-${k}`));
  // possible-duplicate: same event ~3 m away (within both 100 m precisions)
  for (let k = 0; k < 30; k++) {
    const f = datedBase[k * 13 + 5];
    const [x, y] = f.geometry.coordinates as LonLat;
    extra.push(copy(f, `NEAR-${k}`, {}, [round5(x + 0.00003), y]));
  }
  // repeated-position: another event (its own date, 1990s) at the exact position of a base record
  for (let k = 0; k < 30; k++) extra.push(copy(datedBase[k * 17 + 3], `REP-${k}`, { date: day(-4000 - k) }));
  // invalid-date and unknown-device: rejected
  for (let k = 0; k < 10; k++) extra.push(point({ id: `BADDATE-${k}`, date: `31/02/20${10 + k}`, device: "AT mine" }, cellAt(2000 + k)));
  for (let k = 0; k < 10; k++) extra.push(point({ id: `BADDEV-${k}`, date: day(3000 + k), device: "landmine-ish" }, cellAt(2010 + k)));
  // h6 slots (issue 15 items 1, 2, 4): add them here once h6's codes are merged, with their counts below
  // - over-nested [[lat, lon]] positions: coordinates-too-deep + swapped-lat-lon (both repaired)
  // - swapped axes in a small file: swapped-lat-lon
  // - undated records: the 60 undated base records above (+ 20 undated duplicates) get h6's undated code
  // - far-from-road records: need a roads file beside the export (h6's cross-layer check)
  const features = [...base, ...extra];
  return {
    features,
    expected: { read: features.length, used: features.length - 20, repaired: 0, rejected: 20, codes: { "duplicate-incident": 60, "possible-duplicate": 30, "repeated-position": 30, "invalid-date": 10, "unknown-device": 10 } },
  };
}

/** Hazard areas: 2,000 clean squares (statuses in every language) plus each hazard class. */
function hazards(): { features: Feature[]; expected: ExpectedFile } {
  const side = 0.002; // ≈ 170 × 220 m, inside one grid cell
  const at = (k: number) => cellAt(k + 4000); // rows clear of nothing else: hazards are their own layer
  const base: Feature[] = [];
  for (let k = 0; k < 2000; k++) base.push(polygon({ id: `HZ-${k}`, status: STATUS_WORDS[k % STATUS_WORDS.length], organisation: `operator ${k % 7}` }, [square(at(k), side)]));
  const extra: Feature[] = [];
  let n = 2000;
  const next = () => at(n++);
  // missing-status: the status kept in "Land Status" (give --mapping): rejected
  for (let k = 0; k < 60; k++) extra.push(polygon({ id: `LAND-${k}`, "Land Status": "Suspected Hazardous Area" }, [square(next(), side)]));
  // invalid-status: rejected
  for (let k = 0; k < 20; k++) extra.push(polygon({ id: `BADST-${k}`, status: "peligrosa" }, [square(next(), side)]));
  // duplicate-hazard: the same polygon and attributes under a new id (kept, warned)
  for (let k = 0; k < 30; k++) extra.push({ ...base[k * 37], properties: { ...base[k * 37].properties, id: `HDUP-${k}` } });
  // possible-duplicate-hazard: shifted by 1 % of the side: IoU = 0.99 / 1.01 = 0.980 ≥ 0.95 (kept, warned)
  for (let k = 0; k < 30; k++) {
    const [x, y] = (base[k * 41 + 1].geometry.coordinates as LonLat[][])[0][0];
    extra.push(polygon({ ...base[k * 41 + 1].properties, id: `HNEAR-${k}` }, [square([round5(x + side / 100), y], side)]));
  }
  // self-intersecting rings with repeated vertices (bow ties): repeated-vertex + self-intersection, repaired
  for (let k = 0; k < 20; k++) {
    const [x, y] = next();
    const [x1, y1] = [round5(x + side), round5(y + side)];
    extra.push(polygon({ id: `BOW-${k}`, status: "CHA" }, [[[x, y], [x1, y1], [x1, y1], [x1, y], [x, y1], [x, y1], [x, y]]]));
  }
  // spike: a zero-area tip out and back along one edge line, cut (repaired)
  for (let k = 0; k < 20; k++) {
    const [x, y] = next();
    const [x1, y1] = [round5(x + side), round5(y + side)];
    extra.push(polygon({ id: `SPIKE-${k}`, status: "SHA" }, [[[x, y], [x1, y], [x1, y1], [x1, round5(y1 + side)], [x1, y1], [x, y1], [x, y]]]));
  }
  // unclosed-ring (repaired), wrong-winding (clockwise, repaired warning), ring-too-short (rejected)
  for (let k = 0; k < 20; k++) extra.push(polygon({ id: `OPEN-${k}`, status: "SHA" }, [square(next(), side).slice(0, -1)]));
  for (let k = 0; k < 20; k++) extra.push(polygon({ id: `CW-${k}`, status: "CHA" }, [square(next(), side).reverse()]));
  for (let k = 0; k < 10; k++) {
    const [x, y] = next();
    extra.push(polygon({ id: `SHORT-${k}`, status: "CHA" }, [[[x, y], [round5(x + side), y], [x, y]]]));
  }
  const features = [...base, ...extra];
  const codes = { "missing-status": 60, "invalid-status": 20, "duplicate-hazard": 30, "possible-duplicate-hazard": 30, "repeated-vertex": 20, "self-intersection": 20, spike: 20, "unclosed-ring": 20, "wrong-winding": 20, "ring-too-short": 10 };
  const rejected = 60 + 20 + 10;
  const repaired = 20 + 20 + 20 + 20; // bow ties, spikes, unclosed, clockwise
  return { features, expected: { read: features.length, used: features.length - rejected - repaired, repaired, rejected, codes } };
}

const fc = (features: Feature[]) => `{"type":"FeatureCollection","name":"SYNTHETIC messy export (minerisk scripts/generate-messy-export.ts)","features":[\n${features.map((f) => JSON.stringify(f)).join(",\n")}\n]}\n`;

/**
 * Write the export into `dir` (incidents.geojson, hazards.geojson, expected.json) and return the paths and
 * the expected report. The h6 classes (CSV with a BOM and semicolons, header-only CSV, over-nested and
 * swapped positions, undated and far-from-road records) have marked slots: see incidents().
 */
export function generateMessyExport(dir: string, seed = 15): MessyExport {
  const rand = seededRandom(seed);
  const inc = incidents(rand);
  const hz = hazards();
  const files = { incidents: join(dir, "incidents.geojson"), hazards: join(dir, "hazards.geojson") };
  writeFileSync(files.incidents, fc(inc.features));
  writeFileSync(files.hazards, fc(hz.features));
  const expected = { "incidents.geojson": inc.expected, "hazards.geojson": hz.expected };
  writeFileSync(join(dir, "expected.json"), `${JSON.stringify({ synthetic: true, seed, expected }, null, 2)}\n`);
  return { files, expected };
}
