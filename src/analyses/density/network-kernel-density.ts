import { OptionError } from "../../core/errors.ts";
import { COMPACT_KERNELS, type CompactKernelName, lineMass, lineProfile } from "./kernels.ts";
import type { NetworkEvents } from "./network-events.ts";
import { createSpreader, type KdeGraph, NKDE_DEAD_ENDS, NKDE_METHODS, type NkdeDeadEnds, type NkdeMethod, type Spreader } from "./network-spread.ts";

/** The network: lixel lengths and the graph over them (`buildRoadGraph(splitAtJunctions(…), lixelize(…))`). */
export interface KdeNetwork {
  readonly lengthM: Float64Array;
  readonly graph: KdeGraph;
}

export interface NetworkKernelDensityOptions {
  /** Estimator (spNetwork `nkde(method = …)`). Default "discontinuous". */
  method?: NkdeMethod;
  /** Compact kernel. Default "quartic". */
  kernel?: CompactKernelName;
  /** Bandwidth h, metres (network distance). Default 1000. */
  bandwidthM?: number;
  /** Walks may pass at most this many nodes of degree ≠ 2 (spNetwork `max_depth`). Default 15. */
  maxDepth?: number;
  /**
   * Continuous estimator at a dead end: "stop" (spNetwork: the walk ends there, its remaining mass is
   * lost, as with the discontinuous estimator) or "reflect" (sent back whole: the node rule at n = 1, mass
   * conserved). Default "stop", because minerisk follows spNetwork's definitions. "reflect" with another
   * method is refused (they stop at dead ends by definition).
   */
  deadEnds?: NkdeDeadEnds;
}

export interface NetworkKernelDensity {
  readonly unit: "events per km";
  readonly method: NkdeMethod;
  /** The dead-end rule used ("stop" for the simple and discontinuous estimators). */
  readonly deadEnds: NkdeDeadEnds;
  readonly kernel: CompactKernelName;
  readonly bandwidthM: number;
  /** Density at each lixel's midpoint (spNetwork's sample points `lines_center(lixels)`), events per km. */
  readonly densityPerKm: Float64Array;
  /** Exact mean density over each lixel, events per km: Σ meanDensity × length = mass on the lixel. */
  readonly meanDensityPerKm: Float64Array;
  /** Walks cut at maxDepth and the kernel mass they carried (events); 0 and 0 when nothing was cut. */
  readonly truncatedWalks: number;
  readonly truncatedMass: number;
}

/**
 * Network kernel density on lixels (Okabe & Sugihara 2012, ch. 9; Gelb & Apparicio 2021 for the
 * spNetwork formulation). For an event eⱼ of weight wⱼ and a point x of the network
 *   f(x) = Σⱼ wⱼ Σ_{walks π from eⱼ to x, |π| < h} c(π) · k(|π| / h) / h,
 * with k a 1-D kernel (`kernels.ts`, ∫₋₁¹ k = 1) and c(π) the product of the node factors of
 * `createSpreader`: simple — only the shortest path, c = 1; discontinuous — c = Π 1/(nᵥ − 1);
 * continuous — c = Π 2/nᵥ (or (2 − nᵥ)/nᵥ on the way back); an event on a node of degree n starts with
 * 2/n on each of its n edges. At dead ends the discontinuous estimator stops, the continuous one stops
 * (`deadEnds: "stop"`, spNetwork, the default) or reflects (`"reflect"`). With "reflect" the continuous
 * estimator conserves mass (∫ f = Σ wⱼ when no walk is cut); a walk that stops at a dead end loses the
 * mass it still carried; the simple estimator is not a density (at a node of degree n it spreads n/2 of
 * the mass outward). Reported per km (× 1000).
 * `meanDensityPerKm` integrates each kernel piece exactly with the kernel's antiderivative.
 */
