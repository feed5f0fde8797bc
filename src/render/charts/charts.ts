import { maxOf, minOf } from "../../core/math.ts";
import { RISK_CLASSES } from "../../analyses/risk/risk-classes.ts";
import { RISK_CLASS_COLOURS } from "../../io/layers/layers.ts";
import { escapeHtml } from "../escape.ts";

/** One step of a risk profile: chainage in km from the route's start, the rate and its class. */
export interface ProfileStep {
  fromKm: number;
  toKm: number;
  ratePerKmYear: number;
  riskClass: string;
}

/** One route of a trade-off curve. */
export interface TradeoffChartPoint {
  lambda: number;
  lengthM: number;
  expectedIncidentsPerYear: number;
}

export interface ChartOptions {
  title?: string;
  /** A note under the title, e.g. "Victory Road geometry is schematic". */
  note?: string;
  widthPx?: number;
  heightPx?: number;
}

const M = { left: 70, right: 20, top: 52, bottom: 48 };
const FONT = 'font-family="DejaVu Sans, sans-serif"';

/**
 * The risk profile along a route as a self-contained SVG: rate (incidents/km/year) against chainage
 * (km from the start), one filled bar per step in its risk-class colour, axes with "nice" ticks
 * (1, 2, 5 × 10ⁿ). Plain SVG (no d3: a chart needs no map projection); every text escaped. Render to
 * PNG with render/png.ts `svgToPng`.
 */
export function riskProfileSvg(profile: readonly ProfileStep[], options: ChartOptions = {}): string {
  const { w, h, pw, ph } = frame(options);
  const totalKm = profile.length > 0 ? profile[profile.length - 1].toKm : 0;
  // the axis ends at the route's length (a 41.9 km route gets no axis to 50 km): nice ticks up to it, and
  // the length itself as the last tick when it is not too close to the one before
  // a route of length 0 (from and to at the same point) gets a 0–1 km axis, not a 0/0 scale ("NaN" in the SVG)
  const nice = totalKm > 0 ? niceTicks(totalKm).filter((t) => t <= totalKm + 1e-9) : niceTicks(0);
  const last = nice[nice.length - 1];
  const xTicks = totalKm > 0 && (totalKm - last) / totalKm > 0.08 ? [...nice, Number(totalKm.toPrecision(3))] : nice;
  let maxRate = 0;
  for (const p of profile) if (p.ratePerKmYear > maxRate) maxRate = p.ratePerKmYear;
  const yTicks = niceTicks(maxRate);
  const xMax = totalKm > 0 ? totalKm : xTicks[xTicks.length - 1];
  const yMax = yTicks[yTicks.length - 1];
  const sx = (km: number) => M.left + (km / xMax) * pw;
  const sy = (r: number) => M.top + ph - (r / yMax) * ph;
  const bars = profile
    .filter((p) => p.ratePerKmYear > 0 && p.toKm > p.fromKm)
    .map((p) => {
      const colour = RISK_CLASS_COLOURS[RISK_CLASSES.indexOf(p.riskClass as (typeof RISK_CLASSES)[number])] ?? "#000000";
      return `<rect x="${f(sx(p.fromKm))}" y="${f(sy(p.ratePerKmYear))}" width="${f(Math.max(0.5, sx(p.toKm) - sx(p.fromKm)))}" height="${f(sy(0) - sy(p.ratePerKmYear))}" fill="${colour}"/>`;
    });
  const legend = RISK_CLASSES.map((c, i) => `<rect x="${M.left + i * 120}" y="${h - 14}" width="10" height="10" fill="${RISK_CLASS_COLOURS[i]}"/><text x="${M.left + i * 120 + 14}" y="${h - 5}" font-size="11">${escapeHtml(c)}</text>`);
  return svg(w, h, [
    header(options, "Risk profile along the route"),
    axes({ xTicks, yTicks, sx, sy, xLabel: "km from start", yLabel: "incidents / km / year", pw, ph }),
    ...bars,
    profile.length === 0 ? `<text x="${M.left + 10}" y="${M.top + 20}" font-size="12">empty route</text>` : "",
    ...legend,
  ]);
}

/**
 * The length–risk trade-off as a self-contained SVG: expected incidents per year against route length
 * (km), one marker per route joined in λ order (the convex Pareto front), each labelled with the λ from
 * which it is the least-cost route.
 */
