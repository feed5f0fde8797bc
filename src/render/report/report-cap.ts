/**
 * How many of the lixels' merged stretches (report-layers.ts) the report's interactive map carries. The
 * map's data travels as one JSON text inside report.html, which the browser reads as one string: past
 * V8's longest string (2²⁹ − 24 characters, in Chrome as in Node) the page cannot even parse it. At
 * gen.mjs M (864k lixels) the 128,260 stretches are 49 MB of the 59.6 MB report; at L (8.66 M lixels)
 * they would be ≈ 1.3 M stretches and ≈ 490 MB, so the report would be useless to a person even if it
 * were written in pieces. So, a documented choice (docs/scaling.md, "Writing the outputs at country
 * scale"): the map draws at most REPORT_STRETCHES_MAX stretches,
 * the riskiest first — every stretch of the highest classes, then, in the class where the budget runs
 * out, the stretches with the highest rate (ties by road order) — in road order as before; the page says
 * what was left out and where every lixel is. A run within the budget (M, Colombia) is unchanged, byte for
 * byte.
 */
import { RISK_CLASSES } from "../../analyses/risk/risk-classes.ts";
import type { OutFeature } from "../../io/write/format-geojson.ts";
import { escapeHtml as e } from "../escape.ts";

/** Stretches the report's map draws at most (≈ 385 B each at M: ≈ 58 MB of map data; M's 128,260 fit). */
export const REPORT_STRETCHES_MAX = 150_000;

export interface StretchCap {
  /** The stretches drawn, in their order. */
  drawn: readonly OutFeature[];
  /** All stretches given. */
  total: number;
  /** The class in which the budget ran out, how many of its stretches are drawn and of how many (null: none left out). */
  cut: { riskClass: string; drawn: number; of: number } | null;
  /** The classes drawn whole, highest first. */
  whole: readonly string[];
  /** The classes below the cut one, left out whole, highest first. */
  below: readonly string[];
}

/** At most `max` stretches, the riskiest first (see the module's comment); all of them when they fit. */
export function capStretches(stretches: readonly OutFeature[], max = REPORT_STRETCHES_MAX): StretchCap {
  if (stretches.length <= max) return { drawn: stretches, total: stretches.length, cut: null, whole: RISK_CLASSES.slice().reverse(), below: [] };
  const rank = (f: OutFeature) => RISK_CLASSES.indexOf(f.properties.riskClass as (typeof RISK_CLASSES)[number]); // unknown: −1, below every class
  const counts = new Map<number, number>();
  for (const f of stretches) counts.set(rank(f), (counts.get(rank(f)) ?? 0) + 1);
  const { room, cutRank, whole, below } = classCut(counts, max);
  // in the cut class, the `room` stretches with the highest rate, ties by their place in road order
  const rate = (f: OutFeature) => Number(f.properties.maxRatePerKmYear) || 0;
  const inCut: number[] = [];
  stretches.forEach((f, i) => {
    if (rank(f) === cutRank) inCut.push(i);
  });
  inCut.sort((a, b) => rate(stretches[b]) - rate(stretches[a]) || a - b);
  const keep = new Uint8Array(stretches.length);
  for (let k = 0; k < room; k++) keep[inCut[k]] = 1;
  const drawn = stretches.filter((f, i) => rank(f) > cutRank || keep[i] === 1);
  return { drawn, total: stretches.length, cut: { riskClass: cutRank >= 0 ? RISK_CLASSES[cutRank] : "unclassified", drawn: room, of: inCut.length }, whole, below };
}

/**
 * From the count per class rank (−1: unknown) of more than `max` stretches: the class partly drawn (its
 * rank; the classes above it drawn whole), the room left in it, the classes drawn whole and those below.
 */
function classCut(counts: ReadonlyMap<number, number>, max: number): { room: number; cutRank: number; whole: string[]; below: string[] } {
  let room = max;
  let cutRank = -2;
  const whole: string[] = [];
  for (let r = RISK_CLASSES.length - 1; r >= -1; r--) {
    const c = counts.get(r) ?? 0;
    if (c <= room) {
      room -= c;
      if (c > 0 && r >= 0) whole.push(RISK_CLASSES[r]);
      continue;
    }
    cutRank = r;
    break;
  }
  const below: string[] = [];
  for (let r = cutRank - 1; r >= -1; r--) if ((counts.get(r) ?? 0) > 0) below.push(r >= 0 ? RISK_CLASSES[r] : "unclassified");
  return { room, cutRank, whole, below };
}

