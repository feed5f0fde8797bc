import { OptionError } from "../../core/errors.ts";
import type { IncidentSet } from "../../core/incident-set.ts";
import { buildDiscIndex, discsContaining } from "../../spatial/disc-index.ts";
import { type BandwidthRule, BANDWIDTH_RULES, ruleOfThumbBandwidth } from "./bandwidth-rules.ts";
import { KERNELS, type KernelName, planarProfile, supportInBandwidths } from "./kernels.ts";

export interface IncidentBandwidthOptions {
  /** Kernel. Default "quartic". */
  kernel?: KernelName;
  /** Global bandwidth h: metres, or a rule of thumb on the projected incidents. Default 2000. */
  bandwidthM?: number | BandwidthRule;
  /**
   * Abramson (1982) adaptive bandwidths: hᵢ = h·(f̃(xᵢ)/g)^(−α) with f̃ a fixed-h pilot estimate at the
   * incident, g its weighted geometric mean over incidents and α the sensitivity (default 0.5, Abramson's
   * square-root law). Default false.
   */
  adaptive?: boolean | { sensitivity?: number };
  /** Widen each kernel by the incident's location precision (rule below). Default true. */
  widenByPrecision?: boolean;
  /** Per-incident weights; default 1 each. */
  weights?: Float64Array;
  /** Gaussian kernels are cut at this many standard deviations, where exp(−c²/2) is negligible. Default 9 (< 3e-18 of the peak). */
  gaussianCutoff?: number;
}

/** The bandwidth of every incident's kernel and how it was chosen. */
export interface IncidentBandwidths {
  readonly kernel: KernelName;
  /** Global h, metres (the rule's value when a rule was asked for). */
  readonly bandwidthM: number;
  readonly rule: "fixed" | BandwidthRule;
  readonly adaptive: boolean;
  /** Per-incident bandwidth hᵢ after adaptation and widening, metres. */
  readonly perIncidentM: Float64Array;
  /** Per-incident reach of the kernel (hᵢ × support in bandwidths), metres. */
  readonly reachM: Float64Array;
}

/**
 * Per-incident bandwidths: global h (fixed or rule of thumb) → optional Abramson factor → widening by
 * location precision pᵢ, hᵢ = √((h·λᵢ)² + pᵢ²): the kernel scale and the position error add in
 * quadrature as the standard deviations of two independent errors do. For the Gaussian kernel this is
 * exact (the convolution of N(0, h²) with N(0, p²) is N(0, h² + p²), reading pᵢ as the per-axis standard
 * deviation of the position error); for compact kernels it is the same rule applied to the radius.
 */
export function incidentBandwidths(incidents: IncidentSet, options: IncidentBandwidthOptions = {}): IncidentBandwidths {
  const kernel = options.kernel ?? "quartic";
  if (!KERNELS.includes(kernel)) throw new OptionError(`kernel must be one of ${KERNELS.join(", ")}, got "${kernel}"`);
  const cutoff = options.gaussianCutoff ?? 9;
  if (!(cutoff > 0)) throw new OptionError(`gaussianCutoff must be positive, got ${cutoff}`);
  const n = incidents.count;
  const w = options.weights;
  if (w && w.length !== n) throw new OptionError(`weights has ${w.length} values for ${n} incidents`);
  if (w && !w.every((v) => v >= 0 && Number.isFinite(v))) throw new OptionError("weights must be finite and >= 0");
  const bw = options.bandwidthM ?? 2000;
  let h: number;
  if (typeof bw === "string") {
    if (!BANDWIDTH_RULES.includes(bw)) throw new OptionError(`bandwidthM must be metres or one of ${BANDWIDTH_RULES.join(", ")}, got "${bw}"`);
    h = ruleOfThumbBandwidth(incidents.x, incidents.y, w, bw);
  } else {
    if (!(bw > 0) || !Number.isFinite(bw)) throw new OptionError(`bandwidthM must be positive metres, got ${bw}`);
    h = bw;
  }
  const lambda = options.adaptive ? abramsonFactors(incidents, kernel, h, w, cutoff, typeof options.adaptive === "object" ? options.adaptive.sensitivity ?? 0.5 : 0.5) : undefined;
  const widen = options.widenByPrecision ?? true;
  const support = supportInBandwidths(kernel, cutoff);
  const perIncidentM = new Float64Array(n);
  const reachM = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const hl = lambda ? h * lambda[i] : h;
    perIncidentM[i] = widen ? Math.sqrt(hl * hl + incidents.precisionM[i] ** 2) : hl;
    reachM[i] = perIncidentM[i] * support;
  }
  return { kernel, bandwidthM: h, rule: typeof bw === "string" ? bw : "fixed", adaptive: Boolean(options.adaptive), perIncidentM, reachM };
}

/**
 * Abramson factors λᵢ = (f̃(xᵢ)/g)^(−α). The pilot f̃(xᵢ) = Σⱼ wⱼ K_h(|xᵢ − xⱼ|) (fixed h, unwidened,
 * self included so it is never 0 for a weighted incident) uses a disc index over the pilot kernels;
 * log g = Σ wᵢ log f̃(xᵢ) / Σ wᵢ over incidents with wᵢ > 0. Zero-weight incidents get λ = 1.
 */
function abramsonFactors(incidents: IncidentSet, kernel: KernelName, h: number, w: Float64Array | undefined, cutoff: number, alpha: number): Float64Array {
  if (!(alpha >= 0 && alpha <= 1)) throw new OptionError(`adaptive sensitivity must be in [0, 1], got ${alpha}`);
  const n = incidents.count;
  const reach = new Float64Array(n).fill(h * supportInBandwidths(kernel, cutoff));
  const discs = buildDiscIndex(incidents.x, incidents.y, reach);
  const k = planarProfile(kernel);
  const pilot = new Float64Array(n);
  let logSum = 0;
  let wSum = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    if (wi === 0) continue;
    let f = 0;
    for (const j of discsContaining(discs, incidents.x[i], incidents.y[i])) {
      const u2 = ((incidents.x[j] - incidents.x[i]) ** 2 + (incidents.y[j] - incidents.y[i]) ** 2) / (h * h);
      f += (w ? w[j] : 1) * k(u2);
    }
    pilot[i] = f / (h * h);
    logSum += wi * Math.log(pilot[i]);
    wSum += wi;
  }
  const g = Math.exp(logSum / wSum);
  const lambda = new Float64Array(n).fill(1);
  for (let i = 0; i < n; i++) if (pilot[i] > 0) lambda[i] = (pilot[i] / g) ** -alpha;
  return lambda;
}
