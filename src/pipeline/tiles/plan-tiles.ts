import { OptionError } from "../../core/errors.ts";
import { buildBoxIndex } from "../../spatial/box-index.ts";
import type { Dataset } from "../../io/read/build-dataset.ts";

/**
 * A partition of the roads into tiles. Roads are whole road records (every part of a MultiLineString),
 * each owned by the tile that holds the centre of its box on a `cols × rows` grid over the roads' box
 * centres, so every road is cut into lixels exactly as in the whole run. A tile's halo is the roads of
 * other tiles that may share a junction with one of its own: a road is cut where one of its vertices lies
 * within the snapping tolerance of another road's vertex (spatial/road-junctions.ts), so the halo is every
 * road whose box comes within the tolerance (+ 1 m, against rounding) of an owned road's box. Nothing else
 * needs a halo of roads: every per-lixel quantity depends on the lixel, its own road and the incidents and
 * hazard areas, which every tile gets in full (docs/scaling.md, "The halo").
 */
export interface TilePlan {
  /** The whole run's working CRS (its proj definition): every tile projects with it, so coordinates agree to the bit. */
  crsDefinition: string;
  cols: number;
  rows: number;
  /** The grid's extent [minX, minY, maxX, maxY], working CRS: the box of the roads' box centres. */
  extent: [number, number, number, number];
  /** The grid cells that own at least one road, numbered 0… in cell order (row-major from the south-west). */
  tiles: TileSpec[];
  /** Owning tile of each road record. */
  ownerOf: Uint32Array;
}

export interface TileSpec {
  id: number;
  /** Road records (indices into the input roads) the tile owns, ascending. */
  owned: Uint32Array;
  /** Road records of other tiles that may share a junction with an owned one, ascending. */
  halo: Uint32Array;
}

export interface PlanTilesOptions {
  /** Tiles: a square number (1, 4, 16, …) laid out as √n × √n, or give cols and rows. Default 4. */
  tiles?: number;
  cols?: number;
  rows?: number;
  /** The run's snapping tolerance, metres (AnalyzeOptions.snapToleranceM). Default 1. */
  snapToleranceM?: number;
}

/** Plan the tiles of a dataset projected into the whole run's working CRS (see TilePlan). */
export function planTiles(dataset: Pick<Dataset, "crs" | "roads" | "roadRecords">, options: PlanTilesOptions = {}): TilePlan {
  return planTilesOfBoxes(recordBoxes(dataset.roads, dataset.roadRecords.length), dataset.crs.definition, options);
}

/**
 * planTiles from each road record's box [minX minY maxX maxY] over its parts (working CRS, 4 per record):
 * all the plan reads of the roads, so a streamed plan needs only these (plan-bounded.ts).
 */
