import { roadDistanceLines } from "./road-distance-text.ts";
import { unreadFieldLines } from "./unread-text.ts";
import { layerCountText } from "../io/intake/layer-counts.ts";
import type { RunSummary } from "./run-summary.ts";
import { levelLine, predictionIntervalText } from "./level-text.ts";

const f2 = (v: number) => v.toFixed(2);
const f1 = (v: number) => v.toFixed(1);
/** A rate in incidents/km/year with enough digits for small values. */
const rate = (v: number | null) => (v === null ? "n/a" : v === 0 ? "0" : v < 0.001 ? v.toExponential(2) : v.toFixed(4));

/**
 * The interval of an expected count from the level's sampling error, said with what it rests on and what it
 * leaves out, e.g. "95 % interval 0.13–1.1 from the Poisson error of the road incidents that set the level (as
 * informative as 4.5 unweighted ones); model and trend error not included". The effective count can exceed
 * the decay-weighted sum: many old, down-weighted incidents inform the level like fewer full ones.
 * Empty when there is no interval.
 */
export function levelIntervalText(interval: { low: number | null; high: number | null } | null, level: RunSummary["risk"]["model"]["rateScaleInterval"]): string {
  if (!interval || !level || interval.low === null || interval.high === null) return "";
  const p = (v: number) => (v === 0 ? "0" : v.toPrecision(2));
  return `95 % interval ${p(interval.low)}–${p(interval.high)} from the Poisson error of the road incidents that set the level (as informative as ${f1(level.effectiveEvents)} unweighted ones); model and trend error not included`;
}

/**
 * An expected count as text: with its level interval, two significant digits and the interval (the interval
 * says a third digit would be noise); without one, as a rate is printed.
 */
export function expectedWithInterval(
  expected: number | null,
  interval: { low: number | null; high: number | null } | null,
  level: RunSummary["risk"]["model"]["rateScaleInterval"],
  prediction?: { interval: { low: number | null; high: number | null } | null | undefined; level: RunSummary["risk"]["model"]["level"] },
): string {
  const text = [predictionIntervalText(prediction?.interval, prediction?.level ?? null), levelIntervalText(interval, level)].filter((t) => t !== "").join("; ");
  return text && expected !== null ? `${expected.toPrecision(2)} (${text})` : rate(expected);
}

/**
 * The observation window as text: "2020-05-01 … 2023-07-02", or, when no incident was dated and the window
 * came from --window-years, "no dated incident; 10.0 years given (--window-years)" (no date is invented).
 */
export function windowText(model: { windowStart: string; asOf: string; effectiveYears: number | null }): string {
  if (model.asOf !== "undated") return `${model.windowStart} … ${model.asOf}`;
  // no incident dated and no --window-years (e.g. no incidents at all): no window, so no rate; never "NaN years"
  return finite(model.effectiveYears) ? `no dated incident; ${f1(model.effectiveYears)} years given (--window-years)` : "no dated incident and no --window-years: no window to count over";
}

/** `--window-years`' figure, or the run's effective years, as text; "—" when there is none (no window). */
const yearsText = (v: number | null, digits: (x: number) => string) => (finite(v) ? digits(v) : "—");
const finite = (v: number | null): v is number => typeof v === "number" && Number.isFinite(v);

