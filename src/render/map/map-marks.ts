/**
 * Marks that must stay readable at any scale: incidents binned on a pixel grid (one symbol per lone
 * incident, one counted circle where several fall within `cellPx` of each other: stacked incidents at one
 * village show their number instead of one mark), and place labels placed greedily without overlap (each
 * tries right, left, above and below its point; a label that fits nowhere is left out and counted).
 */
import { escapeHtml } from "../escape.ts";

export interface PixelMark {
  x: number;
  y: number;
  /** Index of the source feature. */
  index: number;
}

/** Groups of marks whose pixel positions share a `cellPx` square, in order of their first member. */
export function binMarks(marks: readonly PixelMark[], cellPx: number): PixelMark[][] {
  const cells = new Map<string, PixelMark[]>();
  for (const m of marks) {
    const key = `${Math.floor(m.x / cellPx)},${Math.floor(m.y / cellPx)}`;
    const cell = cells.get(key);
    if (cell) cell.push(m);
    else cells.set(key, [m]);
  }
  return [...cells.values()];
}

/** A counted circle for `n` incidents at the mean position of a group. */
export function clusterMark(group: readonly PixelMark[], ids: readonly string[], options: { dense?: boolean; label?: boolean } = {}): string {
  let x = 0;
  let y = 0;
  for (const m of group) {
    x += m.x;
    y += m.y;
  }
  x /= group.length;
  y /= group.length;
  const n = group.length;
  const title = ids.length <= 20 ? ids.join(", ") : `${ids.slice(0, 20).join(", ")} and ${ids.length - 20} more`;
  if (options.dense) {
    // national scale: small translucent discs whose area grows with the count, so the risk colours show
    // through; only the largest clusters carry their number
    const rd = 2 + 1.6 * Math.log2(n);
    return [
      `<g class="incident-cluster dense" transform="translate(${x.toFixed(1)},${y.toFixed(1)})"><title>${escapeHtml(`${n} incidents: ${title}`)}</title>`,
      `<circle r="${rd.toFixed(1)}" fill="#4d4d4d" fill-opacity="0.3" stroke="none"/>`,
      options.label ? `<text y="3.5" font-size="10" font-weight="bold" text-anchor="middle" fill="#222222" stroke="#ffffff" stroke-width="2.5" paint-order="stroke">${n}</text>` : "",
      `</g>`,
    ].join("");
  }
  const r = n < 10 ? 8 : n < 100 ? 10 : n < 1000 ? 12.5 : 15;
  return [
    `<g class="incident-cluster" transform="translate(${x.toFixed(1)},${y.toFixed(1)})"><title>${escapeHtml(`${n} incidents: ${title}`)}</title>`,
    `<circle r="${r}" fill="#4d4d4d" fill-opacity="0.85" stroke="#ffffff" stroke-width="1.2"/>`,
    `<text y="3.8" font-size="${n < 1000 ? 10.5 : 9}" font-weight="bold" text-anchor="middle" fill="#ffffff">${n}</text></g>`,
  ].join("");
}

export type Box = [number, number, number, number];

const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/**
 * Place labels of `fontPx` text beside their points inside `frame`, none overlapping another label or a
 * box in `avoid`. Text width is estimated at 0.6 em a character (DejaVu Sans averages ≈ 0.55–0.6 em).
 * Returns the SVG of the placed labels and how many did not fit.
 */
export function placeLabels(points: readonly { x: number; y: number; text: string }[], frame: Box, fontPx: number, avoid: Box[] = []): { svg: string[]; dropped: number } {
  const placed: Box[] = [...avoid];
  const svg: string[] = [];
  let dropped = 0;
  for (const p of points) {
    const w = 0.6 * fontPx * [...p.text].length;
    const h = fontPx;
    const options: [number, number, "start" | "end" | "middle"][] = [
      [p.x + 5, p.y - 4, "start"],
      [p.x - 5, p.y - 4, "end"],
      [p.x, p.y - 8, "middle"],
      [p.x, p.y + h + 4, "middle"],
    ];
    let done = false;
    for (const [x, y, anchor] of options) {
      const left = anchor === "start" ? x : anchor === "end" ? x - w : x - w / 2;
      const box: Box = [left - 1, y - h, left + w + 1, y + 3];
      if (box[0] < frame[0] || box[2] > frame[2] || box[1] < frame[1] || box[3] > frame[3]) continue;
      if (placed.some((b) => overlaps(b, box))) continue;
      placed.push(box);
      svg.push(`<text class="place" x="${x.toFixed(1)}" y="${y.toFixed(1)}"${anchor === "start" ? "" : ` text-anchor="${anchor}"`} font-size="${fontPx}" fill="#222222" stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">${escapeHtml(p.text)}</text>`);
      done = true;
      break;
    }
    if (!done) dropped++;
  }
  return { svg, dropped };
}
