import { DATE_PRECISIONS, DEVICES, type DatePrecision, type Device } from "../../core/incident-set.ts";

/** Common spellings of device types in mine-action records, mapped to the domain model's classes. */
const DEVICE_SYNONYMS: Record<string, Device> = {
  at: "anti-tank",
  "at mine": "anti-tank",
  "anti tank": "anti-tank",
  "anti-tank mine": "anti-tank",
  ap: "anti-personnel",
  "ap mine": "anti-personnel",
  "anti personnel": "anti-personnel",
  "anti-personnel mine": "anti-personnel",
  ied: "IED",
  "improvised explosive device": "IED",
  uxo: "UXO/ERW",
  erw: "UXO/ERW",
  "uxo/erw": "UXO/ERW",
  "unexploded ordnance": "UXO/ERW",
  "explosive remnants of war": "UXO/ERW",
  cluster: "cluster",
  "cluster munition": "cluster",
  submunition: "cluster",
  unknown: "unknown",
  mine: "unknown",
  "mine (type not given)": "unknown",
  "": "unknown",
};

/** Map a device text to a DEVICES class, or undefined when it is not recognised. */
export function normaliseDevice(value: unknown): Device | undefined {
  if (value === null || value === undefined) return "unknown";
  if (typeof value !== "string") return undefined;
  const exact = (DEVICES as readonly string[]).find((d) => d.toLowerCase() === value.trim().toLowerCase());
  if (exact) return exact as Device;
  return DEVICE_SYNONYMS[value.trim().toLowerCase()];
}

/** Result of reading a date field. */
export interface ParsedDate {
  date: string | null;
  precision: DatePrecision;
}

/**
 * Read an ISO date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time part after `T` or a space is ignored);
 * the precision follows from what is given unless a coarser `declared` precision says otherwise.
 * Returns undefined when the text is not such a date (the caller reports it).
 */
export function parseIsoDate(value: unknown, declared?: unknown): ParsedDate | undefined {
  if (value === null || value === undefined || value === "") return { date: null, precision: "unknown" };
  if (typeof value !== "string") return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined];
  if (mo !== undefined && (mo < 1 || mo > 12)) return undefined;
  if (d !== undefined) {
    const t = new Date(Date.UTC(y, (mo ?? 1) - 1, d));
    if (t.getUTCDate() !== d) return undefined;
  }
  let precision: DatePrecision = d !== undefined ? "day" : mo !== undefined ? "month" : "year";
  if (typeof declared === "string" && (DATE_PRECISIONS as readonly string[]).includes(declared)) {
    const order = DATE_PRECISIONS.indexOf(declared as DatePrecision);
    if (order > DATE_PRECISIONS.indexOf(precision)) precision = declared as DatePrecision;
  }
  const date = precision === "unknown" ? null : `${m[1]}${precision !== "year" ? `-${m[2]}` : ""}${precision === "day" ? `-${m[3]}` : ""}`;
  return { date, precision };
}

export { normaliseHazardStatus } from "./hazard-status.ts";

/** A non-negative finite count, null when absent; undefined when present but not a valid count. */
export function readCount(value: unknown): number | null | undefined {
  if (value === null || value === undefined || value === "") return null;
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Location precision implied by how many decimals a coordinate was written with: half a unit in the last
 * place, in metres at the equator (1° ≈ 111,320 m), never below 10 m (the DESIGN's "exact").
 */
export function precisionFromDecimals(decimals: number): number {
  return Math.max(10, 0.5 * 111_320 * 10 ** -decimals);
}

/** Number of decimals a number is written with in its shortest round-trip form. */
export function decimalsOf(v: number): number {
  const s = String(v);
  if (s.includes("e")) return 8;
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}
