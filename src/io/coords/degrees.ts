/** Metres per degree of latitude (and of longitude at the equator), used for precision from decimals. */
const M_PER_DEG = 111_320;
/** The DESIGN's "exact": no inferred precision is finer than 10 m. */
const MIN_PRECISION_M = 10;

/** A coordinate read from text, with the precision implied by how it was written (half a unit in the last place). */
export interface ParsedCoordinate {
  value: number;
  precisionM: number;
  /** How it was written: "decimal", "decimal comma" or "dms". */
  notation: "decimal" | "decimal comma" | "dms";
}

/**
 * Read one coordinate written as decimal degrees ("39.7512", "-46.75"), with a decimal comma ("39,7512"),
 * or as degrees-minutes-seconds in the common spellings: `39°45'30.5"N`, `39 45 30.5 N`, `N39°45.508'`,
 * `39d45m30.5s`, with ′ ″ primes. A hemisphere letter (N/S/E/W, also O for oeste) sets the sign and must
 * suit the axis. Returns undefined when the text is none of these.
 */
export function parseCoordinate(text: string, axis: "lat" | "lon"): ParsedCoordinate | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const dec = /^([+-]?)(\d+)(?:([.,])(\d+))?$/.exec(t);
  if (dec) {
    const value = Number(`${dec[1]}${dec[2]}${dec[4] ? `.${dec[4]}` : ""}`);
    const decimals = dec[4]?.length ?? 0;
    return { value, precisionM: precision(0.5 * M_PER_DEG * 10 ** -decimals), notation: dec[3] === "," ? "decimal comma" : "decimal" };
  }
  return parseDms(t, axis);
}

function parseDms(t: string, axis: "lat" | "lon"): ParsedCoordinate | undefined {
  // lower-case d/m/s unit letters (39d45m15.5s) first, so a final "s" is not read as "south"
  const units = t.replace(/(\d)\s*d(?=\s*\d)/g, "$1°").replace(/(\d)\s*m(?=\s*\d)/g, "$1'").replace(/(\d)\s*s$/g, '$1"');
  const s = units.toUpperCase().replace(/[′’]/g, "'").replace(/[″”]|''/g, '"').replace(/,/g, ".");
  const hemi = /^([NSEWO])\s*|\s*([NSEWO])$/.exec(s);
  const letter = hemi ? (hemi[1] ?? hemi[2]) : undefined;
  const body = hemi ? s.replace(hemi[0], "") : s;
  const m = /^([+-]?)(\d{1,3}(?:\.\d+)?)\s*(?:°|D|\s)\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:'|M|\s)\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:"|S)?)?)?$/.exec(body.trim());
  if (!m || (m[3] === undefined && !/[°D]/.test(body))) return undefined;
  const [deg, min, sec] = [Number(m[2]), m[3] === undefined ? 0 : Number(m[3]), m[4] === undefined ? 0 : Number(m[4])];
  if (min >= 60 || sec >= 60) return undefined;
  if (letter && ((axis === "lat" && !"NS".includes(letter)) || (axis === "lon" && !"EWO".includes(letter)))) return undefined;
  const negative = m[1] === "-" || letter === "S" || letter === "W" || letter === "O";
  const value = (negative ? -1 : 1) * (deg + min / 60 + sec / 3600);
  // the last written unit: seconds (1″ ≈ 30.9 m), minutes (1′ ≈ 1855 m) or degrees
  const last = m[4] ?? m[3] ?? m[2];
  const decimals = last.includes(".") ? last.length - last.indexOf(".") - 1 : 0;
  const unitM = m[4] !== undefined ? M_PER_DEG / 3600 : m[3] !== undefined ? M_PER_DEG / 60 : M_PER_DEG;
  return { value, precisionM: precision(0.5 * unitM * 10 ** -decimals), notation: "dms" };
}

function precision(m: number): number {
  return Math.max(MIN_PRECISION_M, m);
}

/** Decimals a number was written with in text: "39.70" → 2, "46" → 0, "4.5e1" → 8 (treat as exact). */
export function textDecimals(text: string): number {
  const t = text.trim();
  if (/e/i.test(t)) return 8;
  const dot = t.search(/[.,]/);
  return dot < 0 ? 0 : t.length - dot - 1;
}
