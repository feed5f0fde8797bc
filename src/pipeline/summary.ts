import type { RiskScores } from "../analyses/risk/risk-score.ts";
import { explainRate } from "../analyses/risk/explain-lixel.ts";
import { levelScaledInterval } from "../analyses/level/level-interval.ts";
import type { RoutePath } from "../analyses/routing/shortest-path.ts";
import type { RunSummary } from "../render/run-summary.ts";
import { layerCounts } from "../io/intake/layer-counts.ts";
import { unreadFieldNotes } from "../io/unread/unread-summary.ts";
import type { IntakeReport } from "../io/intake/types.ts";
import { roadDistanceSummary } from "./road-distance-summary.ts";
import { schematicKm, schematicKmBefore } from "./scored-network.ts";
import { lixelTotals } from "./lixel-totals.ts";
import type { SummarizedRun } from "./summarized-run.ts";

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const sig = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : null);

/** The one thing every output says: what the numbers are and what they are not. */
export const CAVEAT =
  "Rates are estimated from recorded incidents and mapped hazard areas only. Unrecorded mines exist; a low or 'none recorded' rate never means a road is safe.";

/**
 * The risk model as a run used it — every parameter after defaults, config and flags, the window, the
 * effective years and κ — for summary.json and the route JSON alike: enough to rerun it.
 */
export function modelSummary(meta: RiskScores["meta"]): RunSummary["risk"]["model"] {
  return {
    bandwidthM: meta.bandwidthM,
    precisionScale: meta.precisionScale,
    regionalBandwidthM: meta.regionalBandwidthM,
    regionalWeight: meta.regionalWeight,
    networkWindowM: meta.networkWindowM,
    networkWeight: meta.networkWeight,
    roadBandM: meta.roadBandM,
    halfLifeDays: meta.halfLifeDays,
    persistentShare: meta.persistentShare,
    asOf: meta.asOf,
    windowStart: meta.windowStart,
    effectiveYears: r3(meta.effectiveYears),
    rateScale: sig(meta.rateScale),
    rateScaleInterval: meta.rateScaleInterval && {
      low: sig(meta.rateScaleInterval.low),
      high: sig(meta.rateScaleInterval.high),
      events: r3(meta.rateScaleInterval.events),
      effectiveEvents: r3(meta.rateScaleInterval.effectiveEvents),
    },
    level: meta.level && {
      method: meta.level.method,
      years: meta.level.years,
      yearsUsed: meta.level.yearsUsed,
      damping: meta.level.damping,
      horizonYears: meta.level.horizonYears,
      confidence: meta.level.confidence,
      perYear: sig(meta.level.perYear),
      low: sig(meta.level.low),
      high: sig(meta.level.high),
      dispersion: sig(meta.level.dispersion),
      dispersionDf: meta.level.dispersionDf,
      slopePerYear: sig(meta.level.slope),
      yearlyCounts: meta.level.yearlyCounts.map(r3),
      note: meta.level.note,
    },
    backgroundRatePerKmYear: meta.backgroundRatePerKmYear,
    hazardRatePerKmYear: meta.hazardRatePerKmYear,
    classBreaksPerKmYear: meta.classBreaks,
    // only with a covariate term, so a run of the kernel model alone writes the same bytes as before
    ...(meta.covariates ? { covariates: covariateSummary(meta.covariates) } : {}),
  };
}

/** The covariate term as summary.json and every layer's meta record it (numbers to 6 significant digits). */
function covariateSummary(c: NonNullable<RiskScores["meta"]["covariates"]>): NonNullable<RunSummary["risk"]["model"]["covariates"]> {
  const n = (v: number | null) => (v === null ? null : sig(v));
  return {
    ...c,
    terms: c.terms.map((t) => ({ ...t, beta: sig(t.beta) ?? 0, standardError: n(t.standardError), low: n(t.low), high: n(t.high), standardBeta: sig(t.standardBeta) ?? 0, priorShare: sig(t.priorShare) ?? 1 })),
    rateScaleRatio: sig(c.rateScaleRatio) ?? 1,
    factorMin: n(c.factorMin),
    factorMax: n(c.factorMax),
  };
}

/**
 * The interval of a route's expected incidents per year: by default (kind "sampling") the 95 % interval from
 * the level's sampling error; with kind "prediction" the level forecast's prediction interval
 * (risk-score.ts rateScalePredictionInterval). For the sampling interval: the part that
 * comes from recorded incidents (Σ incident rate × km over the steps) scales with κ, so it moves with κ's
 * interval (risk-score.ts rateScaleInterval); background and hazard parts stay. Null without a κ interval.
 */
