import { cellToBoundary, cellToLatLng, polygonToCells } from "h3-js";
import { OptionError } from "../../core/errors.ts";
import type { Grid } from "../../core/grid.ts";
import type { Dataset } from "../read/build-dataset.ts";
import type { OutFeature, Position } from "../write/format-geojson.ts";
import { toLonLat } from "./layers.ts";

/** Cells to evaluate a surface on: centres in the working CRS and polygons in WGS 84, aligned by index. */
export interface CellSet {
  readonly kind: "square" | "hex" | "h3";
  /** Cell ids: "row,col" for square and hex cells, the H3 index for H3. */
  readonly ids: readonly string[];
  /** Centres in the working CRS, metres. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Closed outer ring of each cell, WGS 84 lon/lat. */
  readonly rings: readonly Position[][];
}

/** The square cells of a grid (row 0 southernmost), corners unprojected to WGS 84. */
export function squareCells(dataset: Dataset, g: Pick<Grid, "minX" | "minY" | "cellSizeM" | "ncols" | "nrows">): CellSet {
  const n = g.ncols * g.nrows;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const corners = new Float64Array(n * 10);
  const ids: string[] = [];
  for (let r = 0; r < g.nrows; r++) {
    for (let c = 0; c < g.ncols; c++) {
      const k = r * g.ncols + c;
      const x0 = g.minX + c * g.cellSizeM;
      const y0 = g.minY + r * g.cellSizeM;
      const x1 = x0 + g.cellSizeM;
      const y1 = y0 + g.cellSizeM;
      x[k] = (x0 + x1) / 2;
      y[k] = (y0 + y1) / 2;
      corners.set([x0, y0, x1, y0, x1, y1, x0, y1, x0, y0], 10 * k);
      ids.push(`${r},${c}`);
    }
  }
  return { kind: "square", ids, x, y, rings: chunk(toLonLat(dataset, corners), 5) };
}

/**
 * Pointy-top hexagons of flat-to-flat width `sizeM` (centre spacing), covering the extent in the
 * working CRS: circumradius R = w/√3, rows 1.5 R apart, odd rows shifted by w/2 (the "odd-r" offset
 * layout). Cell area = (√3/2)·w².
 */
export function hexCells(dataset: Dataset, extent: readonly [number, number, number, number], sizeM: number): CellSet {
  if (!(sizeM > 0) || !Number.isFinite(sizeM)) throw new OptionError(`hexagon size must be positive metres, got ${sizeM}`);
  const [minX, minY, maxX, maxY] = extent;
  const R = sizeM / Math.sqrt(3);
  const rows = Math.max(1, Math.ceil((maxY - minY) / (1.5 * R)) + 1);
  const cols = Math.max(1, Math.ceil((maxX - minX) / sizeM) + 1);
  if (rows * cols > 5_000_000) throw new OptionError(`${rows * cols} hexagons: choose a larger cell size`);
  const xs: number[] = [];
  const ys: number[] = [];
  const ids: string[] = [];
  const corners: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const cx = minX + c * sizeM + (r % 2 === 1 ? sizeM / 2 : 0);
      const cy = minY + r * 1.5 * R;
      xs.push(cx);
      ys.push(cy);
      ids.push(`${r},${c}`);
      for (let v = 0; v <= 6; v++) {
        const a = (Math.PI / 180) * (60 * (v % 6) - 30); // pointy top: corners at −30°, 30°, 90°, …
        corners.push(cx + R * Math.cos(a), cy + R * Math.sin(a));
      }
    }
  }
  return { kind: "hex", ids, x: Float64Array.from(xs), y: Float64Array.from(ys), rings: chunk(toLonLat(dataset, Float64Array.from(corners)), 7) };
}

/**
 * The H3 cells (Uber's hierarchical hexagons, h3-js) at `resolution` whose centres fall inside the
 * extent, given in the working CRS and unprojected to WGS 84 for H3. Centres are projected back to the
 * working CRS for evaluation; rings are H3's own WGS 84 boundaries.
 */
export function h3Cells(dataset: Dataset, extent: readonly [number, number, number, number], resolution: number): CellSet {
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) throw new OptionError(`H3 resolution must be a whole number 0–15, got ${resolution}`);
  const [minX, minY, maxX, maxY] = extent;
  const box = toLonLat(dataset, new Float64Array([minX, minY, maxX, minY, maxX, maxY, minX, maxY, minX, minY]));
  const cells = polygonToCells(box, resolution, true).sort();
  if (cells.length > 5_000_000) throw new OptionError(`${cells.length} H3 cells: choose a coarser resolution`);
  const centres = new Float64Array(2 * cells.length);
  cells.forEach((h, i) => {
    const [lat, lon] = cellToLatLng(h);
    centres[2 * i] = lon;
    centres[2 * i + 1] = lat;
  });
  dataset.crs.forward(centres);
  const x = Float64Array.from({ length: cells.length }, (_, i) => centres[2 * i]);
  const y = Float64Array.from({ length: cells.length }, (_, i) => centres[2 * i + 1]);
  return { kind: "h3", ids: cells, x, y, rings: cells.map((h) => cellToBoundary(h, true) as Position[]) };
}

/** One Polygon feature per cell with `props(k)` as properties; cells where `keep(k)` is false are left out. */
export function cellFeatures(cells: CellSet, props: (k: number) => Record<string, unknown>, keep: (k: number) => boolean = () => true): OutFeature[] {
  const out: OutFeature[] = [];
  for (let k = 0; k < cells.ids.length; k++) {
    if (!keep(k)) continue;
    out.push({ type: "Feature", properties: { cell: cells.ids[k], ...props(k) }, geometry: { type: "Polygon", coordinates: [cells.rings[k]] } });
  }
  return out;
}

function chunk(points: Position[], size: number): Position[][] {
  const out: Position[][] = [];
  for (let i = 0; i < points.length; i += size) out.push(points.slice(i, i + size));
  return out;
}
