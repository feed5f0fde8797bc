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
 * small (< 10 records) to have an extent of its own. A record that is outside both ways is left to the
 * other checks (and to the distance-to-road check, road-reach.ts). Changes positions in place.
 */
export function swapAgainstReference(items: readonly Located[], reference: readonly number[]): void {
  const box = widenedReference(reference);
  const extent = `[${reference.map((v) => Math.round(v * 100) / 100).join(", ")}]`;
  for (const it of items) {
    if (it.positions.every(([x, y]) => within(box, x, y))) continue;
    if (!it.positions.every(([x, y]) => within(box, y, x) && Math.abs(x) <= 90)) continue;
    const [x, y] = it.positions[0];
    it.tally.error(it.record, it.axisFields?.y ?? it.field, "swapped-lat-lon", `position [${x}, ${y}] lies far outside the extent of the roads (${extent}) and inside it with latitude and longitude swapped: [${y}, ${x}] (GeoJSON order is [lon, lat]); lenient mode swaps them`, "repaired");
    for (const p of it.positions) [p[0], p[1]] = [p[1], p[0]];
  }
}
