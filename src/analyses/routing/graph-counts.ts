import type { Lixels } from "../../core/lixels.ts";
import type { JunctionedRoads } from "../../spatial/road-junctions.ts";

/** The two numbers of a routing graph the run summary prints, without the graph. */
export interface GraphCounts {
  readonly nodeCount: number;
  readonly componentCount: number;
}

/**
 * `buildRoadGraph(j, lixels)`'s nodeCount and componentCount, from O(nodes) memory instead of the graph's
 * ≈ 50 B per lixel (a tiled run's merge wants the summary's counts, not a graph to route on). The graph
 * has j's junction nodes plus one private node per lixel breakpoint inside a piece (a piece of k ≥ 1
 * lixels adds k − 1); a private node lies on its piece's chain of lixels, so the components are those
 * of the junction nodes joined by every piece that has a lixel (union-find; a piece with none adds no
 * edge, as in the graph). Equal to buildRoadGraph's (test/analyses/routing/graph-counts.test.ts).
 */
export function graphCounts(j: JunctionedRoads, lixels: Pick<Lixels, "count" | "road">): GraphCounts {
  const has = new Uint8Array(j.roads.count);
  for (let i = 0; i < lixels.count; i++) has[lixels.road[i]] = 1;
  return graphCountsOf(j, has, lixels.count);
}

/** The same counts from which pieces have a lixel and how many lixels there are (a bounded merge has no whole-run lixels). */
export function graphCountsOf(j: JunctionedRoads, pieceHasLixels: Uint8Array, lixelCount: number): GraphCounts {
  const parent = new Uint32Array(j.nodeCount);
  for (let u = 0; u < parent.length; u++) parent[u] = u;
  const find = (u: number) => {
    while (parent[u] !== u) u = parent[u] = parent[parent[u]];
    return u;
  };
  let components = j.nodeCount;
  let piecesWithLixels = 0;
  for (let r = 0; r < pieceHasLixels.length; r++) {
    if (!pieceHasLixels[r]) continue;
    piecesWithLixels++;
    const a = find(j.fromNode[r]);
    const b = find(j.toNode[r]);
    if (a !== b) {
      parent[a < b ? b : a] = a < b ? a : b;
      components--;
    }
  }
  return { nodeCount: j.nodeCount + lixelCount - piecesWithLixels, componentCount: components };
}