export function tradeoffSvg(points: readonly TradeoffChartPoint[], options: ChartOptions = {}): string {
  const { w, h, pw, ph } = frame(options);
  const km = points.map((p) => p.lengthM / 1000);
  const lo = minOf(km);
  const hi = maxOf(km);
  const pad = points.length === 0 ? 1 : Math.max((hi - lo) * 0.1, lo * 0.02, 0.1);
  const xTicks = niceTicks(hi + pad, Math.max(0, lo - pad));
  const yTicks = niceTicks(maxOf(points.map((p) => p.expectedIncidentsPerYear), 0));
  const x0 = xTicks[0];
  const x1 = xTicks[xTicks.length - 1];
  const yMax = yTicks[yTicks.length - 1];
  const sx = (v: number) => M.left + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v: number) => M.top + ph - (v / yMax) * ph;
  const xy = points.map((p) => [sx(p.lengthM / 1000), sy(p.expectedIncidentsPerYear)]);
  const line = xy.length > 1 ? `<polyline points="${xy.map(([a, b]) => `${f(a)},${f(b)}`).join(" ")}" fill="none" stroke="#4a4a4a" stroke-width="1.5"/>` : "";
  const marks = points.map((p, k) => {
    const [a, b] = xy[k];
    const label = `λ ≥ ${fmt(p.lambda)}`;
    return `<circle cx="${f(a)}" cy="${f(b)}" r="4" fill="#1f78b4"/><text x="${f(a + 6)}" y="${f(b - 6)}" font-size="11">${escapeHtml(label)}</text>`;
  });
  return svg(w, h, [header(options, "Length against risk: the trade-off"), axes({ xTicks, yTicks, sx, sy, xLabel: "route length, km", yLabel: "expected incidents / year", pw, ph }), line, ...marks]);
}

function frame(o: ChartOptions) {
  const w = o.widthPx ?? 800;
  const h = o.heightPx ?? 320;
  return { w, h, pw: w - M.left - M.right, ph: h - M.top - M.bottom };
}

function svg(w: number, h: number, parts: readonly string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ${FONT}>\n<rect width="${w}" height="${h}" fill="#ffffff"/>\n${parts.filter((p) => p !== "").join("\n")}\n</svg>\n`;
}

function header(o: ChartOptions, fallback: string): string {
  const title = `<text x="${M.left}" y="20" font-size="15" font-weight="bold">${escapeHtml(o.title ?? fallback)}</text>`;
  return o.note ? `${title}\n<text x="${M.left}" y="38" font-size="11" fill="#8a1c1c">${escapeHtml(o.note)}</text>` : title;
}

function axes(a: { xTicks: number[]; yTicks: number[]; sx: (v: number) => number; sy: (v: number) => number; xLabel: string; yLabel: string; pw: number; ph: number }): string {
  const out: string[] = [];
  const y0 = M.top + a.ph;
  out.push(`<line x1="${M.left}" y1="${y0}" x2="${M.left + a.pw}" y2="${y0}" stroke="#000000"/>`);
  out.push(`<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${y0}" stroke="#000000"/>`);
  for (const t of a.xTicks) out.push(`<text x="${f(a.sx(t))}" y="${y0 + 15}" font-size="11" text-anchor="middle">${fmt(t)}</text>`);
  for (const t of a.yTicks) {
    out.push(`<line x1="${M.left}" y1="${f(a.sy(t))}" x2="${M.left + a.pw}" y2="${f(a.sy(t))}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${M.left - 5}" y="${f(a.sy(t) + 4)}" font-size="11" text-anchor="end">${fmt(t)}</text>`);
  }
  out.push(`<text x="${M.left + a.pw / 2}" y="${y0 + 32}" font-size="12" text-anchor="middle">${escapeHtml(a.xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${M.top + a.ph / 2}) rotate(-90)" font-size="12" text-anchor="middle">${escapeHtml(a.yLabel)}</text>`);
  return out.join("\n");
}

/** Ticks from `min` (default 0) to at least `max` at a step of 1, 2 or 5 × 10ⁿ, about five of them. */
export function niceTicks(max: number, min = 0): number[] {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return [min, min + 1];
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) as number;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let k = 0; first + (k - 1) * step < max; k++) ticks.push(Number((first + k * step).toPrecision(12)));
  return ticks;
}

/** Fixed 2-decimal pixel coordinates keep the SVG byte-stable. */
const f = (v: number) => v.toFixed(2);

/** Short number for labels: up to 4 significant digits, no exponent for ordinary chart ranges. */
function fmt(v: number): string {
  if (v === 0) return "0";
  return Math.abs(v) >= 1e5 || Math.abs(v) < 1e-4 ? v.toExponential(1) : String(Number(v.toPrecision(4)));
}
