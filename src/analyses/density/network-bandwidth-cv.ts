import { OptionError } from "../../core/errors.ts";
import { lineProfile } from "./kernels.ts";
import type { NetworkEvents } from "./network-events.ts";
import { checkOptions, type KdeNetwork, type NetworkKernelDensityOptions } from "./network-kernel-density.ts";

export interface NetworkBandwidthCvOptions extends Omit<NetworkKernelDensityOptions, "bandwidthM"> {
  /** Candidate bandwidths, metres. */
  candidatesM: readonly number[];
  /**
   * What to do with an event whose leave-one-out density is 0 (log 0 = −∞): "min-double" counts it as
   * the smallest normal double, 2.2e−308 (spNetwork's default `zero_strat = "min_double"`); "remove"
   * leaves it out of the sum. Default "min-double".
   */
  zeroStrategy?: "min-double" | "remove";
}

export interface NetworkBandwidthCv {
  /** The candidate with the highest score (the first of equals). */
  readonly bandwidthM: number;
  readonly candidatesM: readonly number[];
  /** Σᵢ log f₋ᵢ(eᵢ) per candidate, f in events per km. */
  readonly logLikelihood: Float64Array;
}

/** Smallest positive normal double (R's .Machine$double.xmin). */
const MIN_DOUBLE = 2.2250738585072014e-308;

/**
 * Bandwidth by likelihood cross-validation (Silverman 1986, §3.4.4; spNetwork `bw_cv_likelihood_calc`):
 * for each candidate h, LCV(h) = Σᵢ log f₋ᵢ(eᵢ), the density at each event from all other events
 * (the event's own kernel — including, for the continuous estimator, its reflections — left out), with
 * the same estimator as `networkKernelDensity`. The chosen h maximises LCV.
 */
export function networkBandwidthCv(network: KdeNetwork, events: NetworkEvents, options: NetworkBandwidthCvOptions): NetworkBandwidthCv {
  const candidates = options.candidatesM;
  if (!Array.isArray(candidates) || candidates.length === 0) throw new OptionError("candidatesM must list at least one bandwidth in metres");
  if (events.count < 2) throw new OptionError("cross-validation needs at least two events");
  const zero = options.zeroStrategy ?? "min-double";
  if (zero !== "min-double" && zero !== "remove") throw new OptionError(`zeroStrategy must be "min-double" or "remove", got "${zero}"`);
  // events grouped by lixel (CSR), so a kernel piece only looks at the events on its own lixel
  const m = network.lengthM.length;
  const start = new Uint32Array(m + 1);
  for (let j = 0; j < events.count; j++) start[events.lixel[j] + 1]++;
  for (let e = 0; e < m; e++) start[e + 1] += start[e];
  const fill = start.slice(0, m);
  const byLixel = new Uint32Array(events.count);
  for (let j = 0; j < events.count; j++) byLixel[fill[events.lixel[j]]++] = j;

  const logLikelihood = new Float64Array(candidates.length);
  candidates.forEach((h, c) => {
    const o = checkOptions(network, events, { ...options, bandwidthM: h });
    const k = lineProfile(o.kernel);
    const f = new Float64Array(events.count);
    let source = 0;
    const visit = (e: number, t0: number, t1: number, s: number, b: number, w: number, closed: boolean) => {
      for (let q = start[e]; q < start[e + 1]; q++) {
        const i = byLixel[q];
        if (i === source) continue;
        const t = events.alongM[i];
        if (t >= t0 && (t < t1 || (closed && t === t1))) {
          const d = b + Math.abs(t - s);
          if (d < h) f[i] += (w * k(d / h)) / h;
        }
      }
    };
    for (source = 0; source < events.count; source++) {
      if (events.weight[source] !== 0) o.spreader.spread(events.lixel[source], events.alongM[source], events.weight[source], visit);
    }
    let sum = 0;
    for (let i = 0; i < events.count; i++) {
      const v = f[i] * 1000;
      if (v > 0) sum += Math.log(v);
      else if (zero === "min-double") sum += Math.log(MIN_DOUBLE);
    }
    logLikelihood[c] = sum;
  });
  let best = 0;
  for (let c = 1; c < candidates.length; c++) if (logLikelihood[c] > logLikelihood[best]) best = c;
  return { bandwidthM: candidates[best], candidatesM: [...candidates], logLikelihood };
}
