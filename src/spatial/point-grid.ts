import { polylineBox, polylineDistance } from "../core/math.ts";
import { DISTANCE_BOX_SLACK } from "./distance-box.ts";

/**
 * Points bucketed in a uniform grid of square cells, row-major, with each cell's points contiguous
 * (compressed rows, as a CSR matrix): the count of any run of cells in one row is one subtraction. Built
 * for counting the points within a radius of many short polylines (lixels): the cells certainly inside
 * the radius are counted whole, and only the points of the cells on the rim are tested one by one, so the
 * cost per polyline is the rows it spans plus the points of a rim band, not every point of the disc.
 * Written by hand: Flatbush (the other indexes) answers "which points", not "how many", and returns them
 * all as an array.
 */
export interface PointGrid {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly x0: number;
  readonly y0: number;
  readonly cellM: number;
  readonly cols: number;
  readonly rows: number;
  /** Points of cell k = row·cols + col are order[cellStart[k] .. cellStart[k + 1]), in index order. */
  readonly cellStart: Uint32Array;
  readonly order: Uint32Array;
  /** The points' coordinates in that order (cx[j] = x[order[j]]): a run of cells is read sequentially. */
  readonly cx: Float64Array;
  readonly cy: Float64Array;
  /** Largest |coordinate| of the points: the rounding slack of the distance tests scales with it. */
  readonly magnitudeM: number;
}

/** At most this many cells: memory stays near 16 MB whatever the extent. */
const MAX_CELLS = 4_000_000;

/**
 * A grid over the points with cells of `cellM` metres, grown to half the points' mean spacing when
 * that is larger, and so that the extent needs at most 4,000,000 cells. Counting sort: O(points + cells).
 */
export function buildPointGrid(x: Float64Array, y: Float64Array, cellM: number): PointGrid {
  const n = x.length;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    if (x[i] < minX) minX = x[i];
    if (x[i] > maxX) maxX = x[i];
    if (y[i] < minY) minY = y[i];
    if (y[i] > maxY) maxY = y[i];
  }
  if (n === 0) [minX, minY, maxX, maxY] = [0, 0, 0, 0];
  const w = maxX - minX;
  const h = maxY - minY;
  // no smaller than half the points' mean spacing: finer cells are mostly empty and cost only memory and
  // cache misses (measured: Colombia's 14,369 events over 1,600 × 1,900 km at the 4M-cell cap, +0.3 CPU-s)
  const c = Math.max(cellM, Math.sqrt((w * h) / Math.max(1, n)) / 2, Math.sqrt((w * h) / MAX_CELLS), (w + h) / MAX_CELLS, 1e-6);
  const cols = Math.floor(w / c) + 1;
  const rows = Math.floor(h / c) + 1;
  const cellOf = new Uint32Array(n);
  const cellStart = new Uint32Array(cols * rows + 1);
  for (let i = 0; i < n; i++) {
    const k = Math.min(rows - 1, Math.floor((y[i] - minY) / c)) * cols + Math.min(cols - 1, Math.floor((x[i] - minX) / c));
    cellOf[i] = k;
    cellStart[k + 1]++;
  }
  for (let k = 0; k < cols * rows; k++) cellStart[k + 1] += cellStart[k];
  const at = cellStart.slice(0, cols * rows);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[at[cellOf[i]]++] = i;
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    cx[j] = x[order[j]];
    cy[j] = y[order[j]];
  }
  const magnitudeM = n === 0 ? 0 : Math.max(Math.abs(minX), Math.abs(minY), Math.abs(maxX), Math.abs(maxY));
  return { x, y, x0: minX, y0: minY, cellM: c, cols, rows, cellStart, order, cx, cy, magnitudeM };
}

/**
 * Number of points whose computed distance to the polyline [v0, v1) of xy (core/math polylineDistance) is
 * ≤ radiusM — the same count as testing every point. Per row of cells: the cells whose four corners lie
 * within the radius of one vertex v of the polyline (so every point in them is within it: d ≤ |P − v|),
 * shrunk by the rounding slack of spatial/distance-box.ts, are counted whole; the cells of the row that
 * can hold a point within the radius of the polyline's box (grown by the slack and one cell) and are not
 * counted whole have their points tested one by one.
 */
export function countWithinPolyline(g: PointGrid, xy: Float64Array, v0: number, v1: number, radiusM: number): number {
  if (g.x.length === 0) return 0;
  const [bx0, by0, bx1, by1] = polylineBox(xy, v0, v1);
  // a point misfiled by rounding lies within an ulp of its cell: far inside this slack (distance-box.ts)
  const slack = 4 * DISTANCE_BOX_SLACK * (radiusM + Math.max(g.magnitudeM, Math.abs(bx0), Math.abs(by0), Math.abs(bx1), Math.abs(by1)));
  const rOut = radiusM + slack;
  const rIn = radiusM - slack;
  const { x0, y0, cellM: c, cols, rows, cellStart, order, x, y } = g;
  const mid = (v0 + v1 - 1) >> 1;
  const vx = xy[2 * mid];
  const vy = xy[2 * mid + 1];
  const r0 = Math.max(0, Math.floor((by0 - rOut - y0) / c));
  const r1 = Math.min(rows - 1, Math.floor((by1 + rOut - y0) / c));
  let count = 0;
  for (let r = r0; r <= r1; r++) {
    const ya = y0 + r * c;
    const yb = ya + c;
    const dyMin = Math.max(0, by0 - yb, ya - by1);
    if (dyMin > rOut) continue;
    const hw = Math.sqrt(rOut * rOut - dyMin * dyMin);
    const o0 = Math.max(0, Math.floor((bx0 - hw - x0) / c));
    const o1 = Math.min(cols - 1, Math.floor((bx1 + hw - x0) / c));
    if (o0 > o1) continue;
    // cells [i0, i1] of this row lie inside the disc of radius rIn around v; none when i0 > i1
    const dyMax = Math.max(Math.abs(ya - vy), Math.abs(yb - vy));
    let i0 = o1 + 1;
    let i1 = o1;
    if (dyMax < rIn) {
      const h = Math.sqrt(rIn * rIn - dyMax * dyMax);
      i0 = Math.max(o0, Math.ceil((vx - h - x0) / c));
      i1 = Math.min(o1, Math.floor((vx + h - x0) / c) - 1);
      if (i0 > i1) [i0, i1] = [o1 + 1, o1];
    }
    const row = r * cols;
    if (i0 <= i1) count += cellStart[row + i1 + 1] - cellStart[row + i0];
    // the rim: cells o0 … i0 − 1 and i1 + 1 … o1 (o0 … o1 when nothing is counted whole)
    count += countRun(cellStart[row + o0], cellStart[row + Math.min(i0, o1 + 1)], order, x, y, xy, v0, v1, radiusM);
    if (i0 <= i1) count += countRun(cellStart[row + i1 + 1], cellStart[row + o1 + 1], order, x, y, xy, v0, v1, radiusM);
  }
  return count;
}

/** Points order[j0 .. j1) within radiusM of the polyline, by its exact distance. */
function countRun(j0: number, j1: number, order: Uint32Array, x: Float64Array, y: Float64Array, xy: Float64Array, v0: number, v1: number, radiusM: number): number {
  let n = 0;
  for (let j = j0; j < j1; j++) {
    const p = order[j];
    if (polylineDistance(xy, v0, v1, x[p], y[p]) <= radiusM) n++;
  }
  return n;
}
