/**
 * What the report's map draws, kept small at any scale (a national run has 160k lixels and 15k
 * incidents; the report must stay a file people can e-mail): consecutive lixels of one road in one risk
 * class become one stretch, simplified for display (Douglas–Peucker, @turf/simplify, tolerance 1/4000
 * of the data's extent, ≈ 0.3 px on the report's map at full extent); incidents keep only the fields the
 * map shows. Full detail stays in the layers.
 */
import simplify from "@turf/simplify";
import { polylineBox } from "../../core/math.ts";
import type { OutFeature, Position } from "../../io/write/format-geojson.ts";
import { isTypedLayer, type TypedLayer, typedGeometry } from "../../io/write/typed-layer.ts";
import { columnValue, layerColumnData } from "../../io/typed/column-data.ts";

/** Lixel features as an array or a typed layer (io/write/typed-layer.ts), read by index. */
type Lixels = readonly OutFeature[] | TypedLayer;

/** Property `key` of feature i and its line, without building the feature of a typed layer. */
function reader(lixels: Lixels): { prop: (i: number, key: string) => unknown; line: (i: number) => Position[] } {
  if (!isTypedLayer(lixels)) return { prop: (i, key) => lixels[i].properties[key], line: (i) => lixels[i].geometry.coordinates as Position[] };
  // the columns as read once for the writers (io/typed/column-data.ts): no value is computed again here
  const data = layerColumnData(lixels);
  const byName = new Map(lixels.columns.map((c, k) => [c.name, data[k]]));
  return {
    prop: (i, key) => {
      const d = byName.get(key);
      return d === undefined ? undefined : columnValue(d, i);
    },
    line: (i) => typedGeometry(lixels, i).coordinates as Position[],
  };
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The display tolerance, degrees: 1/4000 of the larger side of the features' box. */
export function displayToleranceDeg(features: Lixels): number {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  if (isTypedLayer(features)) {
    // every vertex of a typed layer's lines (a polygon layer has no lines)
    const end = features.geometryType === "LineString" ? features.offsets[features.length] : 0;
    const [bx0, by0, bx1, by1] = polylineBox(features.lonLat, features.offsets[0] ?? 0, end);
    return bx1 >= bx0 ? Math.max(bx1 - bx0, by1 - by0) / 4000 : 0;
  }
  for (const f of features) {
    if (f.geometry.type !== "LineString") continue;
    for (const [x, y] of f.geometry.coordinates) {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 >= x0 ? Math.max(x1 - x0, y1 - y0) / 4000 : 0;
}

/** A run of lixels being merged into one stretch: its first lixel's fields and what it has gathered. */
interface OpenRun {
  roadId: unknown;
  roadName: unknown;
  fromKm: unknown;
  toKm: unknown;
  riskClass: unknown;
  geometryQuality: unknown;
  stroke: unknown;
  strokeWidth: unknown;
  coords: Position[];
  lixels: number;
  lengthM: number;
  rateKm: number;
  maxRate: number;
}

/** Merges lixels into stretches fed in road order, block by block (see {@link displayStretches}). */
export interface StretchMaker {
  /**
   * Lixels `from` ≤ i < `to` of `lixels` (default all), the next ones in road order after those given
   * before: returns the stretches they complete. The last run stays open, since the next block may go on
   * with it; it holds one road's coordinates at most.
   */
  add(lixels: Lixels, from?: number, to?: number): OutFeature[];
  /** The open run's stretch (none when no lixel was given). */
  end(): OutFeature[];
}

/**
 * {@link displayStretches} in blocks: the same stretches, in the same order, whatever the blocks (a run
 * that crosses a block's end is carried over). `toleranceDeg` is given, since it depends on every lixel's
 * extent: displayToleranceDeg of the whole layer, or 1/4000 of its box's larger side.
 */
export function stretchMaker(toleranceDeg: number): StretchMaker {
  let open: OpenRun | null = null;
  return {
    add(lixels, from = 0, to = lixels.length) {
      const out: OutFeature[] = [];
      if (to <= from) return out;
      const { prop, line: lineAt } = reader(lixels);
      for (let i = from; i < to; i++) {
        const run: OpenRun | null = open;
        if (run && prop(i, "roadId") === run.roadId && prop(i, "riskClass") === run.riskClass && prop(i, "fromKm") === run.toKm && prop(i, "geometryQuality") === run.geometryQuality) {
          const next = lineAt(i);
          for (let k = 1; k < next.length; k++) run.coords.push(next[k]);
          const len = Number(prop(i, "lengthM")) || 0;
          run.lengthM += len;
          run.rateKm += (Number(prop(i, "ratePerKmYear")) || 0) * len;
          run.maxRate = Math.max(run.maxRate, Number(prop(i, "ratePerKmYear")) || 0);
          run.toKm = prop(i, "toKm");
          run.lixels++;
          continue;
        }
        if (run) out.push(finish(run, toleranceDeg));
        const lengthM = Number(prop(i, "lengthM")) || 0;
        const rate = Number(prop(i, "ratePerKmYear")) || 0;
        open = {
          roadId: prop(i, "roadId"),
          roadName: prop(i, "roadName"),
          fromKm: prop(i, "fromKm"),
          toKm: prop(i, "toKm"),
          riskClass: prop(i, "riskClass"),
          geometryQuality: prop(i, "geometryQuality"),
          stroke: prop(i, "stroke"),
          strokeWidth: prop(i, "stroke-width"),
          coords: lineAt(i).slice(),
          lixels: 1,
          lengthM,
          rateKm: rate * lengthM,
          maxRate: rate,
        };
      }
      return out;
    },
    end() {
      const run = open;
      open = null;
      return run ? [finish(run, toleranceDeg)] : [];
    },
  };
}

/** A run's stretch, simplified. */
function finish(run: OpenRun, toleranceDeg: number): OutFeature {
  const coords = run.coords;
  // simplified in place (mutate): the line and its array are the run's own, and no position is changed
  const line = { type: "LineString" as const, coordinates: coords };
  const simple = toleranceDeg > 0 && coords.length > 2 ? (simplify(line, { tolerance: toleranceDeg, highQuality: false, mutate: true }) as typeof line) : line;
  return {
    type: "Feature",
    properties: {
      roadId: run.roadId,
      roadName: run.roadName,
      fromKm: run.fromKm,
      toKm: run.toKm,
      lixels: run.lixels,
      riskClass: run.riskClass,
      maxRatePerKmYear: run.maxRate,
      meanRatePerKmYear: run.lengthM > 0 ? Number((run.rateKm / run.lengthM).toPrecision(6)) : 0,
      geometryQuality: run.geometryQuality,
      stroke: run.stroke,
      "stroke-width": run.strokeWidth,
    },
    geometry: { type: "LineString", coordinates: simple.coordinates.map(([x, y]) => [r6(x), r6(y)]) },
  };
}

/**
 * Merge runs of lixel features (as written by io/layers lixelFeatures, in road order) that share road and
 * risk class and touch (one's toKm is the next one's fromKm), then simplify each run. A stretch keeps its
 * road, km range, class, colour, width, geometry quality and its highest and length-weighted mean rate.
 * All at once; {@link stretchBlocks} and {@link stretchMaker} give them a block at a time.
 */
export function displayStretches(lixels: Lixels, toleranceDeg = displayToleranceDeg(lixels)): OutFeature[] {
  const maker = stretchMaker(toleranceDeg);
  const out = maker.add(lixels);
  for (const f of maker.end()) out.push(f);
  return out;
}

/** Lixels per block of {@link stretchBlocks} by default (≈ 1,500 stretches at gen.mjs M). */
export const STRETCH_BLOCK_LIXELS = 10_000;

/**
 * The stretches of {@link displayStretches}, a block at a time: each block from `blockLixels` lixels (the
 * last run of a block may end in a later one), so no more than a block's stretches are held at once.
 */
export function* stretchBlocks(lixels: Lixels, options: { toleranceDeg?: number; blockLixels?: number } = {}): Generator<OutFeature[]> {
  const maker = stretchMaker(options.toleranceDeg ?? displayToleranceDeg(lixels));
  const step = Math.max(1, Math.floor(options.blockLixels ?? STRETCH_BLOCK_LIXELS));
  for (let from = 0; from < lixels.length; from += step) {
    const block = maker.add(lixels, from, Math.min(lixels.length, from + step));
    if (block.length) yield block;
  }
  const last = maker.end();
  if (last.length) yield last;
}

const INCIDENT_MAP_FIELDS = ["id", "date", "device", "killed", "injured", "nearestRoadName", "chainageKm", "marker-color"];

/** Incidents with only the fields the map's click panel shows (the table and the layers keep the rest). */
export function displayIncidents(incidents: readonly OutFeature[]): OutFeature[] {
  return incidents.map((f) => ({
    type: "Feature",
    properties: Object.fromEntries(INCIDENT_MAP_FIELDS.filter((k) => f.properties[k] !== undefined).map((k) => [k, f.properties[k]])),
    geometry: f.geometry,
  }));
}
