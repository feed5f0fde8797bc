import { roadLengths, type RoadNetwork } from "../../src/core/road-network.ts";

/** A polyline as [x, y] pairs in metres. */
export type Line = ReadonlyArray<readonly [number, number]>;

/** A polyline with optional road metadata. */
export interface RoadSpec {
  line: Line;
  id?: string;
  name?: string;
  class?: string;
  bridge?: boolean;
  tunnel?: boolean;
  layer?: number;
  oneway?: -1 | 0 | 1;
}

/**
 * Pack hand-written polylines into a RoadNetwork, one road per entry in order: ids "r0", "r1", ...
 * unless given, names "" and class "road" by default, startM 0, featureIndex = entry index, partIndex 0.
 */
export function packRoads(roads: ReadonlyArray<Line | RoadSpec>): RoadNetwork {
  const specs: RoadSpec[] = roads.map((r) => ("line" in r ? (r as RoadSpec) : { line: r as Line }));
  const roadStart = new Uint32Array(specs.length + 1);
  const coords: number[] = [];
  specs.forEach((s, i) => {
    for (const [x, y] of s.line) coords.push(x, y);
    roadStart[i + 1] = coords.length / 2;
  });
  const xy = Float64Array.from(coords);
  return {
    count: specs.length,
    xy,
    roadStart,
    lengthM: roadLengths(xy, roadStart),
    startM: new Float64Array(specs.length),
    featureIndex: Uint32Array.from(specs, (_, i) => i),
    partIndex: new Uint32Array(specs.length),
    ids: specs.map((s, i) => s.id ?? `r${i}`),
    names: specs.map((s) => s.name ?? ""),
    classes: specs.map((s) => s.class ?? "road"),
    bridge: Uint8Array.from(specs, (s) => (s.bridge ? 1 : 0)),
    tunnel: Uint8Array.from(specs, (s) => (s.tunnel ? 1 : 0)),
    layer: Int8Array.from(specs, (s) => s.layer ?? 0),
    oneway: Int8Array.from(specs, (s) => s.oneway ?? 0),
  };
}
