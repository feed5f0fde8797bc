/**
 * Synthetic fixtures for the risk and backtest tests (seeded, labelled as synthetic): random straight roads
 * and hand-made hazard sets in working-CRS metres.
 */
import { HAZARD_STATUSES, type HazardSet } from "../../src/core/hazard-set.ts";
import { lixelize } from "../../src/core/lixels.ts";
import { seededRandom } from "../../src/core/random.ts";
import { buildLixelIndex, type LixelIndex } from "../../src/spatial/lixel-index.ts";
import { packRoads } from "./roads.ts";

export const NO_HAZARDS: HazardSet = { count: 0, polygons: [], status: new Uint8Array(0), bbox: new Float64Array(0), ids: [] };

/** Axis-aligned box areas with a status each. */
export function boxHazards(list: { status: (typeof HAZARD_STATUSES)[number]; box: [number, number, number, number] }[]): HazardSet {
  return {
    count: list.length,
    polygons: list.map(({ box: [a, b, c, d] }) => [[Float64Array.from([a, b, c, b, c, d, a, d, a, b])]]),
    status: Uint8Array.from(list, (h) => HAZARD_STATUSES.indexOf(h.status)),
    bbox: Float64Array.from(list.flatMap((h) => h.box)),
    ids: list.map((_, i) => `h${i}`),
  };
}

/** `count` random straight roads of up to `spanM` in a `sizeM` square, cut into 100 m lixels. */
export function randomNetwork(seed: number, count: number, sizeM: number, spanM: number): LixelIndex {
  const rand = seededRandom(seed);
  const lines = Array.from({ length: count }, () => {
    const x = rand() * sizeM;
    const y = rand() * sizeM;
    return [[x, y], [x + (rand() - 0.5) * spanM, y + (rand() - 0.5) * spanM]] as [number, number][];
  });
  return buildLixelIndex(lixelize(packRoads(lines)));
}
