import { OptionError } from "../../core/errors.ts";
import type { Lixels } from "../../core/lixels.ts";
import { segmentDistanceSq } from "../../core/math.ts";
import type { GridSpec } from "./kernel-density.ts";

/**
 * Mask of the grid cells whose centre lies within `bufferM` (inclusive) of a road: 1 = keep, 0 = outside
 * the corridor. Each road segment marks the cells of its box grown by the buffer, tested by exact
 * point–segment distance — O(segments × cells near each), no per-cell search of all roads.
 */
export function corridorMask(grid: GridSpec, lixels: Lixels, bufferM: number): Uint8Array {
  if (!(bufferM >= 0) || !Number.isFinite(bufferM)) throw new OptionError(`corridor buffer must be >= 0 metres, got ${bufferM}`);
  const { minX, minY, cellSizeM: cell, ncols, nrows } = grid;
  const mask = new Uint8Array(ncols * nrows);
  const b2 = bufferM * bufferM;
  const { xy, start } = lixels;
  for (let i = 0; i < lixels.count; i++) {
    for (let v = start[i]; v < start[i + 1] - 1; v++) {
      const ax = xy[2 * v];
      const ay = xy[2 * v + 1];
      const bx = xy[2 * v + 2];
      const by = xy[2 * v + 3];
      const c0 = Math.max(0, Math.floor((Math.min(ax, bx) - bufferM - minX) / cell - 0.5));
      const c1 = Math.min(ncols - 1, Math.ceil((Math.max(ax, bx) + bufferM - minX) / cell - 0.5));
      const r0 = Math.max(0, Math.floor((Math.min(ay, by) - bufferM - minY) / cell - 0.5));
      const r1 = Math.min(nrows - 1, Math.ceil((Math.max(ay, by) + bufferM - minY) / cell - 0.5));
      for (let r = r0; r <= r1; r++) {
        const cy = minY + (r + 0.5) * cell;
        for (let c = c0; c <= c1; c++) {
          if (mask[r * ncols + c] === 1) continue;
          if (segmentDistanceSq(minX + (c + 0.5) * cell, cy, ax, ay, bx, by) <= b2) mask[r * ncols + c] = 1;
        }
      }
    }
  }
  return mask;
}
