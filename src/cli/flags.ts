import { OptionError } from "../core/errors.ts";

/** A numeric flag value, or an OptionError naming the flag. */
export function numberFlag(v: string, flag: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n)) throw new OptionError(`${flag} must be a number, got "${v}"`);
  return n;
}

/** A YYYY-MM-DD flag value as days since 1970-01-01, or an OptionError naming the flag. */
export function dateFlag(v: string, flag: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!Number.isFinite(t) || new Date(t).getUTCDate() !== Number(m?.[3])) throw new OptionError(`${flag} must be a date YYYY-MM-DD, got "${v}"`);
  return Math.round(t / 86_400_000);
}
