import { OptionError } from "../../core/errors.ts";
import type { IncidentSet } from "../../core/incident-set.ts";
import { forecastLevel, type LevelForecast } from "./level-forecast.ts";
import { type LevelOptions, resolveLevelOptions } from "./level-options.ts";
import { levelSeries } from "./level-series.ts";
import type { IncidentWeights } from "../risk/incident-weights.ts";

/** The level a risk run is scaled to: the forecast, and the yearly series it came from (most recent first). */
export interface RiskLevel extends LevelForecast {
  /** Σ πᵢ of the target road incidents per year back from asOf, most recent first, and each year's observed share. */
  yearlyCounts: number[];
  yearlyExposure: number[];
  /** Road-share weight of target incidents without a date, which no year can hold (left out of the series). */
  undatedWeight: number;
  /** Why the method differs from the one asked for, or null. */
  note: string | null;
}

/**
 * Forecast the yearly count of target road incidents for a risk run (risk-score.ts scales κ to it):
 * the series of Σ πᵢ per year back from asOf (level-series.ts), forecast by the chosen method over
 * `horizonYears` (level-forecast.ts). `roadShare` is πᵢ with non-targets at 0, `w` the run's weights.
 * With no dated incident there is no series: the decay level (count / windowYears) is used when no method
 * was asked for, and a method that needs years is refused.
 */
export function riskLevel(incidents: IncidentSet, roadShare: Float64Array, w: IncidentWeights, options: LevelOptions = {}): RiskLevel {
  const o = resolveLevelOptions(options);
  let S = 0;
  let SD = 0;
  for (let i = 0; i < incidents.count; i++) {
    S += roadShare[i] * w.decay[i];
    SD += roadShare[i] * w.decay[i] * w.decay[i];
  }
  const decay = { sum: S, sumDecaySq: SD, effectiveYears: w.effectiveYears };
  const timeline = Number.isFinite(w.asOfDay) && Number.isFinite(w.windowStartDay);
  let note: string | null = null;
  let method = o.method;
  if (!timeline && method !== "decay") {
    if (options.method !== undefined) throw new OptionError(`the ${method} level needs dated incidents to count per year, and none is dated: use the decay level (--level decay), which divides the count by --window-years`);
    note = `no dated incident: the level is the count over the window (decay), not the default ${method}`;
    method = "decay";
  }
  const dateDay = timeline ? incidents.dateDay : new Float64Array(incidents.count).fill(Number.NaN);
  const series = timeline ? levelSeries(dateDay, roadShare, { asOfDay: w.asOfDay, windowStartDay: w.windowStartDay }) : emptySeries(roadShare);
  const f = forecastLevel(series, decay, { ...o, method });
  return { ...f, yearlyCounts: Array.from(series.count), yearlyExposure: Array.from(series.exposure), undatedWeight: series.undatedWeight, note };
}

/** The series of a run without dates: one block holding every weight, so only the dispersion floor is read from it. */
function emptySeries(weight: Float64Array) {
  let c = 0;
  let s = 0;
  for (const v of weight) {
    c += v;
    s += v * v;
  }
  return { count: Float64Array.of(c), sumSq: Float64Array.of(s), exposure: Float64Array.of(1), timeYears: Float64Array.of(-0.5), undatedWeight: 0, asOf: "undated" };
}
