/**
 * The lixels' merged stretches (report-layers.ts) of a blocked layer (io/write/blocked-layer.ts): one
 * stretchMaker across every block, so a run of one road and class that crosses a block's end is one
 * stretch, as in the whole layer; the display tolerance from the whole layer's extent (its blockedBox, or
 * given). The stretches, concatenated, are those of stretchBlocks of the whole
 * TypedLayer, whatever the blocks (test/render/blocked-map.test.ts).
 */
import { type BlockedLayer, blockedBox, eachBlock, isBlockedLayer } from "../../io/write/blocked-layer.ts";
import type { OutFeature } from "../../io/write/format-geojson.ts";
import type { TypedLayer } from "../../io/write/typed-layer.ts";
import { capStretches, type StretchCap, stretchCapAccumulator } from "./report-cap.ts";
import { displayStretches, STRETCH_BLOCK_LIXELS, stretchBlocks, stretchMaker } from "./report-layers.ts";

/** displayToleranceDeg of the whole layer: 1/4000 of the larger side of its vertices' box (io/write/blocked-layer.ts blockedBox: one pass, or none when the map has made it). */
export function blockedToleranceDeg(layer: BlockedLayer): number {
  const [x0, y0, x1, y1] = blockedBox(layer);
  return x1 >= x0 ? Math.max(x1 - x0, y1 - y0) / 4000 : 0;
}

/**
 * The stretches of stretchBlocks(whole layer), block by block: each block's lixels fed to one
 * stretchMaker `blockLixels` at a time (default STRETCH_BLOCK_LIXELS), its runs carried over a block's
 * end; `toleranceDeg` default {@link blockedToleranceDeg}.
 */
export function* blockedStretchBlocks(layer: BlockedLayer, options: { toleranceDeg?: number; blockLixels?: number } = {}): Generator<OutFeature[]> {
  const maker = stretchMaker(options.toleranceDeg ?? blockedToleranceDeg(layer));
  const step = Math.max(1, Math.floor(options.blockLixels ?? STRETCH_BLOCK_LIXELS));
  for (const block of eachBlock(layer)) {
    for (let from = 0; from < block.length; from += step) {
      const out = maker.add(block, from, Math.min(block.length, from + step));
      if (out.length) yield out;
    }
  }
  const last = maker.end();
  if (last.length) yield last;
}

/** The stretches of any lixel layer a block at a time: stretchBlocks, or blockedStretchBlocks for a blocked layer. */
export function lixelStretchBlocks(lixels: readonly OutFeature[] | TypedLayer | BlockedLayer): Iterable<OutFeature[]> {
  return isBlockedLayer(lixels) ? blockedStretchBlocks(lixels) : stretchBlocks(lixels);
}

/** The report's cap (report-cap.ts) of any lixel layer's stretches: a blocked layer's fed a block at a time. */
export function lixelStretchCap(lixels: readonly OutFeature[] | TypedLayer | BlockedLayer, max?: number): StretchCap {
  if (!isBlockedLayer(lixels)) return capStretches(displayStretches(lixels), max);
  const cap = stretchCapAccumulator(max);
  for (const block of blockedStretchBlocks(lixels)) cap.add(block);
  return cap.finish();
}
