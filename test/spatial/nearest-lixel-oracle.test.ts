/**
 * Oracle property test for the nearest-lixel search (issue 14, part 1: "the nearest-road search misses
 * axis-aligned road pieces"). Over 12,000 seeded geometries — axis-aligned roads at coordinates small
 * next to the query offset, tiny coordinates near the working-CRS origin, huge coordinates (±1e7 m), and
 * general polylines with axis-aligned segments — `nearestLixel` and `snapIncidents` must equal brute
 * force over every lixel:
 * - the same lixel (tie rule: among lixels at exactly the same computed distance, the lowest index);
 * - the same distance and along-lixel position, bit for bit (both use core/math projectOnPolyline);
 * - with `maxDistanceM` equal to the brute-force distance the point still snaps (the bound is inclusive);
 * - for an axis-aligned road the distance also equals the closed form hypot(|px − c|, gap past the end)
 *   to 1e-9 relative (+1e-12 of the coordinate magnitude), a check independent of our projection code.
 */
import { describe, expect, it } from "vitest";
import { lixelize, type Lixels } from "../../src/core/lixels.ts";
import { projectOnPolyline } from "../../src/core/math.ts";
import { seededRandom } from "../../src/core/random.ts";
import { snapIncidents } from "../../src/analyses/proximity/snap-incidents.ts";
import { buildLixelIndex, nearestLixel } from "../../src/spatial/lixel-index.ts";
import { incidentSet } from "../helpers/incidents.ts";
import { type Line, packRoads } from "../helpers/roads.ts";

const GEOMETRIES = 12_000;
const POINTS = 3;

/** Brute force: every lixel projected, the least computed distance, ties to the lowest lixel index. */
function bruteNearest(lixels: Lixels, x: number, y: number) {
  let best = { lixel: -1, distanceM: Infinity, alongM: Number.NaN };
  for (let i = 0; i < lixels.count; i++) {
    const p = projectOnPolyline(lixels.xy, lixels.start[i], lixels.start[i + 1], x, y);
    if (p.distanceM < best.distanceM) best = { lixel: i, distanceM: p.distanceM, alongM: p.alongM };
  }
  return best;
}

/** An axis-aligned road: x = c (vertical) or y = c (horizontal), from s0 to s1 along the other axis. */
interface AxisRoad {
  vertical: boolean;
  c: number;
  s0: number;
  s1: number;
}

/** Distance from (x, y) to an axis-aligned road in closed form: hypot(offset across, gap past the ends). */
function axisDistance(r: AxisRoad, x: number, y: number): number {
  const across = r.vertical ? x - r.c : y - r.c;
  const along = r.vertical ? y : x;
  const gap = along < r.s0 ? r.s0 - along : along > r.s1 ? along - r.s1 : 0;
  return Math.hypot(across, gap);
}

const logUniform = (rand: () => number, lo: number, hi: number) => 10 ** (lo + (hi - lo) * rand());

/**
 * One seeded geometry of kind k (0 axis-aligned near the origin, 1 tiny coordinates, 2 huge
 * coordinates, 3 general): roads, query points, and the axis-aligned roads for the closed form.
 */
function geometry(rand: () => number, kind: number): { lines: Line[]; axis: AxisRoad[]; points: [number, number][]; lixelLengthM: number } {
  const base = kind === 2 ? (rand() < 0.5 ? -1 : 1) * (1e7 + Math.round(rand() * 1e6) / 1000) : 0;
  const scale = kind === 1 ? logUniform(rand, -9, 0) : kind === 3 ? 5000 : 1000;
  const axis: AxisRoad[] = [];
  const lines: Line[] = [];
  const roads = 1 + Math.floor(rand() * 3);
  for (let r = 0; r < roads; r++) {
    if (kind === 3) {
      const line: [number, number][] = [[(rand() - 0.5) * 2 * scale, (rand() - 0.5) * 2 * scale]];
      for (let v = 1; v < 2 + Math.floor(rand() * 4); v++) {
        const [px, py] = line[v - 1];
        const step = rand() * 800;
        const dir = Math.floor(rand() * 3); // 0 vertical, 1 horizontal, 2 oblique
        line.push(dir === 0 ? [px, py + step] : dir === 1 ? [px + step, py] : [px + (rand() - 0.5) * step, py + (rand() - 0.5) * step]);
      }
      lines.push(line);
      continue;
    }
    // a coordinate like 437.123 (three decimals, as a surveyed or projected value is written)
    const c = base + Math.round((rand() - 0.5) * 2 * scale * 1000) / 1000 + (kind === 1 ? (rand() - 0.5) * scale : 0);
    const lengthM = kind === 1 ? logUniform(rand, -3, 3) : 50 + rand() * 1500;
    const s0 = (kind === 2 ? base : 0) + (rand() - 0.5) * 2 * scale;
    const road: AxisRoad = { vertical: rand() < 0.5, c, s0, s1: s0 + lengthM };
    axis.push(road);
    lines.push(road.vertical ? [[c, s0], [c, road.s1]] : [[s0, c], [road.s1, c]]);
  }
  const points: [number, number][] = [];
  for (let p = 0; p < POINTS; p++) {
    const offset = (rand() < 0.5 ? -1 : 1) * logUniform(rand, kind === 1 ? -12 : -3, 4);
    if (axis.length > 0) {
      const r = axis[Math.floor(rand() * axis.length)];
      const along = r.s0 + (rand() * 1.2 - 0.1) * (r.s1 - r.s0);
      const across = r.c + offset;
      points.push(r.vertical ? [across, along] : [along, across]);
    } else {
      const [x0, y0] = lines[0][0];
      points.push([x0 + (rand() < 0.5 ? 0 : offset), y0 + (rand() - 0.5) * 2000]);
    }
  }
  // tiny roads get tiny lixels, at most ~20 per road so the brute force stays cheap
  const longest = axis.reduce((m, r) => Math.max(m, r.s1 - r.s0), 0);
  const lixelLengthM = kind === 1 ? longest / (1 + Math.floor(rand() * 20)) : 100;
  return { lines, axis, points, lixelLengthM };
}

