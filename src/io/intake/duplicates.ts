import type { IncidentRecord } from "../fields/records.ts";
import { attributesKey } from "./record-key.ts";
import type { Tally } from "./tally.ts";
import type { DuplicatePolicy } from "./types.ts";

const M_PER_DEG = 111_320;

/**
 * Find repeated positions and duplicate incidents across a whole incident layer, reporting on the later
 * record of each pair (the first one seen stays as it is):
 * - `duplicate-incident`: same exact position, same date (and date precision), same device, event type
 *   and casualty counts; for undated records, same exact position and every property but the id;
 * - `possible-duplicate`: the same but at different positions within the smaller of the two location
 *   precisions of each other;
 * - `repeated-position`: the same exact position as an earlier record that is not a duplicate of it —
 *   typical of village- or municipality-level positions, so the point is no better than that place.
 * All are warnings. With policy "merge" a duplicate (exact or possible) is dropped as merged into the
 * earlier record (action "rejected", so the counts still add up); with "keep" it stays.
 * Returns the indexes (into `records`) merged away.
 */
export function findDuplicates(records: readonly IncidentRecord[], tallyOf: (k: number) => Tally, policy: DuplicatePolicy): Set<number> {
  const merged = new Set<number>();
  // exact positions as lon → [lat, first record, …] (no number-to-string keys), and cells keyed by event and
  // cell, so that a record is compared only with earlier records of the same event nearby
  const firstAt = new Map<number, number[]>();
  // per event (eventKey), the cells of its kept records: a record whose event has none so far (most of
  // them) looks up nothing, and one whose event has some visits only the levels that event uses. Numeric
  // cell keys, not strings: at 100k incidents the string keys of every level took ≈ 5 s (profiled)
  const events = new Map<string, EventCells>();
  const byAttributes = new Map<number, Map<string, number>>();
  const where = (k: number) => tallyOf(k).label(records[k].record, records[k].id);
  const sameEvent = (a: IncidentRecord, b: IncidentRecord) =>
    a.date !== null && a.date === b.date && a.datePrecision === b.datePrecision && a.device === b.device && (a.eventType ?? null) === (b.eventType ?? null) && a.killed === b.killed && a.injured === b.injured;
  const dateNote = (r: IncidentRecord) => (r.datePrecision === "day" ? `on ${r.date}` : `in ${r.date} (the date is only ${r.datePrecision}-precise, so these may be separate events)`);
  records.forEach((r, k) => {
    const tally = tallyOf(k);
    const action = policy === "merge" ? "rejected" : "kept";
    const then = (j: number) => (policy === "merge" ? `; merged into ${where(j)}` : "; kept (use --duplicates merge to merge)");
    let atLon = firstAt.get(r.lon);
    if (!atLon) firstAt.set(r.lon, (atLon = []));
    let first: number | undefined;
    for (let q = 0; q < atLon.length && first === undefined; q += 2) if (atLon[q] === r.lat) first = atLon[q + 1];
    if (first !== undefined) {
      // every distinct record at this position, by its attributes: a duplicate need not be of the first one
      let here = byAttributes.get(first);
      if (!here) byAttributes.set(first, (here = new Map([[exactKey(records[first]), first]])));
      const key = exactKey(r);
      const same = here.get(key);
      if (same !== undefined) {
        const what = r.date === null ? "same position and every attribute but the id, undated," : "same position, date, device, type and casualties";
        tally.warn(r.record, "geometry", "duplicate-incident", `${what} as ${where(same)}${r.date === null ? "" : ` ${dateNote(r)}`}${then(same)}`, action);
        if (policy === "merge") merged.add(k);
      } else {
        here.set(key, k);
        tally.warn(r.record, "geometry", "repeated-position", `shares its exact position [${r.lon}, ${r.lat}] with ${where(first)}: usually a village or municipal centroid, so the point is no better than that place`);
      }
      return;
    }
    atLon.push(r.lat, k);
    if (r.date === null) return; // an undated record is never the same event as another
    // cells are keyed by the event's attributes and by precision level (see levelOf), so a record is
    // compared only with earlier records of the same event whose cells its reach can touch: a bounded
    // number each, so the search is O(n log n) however many incidents share one date (20k on one date
    // and device took 14.6 CPU s with one 11 km cell per event; well under a second now)
    const key = eventKey(r);
    let event = events.get(key);
    if (event === undefined) events.set(key, (event = { levels: [], cells: new Map() }));
    const cosLat = Math.max(0.01, Math.cos((r.lat * Math.PI) / 180));
    let near: number | undefined;
    const ownLevel = levelOf(r.locationPrecisionM);
    for (const level of event.levels) {
      // an earlier record o at this level has o.precision ≤ side, so a match lies within `side` of r
      const sideDeg = levelSideM(level) / M_PER_DEG;
      const cx = Math.floor(r.lon / sideDeg);
      const cy = Math.floor(r.lat / sideDeg);
      const reachX = Math.ceil(1 / cosLat);
      for (let dx = -reachX; dx <= reachX; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (const j of event.cells.get(cellKey(level, cx + dx, cy + dy)) ?? []) {
            if (near !== undefined && j >= near) continue; // the earliest match is named
            const o = records[j];
            if (!sameEvent(r, o)) continue; // the key already says so; kept so the rule is stated once, here
            const dM = Math.hypot((r.lon - o.lon) * Math.cos((r.lat * Math.PI) / 180), r.lat - o.lat) * M_PER_DEG;
            if (dM <= Math.min(r.locationPrecisionM, o.locationPrecisionM)) near = j;
          }
        }
      }
    }
    if (near !== undefined) {
      tally.warn(r.record, "geometry", "possible-duplicate", `same date, device, type and casualties as ${where(near)}, and within the location precision of both ${dateNote(r)}${then(near)}`, action);
      if (policy === "merge") merged.add(k);
      return;
    }
    if (!event.levels.includes(ownLevel)) event.levels.push(ownLevel);
    const sideDeg = levelSideM(ownLevel) / M_PER_DEG;
    const cell = cellKey(ownLevel, Math.floor(r.lon / sideDeg), Math.floor(r.lat / sideDeg));
    const list = event.cells.get(cell);
    if (list) list.push(k);
    else event.cells.set(cell, [k]);
  });
  return merged;
}

