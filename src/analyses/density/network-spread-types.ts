/**
 * The types shared by the network-KDE spreaders (network-spread.ts: simple; network-walks.ts: the walks),
 * in their own file so neither imports the other for them.
 */
import type { RoadGraph } from "../routing/road-graph.ts";

/** The network KDE estimators of Okabe & Sugihara (2012) as offered by spNetwork's `nkde(method = …)`. */
export const NKDE_METHODS = ["simple", "discontinuous", "continuous"] as const;
export type NkdeMethod = (typeof NKDE_METHODS)[number];

/** The graph fields the network KDE depends on (only these, so routing can evolve independently). */
export type KdeGraph = Pick<RoadGraph, "nodeCount" | "edgeFrom" | "edgeTo" | "adjStart" | "adjEdge" | "adjNode">;

/**
 * One piece of one event's kernel on lixel `edge`: for t ∈ [t0, t1] (t1 excluded unless `closedEnd`) the
 * network distance from the event is b + |t − s|, and the kernel there is multiplied by m.
 */
export type SegmentVisitor = (edge: number, t0: number, t1: number, s: number, b: number, m: number, closedEnd: boolean) => void;

/** Reusable state for spreading many events over one graph. */
export interface Spreader {
  /** Spread one event (on `edge` at `alongM`, weight w), calling `visit` for every piece of its kernel. */
  spread(edge: number, alongM: number, w: number, visit: SegmentVisitor): void;
  /** Walks stopped at maxDepth, and the kernel mass they still carried (Σ |m|·(½ − G(d/h))). */
  readonly truncated: { walks: number; mass: number };
}

/**
 * What the continuous estimator does at a dead end (a node of degree 1): "stop" ends the walk there, as
 * spNetwork's continuous worker does (it splits the kernel only at nodes of degree > 1); "reflect" sends
 * it back whole, which is the node rule 2/n forward, (2 − n)/n back evaluated at n = 1 and conserves mass.
 */
export const NKDE_DEAD_ENDS = ["stop", "reflect"] as const;
export type NkdeDeadEnds = (typeof NKDE_DEAD_ENDS)[number];

export interface SpreaderOptions {
  readonly method: NkdeMethod;
  /** Bandwidth h, metres (network distance). */
  readonly bandwidthM: number;
  /** Nodes of degree ≠ 2 a walk may pass (spNetwork's `max_depth`). */
  readonly maxDepth: number;
  /** Continuous estimator at dead ends (ignored by the others, which stop there). */
  readonly deadEnds: NkdeDeadEnds;
  /** The kernel's one-sided mass G(u) = ∫₀ᵘ k, for the mass of cut walks. */
  readonly lineMass: (u: number) => number;
}