describe("nearestLixel equals brute force on axis-aligned, tiny and huge geometry", () => {
  it(`${GEOMETRIES} seeded geometries × ${POINTS} points: same lixel, distance and position bit for bit`, () => {
    const rand = seededRandom(14_001);
    const failures: string[] = [];
    let wrong = 0;
    const wrongByKind = [0, 0, 0, 0];
    let checked = 0;
    let closedForm = 0;
    for (let g = 0; g < GEOMETRIES; g++) {
      const kind = g % 4;
      const { lines, axis, points, lixelLengthM } = geometry(rand, kind);
      const lixels = lixelize(packRoads(lines), { lixelLengthM });
      const li = buildLixelIndex(lixels);
      for (const [x, y] of points) {
        const want = bruteNearest(lixels, x, y);
        const got = nearestLixel(li, x, y);
        const bounded = nearestLixel(li, x, y, want.distanceM);
        checked++;
        const same = (h: typeof got) => h !== undefined && h.lixel === want.lixel && Object.is(h.distanceM, want.distanceM) && Object.is(h.alongM, want.alongM);
        if (!same(got) || !same(bounded)) {
          wrong++;
          wrongByKind[kind]++;
          if (failures.length < 10) failures.push(`kind ${kind} geometry ${g} point (${x}, ${y}): want ${JSON.stringify(want)}, got ${JSON.stringify(got)}, bounded ${JSON.stringify(bounded)}`);
          continue;
        }
        if (axis.length === lines.length) {
          // independent of projectOnPolyline: the least closed-form distance over the roads
          let exact = Infinity;
          for (const r of axis) exact = Math.min(exact, axisDistance(r, x, y));
          const magnitude = Math.max(Math.abs(x), Math.abs(y));
          expect(Math.abs(want.distanceM - exact)).toBeLessThanOrEqual(1e-9 * exact + 1e-12 * magnitude);
          closedForm++;
        }
      }
    }
    expect({ wrong, wrongByKind, failures }).toEqual({ wrong: 0, wrongByKind: [0, 0, 0, 0], failures: [] });
    expect(checked).toBe(GEOMETRIES * POINTS);
    expect(closedForm).toBeGreaterThan(0.7 * checked);
  });

  it("snapIncidents gives brute force's lixel, offset and chainage for every incident", () => {
    const rand = seededRandom(14_002);
    let wrong = 0;
    let total = 0;
    for (let g = 0; g < 2000; g++) {
      const kind = g % 4;
      const { lines, points, lixelLengthM } = geometry(rand, kind);
      const roads = packRoads(lines);
      const lixels = lixelize(roads, { lixelLengthM });
      const snap = snapIncidents(incidentSet(points.map(([x, y]) => ({ x, y }))), buildLixelIndex(lixels), roads);
      points.forEach(([x, y], i) => {
        const want = bruteNearest(lixels, x, y);
        const chainageM = roads.startM[lixels.road[want.lixel]] + lixels.fromM[want.lixel] + want.alongM;
        total++;
        if (snap.lixel[i] !== want.lixel || !Object.is(snap.offsetM[i], want.distanceM) || !Object.is(snap.chainageM[i], chainageM)) wrong++;
      });
    }
    expect(total).toBe(2000 * POINTS);
    expect(wrong).toBe(0);
  });

  it("ties at exactly the same distance go to the lowest lixel index", () => {
    // Two vertical roads at x = 537.123 and 337.123 and a point on the mid-line x = 437.123: both ≈ 100 m
    // away, but the two computed differences may differ by an ulp, so the expected lixel is brute force's.
    const lines: Line[] = [[[537.123, 0], [537.123, 1000]], [[337.123, 0], [337.123, 1000]]];
    const lixels = lixelize(packRoads(lines), { lixelLengthM: 100 });
    const li = buildLixelIndex(lixels);
    const want = bruteNearest(lixels, 437.123, 450);
    expect(nearestLixel(li, 437.123, 450)?.lixel).toBe(want.lixel);
    // road 0 (1000 m) is cut into 10 lixels of 100 m; lixels 4 and 5 share the vertex at chainage 500,
    // so a point on it is at distance 0 from both and the lower index, 4, wins
    const onRoad = nearestLixel(li, 537.123, 500);
    expect(onRoad?.distanceM).toBe(0);
    expect(onRoad?.lixel).toBe(4);
  });
});