export function planTilesOfBoxes(boxes: Float64Array, crsDefinition: string, options: PlanTilesOptions = {}): TilePlan {
  const { cols, rows } = gridShape(options);
  const tol = options.snapToleranceM ?? 1;
  if (!(tol >= 0) || !Number.isFinite(tol)) throw new OptionError(`snapToleranceM must be a finite number of metres >= 0, got ${tol}`);
  const nRec = boxes.length / 4;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const cx = new Float64Array(nRec);
  const cy = new Float64Array(nRec);
  for (let r = 0; r < nRec; r++) {
    cx[r] = (boxes[4 * r] + boxes[4 * r + 2]) / 2;
    cy[r] = (boxes[4 * r + 1] + boxes[4 * r + 3]) / 2;
    x0 = Math.min(x0, cx[r]);
    y0 = Math.min(y0, cy[r]);
    x1 = Math.max(x1, cx[r]);
    y1 = Math.max(y1, cy[r]);
  }
  const ownerOf = new Uint32Array(nRec);
  const cell = (v: number, lo: number, hi: number, k: number) => (hi > lo ? Math.min(k - 1, Math.floor(((v - lo) / (hi - lo)) * k)) : 0);
  for (let r = 0; r < nRec; r++) ownerOf[r] = cell(cy[r], y0, y1, rows) * cols + cell(cx[r], x0, x1, cols);
  const grow = tol + 1;
  const grown = new Float64Array(boxes.length);
  for (let r = 0; r < nRec; r++) {
    grown[4 * r] = boxes[4 * r] - grow;
    grown[4 * r + 1] = boxes[4 * r + 1] - grow;
    grown[4 * r + 2] = boxes[4 * r + 2] + grow;
    grown[4 * r + 3] = boxes[4 * r + 3] + grow;
  }
  const index = buildBoxIndex(grown);
  const owned: number[][] = Array.from({ length: cols * rows }, () => []);
  const halo: Set<number>[] = Array.from({ length: cols * rows }, () => new Set<number>());
  for (let r = 0; r < nRec; r++) {
    const t = ownerOf[r];
    owned[t].push(r);
    // the search's callback adds to the halo directly: the halo is a set, sorted once per tile below, so the
    // per-record sorted array of boxesIntersecting is not needed (at XL, 10 M searches, it was the plan's
    // largest cost: docs/scaling.md "The bounded plan")
    const h = halo[t];
    index.index.search(grown[4 * r], grown[4 * r + 1], grown[4 * r + 2], grown[4 * r + 3], (q) => {
      if (q < nRec && ownerOf[q] !== t) h.add(q);
      return false;
    });
  }
  // a grid cell that owns no road is not a tile: ids are renumbered over the cells that own roads
  const idOf = new Int32Array(cols * rows).fill(-1);
  const tiles: TileSpec[] = [];
  owned.forEach((o, cell) => {
    if (o.length === 0) return;
    idOf[cell] = tiles.length;
    tiles.push({ id: tiles.length, owned: Uint32Array.from(o), halo: Uint32Array.from(halo[cell]).sort() });
  });
  for (let r = 0; r < nRec; r++) ownerOf[r] = idOf[ownerOf[r]];
  return { crsDefinition, cols, rows, extent: [x0, y0, x1, y1], tiles, ownerOf };
}

function gridShape(options: PlanTilesOptions): { cols: number; rows: number } {
  if (options.cols !== undefined || options.rows !== undefined) {
    const cols = options.cols ?? 1;
    const rows = options.rows ?? 1;
    if (!(Number.isInteger(cols) && cols >= 1 && Number.isInteger(rows) && rows >= 1)) throw new OptionError(`tile cols and rows must be whole numbers >= 1, got ${cols} × ${rows}`);
    return { cols, rows };
  }
  const n = options.tiles ?? 4;
  const k = Math.round(Math.sqrt(n));
  if (!(Number.isInteger(n) && n >= 1 && k * k === n)) throw new OptionError(`tiles must be a square number (1, 4, 9, 16, …), got ${n}; or give cols and rows`);
  return { cols: k, rows: k };
}

/** Box [minX minY maxX maxY] of each road record over all its parts, working CRS. */
function recordBoxes(roads: Dataset["roads"], nRec: number): Float64Array {
  const b = new Float64Array(4 * nRec);
  for (let r = 0; r < nRec; r++) b.set([Infinity, Infinity, -Infinity, -Infinity], 4 * r);
  const { xy, roadStart, featureIndex } = roads;
  for (let p = 0; p < roads.count; p++) {
    const o = 4 * featureIndex[p];
    for (let v = roadStart[p]; v < roadStart[p + 1]; v++) {
      const x = xy[2 * v];
      const y = xy[2 * v + 1];
      if (x < b[o]) b[o] = x;
      if (y < b[o + 1]) b[o + 1] = y;
      if (x > b[o + 2]) b[o + 2] = x;
      if (y > b[o + 3]) b[o + 3] = y;
    }
  }
  return b;
}

/** Which tiles read each record (its owner first, then the tiles that have it in their halo, ascending): tiles[start[r] … start[r + 1]). */
export function tilesOfRecords(plan: TilePlan): { start: Uint32Array; tiles: Uint32Array } {
  const n = plan.ownerOf.length;
  const start = new Uint32Array(n + 1);
  for (let r = 0; r < n; r++) start[r + 1] = 1;
  for (const t of plan.tiles) for (const r of t.halo) start[r + 1]++;
  for (let r = 0; r < n; r++) start[r + 1] += start[r];
  const tiles = new Uint32Array(start[n]);
  const fill = start.slice(0, n);
  for (let r = 0; r < n; r++) tiles[fill[r]++] = plan.ownerOf[r];
  for (const t of plan.tiles) for (const r of t.halo) tiles[fill[r]++] = t.id;
  return { start, tiles };
}