export function networkKernelDensity(network: KdeNetwork, events: NetworkEvents, options: NetworkKernelDensityOptions = {}): NetworkKernelDensity {
  const o = checkOptions(network, events, options);
  const m = network.lengthM.length;
  const mid = new Float64Array(m);
  const mean = new Float64Array(m);
  const k = lineProfile(o.kernel);
  const G = lineMass(o.kernel);
  const h = o.bandwidthM;
  const len = network.lengthM;
  const visit = (e: number, t0: number, t1: number, s: number, b: number, w: number, closed: boolean) => {
    const L = len[e];
    const tm = L / 2;
    if (tm >= t0 && (tm < t1 || (closed && tm === t1))) {
      const d = b + Math.abs(tm - s);
      if (d < h) mid[e] += (w * k(d / h)) / h;
    }
    if (L > 0) {
      const near = b + (s <= t0 ? t0 - s : s - t1);
      const far = b + (s <= t0 ? t1 - s : s - t0);
      mean[e] += (w * (G(Math.min(1, far / h)) - G(Math.min(1, near / h)))) / L;
    }
  };
  const spreader = o.spreader;
  for (let j = 0; j < events.count; j++) if (events.weight[j] !== 0) spreader.spread(events.lixel[j], events.alongM[j], events.weight[j], visit);
  for (let e = 0; e < m; e++) {
    mid[e] *= 1000;
    mean[e] *= 1000;
  }
  return { unit: "events per km", method: o.method, deadEnds: o.deadEnds, kernel: o.kernel, bandwidthM: h, densityPerKm: mid, meanDensityPerKm: mean, truncatedWalks: spreader.truncated.walks, truncatedMass: spreader.truncated.mass };
}

/** Validated options with defaults, and a spreader for them. */
export function checkOptions(network: KdeNetwork, events: NetworkEvents, options: NetworkKernelDensityOptions) {
  const method = options.method ?? "discontinuous";
  const kernel = options.kernel ?? "quartic";
  const bandwidthM = options.bandwidthM ?? 1000;
  const maxDepth = options.maxDepth ?? 15;
  const deadEnds = options.deadEnds ?? "stop";
  if (!NKDE_METHODS.includes(method)) throw new OptionError(`method must be one of ${NKDE_METHODS.join(", ")}, got "${method}"`);
  if (!NKDE_DEAD_ENDS.includes(deadEnds)) throw new OptionError(`deadEnds must be one of ${NKDE_DEAD_ENDS.join(", ")}, got "${deadEnds}"`);
  if (deadEnds === "reflect" && method !== "continuous") throw new OptionError(`deadEnds "reflect" applies to the continuous estimator only; the ${method} estimator stops at dead ends`);
  if (!COMPACT_KERNELS.includes(kernel)) throw new OptionError(`a network kernel must have a finite reach: one of ${COMPACT_KERNELS.join(", ")}, got "${kernel}"`);
  if (!(bandwidthM > 0) || !Number.isFinite(bandwidthM)) throw new OptionError(`bandwidthM must be positive metres, got ${bandwidthM}`);
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new OptionError(`maxDepth must be a whole number >= 0, got ${maxDepth}`);
  const m = network.lengthM.length;
  if (network.graph.edgeFrom.length !== m) throw new OptionError(`the graph has ${network.graph.edgeFrom.length} edges for ${m} lixels: build both from the same lixels`);
  for (let j = 0; j < events.count; j++) {
    const e = events.lixel[j];
    if (!(e < m) || !(events.alongM[j] >= 0 && events.alongM[j] <= network.lengthM[e] + 1e-9)) {
      throw new OptionError(`event ${j} is not on the network (lixel ${e}, ${events.alongM[j]} m along): snap events with snapEventsToLixels`);
    }
  }
  const spreader: Spreader = createSpreader(network.graph, network.lengthM, { method, bandwidthM, maxDepth, deadEnds, lineMass: lineMass(kernel) });
  return { method, kernel, bandwidthM, maxDepth, deadEnds, spreader };
}
