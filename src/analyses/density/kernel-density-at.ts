import { OptionError } from "../../core/errors.ts";
import type { IncidentSet } from "../../core/incident-set.ts";
import { buildDiscIndex, discsContaining } from "../../spatial/disc-index.ts";
import { type IncidentBandwidthOptions, incidentBandwidths } from "./incident-bandwidths.ts";
import { planarProfile } from "./kernels.ts";

/**
 * The planar kernel density of `kernelDensity` evaluated at arbitrary points (x[k], y[k]) of the working
 * CRS — hexagon or H3 cell centres — in weighted incidents per km². The kernels' discs are indexed once
 * (Flatbush) and each point sums only the kernels that reach it, so the cost is O((n + m) log n + pairs).
 */
export function kernelDensityAt(incidents: IncidentSet, x: Float64Array, y: Float64Array, options: IncidentBandwidthOptions = {}): Float64Array {
  if (x.length !== y.length) throw new OptionError(`x has ${x.length} values and y ${y.length}`);
  const bw = incidentBandwidths(incidents, options);
  const discs = buildDiscIndex(incidents.x, incidents.y, bw.reachM);
  const k = planarProfile(bw.kernel);
  const w = options.weights;
  const out = new Float64Array(x.length);
  for (let p = 0; p < x.length; p++) {
    let f = 0;
    for (const i of discsContaining(discs, x[p], y[p])) {
      const hi = bw.perIncidentM[i];
      const u2 = ((x[p] - incidents.x[i]) ** 2 + (y[p] - incidents.y[i]) ** 2) / (hi * hi);
      f += ((w ? w[i] : 1) * k(u2)) / (hi * hi);
    }
    out[p] = f * 1e6;
  }
  return out;
}
