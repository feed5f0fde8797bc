import { maxOf, minOf } from "../../core/math.ts";
import type { Tally } from "./tally.ts";
import { swapAgainstReference } from "./axis-order.ts";
import { describeZoneGuess, guessUtmZones } from "./utm-zone.ts";
import type { IssueCode } from "../../core/issue-codes.ts";
import { valuesAtRanks } from "../../core/order-statistic.ts";

/** A record's positions ([x, y] arrays, changed in place by repairs), and where to report about it. */
export interface Positioned {
  tally: Tally;
  record: number;
  field: string;
  positions: number[][];
  /** Place names the record gives (for the UTM zone guess of a file in metres); optional. */
  names?: string[];
  /** Fields to name for x and y problems when they differ (CSV columns); default `field`. */
  axisFields?: { x: string; y: string };
}

const fieldOf = (it: Positioned, axis: "x" | "y") => it.axisFields?.[axis] ?? it.field;

export type BBox = [number, number, number, number];

/** A file needs at least this many records in range before a lone far point is judged against the rest. */
export const MIN_RECORDS_FOR_EXTENT = 10;

/**
 * Check positions across a whole layer (every file of it), after any CRS conversion, and record issues:
 * - any value beyond ±1000: projected metres, not degrees → `out-of-range`, rejected, with a UTM zone
 *   guess (utm-zone.ts);
 * - latitude beyond ±90 but valid when swapped → `swapped-lat-lon`, repaired by swapping;
 * - other values outside WGS84 → `out-of-range`, rejected;
 * - in range, but a lone record far outside the extent of the rest of the layer (robust 5–95 % extent,
 *   widened by its own size and at least 1°): if flipping a sign brings it inside → `lost-minus-sign`,
 *   repaired; if swapping does → `swapped-lat-lon`, repaired; otherwise `outlier-position`, kept (warning);
 * - with a reference extent (the roads of the run), first: in range but outside it and inside it swapped →
 *   `swapped-lat-lon`, repaired (axis-order.ts) — a whole layer written [lat, lon], or a small file.
 * Rejected records are marked in their tally; callers build records only from the others.
 */
export function checkPositions(items: readonly Positioned[], referenceExtent?: readonly number[]): void {
  const inRange: Positioned[] = [];
  const swapped: Positioned[] = [];
  const metres = new Map<Tally, Positioned[]>();
  for (const it of items) {
    if (it.positions.some(([x, y]) => Math.abs(x) > 1000 || Math.abs(y) > 1000)) {
      // one list per file, appended in place (a spread here copied the list for every record: O(n²))
      const list = metres.get(it.tally);
      if (list) list.push(it);
      else metres.set(it.tally, [it]);
    } else if (it.positions.every(([x, y]) => Math.abs(x) <= 180 && Math.abs(y) <= 90)) {
      inRange.push(it);
    } else if (it.positions.every(([x, y]) => Math.abs(y) <= 180 && Math.abs(x) <= 90)) {
      swapped.push(it);
    } else {
      outOfRange(it);
    }
  }
  if (referenceExtent) swapAgainstReference(inRange, referenceExtent);
  // A latitude beyond ±90 that fits as a longitude is a swap only if, swapped, it sits with the rest.
  const core = robustExtent(inRange);
  const near = core?.widened ?? simpleExtent(inRange);
  for (const it of swapped) {
    const fits = near ? it.positions.every(([x, y]) => inside(near, y, x)) : it.positions.every(([, y]) => Math.abs(y) > 90);
    if (!fits) {
      outOfRange(it);
      continue;
    }
    const [x, y] = it.positions.find(([, lat]) => Math.abs(lat) > 90) ?? it.positions[0];
    it.tally.error(it.record, fieldOf(it, "y"), "swapped-lat-lon", `position [${x}, ${y}] has latitude ${y} beyond ±90°: latitude and longitude are swapped (GeoJSON order is [lon, lat])${near ? ", and swapped it lies with the rest of the layer" : ""}; lenient mode swaps them`, "repaired");
    for (const p of it.positions) [p[0], p[1]] = [p[1], p[0]];
  }
  for (const [tally, list] of metres) reportMetres(tally, list, referenceExtent ?? core?.box);
  if (core) checkLoners(inRange, core.widened);
}

function outOfRange(it: Positioned): void {
  const [x, y] = it.positions.find(([lon, lat]) => Math.abs(lon) > 180 || Math.abs(lat) > 90) ?? it.positions[0];
  it.tally.error(it.record, fieldOf(it, Math.abs(y) > 90 ? "y" : "x"), "out-of-range", `position [${x}, ${y}] is outside WGS84 lon/lat ranges (longitude ±180°, latitude ±90°)${Math.abs(y) > 90 && Math.abs(y) <= 180 ? "; swapped it would not lie with the rest of the layer either" : ""}`);
}

/** Bounding box of a few records' centres, widened by its own size and at least 1°; undefined for none. */
function simpleExtent(items: Positioned[]): BBox | undefined {
  if (items.length === 0) return undefined;
  const cs = items.map(centre);
  const b: BBox = [minOf(cs.map((c) => c[0])), minOf(cs.map((c) => c[1])), maxOf(cs.map((c) => c[0])), maxOf(cs.map((c) => c[1]))];
  const mx = Math.max(1, b[2] - b[0]);
  const my = Math.max(1, b[3] - b[1]);
  return [b[0] - mx, b[1] - my, b[2] + mx, b[3] + my];
}

