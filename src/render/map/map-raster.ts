/**
 * The static map's roads drawn into its own pixel grid when they are too many to draw as vector paths
 * (map-lixels.ts): one byte per pixel of the map's frame, the highest risk class drawn there (0 none,
 * 1 + the class's index), written as an indexed PNG embedded in the SVG. Its size is bounded by the frame's
 * pixels (≈ 880 × 740 at the default 1200 × 850), whatever the number of roads.
 *
 * Written by hand rather than with a canvas library: the lines are stamped with a disc of the class's
 * width along the path text d3-geo wrote (so the picture is that of the vector map, at 1 px), which needs
 * no anti-aliasing, and node-canvas would be a native dependency for it. The PNG's four chunks are framed
 * here (an indexed PNG is IHDR, PLTE, tRNS, IDAT, IEND: RFC 2083); fflate does the deflate, in pure
 * JavaScript, so the bytes are the same on every machine.
 */
import { zlibSync } from "fflate";

/** A frame-sized grid of class values: 0 nothing, k the class with index k − 1. */
export interface ClassRaster {
  widthPx: number;
  heightPx: number;
  /** Left and top of the grid in the SVG's pixels. */
  x0: number;
  y0: number;
  cells: Uint8Array;
}

export function classRaster(x0: number, y0: number, widthPx: number, heightPx: number): ClassRaster {
  return { x0, y0, widthPx, heightPx, cells: new Uint8Array(widthPx * heightPx) };
}

/** Along-line step between stamps, px. */
const STEP_PX = 0.5;

/**
 * Stamp `value` (max with what is there) along the lines of SVG path text `d` as d3-geo writes it
 * ("M x,y" then "L x,y"… per line), with a disc of `widthPx`; with `dash` = [on, off] px only on the dashes.
 */
export function stampPath(r: ClassRaster, d: string, value: number, widthPx: number, dash?: readonly [number, number]): void {
  // at least 0.71 px, so a thin line marks a pixel wherever its stamp falls
  const radius = Math.max(widthPx / 2, 0.71);
  const period = dash ? dash[0] + dash[1] : 0;
  let px = Number.NaN;
  let py = Number.NaN;
  let along = 0;
  let i = 0;
  const n = d.length;
  while (i < n) {
    const cmd = d.charCodeAt(i);
    if (cmd === 90 /* Z */) {
      i++;
      continue;
    }
    // the command letter, then x, a comma, y
    let j = i + 1;
    while (j < n && d.charCodeAt(j) !== 44) j++;
    const x = Number(d.slice(i + 1, j));
    let k = j + 1;
    while (k < n && !isCommand(d.charCodeAt(k))) k++;
    const y = Number(d.slice(j + 1, k));
    i = k;
    if (cmd === 77 /* M */) {
      px = x;
      py = y;
      along = 0;
      if (!dash || along % period < dash[0]) disc(r, x, y, radius, value);
      continue;
    }
    const len = Math.hypot(x - px, y - py);
    const steps = Math.max(1, Math.ceil(len / STEP_PX));
    for (let s = 1; s <= steps; s++) {
      const t = s / steps;
      if (!dash || (along + t * len) % period < dash[0]) disc(r, px + t * (x - px), py + t * (y - py), radius, value);
    }
    along += len;
    px = x;
    py = y;
  }
}

const isCommand = (c: number) => c === 77 || c === 76 || c === 90;

/** Every pixel whose centre is within `radius` of (x, y), in SVG pixels, raised to `value`. */
function disc(r: ClassRaster, x: number, y: number, radius: number, value: number): void {
  const gx = x - r.x0;
  const gy = y - r.y0;
  const c0 = Math.max(0, Math.floor(gx - radius));
  const c1 = Math.min(r.widthPx - 1, Math.floor(gx + radius));
  const r0 = Math.max(0, Math.floor(gy - radius));
  const r1 = Math.min(r.heightPx - 1, Math.floor(gy + radius));
  const rr = radius * radius;
  for (let row = r0; row <= r1; row++) {
    const dy = row + 0.5 - gy;
    for (let col = c0; col <= c1; col++) {
      const dx = col + 0.5 - gx;
      if (dx * dx + dy * dy > rr) continue;
      const at = row * r.widthPx + col;
      if (r.cells[at] < value) r.cells[at] = value;
    }
  }
}

/** How many pixels hold a value of at least `min`. */
export function countCells(r: ClassRaster, min = 1): number {
  let n = 0;
  for (let i = 0; i < r.cells.length; i++) if (r.cells[i] >= min) n++;
  return n;
}

/**
 * The grid as an indexed PNG: value k in `colours[k − 1]` ("#rrggbb"), 0 and every value below `min`
 * transparent.
 */
export function rasterPng(r: ClassRaster, colours: readonly string[], min = 1): Uint8Array {
  const rows = new Uint8Array((r.widthPx + 1) * r.heightPx); // filter byte 0 (none) before each row
  for (let row = 0; row < r.heightPx; row++) {
    const base = row * (r.widthPx + 1);
    for (let col = 0; col < r.widthPx; col++) {
      const v = r.cells[row * r.widthPx + col];
      rows[base + 1 + col] = v >= min ? v : 0;
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, r.widthPx);
  view.setUint32(4, r.heightPx);
  ihdr.set([8, 3, 0, 0, 0], 8); // 8 bits per index, colour type 3 (palette), deflate, no filter choice, no interlace
  const plte = new Uint8Array(3 * (colours.length + 1));
  colours.forEach((c, k) => plte.set([1, 3, 5].map((o) => Number.parseInt(c.slice(o, o + 2), 16)), 3 * (k + 1)));
  const trns = new Uint8Array(colours.length + 1).fill(255);
  trns[0] = 0;
  const parts = [chunk("IHDR", ihdr), chunk("PLTE", plte), chunk("tRNS", trns), chunk("IDAT", zlibSync(rows, { level: 9 })), chunk("IEND", new Uint8Array(0))];
  const out = new Uint8Array(8 + parts.reduce((s, p) => s + p.length, 0));
  out.set([137, 80, 78, 71, 13, 10, 26, 10]);
  let at = 8;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let k = 0; k < 4; k++) out[4 + k] = type.charCodeAt(k);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
