/** Device classes of the domain model (DESIGN.md). The code stored per incident is the index here. */
export const DEVICES = ["anti-tank", "anti-personnel", "IED", "UXO/ERW", "cluster", "unknown"] as const;
export type Device = (typeof DEVICES)[number];

/** How precisely an incident's date is known. */
export const DATE_PRECISIONS = ["day", "month", "year", "unknown"] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/**
 * Incidents in the working CRS, one row per input incident, in input order. Dates are whole days since
 * 1970-01-01 (UTC), NaN when unknown; casualties are NaN when not recorded.
 */
export interface IncidentSet {
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** How far the true position may be from the point, metres (exact ≈ 10, road section ≈ 1 km, ...). */
  readonly precisionM: Float64Array;
  readonly dateDay: Float64Array;
  readonly killed: Float64Array;
  readonly injured: Float64Array;
  /** Index into DEVICES. */
  readonly device: Uint8Array;
  /** What the record says about being on a road of the network: 0 not stated, 1 on a road, 2 not on one. */
  readonly onRoad: Uint8Array;
  readonly ids: readonly string[];
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of an ISO date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (first day of the period). */
export function isoToDay(iso: string): number {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  if (!m) return Number.NaN;
  const t = Date.UTC(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1);
  return Math.round(t / MS_PER_DAY);
}

/** ISO `YYYY-MM-DD` of a day number. */
export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** First and last day number of the dated incidents (undated ones, NaN, skipped); ±Infinity when none is dated. */
export function datedDayRange(incidents: Pick<IncidentSet, "count" | "dateDay">): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < incidents.count; i++) {
    const d = incidents.dateDay[i];
    if (Number.isNaN(d)) continue;
    if (d < first) first = d;
    if (d > last) last = d;
  }
  return { first, last };
}
