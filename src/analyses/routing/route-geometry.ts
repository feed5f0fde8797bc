import type { Lixels } from "../../core/lixels.ts";
import type { NetworkPoint, RouteStep } from "./search.ts";

/** The route polyline: snapped start, every lixel vertex passed, snapped end (exact duplicates dropped). */
export function routeXy(lixels: Lixels, steps: readonly RouteStep[], s: NetworkPoint, t: NetworkPoint): Float64Array {
  const out: number[] = [s.x, s.y];
  for (let j = 0; j < steps.length; j++) {
    const st = steps[j];
    const pts = subPolyline(lixels, st.lixel, Math.min(st.fromFrac, st.toFrac), Math.max(st.fromFrac, st.toFrac));
    const n = pts.length / 2;
    // the snapped start stands in for the first step's recomputed first point
    for (let k = j === 0 ? 1 : 0; k < n; k++) {
      const i = st.forward ? k : n - 1 - k;
      const x = pts[2 * i];
      const y = pts[2 * i + 1];
      if (x !== out[out.length - 2] || y !== out[out.length - 1]) out.push(x, y);
    }
  }
  // likewise the snapped end replaces the last step's recomputed last point
  if (out.length > 2) out.length -= 2;
  out.push(t.x, t.y);
  return Float64Array.from(out);
}

/** Points of lixel i between fractions lo ≤ hi of its length, in the lixel's own direction. */
function subPolyline(lixels: Lixels, i: number, lo: number, hi: number): number[] {
  const { xy, start } = lixels;
  const total = lixels.lengthM[i];
  const a = lo * total;
  const b = hi * total;
  const out: number[] = [];
  let acc = 0;
  for (let v = start[i]; v < start[i + 1] - 1; v++) {
    const x0 = xy[2 * v];
    const y0 = xy[2 * v + 1];
    const len = Math.hypot(xy[2 * v + 2] - x0, xy[2 * v + 3] - y0);
    const last = v === start[i + 1] - 2;
    if (out.length === 0 && (a <= acc + len || last)) {
      const [x, y] = at(xy, v, len, a - acc);
      out.push(x, y);
    }
    if (out.length > 0 && (b <= acc + len || last)) {
      const [x, y] = at(xy, v, len, b - acc);
      out.push(x, y);
      return out;
    }
    if (out.length > 0) out.push(xy[2 * v + 2], xy[2 * v + 3]);
    acc += len;
  }
  return [xy[2 * start[i]], xy[2 * start[i] + 1]];
}

/** Point `along` metres from vertex v towards v+1 (segment length len), clamped to the segment. */
function at(xy: Float64Array, v: number, len: number, along: number): [number, number] {
  if (!(len > 0)) return [xy[2 * v], xy[2 * v + 1]];
  const f = Math.min(1, Math.max(0, along / len));
  if (f === 1) return [xy[2 * v + 2], xy[2 * v + 3]];
  return [xy[2 * v] + f * (xy[2 * v + 2] - xy[2 * v]), xy[2 * v + 1] + f * (xy[2 * v + 3] - xy[2 * v + 1])];
}