/** The short human summary a run prints: what went in, what the model assumed, the corridor, the caveat. */
export function summaryText(s: RunSummary, outDir?: string): string {
  const lines: string[] = [];
  const title = s.route ? `${s.route.from.name} → ${s.route.to.name}` : "study area";
  lines.push(`minerisk ${s.version} — ${title}`);
  for (const l of roadDistanceLines(s)) lines.push(l); // where the records lie comes first: a layer far from the roads voids the rest
  for (const l of unreadFieldLines(s.unreadFields ?? [])) lines.push(l); // then what went unread: a casualty total read as nothing voids the casualty numbers
  lines.push(`Working CRS: ${s.crs.name}`);
  // said only when it matters: past the 0.1 % every run is held to unless the user accepted more
  const bound = s.crs.distanceErrorBound;
  if (bound === null || bound > 1e-3) lines.push(`  distances and lengths are planar: within ${bound === null ? "an unmeasured bound" : `±${Number((bound * 100).toPrecision(2))} %`} of the geodesic over the data's extent (accepted with --max-distance-error; the default bound is 0.1 %)`);
  lines.push(`Roads: ${s.inputs.roadFeatures} features, ${f1(s.inputs.roadKm)} km in ${s.network.lixels} lixels (≤ ${s.network.lixelLengthM} m), ${s.network.components === null ? "connected components not counted (a bounded merge counts them up to its bound: docs/scaling.md)" : `${s.network.components} connected component(s)`}`);
  const r = s.risk;
  lines.push(`Incidents: ${s.inputs.incidents} read; ${f1(r.roadIncidents)} (by road share) within ${r.model.roadBandM} m of a road calibrate the rates (${rate(r.calibratedIncidentsPerYear)} road incidents/yr over the network: the level forecast below)`);
  if (r.incidentsBeyondReach.length) lines.push(`  no road within any kernel's reach (shape no road rate): ${r.incidentsBeyondReach.join(", ")}`);
  if (r.incidentsUndated.length) lines.push(`  undated: ${r.incidentsUndated.length} of ${s.inputs.incidents} (no date is invented: ${r.model.asOf === "undated" ? `none is dated, so each counts once over the ${yearsText(r.model.effectiveYears, f2)} years given` : `the window comes from the dated ones; these weigh as if at its start, ${r.model.windowStart}`}): ${r.incidentsUndated.join(", ")}`);
  if (r.incidentsAfterAsOf.length) lines.push(`  dated after ${r.model.asOf} (excluded): ${r.incidentsAfterAsOf.join(", ")}`);
  const c = s.completeness?.headline;
  if (c) {
    const pc = (v: number | null) => `${(100 * (v ?? 0)).toPrecision(2)} %`;
    const by = s.completeness?.ratesScaledBy ?? 1;
    lines.push(`Record completeness: the incidents hold ${c.recorded} of ${c.official} officially counted victims, ${c.periodStart} … ${c.asOf} (${pc(c.share)}, 95 % interval ${pc(c.low)}–${pc(c.high)}; ${c.reportedBy})${by === 1 ? "; rates not scaled (--completeness auto scales them)" : `; rates scaled by ${by.toPrecision(3)}`}`);
  }
  lines.push(`Hazard areas: ${hazardLine(s)}`);
  lines.push(
    `Model: local kernel ${r.model.bandwidthM} m widened by ${r.model.precisionScale} × location precision, network window ±${r.model.networkWindowM / 1000} km (weight ${r.model.networkWeight}), regional kernel ${r.model.regionalBandwidthM / 1000} km (weight ${r.model.regionalWeight}); half-life ${r.model.halfLifeDays} d (persistent share ${r.model.persistentShare}); window ${windowText(r.model)} (effective ${yearsText(r.model.effectiveYears, f2)} y)`,
  );
  const level = levelLine(r.model.level);
  if (level) lines.push(level);
  const cov = covariateLine(r.model.covariates);
  if (cov) lines.push(cov);
  lines.push(`Network km by risk class: ${classes(r.kmByClass)}`);
  if (r.maxRateAt) lines.push(`Highest rate: ${rate(r.maxRatePerKmYear)} incidents/km/yr on ${r.maxRateAt.roadName || r.maxRateAt.roadId} at km ${f1(r.maxRateAt.fromKm)}`);
  if (s.route) {
    const rt = s.route;
    lines.push("");
    lines.push(`Route ${rt.from.name} → ${rt.to.name}: ${f1(rt.lengthKm)} km (endpoints snapped ${Math.round(rt.snapFromM)} m and ${Math.round(rt.snapToM)} m to the road)`);
    if (rt.schematicKm > 0) lines.push(`  ${f1(rt.schematicKm)} km of it on SCHEMATIC geometry (hand-drawn through sourced points): lengths and chainages there are approximate`);
    lines.push(`  expected incidents per year along it: ${expectedWithInterval(rt.expectedIncidentsPerYear, rt.expectedIncidentsPerYearInterval, r.model.rateScaleInterval, { interval: rt.expectedIncidentsPerYearPredictionInterval, level: r.model.level })}`);
    lines.push(`  km by risk class: ${classes(rt.kmByClass)}`);
    lines.push(`  worst stretches (km from ${rt.from.name}; the worst five and every one rated high or above):`);
    rt.worstStretches.forEach((w, i) => {
      lines.push(`    ${i + 1}. km ${f1(w.fromKm)}–${f1(w.toKm)}${chainageNote(w.schematicKmBefore)}: ${rate(w.ratePerKmYear)} incidents/km/yr — ${w.roadNames.join(", ") || "unnamed road"}`);
      const c = w.components;
      // with a covariate term its factor is already inside local, network and regional: shown, not added
      const factor = w.covariateFactor === undefined || w.covariateFactor === null ? "" : ` (covariate factor ×${w.covariateFactor.toPrecision(3)} inside the incident parts)`;
      lines.push(`       = local ${rate(c.local)} + network ${rate(c.network)} + regional ${rate(c.regional)} + hazard ${rate(c.hazard)} + background ${rate(c.background)}${factor}: mainly ${w.mainReason}`);
    });
  }
  lines.push("");
  if (outDir !== undefined) lines.push(`Outputs in ${outDir}/: layers (GeoJSON, FlatGeobuf, CSV) with QGIS styles, density.tif, map.png, report.html, summary.json, intake-report.txt`);
  lines.push(s.caveat);
  return `${lines.join("\n")}\n`;
}

/** The covariate term in one line (what β is, what it rests on, whether the data show an effect), or undefined without one. */
export function covariateLine(c: RunSummary["risk"]["model"]["covariates"]): string | undefined {
  if (!c) return undefined;
  const layers = c.layers.map((l) => `${l.name} = ${l.file}`).join(", ");
  return `Covariates (${layers}; rate = kernel model × exp(β·x), docs/risk-model.md "Covariates"): ${c.note}`;
}

/**
 * The note printed beside a chainage measured over schematic geometry ("" when none lies before it): the
 * drawn road's error accumulates along it, so such a km mark is approximate even on surveyed road.
 */
export function chainageNote(schematicKmBefore: number): string {
  return schematicKmBefore > 0 ? ` (approximate: measured over ${f1(schematicKmBefore)} km of schematic geometry)` : "";
}

/** "0 (none given: …)" only when none were given; else given, rejected by reason, used (intake/layer-counts.ts). */
export function hazardLine(s: RunSummary): string {
  const c = s.inputs.hazardIntake;
  const notMeasured = s.inputs.hazardAreas === 0 ? " — hazard exposure is not measured, not zero" : "";
  if (c === undefined) return `${s.inputs.hazardAreas}${s.inputs.hazardAreas === 0 ? " (none given: hazard exposure is not measured, not zero)" : ""}`;
  if (c.given === 0) return "0 (none given: hazard exposure is not measured, not zero)";
  return `${layerCountText(c, s.inputs.hazardAreas)}${notMeasured}`;
}

function classes(km: Record<string, number>): string {
  return Object.entries(km)
    .map(([k, v]) => `${k} ${f1(v)}`)
    .join(" | ");
}
