import Flatbush from "flatbush";
import { OptionError } from "../core/errors.ts";
import { roadLengths, type RoadNetwork } from "../core/road-network.ts";
import { searchNear } from "./distance-box.ts";

/**
 * Roads split at their junctions, with a node id at both ends of every piece. Node n stands for one
 * cluster of vertices within snapping tolerance; its position is that of the cluster's lowest-index
 * input vertex. Piece vertices are copied unchanged, so two piece ends at the same node may lie up to
 * the tolerance apart (nothing is moved silently).
 */
export interface JunctionedRoads {
  /** The pieces, in input-road order then chainage order; metadata copied from the parent road. */
  readonly roads: RoadNetwork;
  /** Node id of each piece's first and last vertex. */
  readonly fromNode: Uint32Array;
  readonly toNode: Uint32Array;
  readonly nodeCount: number;
  /** Node positions, metres of the working CRS. */
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
}

export interface SplitAtJunctionsOptions {
  /** Vertices closer than this (metres, inclusive) are one junction. Default 1. */
  snapToleranceM?: number;
}

/**
 * Split roads where they share vertices, never where their segments merely cross, so bridges and tunnels
 * stay unconnected (DESIGN.md, Routing). Two vertices are joined when they lie within `snapToleranceM`
 * of each other, are not neighbours on the same road (neighbours are one segment, not a junction), and
 * either lie on the same level (`layer`, else bridge +1 / tunnel −1 / ground 0) or one of them ends its
 * road — so a tunnel passing under a road vertex at the same x,y stays apart, while its portals connect;
 * joins are transitive (union-find), found with a Flatbush index over all vertices and a ±tolerance box
 * search (widened against rounding, `distance-box.ts`) refined by exact distance. A road is cut at every interior vertex whose cluster has two or more
 * vertices. Nodes are numbered in order of their cluster's lowest vertex index; road ends that touch
 * nothing get a node of their own. Piece chainage: `startM` = parent `startM` + Σ segment lengths before
 * the piece's first vertex (metres); `lengthM` is recomputed from the piece's vertices.
 */
export function splitAtJunctions(roads: RoadNetwork, options: SplitAtJunctionsOptions = {}): JunctionedRoads {
  const tol = options.snapToleranceM ?? 1;
  if (!(tol >= 0) || !Number.isFinite(tol)) {
    throw new OptionError(`snapToleranceM must be a finite number of metres >= 0, got ${tol}`);
  }
  const { xy, roadStart } = roads;
  for (let r = 0; r < roads.count; r++) {
    if (roadStart[r + 1] <= roadStart[r]) {
      throw new OptionError(`road ${r} (id ${roads.ids[r]}) has no vertices; drop it before splitting at junctions`);
    }
  }
  const vertexCount = roadStart[roads.count];
  const root = clusterVertices(roads, tol);
  const size = new Uint32Array(vertexCount);
  for (let v = 0; v < vertexCount; v++) size[root[v]]++;

  // Node ids, in order of each cluster's lowest vertex (which is its union-find root).
  const nodeOf = new Int32Array(vertexCount).fill(-1);
  const nodeVertex: number[] = [];
  for (let r = 0; r < roads.count; r++) {
    for (let v = roadStart[r]; v < roadStart[r + 1]; v++) {
      const isEnd = v === roadStart[r] || v === roadStart[r + 1] - 1;
      const c = root[v];
      if (nodeOf[c] < 0 && (isEnd || size[c] >= 2)) {
        nodeOf[c] = -2; // marked; numbered below in vertex order
      }
    }
  }
  for (let v = 0; v < vertexCount; v++) {
    if (nodeOf[v] === -2) {
      nodeOf[v] = nodeVertex.length;
      nodeVertex.push(v);
    }
  }
  const nodeCount = nodeVertex.length;
  const nodeX = new Float64Array(nodeCount);
  const nodeY = new Float64Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    nodeX[n] = xy[2 * nodeVertex[n]];
    nodeY[n] = xy[2 * nodeVertex[n] + 1];
  }

  // Count pieces: one per road plus one per junction at an interior vertex.
  let splits = 0;
  for (let r = 0; r < roads.count; r++) {
    for (let v = roadStart[r] + 1; v < roadStart[r + 1] - 1; v++) if (size[root[v]] >= 2) splits++;
  }
  const pieces = roads.count + splits;
  const outXy = new Float64Array(2 * (vertexCount + splits));
  const outStart = new Uint32Array(pieces + 1);
  const parent = new Uint32Array(pieces);
  const startM = new Float64Array(pieces);
  const fromNode = new Uint32Array(pieces);
  const toNode = new Uint32Array(pieces);
  let p = 0;
  let w = 0;
  for (let r = 0; r < roads.count; r++) {
    const v0 = roadStart[r];
    const v1 = roadStart[r + 1];
    let along = roads.startM[r];
    outStart[p] = w;
    parent[p] = r;
    startM[p] = along;
    fromNode[p] = nodeOf[root[v0]];
    for (let v = v0; v < v1; v++) {
      if (v > v0) along += Math.hypot(xy[2 * v] - xy[2 * v - 2], xy[2 * v + 1] - xy[2 * v - 1]);
      outXy[2 * w] = xy[2 * v];
      outXy[2 * w + 1] = xy[2 * v + 1];
      w++;
      if (v > v0 && v < v1 - 1 && size[root[v]] >= 2) {
        // close the piece at this junction and open the next one on the same vertex
        toNode[p] = nodeOf[root[v]];
        p++;
        outStart[p] = w;
        parent[p] = r;
        startM[p] = along;
        fromNode[p] = nodeOf[root[v]];
        outXy[2 * w] = xy[2 * v];
        outXy[2 * w + 1] = xy[2 * v + 1];
        w++;
      }
    }
    toNode[p] = nodeOf[root[v1 - 1]];
    p++;
  }
  outStart[pieces] = w;
  return { roads: copyPieces(roads, outXy, outStart, parent, startM), fromNode, toNode, nodeCount, nodeX, nodeY };
}

