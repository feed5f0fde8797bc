/**
 * Where the map's features are dense (map-projection.ts fits the frame to it when it is much smaller than
 * their box): its own file since the blocked lixel layer (io/write/blocked-layer.ts) is sampled block by
 * block here, in the vertex order of the whole layer, so the box and the `outside` count are the same.
 */
import { extendBounds, type OutFeature } from "../../io/write/format-geojson.ts";
import { isTypedLayer, type TypedLayer } from "../../io/write/typed-layer.ts";
import { eachBlock, growBox, isBlockedLayer, keepBlockedBox } from "../../io/write/blocked-layer.ts";
import { asParts, extendTyped, finiteBounds, type MapFeatures, unblocked } from "./map-projection.ts";

/**
 * Where the features are dense: per axis the 0.5 %–99.5 % quantiles of their vertices (at most 200,000
 * sampled evenly), widened by 3 %. Used instead of the full box when it is under 70 % of its area (outlying
 * islands, a stray road far away), together with the count of features that lie wholly outside it.
 */
export function denseBounds(features: readonly OutFeature[] | readonly MapFeatures[]): { box: [[number, number], [number, number]]; outside: number } | null {
  const parts = asParts(features);
  // a typed layer's vertices are read from its arrays, in the order its geometries would give them
  let total = 0;
  for (const p of parts) {
    if (isBlockedLayer(p)) total += p.vertexCount; // checked against its blocks' by eachBlock
    else if (isTypedLayer(p)) total += p.length > 0 ? p.offsets[p.length] - p.offsets[0] : 0;
    else for (const f of p) total += countPositions(f.geometry.coordinates);
  }
  if (total < 50) return null;
  const stride = Math.max(1, Math.ceil(total / 200_000));
  const xs: number[] = [];
  const ys: number[] = [];
  let k = 0;
  // the full box (lonLatBounds') in the same pass: one pass fewer over a blocked layer's blocks
  const fb: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === "number") {
      if (k++ % stride === 0) (xs.push((c as number[])[0]), ys.push((c as number[])[1]));
      extendBounds(fb, c);
    } else for (const d of c as unknown[]) visit(d);
  };
  const sampleTyped = (p: TypedLayer, box: [number, number, number, number]) => {
    if (p.length === 0) return;
    for (let v = p.offsets[0]; v < p.offsets[p.length]; v++) if (k++ % stride === 0) (xs.push(p.lonLat[2 * v]), ys.push(p.lonLat[2 * v + 1]));
    extendTyped(box, p, p.offsets[0], p.offsets[p.length]);
  };
  for (const p of parts) {
    if (isBlockedLayer(p)) {
      // its own box too, kept with it (blockedBox): the fit, the tolerance and the report need no pass for it
      const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
      for (const block of eachBlock(p)) sampleTyped(block, box);
      keepBlockedBox(p, box);
      growBox(fb, box);
    } else if (isTypedLayer(p)) sampleTyped(p, fb);
    else for (const f of p) visit(f.geometry.coordinates);
  }
  const q = (a: Float64Array, p: number) => a[Math.min(a.length - 1, Math.max(0, Math.floor(p * (a.length - 1))))];
  const sx = Float64Array.from(xs).sort();
  const sy = Float64Array.from(ys).sort();
  const [w, e, s, n] = [q(sx, 0.005), q(sx, 0.995), q(sy, 0.005), q(sy, 0.995)];
  const [[fw, fs], [fe, fn]] = finiteBounds(fb);
  const full = (fe - fw) * (fn - fs);
  const padX = (e - w) * 0.03;
  const padY = (n - s) * 0.03;
  const box: [[number, number], [number, number]] = [[w - padX, s - padY], [e + padX, n + padY]];
  if (!(full > 0) || (box[1][0] - box[0][0]) * (box[1][1] - box[0][1]) > 0.7 * full) return null;
  let outside = 0;
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const out = () => (b[2] < box[0][0] || b[0] > box[1][0] || b[3] < box[0][1] || b[1] > box[1][1] ? 1 : 0);
  for (const p of unblocked(parts)) {
    if (!isTypedLayer(p)) {
      for (const f of p) {
        extendBounds(b.fill(Infinity, 0, 2).fill(-Infinity, 2), f.geometry.coordinates);
        outside += out();
      }
      continue;
    }
    for (let i = 0; i < p.length; i++) {
      b.fill(Infinity, 0, 2).fill(-Infinity, 2);
      extendTyped(b, p, p.offsets[i], p.offsets[i + 1]);
      outside += out();
    }
  }
  return { box, outside };
}

function countPositions(c: unknown): number {
  if (typeof (c as number[])[0] === "number") return 1;
  let n = 0;
  for (const d of c as unknown[]) n += countPositions(d);
  return n;
}
