/**
 * backtestSplit on synthetic data (seeded, labelled synthetic): a grid of roads where past and future
 * target events cluster on a few "hot" stretches, plus scattered noise. The model must find the hot
 * stretches (beat random and road length) and the bookkeeping must count what it says it counts.
 */
import { describe, expect, it } from "vitest";
import { isoToDay } from "../../../src/core/incident-set.ts";
import { lixelize } from "../../../src/core/lixels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { baselineScores } from "../../../src/analyses/backtest/baselines.ts";
import { backtestSplit } from "../../../src/analyses/backtest/run-backtest.ts";
import { lixelBands, rollingSplits } from "../../../src/analyses/backtest/splits.ts";
import { buildAreaIndex } from "../../../src/spatial/area-index.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { incidentSet } from "../../helpers/incidents.ts";
import { NO_HAZARDS } from "../../helpers/risk-fixtures.ts";
import { packRoads } from "../../helpers/roads.ts";

function world() {
  const lines: [number, number][][] = [];
  for (let k = 0; k <= 10; k++) {
    lines.push([[0, k * 5000], [50000, k * 5000]]);
    lines.push([[k * 5000, 0], [k * 5000, 50000]]);
  }
  const lixelIndex = buildLixelIndex(lixelize(packRoads(lines)));
  const rand = seededRandom(77);
  const hot = [[12000, 10000], [31000, 25000], [5000, 40000]];
  const rows: { x: number; y: number; day: number }[] = [];
  const type: number[] = [];
  for (let year = 2000; year <= 2010; year++) {
    for (let k = 0; k < 30; k++) {
      const h = hot[Math.floor(rand() * hot.length)];
      rows.push({ x: h[0] + (rand() - 0.5) * 1500, y: h[1] + (rand() - 0.5) * 300, day: isoToDay(`${year}`) + 182 });
      type.push(rand() < 0.5 ? 1 : 4);
    }
    for (let k = 0; k < 10; k++) {
      rows.push({ x: rand() * 50000, y: rand() * 50000, day: isoToDay(`${year}`) + 182 });
      type.push(1);
    }
  }
  return { lixelIndex, incidents: incidentSet(rows), type };
}

