import { describe, expect, it } from "vitest";
import { OptionError } from "../../../src/core/errors.ts";
import type { HazardSet } from "../../../src/core/hazard-set.ts";
import { avoidAreaLixels } from "../../../src/analyses/routing/avoid-areas.ts";
import { shortestPath } from "../../../src/analyses/routing/shortest-path.ts";
import { buildAreaIndex } from "../../../src/spatial/area-index.ts";
import { LADDER, LADDER_RATES, routingSetup } from "../../helpers/routing-networks.ts";
import type { RoadSpec } from "../../helpers/roads.ts";

const A = { x: 0, y: 0 };
const B = { x: 1000, y: 0 };

/** Axis-aligned rectangles as a HazardSet (one polygon each, closed ring). */
function boxes(...rects: Array<[number, number, number, number]>): HazardSet {
  return {
    count: rects.length,
    polygons: rects.map(([x0, y0, x1, y1]) => [[Float64Array.from([x0, y0, x1, y0, x1, y1, x0, y1, x0, y0])]]),
    status: new Uint8Array(rects.length),
    bbox: Float64Array.from(rects.flat()),
    ids: rects.map((_, i) => `box${i}`),
  };
}

describe("avoid areas", () => {
  const { lixels, graph, index } = routingSetup(LADDER);
  const route = (avoid: Uint8Array) => shortestPath(graph, index, A, B, { avoidLixels: avoid });

  it("detours around a polygon over the direct road: D 1000 m → M 1400 m", () => {
    const avoid = avoidAreaLixels(lixels, buildAreaIndex(boxes([400, -50, 600, 50])));
    expect(Array.from(avoid)).toEqual([1, 0, 0, 0]);
    expect(route(avoid).lengthM).toBe(1400);
    expect(shortestPath(graph, index, A, B).lengthM).toBe(1000);
  });

  it("blocks a road that only passes through a thin polygon (no vertex of either inside the other)", () => {
    // (500,-10)–(510,10): D's vertices are far outside and the ring's corners 10 m from D: only the
    // segment crossing test sees it.
    expect(Array.from(avoidAreaLixels(lixels, buildAreaIndex(boxes([500, -10, 510, 10]))))).toEqual([1, 0, 0, 0]);
  });

  it("honours a buffer, inclusive: a box 60 m north of D and 100 m south of M", () => {
    const areas = buildAreaIndex(boxes([400, 60, 600, 100]));
    expect(Array.from(avoidAreaLixels(lixels, areas, { bufferM: 59.9 }))).toEqual([0, 0, 0, 0]);
    expect(Array.from(avoidAreaLixels(lixels, areas, { bufferM: 60 }))).toEqual([1, 0, 0, 0]);
    const both = avoidAreaLixels(lixels, areas, { bufferM: 100 });
    expect(Array.from(both)).toEqual([1, 1, 0, 0]);
    expect(route(both).lengthM).toBe(1800);
    expect(() => avoidAreaLixels(lixels, areas, { bufferM: -1 })).toThrow(OptionError);
  });

  it("lets a route start on a blocked road piece but not cross one", () => {
    // Start mid-D (500,0), D blocked: 500 m east on D to B, then 200 m up M to (1000,200): 700 m.
    const avoid = Uint8Array.from([1, 0, 0, 0]);
    const path = shortestPath(graph, index, { x: 500, y: 0 }, { x: 1000, y: 200 }, { avoidLixels: avoid });
    expect(path.lengthM).toBeCloseTo(700, 9);
    // (1000,200) → A with D blocked: back along M, 1200 m, never through D.
    expect(shortestPath(graph, index, { x: 1000, y: 200 }, A, { avoidLixels: avoid }).lengthM).toBeCloseTo(1200, 9);
  });

  it("refuses clearly when the avoid areas cut every route", () => {
    const run = () => shortestPath(graph, index, A, B, { avoidLixels: Uint8Array.from([1, 1, 1, 1]) });
    expect(run).toThrow(OptionError);
    expect(run).toThrow(/avoiding 4 blocked road pieces \(6\.400 km/);
  });
});

describe("maximum rate cut-off", () => {
  const { graph, index } = routingSetup(LADDER);
  const cut = (maxRatePerKmYear: number) => shortestPath(graph, index, A, B, { maxRatePerKmYear, ratePerKmYear: LADDER_RATES }).lengthM;

  it("drops every lixel above the cut-off (strictly above; equal stays)", () => {
    expect(cut(0.2)).toBe(1000);
    expect(cut(0.1)).toBe(1400); // D (0.2) out
    expect(cut(0.05)).toBe(1400); // M at exactly 0.05 stays
    expect(cut(0.04)).toBe(1800); // M out, N (0.0278) left
    expect(cut(0)).toBe(2200); // only the road with no recorded incidents
  });

  it("needs rates and a rate >= 0", () => {
    expect(() => shortestPath(graph, index, A, B, { maxRatePerKmYear: 0.1 })).toThrow(OptionError);
    expect(() => shortestPath(graph, index, A, B, { maxRatePerKmYear: -1, ratePerKmYear: LADDER_RATES })).toThrow(OptionError);
  });
});

describe("one-way roads, honoured when asked", () => {
  // D one-way along its vertex order (A → B); N one-way against it (only B → A).
  const roads: RoadSpec[] = LADDER.map((r, i) => (i === 0 ? { ...r, oneway: 1 } : i === 2 ? { ...r, oneway: -1 } : r));
  const { graph, index } = routingSetup(roads);

  it("uses D with the flow, and M against it", () => {
    expect(shortestPath(graph, index, A, B, { oneway: true }).lengthM).toBe(1000);
    expect(shortestPath(graph, index, B, A, { oneway: true }).lengthM).toBe(1400);
    expect(shortestPath(graph, index, B, A).lengthM).toBe(1000); // not asked: both ways
  });

  it("from the middle of a one-way road, goes with the flow first", () => {
    // (500,0) → A: 500 m on to B, then M back: 500 + 1400 = 1900 m (without one-way: 500 m).
    expect(shortestPath(graph, index, { x: 500, y: 0 }, A, { oneway: true }).lengthM).toBeCloseTo(1900, 9);
    expect(shortestPath(graph, index, { x: 500, y: 0 }, A).lengthM).toBeCloseTo(500, 9);
    // On one lixel: (200,0) → (700,0) with the flow is 500 m; (700,0) → (200,0) goes round: 300 + 1400 + 200.
    expect(shortestPath(graph, index, { x: 200, y: 0 }, { x: 700, y: 0 }, { oneway: true }).lengthM).toBeCloseTo(500, 9);
    expect(shortestPath(graph, index, { x: 700, y: 0 }, { x: 200, y: 0 }, { oneway: true }).lengthM).toBeCloseTo(1900, 9);
  });

  it("honours oneway = -1 (travel only against the vertex order)", () => {
    // M and O blocked: A → B only via N, which runs B → A only: refused; B → A uses N, 1800 m.
    const avoidLixels = Uint8Array.from([1, 1, 0, 1]);
    expect(shortestPath(graph, index, B, A, { oneway: true, avoidLixels }).lengthM).toBe(1800);
    const run = () => shortestPath(graph, index, A, B, { oneway: true, avoidLixels });
    expect(run).toThrow(OptionError);
    expect(run).toThrow(/respecting one-way roads/);
  });
});