export function expectedInterval(steps: RoutePath["steps"], lengthM: Float64Array, risk: RiskScores, expected: number, kind: "sampling" | "prediction" = "sampling"): { low: number | null; high: number | null } | null {
  let incident = 0;
  for (const st of steps) incident += (risk.incidentRatePerKmYear[st.lixel] * Math.abs(st.toFrac - st.fromFrac) * lengthM[st.lixel]) / 1000;
  const r = levelScaledInterval(expected, incident, risk.meta.rateScale, kind === "sampling" ? risk.meta.rateScaleInterval : risk.meta.rateScalePredictionInterval);
  return r && { low: sig(r.low), high: sig(r.high) };
}

/** What the summary needs beyond the analysis: the intake report and the credits of the data used. */
export interface SummaryContext {
  intake?: IntakeReport;
  attribution?: string;
}

/** A JSON-able summary of a run for machines (summary.json) and for the text report. */
export function summarize(result: SummarizedRun, context: SummaryContext = {}): RunSummary {
  const { dataset, lixels, risk, density, graph, route } = result;
  const ids = (list: number[]) => list.map((i) => dataset.incidents.ids[i]);
  // a bounded merge gives the totals, summed over its buckets in lixel order (the same doubles: lixelTotals)
  const { kmByClass, totalKm, maxRate, maxRateAt } = result.lixelTotals ?? lixelTotals([result]);
  let maxDensity = 0;
  for (const v of density.values) if (v > maxDensity) maxDensity = v;
  return {
    toolkit: result.meta.toolkit,
    version: result.meta.version,
    caveat: caveatText(result),
    crs: result.meta.crs,
    inputs: {
      roadFeatures: result.roadRecordsSummary?.count ?? dataset.roadRecords.length,
      roadKm: r3(totalKm),
      incidents: dataset.incidents.count,
      hazardAreas: dataset.hazards.count,
      ...(context.intake ? { hazardIntake: layerCounts(context.intake, "hazards") } : {}),
    },
    roadDistance: roadDistanceSummary(result),
    ...unreadOf(context.intake),
    ...(context.attribution !== undefined ? { attribution: context.attribution } : {}),
    network: {
      lixels: lixels.count,
      lixelLengthM: result.meta.lixelLengthM,
      snapToleranceM: result.meta.snapToleranceM,
      // not counted (NaN) in a bounded merge past its bound (merge-bounded.ts): null, said in the text summary
      nodes: Number.isFinite(graph.nodeCount) ? graph.nodeCount : null,
      components: Number.isFinite(graph.componentCount) ? graph.componentCount : null,
    },
    risk: {
      model: modelSummary(risk.meta),
      kmByClass: Object.fromEntries(Object.entries(kmByClass).map(([k, v]) => [k, r3(v)])),
      maxRatePerKmYear: sig(maxRate),
      maxRateAt,
      roadIncidents: r3(risk.roadShare.reduce((a, b) => a + b, 0)),
      calibratedIncidentsPerYear: sig(risk.meta.calibratedIncidentsPerYear),
      rateScale: sig(risk.meta.rateScale),
      incidentsUndated: ids(risk.meta.undated),
      incidentsAfterAsOf: ids(risk.meta.afterAsOf),
      incidentsBeyondReach: ids(risk.meta.unattributed),
    },
    density: {
      kernel: "quartic",
      unit: "incidents per km²",
      cellSizeM: result.meta.density.cellSizeM,
      bandwidthM: result.meta.density.bandwidthM,
      ncols: density.ncols,
      nrows: density.nrows,
      maxPerKm2: sig(maxDensity),
    },
    completeness: completenessSummary(result),
    route: route
      ? {
          from: { name: route.from.name, lon: route.from.lon, lat: route.from.lat, source: route.from.source },
          to: { name: route.to.name, lon: route.to.lon, lat: route.to.lat, source: route.to.source },
          lengthKm: r3(route.report.lengthM / 1000),
          schematicKm: r3(schematicKm(route.path, result)),
          expectedIncidentsPerYear: sig(route.report.expectedIncidentsPerYear),
          expectedIncidentsPerYearInterval: expectedInterval(route.path.steps, lixels.lengthM, risk, route.report.expectedIncidentsPerYear),
          expectedIncidentsPerYearPredictionInterval: expectedInterval(route.path.steps, lixels.lengthM, risk, route.report.expectedIncidentsPerYear, "prediction"),
          kmByClass: Object.fromEntries(Object.entries(route.report.kmByClass).map(([k, v]) => [k, r3(v)])),
          snapFromM: r3(route.path.snapFromM),
          snapToM: r3(route.path.snapToM),
          worstStretches: route.report.worstStretches.map((s) => {
            const schematicBefore = schematicKmBefore(route.path, result);
            const part = stretchParts(route.path, lixels.lengthM, s.fromKm, s.toKm);
            const why = explainRate(risk, lixels.lengthM, part.lixels, part.lengthM);
            return {
              fromKm: r3(s.fromKm),
              toKm: r3(s.toKm),
              ratePerKmYear: sig(s.ratePerKmYear),
              expectedIncidentsPerYear: sig(s.expectedIncidentsPerYear),
              roadNames: s.roadNames,
              schematicKmBefore: r3(schematicBefore(s.toKm)),
              components: Object.fromEntries(Object.entries(why.components).map(([k, v]) => [k, sig(v)])) as Record<string, number | null>,
              ...(why.covariateFactor !== undefined ? { covariateFactor: sig(why.covariateFactor) } : {}),
              mainReason: why.mainReason,
            };
          }),
        }
      : null,
  };
}

