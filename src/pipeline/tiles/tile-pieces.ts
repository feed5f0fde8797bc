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
