/**
 * The map, the stretches and the report of a blocked lixel layer (io/write/blocked-layer.ts) are those of
 * its whole TypedLayer, byte for byte, whatever the blocks (of 1, 7 and 1000 lixels; empty blocks between
 * uneven ones with their own vertex arrays): the stretches (one stretchMaker across the blocks, tolerance
 * from the whole extent), the static map's fit, dense box, `outside` count and notes — on a layer with an
 * outlying road (the dense box is used) and one without (fitStreamed fits the frame) — and the report, fed
 * the stretch cap a block at a time or not. Layers: the default corridor's and seeded synthetic networks
 * (labelled synthetic, test/helpers/layers/blocked-fixtures.ts).
 */
import { describe, expect, it } from "vitest";
import { incidentFeatures } from "../../src/io/layers/layers.ts";
import { type BlockedLayer, blocksOf, eachBlock } from "../../src/io/write/blocked-layer.ts";
import type { OutFeature } from "../../src/io/write/format-geojson.ts";
import type { TypedLayer } from "../../src/io/write/typed-layer.ts";
import type { AnalysisResult } from "../../src/pipeline/analyze.ts";
import { summarize } from "../../src/pipeline/summary.ts";
import { type MapLayers, renderSvgMap, staticMap } from "../../src/render/map/svg-map.ts";
import { lonLatBounds } from "../../src/render/map/map-projection.ts";
import { denseBounds } from "../../src/render/map/map-dense.ts";
import { blockedStretchBlocks, blockedToleranceDeg } from "../../src/render/report/blocked-stretches.ts";
import { capStretches, stretchCapAccumulator } from "../../src/render/report/report-cap.ts";
import { displayStretches, displayToleranceDeg, stretchBlocks, stretchMaker } from "../../src/render/report/report-layers.ts";
import type { MaplibreAssets } from "../../src/render/report/maplibre-assets.ts";
import { renderReport, reportChunks } from "../../src/render/report/report.ts";
import { corridorRun, lixelLayer, splits, syntheticRun } from "../helpers/layers/blocked-fixtures.ts";

const ASSETS: MaplibreAssets = { js: "/* maplibre */", workerJs: "/* worker */", css: ".maplibregl-map{}", version: "0.0.0-test" };
const OPTIONS = { title: "blocked layer (synthetic and corridor)", notes: ["a caveat"] };

const runs: [string, AnalysisResult][] = [
  ["the default corridor", corridorRun()],
  ["a synthetic network", syntheticRun(0x16)],
  ["a synthetic network with an outlying road", syntheticRun(0x22, { outlier: true })],
];

/** staticMap of `layers` with the stretches of the blocked layer fed a block at a time, as the pipeline does. */
function blockedMap(layers: MapLayers, blocked: BlockedLayer, vectorMaxChars?: number): string {
  const map = staticMap({ ...layers, lixels: blocked }, { ...OPTIONS, vectorMaxChars });
  for (const block of blockedStretchBlocks(blocked, { blockLixels: 5 })) map.add(block);
  return map.svg();
}

describe("blockedStretchBlocks", () => {
  for (const [name, run] of runs) {
    it(`${name}: the stretches of stretchBlocks of the whole layer, every split`, () => {
      const whole = lixelLayer(run);
      const want = [...stretchBlocks(whole)].flat();
      expect(want.length).toBeGreaterThan(20);
      expect(want.length).toBeLessThan(whole.length); // runs of lixels really merge, so block ends cut runs
      for (const { label, blocked } of splits(whole)) {
        expect(blockedToleranceDeg(blocked), label).toBe(displayToleranceDeg(whole));
        expect([...blockedStretchBlocks(blocked)].flat(), label).toEqual(want);
        expect([...blockedStretchBlocks(blocked, { blockLixels: 3, toleranceDeg: displayToleranceDeg(whole) })].flat(), label).toEqual(want);
      }
    });
  }

  it("would differ with a stretchMaker per block or with the first block's tolerance (the comparison can fail)", () => {
    const whole = lixelLayer(runs[0][1]);
    const want = displayStretches(whole);
    const blocked = blocksOf(whole, 7);
    const perBlock: OutFeature[] = [];
    for (const block of eachBlock(blocked)) for (const f of displayStretches(block, displayToleranceDeg(whole))) perBlock.push(f);
    expect(perBlock.length).toBeGreaterThan(want.length);
    const firstBlock = [...blocked.blocks()][0];
    expect(displayToleranceDeg(firstBlock)).not.toBe(displayToleranceDeg(whole));
    expect([...blockedStretchBlocks(blocked, { toleranceDeg: displayToleranceDeg(firstBlock) })].flat()).not.toEqual(want);
    // one maker across the blocks, by hand, is what blockedStretchBlocks gives
    const maker = stretchMaker(displayToleranceDeg(whole));
    const byHand: OutFeature[] = [];
    for (const block of eachBlock(blocked)) for (const f of maker.add(block)) byHand.push(f);
    for (const f of maker.end()) byHand.push(f);
    expect(byHand).toEqual(want);
  });
});

