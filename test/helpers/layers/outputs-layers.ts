/**
 * Synthetic layers for writer tests (seeded; labelled synthetic in their properties): random lines and
 * points in a box around the Karabakh corridor, as the writers' OutFeature shape.
 */
import { seededRandom } from "../../../src/core/random.ts";
import type { OutFeature } from "../../../src/io/write/format-geojson.ts";

export function syntheticLines(seed: number, count: number): OutFeature[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const x = 46.5 + rand();
    const y = 39.3 + rand() * 0.7;
    const coords: [number, number][] = [[x, y]];
    for (let k = 0; k < 3; k++) coords.push([coords[k][0] + (rand() - 0.5) * 0.02, coords[k][1] + (rand() - 0.5) * 0.02]);
    return {
      type: "Feature",
      properties: { id: `line-${i}`, synthetic: true, rank: i, ratePerKmYear: rand() < 0.2 ? null : Math.round(rand() * 1e6) / 1e6, label: i % 7 === 0 ? null : `road ${i}` },
      geometry: { type: "LineString", coordinates: coords },
    };
  });
}

/** Boxes [minX, minY, maxX, maxY] of features, for brute-force window queries. */
export function featureBox(f: OutFeature): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === "number") {
      const [x, y] = c as number[];
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    } else (c as unknown[]).forEach(visit);
  };
  visit(f.geometry.coordinates);
  return b;
}
