import { geoGraticule, geoPath, type GeoProjection } from "d3-geo";
import { escapeHtml } from "../escape.ts";
import { type FramePx, metresPerPixel, northAngleDeg } from "./map-projection.ts";
import { symbolPath } from "./map-symbols.ts";

/** One legend row. */
export interface LegendItem {
  kind: "line" | "fill" | "symbol";
  colour: string;
  label: string;
  widthPx?: number;
  dash?: boolean;
  shape?: string;
  opacity?: number;
}

const f1 = (v: number) => v.toFixed(1);

/**
 * A scale bar at the bottom left of the frame: the longest 1-2-5 length up to a fifth of the frame
 * width, measured at the bar's own position (a transverse Mercator's scale varies away from its centre
 * line, by < 0.1 % across a 100 km corridor).
 */
export function scaleBar(projection: GeoProjection, frame: FramePx): string {
  const x = frame[0] + 20;
  const y = frame[3] - 24;
  const mPerPx = metresPerPixel(projection, [x + 60, y]);
  const maxM = ((frame[2] - frame[0]) / 5) * mPerPx;
  const pow = 10 ** Math.floor(Math.log10(maxM));
  const lengthM = [5, 2, 1].map((k) => k * pow).find((v) => v <= maxM) ?? pow;
  const px = lengthM / mPerPx;
  const label = lengthM >= 1000 ? `${lengthM / 1000} km` : `${lengthM} m`;
  return [
    `<g class="scale-bar" font-size="12" fill="#222222">`,
    `<rect x="${f1(x - 6)}" y="${f1(y - 20)}" width="${f1(px + 12)}" height="30" fill="#ffffff" fill-opacity="0.8"/>`,
    `<rect x="${f1(x)}" y="${f1(y)}" width="${f1(px / 2)}" height="5" fill="#222222"/>`,
    `<rect x="${f1(x + px / 2)}" y="${f1(y)}" width="${f1(px / 2)}" height="5" fill="#ffffff" stroke="#222222" stroke-width="1"/>`,
    `<text x="${f1(x)}" y="${f1(y - 5)}">0</text>`,
    `<text x="${f1(x + px)}" y="${f1(y - 5)}" text-anchor="end">${label}</text>`,
    `</g>`,
  ].join("\n");
}

/** A north arrow at the top left of the frame, turned to true north at that point. */
export function northArrow(projection: GeoProjection, frame: FramePx): string {
  const cx = frame[0] + 30;
  const cy = frame[1] + 40;
  const angle = northAngleDeg(projection, [cx, cy]);
  return [
    `<g class="north-arrow" transform="translate(${f1(cx)},${f1(cy)}) rotate(${f1(angle)})">`,
    `<circle r="22" fill="#ffffff" fill-opacity="0.8"/>`,
    `<path d="M0,-18L8,10L0,4L-8,10Z" fill="#222222"/>`,
    `</g>`,
    `<text x="${f1(cx)}" y="${f1(cy + 36)}" font-size="13" font-weight="bold" text-anchor="middle" fill="#222222">N</text>`,
  ].join("\n");
}

/** The legend panel: one row per item, from (x, y), `widthPx` wide. */
export function legendPanel(items: readonly LegendItem[], x: number, y: number, notes: readonly string[]): string {
  const rows: string[] = [`<g class="legend" font-size="13" fill="#222222">`, `<text x="${x}" y="${y}" font-size="15" font-weight="bold">Legend</text>`];
  let cy = y + 24;
  for (const it of items) {
    const op = it.opacity === undefined ? "" : ` opacity="${it.opacity}"`;
    if (it.kind === "line") {
      rows.push(`<line x1="${x}" y1="${cy - 4}" x2="${x + 28}" y2="${cy - 4}" stroke="${it.colour}" stroke-width="${it.widthPx ?? 2}"${it.dash ? ` stroke-dasharray="6 3"` : ""}${op}/>`);
    } else if (it.kind === "fill") {
      rows.push(`<rect x="${x}" y="${cy - 12}" width="28" height="14" fill="${it.colour}" fill-opacity="${it.opacity ?? 1}" stroke="${it.colour}"/>`);
    } else {
      rows.push(`<path transform="translate(${x + 14},${cy - 5})" d="${symbolPath(it.shape ?? "circle", 11)}" fill="${it.colour}" stroke="#ffffff" stroke-width="1"/>`);
    }
    // long labels wrap within the panel (about 32 characters of 13 px text) instead of running off the image
    const lines = wrap(it.label, 32);
    lines.forEach((line, k) => rows.push(`<text x="${x + 38}" y="${cy + 15 * k}">${escapeHtml(line)}</text>`));
    cy += 22 + 15 * (lines.length - 1);
  }
  cy += 6;
  for (const n of notes) {
    for (const line of wrap(n, 40)) {
      rows.push(`<text x="${x}" y="${cy}" font-size="11" fill="#444444">${escapeHtml(line)}</text>`);
      cy += 15;
    }
    cy += 6;
  }
  rows.push(`</g>`);
  return rows.join("\n");
}

/** Greedy word wrap to at most `width` characters per line. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A latitude/longitude grid (d3-geo's geoGraticule) at a 1-2-5 step giving about five lines across the
 * frame, each labelled in degrees at the frame's right (parallels) and bottom (meridians) edge.
 */
export function graticule(projection: GeoProjection, frame: FramePx): string {
  const a = projection.invert?.([frame[0], frame[3]]);
  const b = projection.invert?.([frame[2], frame[1]]);
  if (!a || !b) return "";
  const span = Math.max(Math.abs(b[0] - a[0]), Math.abs(b[1] - a[1]));
  const raw = span / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((v) => v >= raw) ?? mag;
  const lines = geoGraticule().step([step, step]).extent([[Math.min(a[0], b[0]) - step, Math.min(a[1], b[1]) - step], [Math.max(a[0], b[0]) + step, Math.max(a[1], b[1]) + step]]);
  const path = geoPath(projection).digits(1);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  const out = [`<g class="graticule"><path d="${path(lines()) ?? ""}" fill="none" stroke="#6a6a6a" stroke-width="0.6" stroke-opacity="0.7" stroke-dasharray="2 3"/>`];
  const deg = (v: number, pos: string, neg: string) => `${Math.abs(v).toFixed(digits)}°${v >= 0 ? pos : neg}`;
  for (let lon = Math.ceil(Math.min(a[0], b[0]) / step) * step; lon <= Math.max(a[0], b[0]); lon += step) {
    const p = projection([lon, (a[1] + b[1]) / 2]);
    if (p && p[0] > frame[0] + 30 && p[0] < frame[2] - 30) out.push(`<text x="${f1(p[0])}" y="${f1(frame[3] - 4)}" font-size="10" text-anchor="middle" fill="#444444" stroke="#ffffff" stroke-width="2.5" paint-order="stroke">${deg(lon, "E", "W")}</text>`);
  }
  for (let lat = Math.ceil(Math.min(a[1], b[1]) / step) * step; lat <= Math.max(a[1], b[1]); lat += step) {
    const p = projection([(a[0] + b[0]) / 2, lat]);
    if (p && p[1] > frame[1] + 20 && p[1] < frame[3] - 40) out.push(`<text x="${f1(frame[2] - 4)}" y="${f1(p[1] - 3)}" font-size="10" text-anchor="end" fill="#444444" stroke="#ffffff" stroke-width="2.5" paint-order="stroke">${deg(lat, "N", "S")}</text>`);
  }
  out.push("</g>");
  return out.join("\n");
}