describe("staticMap of a blocked layer", () => {
  for (const [name, run] of runs) {
    const whole = lixelLayer(run);
    const layers: MapLayers = { lixels: whole, incidents: incidentFeatures(run) };
    const dense = denseBounds([whole]);
    const outlying = name.includes("outlying");

    it(`${name}: ${outlying ? "the dense box and its outside count" : "no dense box (fitStreamed)"}, the same as the whole layer's`, () => {
      if (outlying) expect(dense?.outside).toBeGreaterThan(0);
      else expect(dense).toBeNull();
      for (const { label, blocked } of splits(whole)) {
        expect(denseBounds([blocked]), label).toEqual(dense);
        expect(lonLatBounds([blocked]), label).toEqual(lonLatBounds([whole]));
      }
    });

    it(`${name}: the SVG of renderSvgMap of the whole layer, byte for byte, every split`, () => {
      const want = renderSvgMap(layers, OPTIONS);
      expect(want).toContain('<path class="lixels');
      expect(/The frame fits where the roads are\s*(<[^>]*>\s*)*dense: \d+ outlying/.test(want)).toBe(outlying);
      for (const { label, blocked } of splits(whole)) {
        expect(blockedMap(layers, blocked), label).toBe(want);
        expect(renderSvgMap({ ...layers, lixels: blocked }, OPTIONS), `renderSvgMap, ${label}`).toBe(want);
      }
      // past half the map's path text the roads become pixels, mid-run: the same bytes too
      const chars = [...want.matchAll(/<path class="lixels[^"]*" d="([^"]*)"/g)].reduce((n, m) => n + m[1].length, 0);
      const map = staticMap(layers, { ...OPTIONS, vectorMaxChars: chars / 2 });
      for (const block of stretchBlocks(whole)) map.add(block);
      const raster = map.svg();
      expect(raster).toContain("<image");
      expect(blockedMap(layers, blocksOf(whole, 7), chars / 2)).toBe(raster);
    });
  }

  it("the map, its stretches and the report make three passes over the blocks (the lixels' box is found once)", () => {
    for (const run of [runs[1][1], runs[2][1]]) {
      const whole = lixelLayer(run);
      const inner = blocksOf(whole, 500);
      let passes = 0;
      const counted: BlockedLayer = { ...inner, blocks: () => (passes++, inner.blocks()) };
      const map = staticMap({ lixels: counted }, OPTIONS);
      const cap = stretchCapAccumulator();
      for (const block of blockedStretchBlocks(counted)) (map.add(block), cap.add(block));
      const svg = map.svg();
      const report = renderReport({ summary: summarize(run), layers: { lixels: counted }, stretchCap: cap.finish(), staticMapSvg: svg }, ASSETS);
      expect(passes).toBe(3);
      expect(svg).toBe(renderSvgMap({ lixels: whole }, OPTIONS));
      expect(report).toBe(renderReport({ summary: summarize(run), layers: { lixels: whole }, staticMapSvg: svg }, ASSETS));
    }
  });

  it("a blocked layer missing its last block is another map (the comparison can fail)", () => {
    const run = runs[2][1];
    const whole = lixelLayer(run);
    const layers: MapLayers = { lixels: whole };
    const all = blocksOf(whole, 1000);
    const cut: BlockedLayer = { blocked: true, length: 2000, vertexCount: [...all.blocks()].slice(0, 2).reduce((n, b) => n + b.offsets[b.length] - b.offsets[0], 0), blocks: () => [...all.blocks()].slice(0, 2) };
    expect(blockedMap(layers, cut)).not.toBe(renderSvgMap(layers, OPTIONS));
  });
});

describe("the report of a blocked layer", () => {
  const run = runs[2][1];
  const whole: TypedLayer = lixelLayer(run);
  const summary = summarize(run);
  const incidents = incidentFeatures(run);

  for (const max of [undefined, 40]) {
    it(`${max === undefined ? "within the budget" : `capped at ${max} stretches`}: the whole layer's report, byte for byte, every split`, () => {
      const want = renderReport({ summary, layers: { lixels: whole, incidents }, maxStretches: max, staticMapSvg: "<svg/>" }, ASSETS);
      expect(want.includes('id="map-cap"')).toBe(max !== undefined);
      for (const { label, blocked } of splits(whole)) {
        const cap = stretchCapAccumulator(max);
        for (const block of blockedStretchBlocks(blocked)) cap.add(block);
        const got = [...reportChunks({ summary, layers: { lixels: blocked, incidents }, stretchCap: cap.finish(), staticMapSvg: "<svg/>" }, ASSETS)].join("");
        expect(got, label).toBe(want);
        // without a cap given: made here from the blocks
        expect(renderReport({ summary, layers: { lixels: blocked, incidents }, maxStretches: max, staticMapSvg: "<svg/>" }, ASSETS), `no cap given, ${label}`).toBe(want);
      }
    });
  }

  it("with the cap of another budget it is another report (the comparison can fail)", () => {
    const want = renderReport({ summary, layers: { lixels: whole, incidents }, maxStretches: 40 }, ASSETS);
    const other = capStretches(displayStretches(whole), 41);
    expect(renderReport({ summary, layers: { lixels: blocksOf(whole, 7), incidents }, stretchCap: other }, ASSETS)).not.toBe(want);
  });
});
