import type { RoadNetwork } from "../../core/road-network.ts";

/**
 * The pieces `keep` (ascending) of a network as a network of their own, vertices and metadata copied
 * unchanged, with `featureIndex` mapped through `recordOf` (a tile's record index → the input's).
 */
export function pickPieces(roads: RoadNetwork, keep: Uint32Array, recordOf: (f: number) => number): RoadNetwork {
  let nv = 0;
  for (const p of keep) nv += roads.roadStart[p + 1] - roads.roadStart[p];
  const xy = new Float64Array(2 * nv);
  const roadStart = new Uint32Array(keep.length + 1);
  let w = 0;
  keep.forEach((p, k) => {
    roadStart[k] = w;
    const a = roads.roadStart[p];
    const b = roads.roadStart[p + 1];
    xy.set(roads.xy.subarray(2 * a, 2 * b), 2 * w);
    w += b - a;
  });
  roadStart[keep.length] = w;
  const pick = <T>(values: readonly T[]): T[] => Array.from(keep, (p) => values[p]);
  return {
    count: keep.length,
    xy,
    roadStart,
    lengthM: Float64Array.from(keep, (p) => roads.lengthM[p]),
    startM: Float64Array.from(keep, (p) => roads.startM[p]),
    featureIndex: Uint32Array.from(keep, (p) => recordOf(roads.featureIndex[p])),
    partIndex: Uint32Array.from(keep, (p) => roads.partIndex[p]),
    ids: pick(roads.ids),
    names: pick(roads.names),
    classes: pick(roads.classes),
    bridge: Uint8Array.from(keep, (p) => roads.bridge[p]),
    tunnel: Uint8Array.from(keep, (p) => roads.tunnel[p]),
    layer: Int8Array.from(keep, (p) => roads.layer[p]),
    oneway: Int8Array.from(keep, (p) => roads.oneway[p]),
  };
}

/**
 * Pieces gathered from several networks: piece k of the result is piece localOf[k] of parts[tileOf[k]]
 * (the merge of a tiled run puts every tile's pieces back in the whole run's order this way).
 */
export function gatherPieces(parts: readonly RoadNetwork[], tileOf: Uint32Array, localOf: Uint32Array): RoadNetwork {
  const n = tileOf.length;
  let nv = 0;
  for (let k = 0; k < n; k++) {
    const r = parts[tileOf[k]];
    nv += r.roadStart[localOf[k] + 1] - r.roadStart[localOf[k]];
  }
  const out = {
    count: n, xy: new Float64Array(2 * nv), roadStart: new Uint32Array(n + 1), lengthM: new Float64Array(n), startM: new Float64Array(n),
    featureIndex: new Uint32Array(n), partIndex: new Uint32Array(n), ids: new Array<string>(n), names: new Array<string>(n), classes: new Array<string>(n),
    bridge: new Uint8Array(n), tunnel: new Uint8Array(n), layer: new Int8Array(n), oneway: new Int8Array(n),
  };
  let v = 0;
  for (let k = 0; k < n; k++) {
    const r = parts[tileOf[k]];
    const p = localOf[k];
    const a = r.roadStart[p];
    const b = r.roadStart[p + 1];
    out.roadStart[k] = v;
    out.xy.set(r.xy.subarray(2 * a, 2 * b), 2 * v);
    v += b - a;
    out.lengthM[k] = r.lengthM[p];
    out.startM[k] = r.startM[p];
    out.featureIndex[k] = r.featureIndex[p];
    out.partIndex[k] = r.partIndex[p];
    out.ids[k] = r.ids[p];
    out.names[k] = r.names[p];
    out.classes[k] = r.classes[p];
    out.bridge[k] = r.bridge[p];
    out.tunnel[k] = r.tunnel[p];
    out.layer[k] = r.layer[p];
    out.oneway[k] = r.oneway[p];
  }
  out.roadStart[n] = v;
  return out;
}
