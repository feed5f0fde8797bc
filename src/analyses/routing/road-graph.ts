import { OptionError } from "../../core/errors.ts";
import type { Lixels } from "../../core/lixels.ts";
import type { JunctionedRoads } from "../../spatial/road-junctions.ts";

/**
 * The undirected routing graph whose edges are lixels, in compressed sparse row form. Nodes
 * 0 .. junctionNodeCount-1 are the junction nodes of `splitAtJunctions`; higher ids are the private
 * breakpoints between consecutive lixels of one road. Node u's incident edges are
 * adjEdge[adjStart[u] .. adjStart[u+1]) with the node at their other end in adjNode (a loop edge is
 * listed twice at its node).
 */
export interface RoadGraph {
  readonly nodeCount: number;
  /** Nodes below this id are junction nodes (`JunctionedRoads.nodeCount`). */
  readonly junctionNodeCount: number;
  /** Node at each lixel's first vertex (chainage fromM) and last vertex. */
  readonly edgeFrom: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly adjStart: Uint32Array;
  readonly adjEdge: Uint32Array;
  readonly adjNode: Uint32Array;
  /** Connected component of each node, numbered in order of each component's lowest node id. */
  readonly component: Uint32Array;
  readonly componentCount: number;
  /** Total lixel length in each component, metres. */
  readonly componentLengthM: Float64Array;
}

/**
 * Build the routing graph from roads split at junctions and their lixels (`lixelize(j.roads)`). A
 * lixel's first vertex is its road's fromNode when it is the road's first lixel (fromM = 0), its last
 * vertex the road's toNode when it is the road's last lixel; every other breakpoint is a private node,
 * numbered from j.nodeCount in lixel order. Adjacency lists follow lixel order, so the graph — and any
 * traversal of it — is deterministic.
 */
export function buildRoadGraph(j: JunctionedRoads, lixels: Lixels): RoadGraph {
  const m = lixels.count;
  if (m > 0 && lixels.road[m - 1] !== j.roads.count - 1) {
    throw new OptionError(`the lixels were not cut from these roads: build them with lixelize(j.roads)`);
  }
  const edgeFrom = new Uint32Array(m);
  const edgeTo = new Uint32Array(m);
  let nodeCount = j.nodeCount;
  for (let i = 0; i < m; i++) {
    const r = lixels.road[i];
    const first = i === 0 || lixels.road[i - 1] !== r;
    const last = i === m - 1 || lixels.road[i + 1] !== r;
    edgeFrom[i] = first ? j.fromNode[r] : edgeTo[i - 1];
    edgeTo[i] = last ? j.toNode[r] : nodeCount++;
  }

  const adjStart = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < m; i++) {
    adjStart[edgeFrom[i] + 1]++;
    adjStart[edgeTo[i] + 1]++;
  }
  for (let u = 0; u < nodeCount; u++) adjStart[u + 1] += adjStart[u];
  const fill = adjStart.slice(0, nodeCount);
  const adjEdge = new Uint32Array(2 * m);
  const adjNode = new Uint32Array(2 * m);
  for (let i = 0; i < m; i++) {
    const a = edgeFrom[i];
    const b = edgeTo[i];
    adjEdge[fill[a]] = i;
    adjNode[fill[a]++] = b;
    adjEdge[fill[b]] = i;
    adjNode[fill[b]++] = a;
  }

  const { component, componentCount } = components(nodeCount, adjStart, adjNode);
  const componentLengthM = new Float64Array(componentCount);
  for (let i = 0; i < m; i++) componentLengthM[component[edgeFrom[i]]] += lixels.lengthM[i];
  return {
    nodeCount,
    junctionNodeCount: j.nodeCount,
    edgeFrom,
    edgeTo,
    adjStart,
    adjEdge,
    adjNode,
    component,
    componentCount,
    componentLengthM,
  };
}

/** Connected components by depth-first search from each unvisited node in increasing id order. */
function components(
  nodeCount: number,
  adjStart: Uint32Array,
  adjNode: Uint32Array,
): { component: Uint32Array; componentCount: number } {
  const unseen = 0xffffffff;
  const component = new Uint32Array(nodeCount).fill(unseen);
  const stack = new Uint32Array(nodeCount);
  let count = 0;
  for (let s = 0; s < nodeCount; s++) {
    if (component[s] !== unseen) continue;
    component[s] = count;
    let top = 0;
    stack[top++] = s;
    while (top > 0) {
      const u = stack[--top];
      for (let k = adjStart[u]; k < adjStart[u + 1]; k++) {
        const v = adjNode[k];
        if (component[v] === unseen) {
          component[v] = count;
          stack[top++] = v;
        }
      }
    }
    count++;
  }
  return { component, componentCount: count };
}