/** The report's statement of what the map leaves out ("" when it draws every stretch). */
export function capNote(cap: StretchCap): string {
  if (!cap.cut) return "";
  const n = (x: number) => x.toLocaleString("en-GB");
  const whole = cap.whole.length ? `every stretch of class ${cap.whole.join(", ")}, and ` : "";
  const text = `This map draws ${n(cap.drawn.length)} of the ${n(cap.total)} road stretches, the riskiest: ${whole}the ${n(cap.cut.drawn)} of the ${n(cap.cut.of)} stretches of class ${cap.cut.riskClass} with the highest rates. The other ${n(cap.total - cap.drawn.length)} stretches (the rest of class ${cap.cut.riskClass}${cap.below.length ? ` and all of ${cap.below.join(", ")}` : ""}) are left out so that a browser can still open this file; the static map, the tables and every output layer are complete, and every road piece with its numbers is in the lixels layer beside this report.`;
  return `<p class="legend-note" id="map-cap">${e(text)}</p>\n`;
}

/** Feeds {@link capStretches}' selection a block at a time (see {@link stretchCapAccumulator}). */
export interface StretchCapAccumulator {
  /** The next stretches in road order. */
  add(stretches: readonly OutFeature[]): void;
  /** The cap of every stretch given: the same as capStretches of them all. */
  finish(): StretchCap;
}

interface Held {
  f: OutFeature;
  rank: number;
  rate: number;
  at: number;
}

/**
 * capStretches in one pass over stretches fed in blocks, holding at most `max` of them (and a count per
 * class): the stretches drawn are the `max` first in the order (class, highest first; rate, highest first;
 * road order), since every class above the cut one is drawn whole and the cut one's highest rates fill
 * the room left. So a heap of the `max` best so far, whose worst is dropped when a better one comes, ends
 * holding exactly them; they are then put back in road order. The selection's memory is `max` stretches,
 * not all of them (≈ 1.3 M at gen.mjs L). Hand-written: flatqueue orders by one number, this key has three.
 */
export function stretchCapAccumulator(max = REPORT_STRETCHES_MAX): StretchCapAccumulator {
  const heap: Held[] = [];
  const counts = new Map<number, number>();
  let total = 0;
  // a is worse than b: lower class, or in one class the order capStretches sorts by (rate, then road order)
  const worse = (a: Held, b: Held) => (a.rank !== b.rank ? a.rank < b.rank : (b.rate - a.rate || a.at - b.at) > 0);
  const up = (k: number) => {
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (!worse(heap[k], heap[p])) break;
      [heap[k], heap[p]] = [heap[p], heap[k]];
      k = p;
    }
  };
  const down = (k: number) => {
    for (;;) {
      const l = 2 * k + 1;
      let m = k;
      if (l < heap.length && worse(heap[l], heap[m])) m = l;
      if (l + 1 < heap.length && worse(heap[l + 1], heap[m])) m = l + 1;
      if (m === k) return;
      [heap[k], heap[m]] = [heap[m], heap[k]];
      k = m;
    }
  };
  return {
    add(stretches) {
      for (const f of stretches) {
        const h = { f, rank: RISK_CLASSES.indexOf(f.properties.riskClass as (typeof RISK_CLASSES)[number]), rate: Number(f.properties.maxRatePerKmYear) || 0, at: total++ };
        counts.set(h.rank, (counts.get(h.rank) ?? 0) + 1);
        if (heap.length < max) {
          heap.push(h);
          up(heap.length - 1);
        } else if (max > 0 && worse(heap[0], h)) {
          heap[0] = h;
          down(0);
        }
      }
    },
    finish() {
      const kept = heap.slice().sort((a, b) => a.at - b.at);
      const drawn = kept.map((h) => h.f);
      if (total <= max) return { drawn, total, cut: null, whole: RISK_CLASSES.slice().reverse(), below: [] };
      const { room, cutRank, whole, below } = classCut(counts, max);
      return { drawn, total, cut: { riskClass: cutRank >= 0 ? RISK_CLASSES[cutRank] : "unclassified", drawn: room, of: counts.get(cutRank) ?? 0 }, whole, below };
    },
  };
}
