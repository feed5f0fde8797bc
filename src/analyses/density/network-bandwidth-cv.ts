import { OptionError } from "../../core/errors.ts";
import { lineProfile } from "./kernels.ts";
import type { NetworkEvents } from "./network-events.ts";
import { checkOptions, type KdeNetwork, type NetworkKernelDensityOptions } from "./network-kernel-density.ts";

/** The likelihood cross-validation criteria (see `networkBandwidthCv`). */
export const CV_CRITERIA = ["spnetwork", "silverman"] as const;
export type CvCriterion = (typeof CV_CRITERIA)[number];

export interface NetworkBandwidthCvOptions extends Omit<NetworkKernelDensityOptions, "bandwidthM"> {
  /** Candidate bandwidths, metres. */
  candidatesM: readonly number[];
  /**
   * The score maximised: "spnetwork" = (1/N) Σᵢ log(f₋ᵢ(eᵢ) / h), f in events per metre and h in metres
   * (spNetwork `bw_cv_likelihood_calc`); "silverman" = Σᵢ log f₋ᵢ(eᵢ), f in events per km (Silverman 1986
   * §3.4.4). Default "spnetwork".
   */
  criterion?: CvCriterion;
  /**
   * What to do with an event whose leave-one-out density is 0 (log 0 = −∞): "min-double" replaces the
   * density by the smallest normal double, 2.2e−308, before the division by h (spNetwork's default
   * `zero_strat = "min_double"`, which replaces the density value); "remove" leaves the event out (of the
   * mean: N counts the others; of the sum). Default "min-double".
   */
  zeroStrategy?: "min-double" | "remove";
}

export interface NetworkBandwidthCv {
  /** The candidate with the highest score (the first of equals). */
  readonly bandwidthM: number;
  readonly candidatesM: readonly number[];
  readonly criterion: CvCriterion;
  /** The criterion per candidate; −Infinity when "remove" leaves no event. */
  readonly score: Float64Array;
  /** Σᵢ log f₋ᵢ(eᵢ) per candidate, f in events per km, zeros treated by `zeroStrategy` (the "silverman" score). */
  readonly logLikelihood: Float64Array;
}

/** Smallest positive normal double (R's .Machine$double.xmin). */
const MIN_DOUBLE = 2.2250738585072014e-308;

/**
 * Bandwidth by likelihood cross-validation. f₋ᵢ(eᵢ) is the density at event i from all the other events
 * (the event's own kernel — with, for the continuous estimator, everything it sends back — left out),
 * with the same estimator and options as `networkKernelDensity`. The chosen h maximises
 *   "spnetwork" (default): (1/N) Σᵢ log(f₋ᵢ(eᵢ) / h), f per metre, h in metres — spNetwork's
 *     `bw_cv_likelihood_calc` (Gelb 2021), which divides by h once more so that larger bandwidths do not
 *     always win; written from its documentation and the side-by-side reading, not run here;
 *   "silverman": Σᵢ log f₋ᵢ(eᵢ), f per km (Silverman 1986 §3.4.4), the classical likelihood CV.
 * Zero densities by `zeroStrategy` (default "min-double").
 */
export function networkBandwidthCv(network: KdeNetwork, events: NetworkEvents, options: NetworkBandwidthCvOptions): NetworkBandwidthCv {
  const candidates = options.candidatesM;
  if (!Array.isArray(candidates) || candidates.length === 0) throw new OptionError("candidatesM must list at least one bandwidth in metres");
  if (events.count < 2) throw new OptionError("cross-validation needs at least two events");
  const criterion = options.criterion ?? "spnetwork";
  if (!CV_CRITERIA.includes(criterion)) throw new OptionError(`criterion must be one of ${CV_CRITERIA.join(", ")}, got "${criterion}"`);
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
  const score = new Float64Array(candidates.length);
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
    const s = scores(f, h, zero === "min-double");
    logLikelihood[c] = s.sumLogPerKm;
    score[c] = criterion === "spnetwork" ? s.meanLogOverH : s.sumLogPerKm;
  });
  let best = 0;
  for (let c = 1; c < candidates.length; c++) if (score[c] > score[best]) best = c;
  return { bandwidthM: candidates[best], candidatesM: [...candidates], criterion, score, logLikelihood };
}

/** Both criteria from the leave-one-out densities f (events per metre); zeros floored or left out. */
function scores(f: Float64Array, h: number, floorZeros: boolean): { sumLogPerKm: number; meanLogOverH: number } {
  let sumLogPerKm = 0;
  let sumLogOverH = 0;
  let n = 0;
  for (let i = 0; i < f.length; i++) {
    const v = f[i] > 0 ? f[i] : floorZeros ? MIN_DOUBLE : 0;
    if (v === 0) continue;
    // the floor stands for the density in spNetwork's unit (per metre); per km it is the same floor
    sumLogPerKm += Math.log(f[i] > 0 ? v * 1000 : v);
    sumLogOverH += Math.log(v / h);
    n++;
  }
  return { sumLogPerKm, meanLogOverH: n > 0 ? sumLogOverH / n : -Infinity };
}