describe("backtestSplit (synthetic)", () => {
  const w = world();
  const target = Uint8Array.from(w.type, (t) => (t === 1 ? 1 : 0));
  const data = { lixelIndex: w.lixelIndex, incidents: w.incidents, target, areas: buildAreaIndex(NO_HAZARDS), lixelRegion: lixelBands(w.lixelIndex.lixels, 2) };

  it("counts train and test events as defined and beats the naive baselines", () => {
    const [split] = rollingSplits([2006], 2);
    const r = backtestSplit(data, split, { snapToleranceM: 1000 });
    let testAll = 0;
    for (let i = 0; i < w.incidents.count; i++) {
      const y = 1970 + Math.floor(w.incidents.dateDay[i] / 365.25);
      if (target[i] === 1 && y >= 2007 && y <= 2008) testAll++;
    }
    expect(r.testEventsAnyDistance).toBe(testAll);
    expect(r.testEvents).toBeLessThanOrEqual(testAll);
    expect(r.testEvents).toBeGreaterThan(0.5 * testAll); // hot stretches lie on roads
    expect(r.trainEvents).toBe(7 * 40);
    expect(r.model.observed).toBe(r.testEvents);
    // the predicted total's level-sampling interval brackets it; no hazards or background here, so it is κ's, scaled
    const pi = r.model.predictedInterval!;
    expect(pi.low).toBeLessThan(r.model.predicted);
    expect(pi.high).toBeGreaterThan(r.model.predicted);
    expect(pi.high / r.model.predicted).toBeGreaterThan(1.05); // ≈ 100 training targets: about ± 20 %
    expect(pi.high / r.model.predicted).toBeLessThan(1.5);
    expect(r.model.pai10).toBeGreaterThan(3 * r.baselines.random.pai10);
    expect(r.model.auc).toBeGreaterThan(r.baselines["road length"].auc + 0.2);
    expect(r.regions?.length).toBe(2);
    expect(r.regions!.reduce((a, g) => a + g.testEvents, 0)).toBe(r.testEvents);
    // the paired comparison of each baseline agrees with the scores; bootstrap: false skips it, scores unchanged
    expect(r.comparisons.random.pai.diff).toBeCloseTo(r.model.pai10 - r.baselines.random.pai10, 9);
    expect(r.comparisons.random.auc.low).toBeGreaterThan(0); // far ahead of random, and the interval says so
    // per region likewise: the interval is about that region's lixels and events
    for (const g of r.regions!) {
      expect(g.comparisons["nearest past incident"].pai.diff).toBeCloseTo(g.model.pai10 - g.baselines["nearest past incident"].pai10, 9);
      expect(g.comparisons["nearest past incident"].auc.diff).toBeCloseTo(g.model.auc - g.baselines["nearest past incident"].auc, 9);
      expect(g.comparisons.random.pai.low).toBeLessThanOrEqual(g.comparisons.random.pai.diff);
    }
    const quick = backtestSplit(data, split, { snapToleranceM: 1000, bootstrap: false });
    expect(quick.comparisons).toEqual({});
    expect(quick.regions!.every((g) => Object.keys(g.comparisons).length === 0)).toBe(true);
    expect(quick.model).toEqual(r.model);
  });

  it("a test event farther than the tolerance is not scored", () => {
    const r0 = backtestSplit(data, rollingSplits([2006], 2)[0], { snapToleranceM: 0 });
    const r1 = backtestSplit(data, rollingSplits([2006], 2)[0], { snapToleranceM: 2500 });
    expect(r0.testEvents).toBeLessThan(r1.testEvents);
    expect(r1.testEvents).toBe(r1.testEventsAnyDistance); // nothing is more than 2.5 km from this grid
  });

  it("baselines: the count baseline equals a brute-force count within 1 km", () => {
    const b = baselineScores(w.lixelIndex, w.incidents);
    const { xy, start } = w.lixelIndex.lixels;
    for (const l of [0, 17, 300, 999]) {
      let n = 0;
      for (let i = 0; i < w.incidents.count; i++) {
        let best = Infinity;
        for (let v = start[l]; v < start[l + 1] - 1; v++) {
          const [ax, ay, bx, by] = [xy[2 * v], xy[2 * v + 1], xy[2 * v + 2], xy[2 * v + 3]];
          const t = Math.max(0, Math.min(1, ((w.incidents.x[i] - ax) * (bx - ax) + (w.incidents.y[i] - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
          best = Math.min(best, Math.hypot(ax + t * (bx - ax) - w.incidents.x[i], ay + t * (by - ay) - w.incidents.y[i]));
        }
        if (best <= 1000) n++;
      }
      expect(b["count within 1 km"][l]).toBe(n);
    }
    expect(b.random).toEqual(baselineScores(w.lixelIndex, w.incidents).random); // seeded: identical
  });
});

describe("backtestSplit: observed events counted like the prediction", () => {
  it("observedRoadShare equals the hard count for precise points and the strip probability for vague ones", () => {
    // one straight 100 km road; W = roadBandM = 1000 m; one training event (2005) and three test events (2007)
    const lixelIndex = buildLixelIndex(lixelize(packRoads([[[-50000, 0], [50000, 0]]])));
    const day = (y: number) => isoToDay(`${y}`) + 182;
    const incidents = incidentSet([
      { x: 0, y: 0, day: day(2005) },
      { x: 100, y: 500, day: day(2007) }, // precise, 500 m off: within W → 1
      { x: 200, y: 1500, day: day(2007) }, // precise, 1.5 km off → 0 (and not scored: beyond the tolerance)
      { x: 300, y: 0, precisionM: 20000, day: day(2007) }, // vague, on the road: 2W·16/(5π·20000)
    ]);
    const target = new Uint8Array(4).fill(1);
    const [split] = rollingSplits([2006], 2);
    const r = backtestSplit({ lixelIndex, incidents, target, areas: buildAreaIndex(NO_HAZARDS) }, split);
    expect(r.testEvents).toBe(2); // the recorded points within 1 km: events 1 and 3
    expect(r.model.observed).toBe(2);
    const vague = (2 * 1000 * 16) / (5 * Math.PI * 20000);
    expect(r.model.observedRoadShare).toBeGreaterThanOrEqual(1 + vague);
    expect(r.model.observedRoadShare).toBeLessThanOrEqual(1 + vague * (1 + 100 / 20000));
    expect(r.model.relativeErrorRoadShare).toBeCloseTo(r.model.predicted / r.model.observedRoadShare - 1, 12);
  });
});