/**
 * Union-find root of every vertex, the root being the cluster's lowest vertex index. Pairs are tested
 * once (j > i) after a Flatbush box search of ±tol, then by exact squared distance.
 */
function clusterVertices(roads: RoadNetwork, tol: number): Uint32Array {
  const { xy, roadStart } = roads;
  const n = roadStart[roads.count];
  const parent = new Uint32Array(n);
  for (let v = 0; v < n; v++) parent[v] = v;
  if (n === 0) return parent;
  const roadOf = new Uint32Array(n);
  for (let r = 0; r < roads.count; r++) roadOf.fill(r, roadStart[r], roadStart[r + 1]);
  const level = roadLevels(roads);
  const isEnd = (v: number) => v === roadStart[roadOf[v]] || v === roadStart[roadOf[v] + 1] - 1;
  const index = new Flatbush(n);
  for (let v = 0; v < n; v++) index.add(xy[2 * v], xy[2 * v + 1], xy[2 * v], xy[2 * v + 1]);
  index.finish();
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  const tol2 = tol * tol;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    for (const j of searchNear(index, x, y, tol)) {
      if (j <= i || (j === i + 1 && roadOf[j] === roadOf[i])) continue;
      if ((xy[2 * j] - x) ** 2 + (xy[2 * j + 1] - y) ** 2 > tol2) continue;
      // different levels meet only where one of them ends (a bridge's or tunnel's portal)
      if (level[roadOf[i]] !== level[roadOf[j]] && !isEnd(i) && !isEnd(j)) continue;
      const a = find(i);
      const b = find(j);
      if (a < b) parent[b] = a;
      else if (b < a) parent[a] = b;
    }
  }
  for (let v = 0; v < n; v++) parent[v] = find(v);
  return parent;
}

/**
 * Vertical level of each road: its OSM `layer` when non-zero, else +1 for a bridge, −1 for a tunnel, 0 on
 * the ground (OSM wiki, Key:layer: bridges and tunnels imply a level off the ground).
 */
function roadLevels(roads: RoadNetwork): Int8Array {
  const out = new Int8Array(roads.count);
  for (let r = 0; r < roads.count; r++) out[r] = roads.layer[r] !== 0 ? roads.layer[r] : roads.bridge[r] ? 1 : roads.tunnel[r] ? -1 : 0;
  return out;
}

/** A RoadNetwork of the pieces, metadata copied from each piece's parent road. */
function copyPieces(
  roads: RoadNetwork,
  xy: Float64Array,
  roadStart: Uint32Array,
  parent: Uint32Array,
  startM: Float64Array,
): RoadNetwork {
  const pick = <T>(values: readonly T[]): T[] => Array.from(parent, (r) => values[r]);
  return {
    count: parent.length,
    xy,
    roadStart,
    lengthM: roadLengths(xy, roadStart),
    startM,
    featureIndex: parent.map((r) => roads.featureIndex[r]),
    partIndex: parent.map((r) => roads.partIndex[r]),
    ids: pick(roads.ids),
    names: pick(roads.names),
    classes: pick(roads.classes),
    bridge: Uint8Array.from(parent, (r) => roads.bridge[r]),
    tunnel: Uint8Array.from(parent, (r) => roads.tunnel[r]),
    layer: Int8Array.from(parent, (r) => roads.layer[r]),
    oneway: Int8Array.from(parent, (r) => roads.oneway[r]),
  };
}