/** The lixels a route traverses between chainages fromKm and toKm (from its start), in travel order, each with the metres of it inside that range. */
function stretchParts(path: RoutePath, lengthM: Float64Array, fromKm: number, toKm: number): { lixels: number[]; lengthM: number[] } {
  const out = { lixels: [] as number[], lengthM: [] as number[] };
  let at = 0;
  for (const s of path.steps) {
    const km = (Math.abs(s.toFrac - s.fromFrac) * lengthM[s.lixel]) / 1000;
    const inside = Math.min(at + km, toKm) - Math.max(at, fromKm);
    if (inside > 0) {
      out.lixels.push(s.lixel);
      out.lengthM.push(inside * 1000);
    }
    at += km;
  }
  return out;
}

const pct = (v: number) => `${(100 * v).toPrecision(2)} %`;

/** The caveat, with the record's completeness in plain words when official totals were given. */
export function caveatText(result: SummarizedRun): string {
  const h = result.completeness?.headline;
  if (!h) return CAVEAT;
  const scaled = result.risk.meta.completenessShare;
  const tail = scaled === 1
    ? " The rates count recorded incidents only, so they are likely too low by about that factor."
    : ` The rates were scaled up by 1 / ${scaled.toPrecision(3)} to stand for all incidents.`;
  return `${CAVEAT} The incident records hold ${h.recorded} of the ${h.official} mine victims officially counted from ${h.periodStart} to ${h.asOf} (${pct(h.share)}; ${Math.round(100 * (result.completeness?.confidence ?? 0.95))} % interval ${pct(h.low ?? 0)}–${pct(h.high ?? 1)}; ${h.reportedBy}).${tail}`;
}

function completenessSummary(result: SummarizedRun): RunSummary["completeness"] {
  const c = result.completeness;
  if (!c) return null;
  const s6 = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Number(v.toPrecision(6)));
  const h = c.headline;
  return {
    headline: h ? { periodStart: h.periodStart, asOf: h.asOf, official: h.official, recorded: h.recorded, share: s6(h.share) ?? 0, low: s6(h.low), high: s6(h.high), reportedBy: h.reportedBy, sourceUrl: h.sourceUrl } : null,
    periods: c.periods.map((p) => ({ periodStart: p.periodStart, asOf: p.asOf, official: p.official, approximate: p.approximate, recorded: p.recorded, share: s6(p.share) ?? 0, low: s6(p.low), high: s6(p.high) })),
    confidence: c.confidence,
    undatedRecords: c.undated,
    excludedRecords: c.excluded,
    ratesScaledBy: Number((1 / result.risk.meta.completenessShare).toPrecision(6)),
  };
}


/** The summary's `unreadFields`, only when some file has values nothing read. */
function unreadOf(intake: IntakeReport | undefined): Pick<RunSummary, "unreadFields"> {
  const notes = intake ? unreadFieldNotes(intake) : [];
  return notes.length > 0 ? { unreadFields: notes } : {};
}

