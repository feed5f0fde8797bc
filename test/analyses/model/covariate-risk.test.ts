/**
 * The covariate term on the kernel model (analyses/model/covariate-risk.ts) on seeded synthetic data
 * (labelled synthetic; metres, no CRS): 21 parallel east–west roads 50 km long, 0.5 km apart, north of a
 * "front line" 0.5 km below the first. Incidents fall on road k as a Poisson process of rate
 * 0.8·(1 + d_k)^(−2) per km per year, d_k its distance to the front in km — so the true log-rate slope on
 * log(1 + km) is −2 — over 8 years. A second covariate, a north–south line through the middle, is pure
 * noise (incidents are uniform along every road). The kernel shape already follows part of the gradient
 * (the network window averages each road's own incidents), so β on top of it is expected smaller than
 * −2 in size, but negative with an interval that excludes 0; the noise's β near 0.
 */
import { describe, expect, it } from "vitest";
import { lixelize } from "../../../src/core/lixels.ts";
import { seededRandom } from "../../../src/core/random.ts";
import { lineCovariate } from "../../../src/analyses/model/covariates.ts";
import { withCovariates } from "../../../src/analyses/model/covariate-risk.ts";
import { fitCovariateTerm } from "../../../src/analyses/model/covariate-term.ts";
import { explainRate } from "../../../src/analyses/risk/explain-lixel.ts";
import { lixelRoutes } from "../../../src/analyses/risk/network-density.ts";
import { riskScores } from "../../../src/analyses/risk/risk-score.ts";
import { buildAreaIndex } from "../../../src/spatial/area-index.ts";
import { buildLixelIndex } from "../../../src/spatial/lixel-index.ts";
import { poissonSample } from "../../helpers/count-samplers.ts";
import { incidentSet } from "../../helpers/incidents.ts";
import { packRoads } from "../../helpers/roads.ts";
import { boxHazards } from "../../helpers/risk-fixtures.ts";

const LENGTH_M = 50_000;
const roads = packRoads(Array.from({ length: 21 }, (_, k) => [[0, 500 * k], [LENGTH_M, 500 * k]] as const));
const lixels = lixelize(roads, { lixelLengthM: 100 });
const index = buildLixelIndex(lixels);
const areas = buildAreaIndex(boxHazards([]));
const routes = lixelRoutes(lixels, roads);
const line = (x0: number, y0: number, x1: number, y1: number) => ({ count: 1, xy: Float64Array.from([x0, y0, x1, y1]), start: Uint32Array.from([0, 2]) });
const front = lineCovariate("front", line(-20_000, -500, LENGTH_M + 20_000, -500));
const noise = lineCovariate("noise", line(LENGTH_M / 2, -30_000, LENGTH_M / 2, 40_000));

function incidents(seed: number) {
  const rand = seededRandom(seed);
  const rows: { x: number; y: number; day: number }[] = [];
  const start = Date.UTC(2012, 0, 1) / 86_400_000;
  for (let k = 0; k < 21; k++) {
    const dKm = 0.5 * (k + 1);
    const count = poissonSample(rand, 0.8 * (1 + dKm) ** -2 * (LENGTH_M / 1000) * 8);
    for (let i = 0; i < count; i++) rows.push({ x: rand() * LENGTH_M, y: 500 * k, day: start + Math.floor(rand() * 8 * 365.25) });
  }
  return incidentSet(rows);
}