/**
 * The key of an exact duplicate at one position: a dated record's event attributes (sameEvent), or for an
 * undated one every property except its own id (an undated record is the same record only when nothing
 * tells it apart: device, type and casualties alone leave separate events at a village centroid apart).
 */
function exactKey(r: IncidentRecord): string {
  return r.date === null ? `u${attributesKey(r.properties, r.id)}` : `d${eventKey(r)}`;
}

/** The attributes sameEvent compares, as one key (JSON keeps null apart from "null"). */
function eventKey(r: IncidentRecord): string {
  return JSON.stringify([r.date, r.datePrecision, r.device, r.eventType ?? null, r.killed, r.injured]);
}

/**
 * Precision levels: level L holds records whose location precision is at most 10·4^L m, in cells of that
 * side. Two records kept at one level are farther apart than the smaller precision (> a quarter side),
 * so a cell holds a bounded number of them whatever the data, and a query visits a few cells per level.
 */
function levelOf(precisionM: number): number {
  return Math.max(0, Math.ceil(Math.log(Math.max(precisionM, 1) / 10) / Math.log(4) - 1e-9));
}

function levelSideM(level: number): number {
  return 10 * 4 ** level;
}

/** The kept records of one event: the precision levels they use, and their cells by cellKey. */
interface EventCells {
  levels: number[];
  cells: Map<number | string, number[]>;
}

/**
 * A cell's key within its event: one exact number for every cell of a WGS84 position (level < 32, and at
 * level 0's 10 m side |cx| < 2^21, |cy| < 2^20, fewer at coarser levels), else a string (never reached by
 * a position in range, kept so a key can never be shared by two cells).
 */
function cellKey(level: number, cx: number, cy: number): number | string {
  if (level < 32 && Math.abs(cx) < 2 ** 21 && Math.abs(cy) < 2 ** 21) return (level * 2 ** 22 + cx + 2 ** 21) * 2 ** 22 + cy + 2 ** 21;
  return `${level}:${cx}:${cy}`;
}
