/**
 * positionDigest (io/read/data-extent.ts), what the bounded plan keeps of the road positions instead of the
 * positions: studyAndDataExtentOf over its replay gives the same study and data extents as studyAndDataExtent
 * over the records themselves, on 300 seeded synthetic layers (labelled synthetic), a third of them across
 * ±180°, some with longitudes past ±180; and its box is recordBounds's plain box.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../src/core/random.ts";
import type { IncidentRecord, LonLat, RoadRecord } from "../../../src/io/fields/records.ts";
import { recordBounds } from "../../../src/io/read/build-dataset.ts";
import { positionDigest, studyAndDataExtent, studyAndDataExtentOf } from "../../../src/io/read/data-extent.ts";

function layer(seed: number): { roads: RoadRecord[]; incidents: IncidentRecord[] } {
  const rand = seededRandom(seed);
  const kind = seed % 3; // 0: ordinary, 1: across ±180°, 2: some longitudes written past ±180
  const lon0 = kind === 1 ? 178 + 4 * rand() : -170 + 340 * rand();
  const roads = Array.from({ length: 1 + Math.floor(rand() * 20) }, (_, r) => {
    const part: LonLat[] = Array.from({ length: 2 + Math.floor(rand() * 6) }, () => {
      let lon = lon0 + (rand() - 0.5) * (kind === 0 ? 30 : 6);
      if (kind !== 2) lon = ((lon + 540) % 360) - 180;
      return [lon, -60 + 120 * rand()];
    });
    return { parts: [part], id: `r${r}` } as unknown as RoadRecord;
  });
  const incidents = Array.from({ length: Math.floor(rand() * 5) }, () => ({ lon: ((lon0 + (rand() - 0.5) * 10 + 540) % 360) - 180, lat: -60 + 120 * rand() }) as unknown as IncidentRecord);
  return { roads, incidents };
}

describe("positionDigest", () => {
  it("gives studyAndDataExtent's extents and recordBounds's box (300 seeded layers, some across ±180°)", () => {
    let across = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { roads, incidents } = layer(seed);
      const d = positionDigest();
      for (const r of roads) for (const [lon, lat] of r.parts[0]) d.add(lon, lat);
      const want = studyAndDataExtent(roads, [], incidents);
      const got = studyAndDataExtentOf(d.replay, [], incidents);
      expect(got, `seed ${seed}`).toEqual(want);
      expect(d.box()).toEqual(recordBounds(roads));
      if (want.study.crossesAntimeridian) across++;
    }
    expect(across).toBeGreaterThan(50); // the second pass (the cut) is exercised
  });
});
