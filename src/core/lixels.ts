import { checkMemoryBudget, type MemoryBudget } from "./memory-estimate.ts";
import { OptionError } from "./errors.ts";
import type { RoadNetwork } from "./road-network.ts";

/**
 * Road pieces ("lixels", Okabe & Sugihara 2012; spNetwork's `lixelize_lines`) of at most `lixelLengthM`,
 * packed into typed arrays. Lixel i's vertices are xy[2*start[i] .. 2*start[i+1]); it lies on road
 * `road[i]` from chainage `fromM[i]` to `fromM[i] + lengthM[i]` (metres from the road's first vertex).
 */
export interface Lixels {
  readonly count: number;
  readonly xy: Float64Array;
  readonly start: Uint32Array;
  readonly road: Uint32Array;
  readonly fromM: Float64Array;
  readonly lengthM: Float64Array;
  /** The option used to cut them. */
  readonly lixelLengthM: number;
}

export interface LixelizeOptions {
  /** Upper bound on a lixel's length in metres. Default 100. */
  lixelLengthM?: number;
  /**
   * Refuse, before anything is allocated, to cut more lixels than this (default 20,000,000: about 1.6 GB
   * of lixel arrays and indexes downstream; the benchmark's L size has 8 M).
   */
  maxLixels?: number;
  /** Refuse, before anything is allocated, a run whose estimated peak memory exceeds this budget (core/memory-estimate.ts). Default: no check. */
  memory?: MemoryBudget;
}

/** Lixel vertex arrays at least this large go into SharedArrayBuffers (as build-dataset's roads do). */
const SHARED_FROM_VERTICES = 1_000_000;

/** The default of `LixelizeOptions.maxLixels`. */
export const MAX_LIXELS_DEFAULT = 20_000_000;

/**
 * Cut every road into n = ceil(L / lixelLengthM) pieces of equal length L / n. Equal pieces (rather than
 * spNetwork's fixed length plus a short remainder) keep every lixel within a factor 2 of the target,
 * so per-km rates are never computed on slivers. Interior road vertices are kept inside lixels.
 */
export function lixelize(roads: RoadNetwork, options: LixelizeOptions = {}): Lixels {
  const lixelLengthM = options.lixelLengthM ?? 100;
  if (!(lixelLengthM > 0) || !Number.isFinite(lixelLengthM)) {
    throw new OptionError(`lixelLengthM must be a positive number of metres, got ${lixelLengthM}`);
  }
  const { xy, roadStart, lengthM } = roads;
  let count = 0;
  let vertexCap = 0;
  let totalM = 0;
  for (let r = 0; r < roads.count; r++) {
    const n = Math.max(1, Math.ceil(lengthM[r] / lixelLengthM - 1e-9));
    count += n;
    totalM += lengthM[r];
    vertexCap += roadStart[r + 1] - roadStart[r] + 2 * n;
  }
  const maxLixels = options.maxLixels ?? MAX_LIXELS_DEFAULT;
  if (count > maxLixels) {
    const coarserM = Math.ceil(totalM / maxLixels);
    throw new OptionError(
      `${count.toLocaleString("en-US")} lixels of at most ${lixelLengthM} m over ${(totalM / 1000).toFixed(1)} km of road ` +
        `exceed the limit of ${maxLixels.toLocaleString("en-US")} lixels (about ${Math.ceil((count * 200) / 2 ** 30)} GB of lixel data); ` +
        `use a coarser --lixel-length (at least ${coarserM} m), fewer roads, or raise --max-lixels if the machine has the memory`,
    );
  }
  if (options.memory) checkMemoryBudget(count, totalM, lixelLengthM, options.memory);
  // large layers cut into shared memory, so worker threads (proximity, risk) can read them without a copy
  const buffer = (bytes: number) => (vertexCap >= SHARED_FROM_VERTICES ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const out = new Float64Array(buffer(16 * vertexCap));
  const start = new Uint32Array(buffer(4 * (count + 1)));
  const road = new Uint32Array(count);
  const fromM = new Float64Array(count);
  const lixLen = new Float64Array(count);
  let k = 0; // lixel index
  let w = 0; // vertices written
  for (let r = 0; r < roads.count; r++) {
    const n = Math.max(1, Math.ceil(lengthM[r] / lixelLengthM - 1e-9));
    const piece = lengthM[r] / n;
    const v0 = roadStart[r];
    const v1 = roadStart[r + 1];
    let seg = v0; // current segment starts at vertex seg
    let segStartM = 0; // chainage of vertex seg
    for (let j = 0; j < n; j++) {
      const a = j * piece;
      const b = j === n - 1 ? lengthM[r] : (j + 1) * piece;
      start[k] = w;
      road[k] = r;
      fromM[k] = a;
      lixLen[k] = b - a;
      // first vertex: the point at chainage a on segment `seg`
      w = writeAt(xy, out, w, seg, a - segStartM);
      // interior vertices strictly inside (a, b)
      while (seg < v1 - 2) {
        const segLen = Math.hypot(xy[2 * seg + 2] - xy[2 * seg], xy[2 * seg + 3] - xy[2 * seg + 1]);
        if (segStartM + segLen >= b) break;
        segStartM += segLen;
        seg++;
        out[2 * w] = xy[2 * seg];
        out[2 * w + 1] = xy[2 * seg + 1];
        w++;
      }
      if (j === n - 1) {
        out[2 * w] = xy[2 * (v1 - 1)];
        out[2 * w + 1] = xy[2 * (v1 - 1) + 1];
        w++;
      } else {
        w = writeAt(xy, out, w, seg, b - segStartM);
      }
      k++;
    }
  }
  start[count] = w;
  // a view, not a copy: vertexCap is at most two vertices per road over w, and pages never written are
  // never resident; at L a copy was ≈ 390 MB more at the peak and ≈ 1.4 s of first touch
  return { count, xy: out.subarray(0, 2 * w), start, road, fromM, lengthM: lixLen, lixelLengthM };
}

/** Write the point at distance `along` metres from vertex `seg` towards vertex seg+1. */
function writeAt(xy: Float64Array, out: Float64Array, w: number, seg: number, along: number): number {
  const x0 = xy[2 * seg];
  const y0 = xy[2 * seg + 1];
  const dx = xy[2 * seg + 2] - x0;
  const dy = xy[2 * seg + 3] - y0;
  const len = Math.hypot(dx, dy);
  const t = len > 0 ? Math.min(1, Math.max(0, along / len)) : 0;
  out[2 * w] = x0 + t * dx;
  out[2 * w + 1] = y0 + t * dy;
  return w + 1;
}
