import FlatQueue from "flatqueue";
import { OptionError } from "../../core/errors.ts";
import { type Neighbours, type NeighbourOptions, packNeighbours } from "../../spatial/neighbours.ts";
import type { KdeNetwork } from "../density/network-kernel-density.ts";

/**
 * Binary network distance-band neighbours of lixels: j is a neighbour of i when the shortest path
 * along the network between their midpoints is ≤ bandM. One Dijkstra per lixel from both ends of it
 * (each at half its length), bounded by the band; a path between two midpoints leaves i by an end and
 * enters j by an end, so d(i, j) = min(D(from_j), D(to_j)) + len_j / 2. Sparse: O(links), no n × n matrix.
 */
export function networkBandNeighbours(network: KdeNetwork, bandM: number, options: NeighbourOptions = {}): Neighbours {
  if (!(bandM > 0) || !Number.isFinite(bandM)) throw new OptionError(`bandM must be a positive number of metres, got ${bandM}`);
  const { lengthM, graph } = network;
  const { nodeCount, edgeFrom, edgeTo, adjStart, adjEdge, adjNode } = graph;
  const self = options.includeSelf ?? true;
  const dist = new Float64Array(nodeCount).fill(Infinity);
  const touched: number[] = [];
  const queue = new FlatQueue<number>();
  const lists: number[][] = [];
  const seen = new Int32Array(lengthM.length).fill(-1);
  for (let i = 0; i < lengthM.length; i++) {
    const push = (u: number, d: number) => {
      if (d < dist[u]) {
        if (dist[u] === Infinity) touched.push(u);
        dist[u] = d;
        queue.push(u, d);
      }
    };
    push(edgeFrom[i], lengthM[i] / 2);
    push(edgeTo[i], lengthM[i] / 2);
    while (queue.length > 0) {
      const d = queue.peekValue() as number;
      const u = queue.pop() as number;
      if (d > bandM) break;
      if (d > dist[u]) continue;
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) push(adjNode[k], d + lengthM[adjEdge[k]]);
    }
    queue.clear();
    const list: number[] = self ? [i] : [];
    seen[i] = i;
    for (const u of touched) {
      if (dist[u] > bandM) continue;
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const e = adjEdge[k];
        if (seen[e] === i) continue;
        seen[e] = i;
        if (Math.min(dist[edgeFrom[e]], dist[edgeTo[e]]) + lengthM[e] / 2 <= bandM) list.push(e);
      }
    }
    for (const u of touched) dist[u] = Infinity;
    touched.length = 0;
    lists.push(list.sort((a, b) => a - b));
  }
  return packNeighbours(lists, self);
}
