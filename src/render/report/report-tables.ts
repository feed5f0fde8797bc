import type { OutFeature } from "../../io/write/format-geojson.ts";
import { escapeHtml as e, jsonForScript } from "../escape.ts";
import type { RunSummary } from "../run-summary.ts";
import { covariateLine, expectedWithInterval, hazardLine, windowText } from "../summary-text.ts";
import { levelLine } from "../level-text.ts";

/** A rate in incidents/km/year with enough digits for small values. */
const rate = (v: number | null) => (v === null ? "n/a" : v === 0 ? "0" : v < 0.001 ? v.toExponential(2) : v.toFixed(4));
const f1 = (v: number) => v.toFixed(1);

/** Rows of a table: every cell escaped. */
function table(caption: string, head: readonly string[], rows: readonly (readonly unknown[])[], empty: string): string {
  if (!rows.length) return `<p class="empty">${e(empty)}</p>`;
  return [
    `<table><caption>${e(caption)}</caption>`,
    `<thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join("")}</tr></thead>`,
    `<tbody>`,
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join("")}</tr>`),
    `</tbody></table>`,
  ].join("\n");
}

/** The corridor summary: what went in, what the model assumed, the route, the km by class. */
export function summarySection(s: RunSummary): string {
  const r = s.route;
  const lines: [string, string][] = [
    ["Working CRS", s.crs.name],
    ["Roads", `${s.inputs.roadFeatures} features, ${f1(s.inputs.roadKm)} km in ${s.network.lixels} lixels (≤ ${s.network.lixelLengthM} m)`],
    ["Incidents", `${s.inputs.incidents} read; in expectation ${f1(s.risk.roadIncidents)} were road incidents of this network`],
    ...(s.completeness?.headline ? [["Record completeness", `${s.completeness.headline.recorded} of ${s.completeness.headline.official} officially counted victims (${(100 * s.completeness.headline.share).toPrecision(2)} %, 95 % interval ${(100 * (s.completeness.headline.low ?? 0)).toPrecision(2)}–${(100 * (s.completeness.headline.high ?? 1)).toPrecision(2)} %), ${s.completeness.headline.periodStart} … ${s.completeness.headline.asOf}; ${s.completeness.ratesScaledBy === 1 ? "rates not scaled" : `rates scaled by ${s.completeness.ratesScaledBy.toPrecision(3)}`}`] as [string, string]] : []),
    ["Hazard areas", hazardLine(s)],
    ["Model", `kernel reach ${s.risk.model.bandwidthM} m widened by ${s.risk.model.precisionScale} × location precision; half-life ${s.risk.model.halfLifeDays} d (persistent share ${s.risk.model.persistentShare}); window ${windowText(s.risk.model)}`],
  ];
  const level = levelLine(s.risk.model.level);
  if (level) lines.push(["Level forecast", level.replace(/^Level: /, "")]);
  const cov = covariateLine(s.risk.model.covariates);
  if (cov) lines.push(["Covariates", cov.replace(/^Covariates /, "")]);
  if (r) {
    lines.push(["Route", `${r.from.name} → ${r.to.name}: ${f1(r.lengthKm)} km`]);
    lines.push(["Expected incidents per year along it", expectedWithInterval(r.expectedIncidentsPerYear, r.expectedIncidentsPerYearInterval, s.risk.model.rateScaleInterval, { interval: r.expectedIncidentsPerYearPredictionInterval, level: s.risk.model.level })]);
    if (r.schematicKm > 0) lines.push(["Schematic geometry", `${f1(r.schematicKm)} km of the route run on hand-drawn geometry: lengths and chainages there are approximate`]);
  }
  const byClass = r ? r.kmByClass : s.risk.kmByClass;
  return [
    `<section id="summary"><h2>${r ? "Corridor summary" : "Study-area summary"}</h2>`,
    `<p class="caveat">${e(s.caveat)}</p>`,
    `<dl class="facts">${lines.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join("")}</dl>`,
    table(r ? "Km of the route by risk class" : "Km of the network by risk class", ["risk class", "km"], Object.entries(byClass).map(([k, v]) => [k, f1(v)]), "no roads"),
    `</section>`,
  ].join("\n");
}

/** The worst stretches of the route, ranked, with chainage from its start. */
export function worstStretchesSection(s: RunSummary): string {
  if (!s.route) return "";
  // with a covariate term its factor gets a column of its own (it is already inside the rate, not added to it)
  const factor = s.risk.model.covariates !== undefined;
  const rows = s.route.worstStretches.map((w, i) => [i + 1, f1(w.fromKm), f1(w.toKm), w.schematicKmBefore > 0 ? `approximate: over ${f1(w.schematicKmBefore)} km of schematic geometry` : "surveyed lines", rate(w.ratePerKmYear), ...(factor ? [w.covariateFactor == null ? "–" : `×${w.covariateFactor.toPrecision(3)}`] : []), rate(w.expectedIncidentsPerYear), w.roadNames.join(", ") || "unnamed road"]);
  const head = ["rank", "from km", "to km", "chainage", "rate per km per year", ...(factor ? ["covariate factor (inside the rate)"] : []), "expected incidents per year", "roads"];
  return `<section id="worst-stretches"><h2>Worst stretches (km from ${e(s.route.from.name)})</h2>\n${table("Worst stretches of the route", head, rows, "The route has no stretch with a recorded rate above background.")}\n</section>`;
}

/** Rows shown before the pager takes over; the rest travel as JSON text the page's script pages through. */
export const INCIDENT_PAGE_ROWS = 100;

/**
 * Every incident as the run normalised it: nothing from the data is shown unescaped. The first
 * INCIDENT_PAGE_ROWS rows are HTML (readable with scripts off); a longer table is paged by the report's
 * script from a JSON copy of the rows (cells set through textContent only).
 */
export function incidentsSection(incidents: readonly OutFeature[]): string {
  const cols = ["id", "date", "datePrecision", "device", "killed", "injured", "activity", "locationPrecisionM", "nearestRoadName", "chainageKm", "roadOffsetM", "roadShare", "source"];
  const rows = incidents.map((f) => cols.map((c) => f.properties[c] ?? ""));
  const head = ["id", "date", "date precision", "device", "killed", "injured", "activity", "location precision (m)", "nearest road", "chainage (km)", "offset from road (m)", "road share", "source"];
  const paged = rows.length > INCIDENT_PAGE_ROWS;
  const first = paged ? rows.slice(0, INCIDENT_PAGE_ROWS) : rows;
  const pager = paged
    ? `\n<p id="incident-pager" class="pager">Rows 1–${INCIDENT_PAGE_ROWS} of ${rows.length}; every incident is in incidents.geojson and incidents.csv.</p>\n<script type="application/json" id="incident-rows">${jsonForScript(rows)}</script>`
    : "";
  return `<section id="incidents"><h2>Incidents (${incidents.length})</h2>\n${table("Incidents as read and normalised", head, first, "No incidents were given.")}${pager}\n</section>`;
}
