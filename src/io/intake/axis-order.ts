import type { Tally } from "./tally.ts";

type BBox = [number, number, number, number];

/** The part of positions.ts's Positioned this check reads (kept here so the two files import one way). */
interface Located {
  tally: Tally;
  record: number;
  field: string;
  positions: number[][];
  axisFields?: { x: string; y: string };
}

/**
 * The reference extent [west, south, east, north] of the other layers of a run (the roads), widened by its
 * own size on each side and by at least 1°, as the layer's own robust extent is (positions.ts), so records
 * near the edge of the study area are never called far.
 */
export function widenedReference(reference: readonly number[]): BBox {
  const mx = Math.max(1, reference[2] - reference[0]);
  const my = Math.max(1, reference[3] - reference[1]);
  return [reference[0] - mx, reference[1] - my, reference[2] + mx, reference[3] + my];
}

const within = (b: BBox, x: number, y: number) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/**
 * Axis order against the other layers of the run: a record in WGS84 ranges that lies outside the widened
 * extent of the roads (widenedReference) but inside it with latitude and longitude swapped is a swap
 * (`swapped-lat-lon`, repaired by swapping). This is what finds a whole layer written [lat, lon] — all of
 * its records agree with each other, so the layer's own extent cannot — and a swapped record of a file too
 * small (< 10 records) to have an extent of its own. Then consistency within each file: when more than half
 * of a file's records were swapped so, the file is in [lat, lon] order, and its records that fit neither
 * way (far from the roads either way) are swapped too, saying so (the distance-to-road check then reports
 * them). A record inside the extent as given is never touched. Changes positions in place.
 */
export function swapAgainstReference(items: readonly Located[], reference: readonly number[]): void {
  const box = widenedReference(reference);
  const extent = `[${reference.map((v) => Math.round(v * 100) / 100).join(", ")}]`;
  const perFile = new Map<Tally, { total: number; swapped: number; neither: Located[] }>();
  for (const it of items) {
    const file = perFile.get(it.tally) ?? { total: 0, swapped: 0, neither: [] };
    perFile.set(it.tally, file);
    file.total++;
    if (it.positions.every(([x, y]) => within(box, x, y))) continue;
    if (!it.positions.every(([x, y]) => within(box, y, x) && Math.abs(x) <= 90)) {
      if (it.positions.every(([x]) => Math.abs(x) <= 90)) file.neither.push(it);
      continue;
    }
    swap(it, `lies far outside the extent of the roads (${extent}) and inside it with latitude and longitude swapped`);
    file.swapped++;
  }
  for (const file of perFile.values()) {
    if (2 * file.swapped <= file.total) continue;
    for (const it of file.neither) swap(it, `lies far from the roads either way, but ${file.swapped} of the file's ${file.total} records fit the roads' extent (${extent}) only swapped, so the file is in [lat, lon] order; swapped like them`);
  }
}

function swap(it: Located, why: string): void {
  const [x, y] = it.positions[0];
  it.tally.error(it.record, it.axisFields?.y ?? it.field, "swapped-lat-lon", `position [${x}, ${y}] ${why}: [${y}, ${x}] (GeoJSON order is [lon, lat]); lenient mode swaps them`, "repaired");
  for (const p of it.positions) [p[0], p[1]] = [p[1], p[0]];
}
