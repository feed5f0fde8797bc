/**
 * Roads in the working CRS, packed into typed arrays. Each road is one LineString part (MultiLineStrings
 * are exploded at the door); road r's vertices are xy[2*roadStart[r] .. 2*roadStart[r+1]).
 */
export interface RoadNetwork {
  readonly count: number;
  /** Interleaved x,y in metres of the working CRS. */
  readonly xy: Float64Array;
  /** Vertex offsets, length count + 1. */
  readonly roadStart: Uint32Array;
  /** Length of each road in metres (planar, working CRS). */
  readonly lengthM: Float64Array;
  /**
   * Chainage of the road's first vertex along its source part, metres: 0 for a whole part, more when the
   * part was split at a junction. Chainage of a point = startM[r] + distance along road r.
   */
  readonly startM: Float64Array;
  /** Index of the source feature each road came from, and which part of it. */
  readonly featureIndex: Uint32Array;
  readonly partIndex: Uint32Array;
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly classes: readonly string[];
  /** 1 when the road is a bridge / tunnel; OSM `layer` (0 when absent). */
  readonly bridge: Uint8Array;
  readonly tunnel: Uint8Array;
  readonly layer: Int8Array;
  /** OSM `oneway`: 0 both directions, 1 only along the vertex order, -1 only against it. */
  readonly oneway: Int8Array;
}

/** Planar length of each road from its packed vertices. */
export function roadLengths(xy: Float64Array, roadStart: Uint32Array): Float64Array {
  const n = roadStart.length - 1;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let len = 0;
    for (let v = roadStart[r]; v < roadStart[r + 1] - 1; v++) {
      len += Math.hypot(xy[2 * v + 2] - xy[2 * v], xy[2 * v + 3] - xy[2 * v + 1]);
    }
    out[r] = len;
  }
  return out;
}