describe("withCovariates (seeded synthetic: a covariate that drives incidents, and one of noise)", () => {
  const set = incidents(19);
  const kernel = riskScores(index, set, areas, { routes });
  const risk = withCovariates(index, set, areas, kernel, [{ file: "front.geojson", layer: front }, { file: "noise.geojson", layer: noise }], { routes });
  const meta = risk.meta.covariates;
  if (!meta) throw new Error("no covariate meta");
  const [f, nz] = meta.terms;

  it("recovers the driving covariate with the right sign, its interval excluding 0", () => {
    expect(f.feature).toBe("front: distance");
    expect(f.beta).toBeLessThan(-0.3);
    expect(f.high).toBeLessThan(0);
    expect(f.intervalIncludesZero).toBe(false);
    expect(meta.targetEvents).toBeGreaterThan(100);
  });

  it("gives the noise covariate a β near 0 whose interval includes 0, and far smaller than the true one's", () => {
    expect(nz.intervalIncludesZero).toBe(true);
    expect(Math.abs(nz.standardBeta)).toBeLessThan(0.25 * Math.abs(f.standardBeta));
  });

  it("keeps the level: the forecast yearly count is the kernel model's, to 1e-12", () => {
    expect(Math.abs(risk.meta.calibratedIncidentsPerYear - kernel.meta.calibratedIncidentsPerYear)).toBeLessThanOrEqual(1e-12 * kernel.meta.calibratedIncidentsPerYear);
    let sum = 0;
    for (let l = 0; l < lixels.count; l++) sum += (risk.incidentRatePerKmYear[l] * lixels.lengthM[l]) / 1000;
    expect(Math.abs(sum - kernel.meta.calibratedIncidentsPerYear)).toBeLessThanOrEqual(1e-9 * sum);
  });

  it("raises the rate near the front and lowers it far from it, against the kernel model alone", () => {
    const near = risk.covariates?.factor[0] ?? Number.NaN; // a lixel of road 0
    const far = risk.covariates?.factor[lixels.count - 1] ?? Number.NaN; // a lixel of road 20
    expect(near).toBeGreaterThan(1);
    expect(far).toBeLessThan(1);
  });

  it("explains every lixel exactly: background + local + network + regional + hazard = rate, to 1e-12", () => {
    let worst = 0;
    for (let l = 0; l < lixels.count; l += 7) {
      const why = explainRate(risk, lixels.lengthM, [l]);
      const c = why.components;
      const sum = c.background + c.local + c.network + c.regional + c.hazard;
      worst = Math.max(worst, Math.abs(sum - risk.ratePerKmYear[l]) / Math.max(risk.ratePerKmYear[l], 1e-300));
      expect(why.covariateFactor).toBeCloseTo(risk.covariates?.factor[l] ?? Number.NaN, 12);
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  it("is deterministic and leaves the kernel model's scores untouched", () => {
    const again = withCovariates(index, set, areas, kernel, [{ file: "front.geojson", layer: front }, { file: "noise.geojson", layer: noise }], { routes });
    expect(again.meta.covariates).toEqual(meta);
    expect(Array.from(again.ratePerKmYear)).toEqual(Array.from(risk.ratePerKmYear));
    expect(kernel.meta.covariates).toBeUndefined();
    expect(kernel.covariates).toBeUndefined();
  });
});

describe("fitCovariateTerm with a flat shape (the kernel knows nothing): β is the true log-rate slope", () => {
  // with s constant the model is a plain Poisson regression of counts on log(1 + km), one level per split:
  // the truth is −2, and with ~700 target incidents the 95 % interval must cover it (and λ = 10 barely pulls)
  const set = incidents(23);
  const kernel = riskScores(index, set, areas, { routes });
  const columns = [front.values(lixels).distance];
  const fit = fitCovariateTerm({
    lixelIndex: index,
    incidents: set,
    roadShare: kernel.roadShare,
    roadBandM: 1000,
    names: ["front: distance"],
    columns,
    trainEndDay: Date.UTC(2020, 0, 1) / 86_400_000,
    shapeBefore: () => new Float64Array(lixels.count).fill(1),
  });
  it("covers −2 with its 95 % interval, and excludes 0", () => {
    const t = fit.terms[0];
    expect(fit.converged).toBe(true);
    expect(t.low).toBeLessThan(-2);
    expect(t.high).toBeGreaterThan(-2);
    expect(t.high).toBeLessThan(-1.5);
    expect(t.priorShare).toBeLessThan(0.05);
  });
  it("uses every pseudo-split: targets in (t − w, t] for t = T, T − 2 y, T − 4 y", () => {
    expect(fit.pseudoSplits.map((s) => [s.targetFrom, s.targetTo])).toEqual([["2018-01-01", "2019-12-31"], ["2016-01-01", "2017-12-31"], ["2014-01-01", "2015-12-31"]]);
    expect(fit.pseudoSplits.every((s) => s.usedEvents === s.targetEvents && s.targetEvents > 50)).toBe(true);
  });
});

describe("a covariate with no variation over the network (a line beyond the 300 km cap)", () => {
  const set = incidents(29);
  const kernel = riskScores(index, set, areas, { routes });
  const far = lineCovariate("far", line(0, 2_000_000, LENGTH_M, 2_000_000));
  const risk = withCovariates(index, set, areas, kernel, [{ file: "far.geojson", layer: far }], { routes });
  it("is held at β = 0, says so, and leaves every rate the kernel model's", () => {
    const t = risk.meta.covariates?.terms[0];
    expect(t?.heldAtZero).toBe(true);
    expect(t?.beta).toBe(0);
    expect(risk.meta.covariates?.note).toContain("not fitted");
    for (let l = 0; l < lixels.count; l += 11) expect(Math.abs(risk.ratePerKmYear[l] - kernel.ratePerKmYear[l])).toBeLessThanOrEqual(1e-12 * Math.max(kernel.ratePerKmYear[l], 1e-300));
  });
});
