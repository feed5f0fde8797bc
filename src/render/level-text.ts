import type { RunSummary } from "./run-summary.ts";

type Level = NonNullable<RunSummary["risk"]["model"]["level"]>;

const p2 = (v: number | null) => (v === null ? "n/a" : v === 0 ? "0" : v.toPrecision(2));
const NAMES: Record<string, string> = {
  decay: "the decay-weighted average of the window",
  last: "the last year's count",
  mean: "the mean of the last {k} years",
  loglinear: "a log-linear (quasi-Poisson) trend over the last {k} years",
  damped: "a damped log-linear trend over the last {k} years (slope ×{phi} a year)",
};

/** The level method in words, e.g. "a damped log-linear trend over the last 4 years (slope ×0.5 a year)". */
export function levelMethodText(level: Level): string {
  const years = `${level.yearsUsed} years${level.yearsUsed < level.years ? ` (${level.years} asked; the record is shorter)` : ""}`;
  return (NAMES[level.method] ?? level.method).replace("{k} years", years).replace("{phi}", String(level.damping));
}

/**
 * The level line of a run's summary: the method, the forecast per year and its prediction interval, and
 * what the interval includes, e.g. "Level: 3.2 road incidents/yr for the next year from a damped log-linear
 * trend over the last 4 years …; 90 % prediction interval 0.9–7.1 (dispersion 1.0 on 2 df + the fit's
 * uncertainty; Farrington et al. 1996)". Empty when the level was given (κ fixed).
 */
export function levelLine(level: Level | null): string {
  if (!level) return "";
  const horizon = level.horizonYears === 1 ? "the next year" : `the next ${level.horizonYears} years`;
  const conf = Math.round(level.confidence * 100);
  const note = level.note ? ` — ${level.note}` : "";
  return `Level: ${p2(level.perYear)} road incidents/yr forecast for ${horizon} from ${levelMethodText(level)}; ${conf} % prediction interval ${p2(level.low)}–${p2(level.high)} for ${horizon === "the next year" ? "that year" : "those years"} (dispersion ${p2(level.dispersion)} on ${level.dispersionDf} df, plus the fit's uncertainty; Farrington et al. 1996)${note}`;
}

/** An expected count's prediction interval as text, e.g. "90 % prediction interval 0.33–2.9 (damped trend level)"; empty without one. */
export function predictionIntervalText(interval: { low: number | null; high: number | null } | null | undefined, level: Level | null): string {
  if (!interval || !level || interval.low === null || interval.high === null) return "";
  return `${Math.round(level.confidence * 100)} % prediction interval ${p2(interval.low)}–${p2(interval.high)} from the ${level.method} level forecast, with overdispersion and the fit's uncertainty`;
}