function reportMetres(tally: Tally, list: Positioned[], reference: readonly number[] | undefined): void {
  const xs = list.map((it) => it.positions[0][0]).sort((a, b) => a - b);
  const ys = list.map((it) => it.positions[0][1]).sort((a, b) => a - b);
  const median: [number, number] = [xs[xs.length >> 1], ys[ys.length >> 1]];
  const names = list.flatMap((it) => it.names ?? []);
  const guess = guessUtmZones(median, { reference, names, file: tally.file });
  const hint = describeZoneGuess(guess, median);
  for (const it of list) {
    const [x, y] = it.positions.find(([a, b]) => Math.abs(a) > 1000 || Math.abs(b) > 1000) ?? it.positions[0];
    it.tally.error(it.record, fieldOf(it, Math.abs(y) > 1000 ? "y" : "x"), "out-of-range", `position [${x}, ${y}] is outside WGS84 lon/lat ranges; these look like projected metres: ${hint}`);
  }
}

/** Centre of a record: its first position (points) or the mean of its positions. */
function centre(it: Positioned): [number, number] {
  if (it.positions.length === 1) return [it.positions[0][0], it.positions[0][1]];
  let sx = 0;
  let sy = 0;
  for (const [x, y] of it.positions) {
    sx += x;
    sy += y;
  }
  return [sx / it.positions.length, sy / it.positions.length];
}

/** The rank (0-based) of the q quantile among n sorted values: the nearest rank to q · (n − 1). */
function quantileRank(n: number, q: number): number {
  return Math.min(n - 1, Math.max(0, Math.round(q * (n - 1))));
}

/** The 5–95 % extent of record centres and that extent widened by its own size (at least 1°) on each side. */
function robustExtent(items: Positioned[]): { box: BBox; widened: BBox } | undefined {
  if (items.length < MIN_RECORDS_FOR_EXTENT) return undefined;
  const cs = items.map(centre);
  return centresExtent(
    cs.map((c) => c[0]),
    cs.map((c) => c[1]),
  );
}

/**
 * The robust extent of record centres (x and y given apart): their 5–95 % box and that box widened by its
 * own size (at least 1°) on each side; a record with a position outside the widened box is a loner. Shared
 * with the typed-array reader (read-roads-scanned.ts), which must find no loner where this finds none.
 */
export function centresExtent(xs: ArrayLike<number>, ys: ArrayLike<number>): { box: BBox; widened: BBox } {
  // the 5 % and 95 % values of the sorted centres, by selection (core/order-statistic.ts: the same values)
  const ranks = [quantileRank(xs.length, 0.05), quantileRank(xs.length, 0.95)];
  const [x05, x95] = valuesAtRanks(xs, ranks);
  const [y05, y95] = valuesAtRanks(ys, [quantileRank(ys.length, 0.05), quantileRank(ys.length, 0.95)]);
  const box: BBox = [x05, y05, x95, y95];
  const mx = Math.max(1, box[2] - box[0]);
  const my = Math.max(1, box[3] - box[1]);
  return { box, widened: [box[0] - mx, box[1] - my, box[2] + mx, box[3] + my] };
}

export const inside = (b: BBox, x: number, y: number) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/** Sign flips and a swap that explain a lone far point, in the order they are tried. */
const FIXES: { code: IssueCode; name: string; apply: (x: number, y: number) => [number, number] }[] = [
  { code: "lost-minus-sign", name: "the longitude's minus sign restored", apply: (x, y) => [-x, y] },
  { code: "lost-minus-sign", name: "the latitude's minus sign restored", apply: (x, y) => [x, -y] },
  { code: "lost-minus-sign", name: "both minus signs restored", apply: (x, y) => [-x, -y] },
  { code: "swapped-lat-lon", name: "latitude and longitude swapped", apply: (x, y) => [y, x] },
];

function checkLoners(items: Positioned[], widened: BBox): void {
  for (const it of items) {
    if (it.positions.every(([x, y]) => inside(widened, x, y))) continue;
    const [x, y] = it.positions[0];
    const fix = FIXES.find((f) => it.positions.every(([a, b]) => inside(widened, f.apply(a, b)[0], f.apply(a, b)[1])));
    const extent = `[${widened.map((v) => round(v)).join(", ")}]`;
    if (!fix) {
      it.tally.warn(it.record, it.field, "outlier-position", `position [${x}, ${y}] lies far outside the extent of the rest of the layer (${extent}, widened 5–95 % extent); check it`);
      continue;
    }
    const [nx, ny] = fix.apply(x, y);
    it.tally.error(it.record, it.field, fix.code, `position [${x}, ${y}] lies far outside the extent of the rest of the layer (${extent}) and falls inside it with ${fix.name}: [${nx}, ${ny}]; lenient mode uses that`, "repaired");
    for (const p of it.positions) [p[0], p[1]] = fix.apply(p[0], p[1]);
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Place names a record gives (name, village, municipio, …), used only to guess the UTM zone of a file in metres. */
export function placeNames(props: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === "string" && /^(name|place|village|town|city|settlement|locality|municipio|municipality)$/i.test(k) && v.trim() !== "") out.push(v.trim());
  }
  return out;
}
