import type { LonLat } from "../fields/records.ts";

/** What cleaning one closed ring removed. */
export interface RingClean {
  /** The ring, closed, without repeated consecutive positions or zero-area spikes. */
  ring: LonLat[];
  repeated: number;
  spikes: number;
}

const same = (a: LonLat, b: LonLat) => a[0] === b[0] && a[1] === b[1];

/**
 * True when b is the tip of a zero-area spike a → b → c: the path goes out to b and comes back along the
 * same line (a, b, c collinear, exactly: cross product 0, and c is not beyond b from a: dot product of
 * b−a and c−b ≤ 0). Exact arithmetic on the doubles as written: a nearly-collinear tip encloses area
 * and is left to the validity step.
 */
function isSpike(a: LonLat, b: LonLat, c: LonLat): boolean {
  const ux = b[0] - a[0];
  const uy = b[1] - a[1];
  const vx = c[0] - b[0];
  const vy = c[1] - b[1];
  return ux * vy - uy * vx === 0 && ux * vx + uy * vy <= 0;
}

/**
 * Clean a closed ring: drop repeated consecutive positions, then spike tips, until neither is left
 * (removing a tip can make its two neighbours repeat, or expose another tip). Works on the open ring
 * (closing position dropped) cyclically, and closes it again. Linear per pass; passes ≤ spikes + 1.
 */
export function cleanRing(closed: readonly LonLat[]): RingClean {
  let open = closed.slice(0, -1);
  let repeated = 0;
  let spikes = 0;
  for (;;) {
    const dedup = open.filter((p, i) => !same(p, open[(i + open.length - 1) % open.length]) || open.length === 1);
    if (spikes === 0) repeated += open.length - dedup.length; // repeats left by cutting a tip belong to the spike
    open = dedup;
    if (open.length < 3) break;
    const tip = open.findIndex((b, i) => isSpike(open[(i + open.length - 1) % open.length], b, open[(i + 1) % open.length]));
    if (tip < 0) break;
    open = open.filter((_, i) => i !== tip);
    spikes++;
  }
  return { ring: open.length > 0 ? [...open, open[0]] : [], repeated, spikes };
}
