import { type ParsedDate, parseIsoDate } from "./normalise.ts";

/**
 * Date formats an input may use (a field mapping lists the ones its files use, tried in order):
 * - "iso": YYYY, YYYY-MM or YYYY-MM-DD (a time part is ignored) — the default, and the only one without a mapping;
 * - "d/m/y" and "m/d/y": day/month/year or month/day/year with "/", "." or "-" and a 4-digit year (never guessed:
 *   3/4/2021 is ambiguous, so the mapping must say which);
 * - "year": a 4-digit year alone, as text or number (AICMA `AÑO`) → precision "year";
 * - "excel": a spreadsheet serial day number (1900 date system, as Excel and LibreOffice write it) → "day".
 */
export const DATE_FORMATS = ["iso", "d/m/y", "m/d/y", "year", "excel"] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Excel's serial 25569 is 1970-01-01; serials below 61 fall before Excel's fictitious 1900-02-29. */
const EXCEL_UNIX_EPOCH = 25_569;
const EXCEL_MAX_SERIAL = 2_958_465; // 9999-12-31

/**
 * Read a date in the first of `formats` that accepts it, with the precision it carries (a coarser
 * `declared` precision truncates it, as for ISO dates). Empty → { date: null, precision: "unknown" };
 * undefined when no format accepts the value (the caller reports it).
 */
export function parseDate(value: unknown, formats: readonly DateFormat[] = ["iso"], declared?: unknown): ParsedDate | undefined {
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return { date: null, precision: "unknown" };
  for (const f of formats) {
    const d = f === "iso" ? parseIsoDate(value, declared) : f === "year" ? year(value) : f === "excel" ? excel(value) : dayMonthYear(value, f === "d/m/y", declared);
    if (d) return d;
  }
  return undefined;
}

function year(value: unknown): ParsedDate | undefined {
  const t = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  return /^\d{4}$/.test(t) ? { date: t, precision: "year" } : undefined;
}

function excel(value: unknown): ParsedDate | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n < 61 || n > EXCEL_MAX_SERIAL) return undefined;
  const iso = new Date((Math.floor(n) - EXCEL_UNIX_EPOCH) * 86_400_000).toISOString().slice(0, 10);
  return { date: iso, precision: "day" };
}

function dayMonthYear(value: unknown, dayFirst: boolean, declared?: unknown): ParsedDate | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value.trim());
  if (!m) return undefined;
  const [day, month] = dayFirst ? [m[1], m[2]] : [m[2], m[1]];
  return parseIsoDate(`${m[3]}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`, declared);
}
