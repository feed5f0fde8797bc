/**
 * A regular raster in the working CRS: `ncols × nrows` square cells of `cellSizeM`, row 0 southernmost,
 * values row-major (`values[row * ncols + col]`). Cell (c, r) has its centre at
 * (minX + (c + 0.5)·cellSizeM, minY + (r + 0.5)·cellSizeM) — the convention of ../shared/bench/SPEC.md.
 */
export interface Grid {
  readonly minX: number;
  readonly minY: number;
  readonly cellSizeM: number;
  readonly ncols: number;
  readonly nrows: number;
  readonly values: Float64Array;
}
