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
  /** 1 when arc k (adjEdge[k] towards adjNode[k]) runs along its lixel's vertex order, 0 against it. */
  readonly adjForward: Uint8Array;
  /** OSM `oneway` of each lixel's road: 0 both ways, 1 only along the vertex order, -1 only against it. */
  readonly edgeOneway: Int8Array;
  /** Node positions, metres of the working CRS (a junction's position is its node's, see splitAtJunctions). */
  readonly nodeX: Float64Array;
  readonly nodeY: Float64Array;
  /**
   * Largest distance between a lixel's end vertex and the position of the node it is attached to, metres
   * (0 when every junction's vertices coincide exactly; at most the snapping tolerance per join otherwise).
   */
  readonly nodeOffsetM: number;
  /**
   * κ = min(1, min over lixels of lengthM / |node(from) − node(to)|): the A* heuristic
   * κ·max(0, |node − target| − nodeOffsetM) is then consistent (shortest-path.ts). 1 when offsets are 0.
   */
  readonly heuristicScale: number;
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
  const adjForward = new Uint8Array(2 * m);
  for (let i = 0; i < m; i++) {
    const a = edgeFrom[i];
    const b = edgeTo[i];
    adjEdge[fill[a]] = i;
    adjForward[fill[a]] = 1;
    adjNode[fill[a]++] = b;
    adjEdge[fill[b]] = i;
    adjNode[fill[b]++] = a;
  }
  const edgeOneway = Int8Array.from(lixels.road, (r) => j.roads.oneway[r]);
  const geo = nodeGeometry(j, lixels, edgeFrom, edgeTo, nodeCount);

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
    adjForward,
    edgeOneway,
    ...geo,
    component,
    componentCount,
    componentLengthM,
  };
}

/**
 * Node positions (junctions from `j`, private breakpoints at their lixel vertex), the largest offset of a
 * lixel end from its node, and the heuristic scale κ that keeps A* consistent despite those offsets.
 */
function nodeGeometry(j: JunctionedRoads, lixels: Lixels, edgeFrom: Uint32Array, edgeTo: Uint32Array, nodeCount: number) {
  const nodeX = new Float64Array(nodeCount);
  const nodeY = new Float64Array(nodeCount);
  nodeX.set(j.nodeX);
  nodeY.set(j.nodeY);
  const { xy, start, lengthM } = lixels;
  for (let i = 0; i < lixels.count; i++) {
    const b = edgeTo[i];
    if (b >= j.nodeCount) {
      nodeX[b] = xy[2 * (start[i + 1] - 1)];
      nodeY[b] = xy[2 * (start[i + 1] - 1) + 1];
    }
  }
  let nodeOffsetM = 0;
  let heuristicScale = 1;
  for (let i = 0; i < lixels.count; i++) {
    const a = edgeFrom[i];
    const b = edgeTo[i];
    const va = start[i];
    const vb = start[i + 1] - 1;
    nodeOffsetM = Math.max(nodeOffsetM, Math.hypot(xy[2 * va] - nodeX[a], xy[2 * va + 1] - nodeY[a]), Math.hypot(xy[2 * vb] - nodeX[b], xy[2 * vb + 1] - nodeY[b]));
    const chord = Math.hypot(nodeX[b] - nodeX[a], nodeY[b] - nodeY[a]);
    if (chord > lengthM[i]) heuristicScale = Math.min(heuristicScale, lengthM[i] / chord);
  }
  return { nodeX, nodeY, nodeOffsetM, heuristicScale };
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
