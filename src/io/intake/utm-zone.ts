import { basename } from "node:path";
import { utmEpsg, utmToWgs84 } from "../crs/crs.ts";
import { lookupPlace } from "../places/gazetteer.ts";

/** What could be inferred about the UTM zone of coordinates in metres, and from what. */
export interface ZoneGuess {
  /** EPSG codes of the zones that fit, best first (empty when nothing could tell). */
  zones: { zone: number; south: boolean; epsg: string }[];
  /** What the guess rests on. */
  basis: string;
}

/**
 * Guess the UTM zone of projected coordinates. Easting/northing alone cannot tell the zone (every zone
 * repeats the same numbers), so the guess needs outside evidence, tried in order:
 * 1. a zone or EPSG code in the file name ("…utm38n…", "…32638…");
 * 2. a WGS84 reference extent (other layers of the run, or the in-range records of the same layer):
 *    the zones in which the median point falls inside it (widened by 1°);
 * 3. place names the records give, resolved uniquely in GeoNames: the zones in which the point falls
 *    within 50 km of them.
 */
export function guessUtmZones(
  median: [number, number],
  ctx: { reference?: readonly number[]; names?: readonly string[]; file: string },
): ZoneGuess {
  const fromName = zoneFromFileName(ctx.file);
  if (fromName) return { zones: [fromName], basis: `the file name ${JSON.stringify(basename(ctx.file))}` };
  const candidates = allZones().map((z) => ({ ...z, at: utmToWgs84(z.zone, z.south, median[0], median[1]) }));
  if (ctx.reference) {
    const [w, s, e, n] = ctx.reference;
    const hits = candidates.filter((c) => c.at && c.at[0] >= w - 1 && c.at[0] <= e + 1 && c.at[1] >= s - 1 && c.at[1] <= n + 1);
    if (hits.length > 0) return { zones: hits, basis: "the extent of the other WGS84 data given with it" };
  }
  const places = [...new Set(ctx.names ?? [])].slice(0, 20).flatMap((name) => {
    const r = lookupPlace(name);
    return r.status === "unique" ? [r.place] : [];
  });
  if (places.length > 0) {
    const near = (c: (typeof candidates)[number]) => c.at !== undefined && places.some((p) => Math.hypot((p.lon - c.at![0]) * Math.cos((p.lat * Math.PI) / 180), p.lat - c.at![1]) < 0.45);
    const hits = candidates.filter(near);
    if (hits.length > 0) return { zones: hits, basis: `the place names in the records (${places.slice(0, 3).map((p) => `${p.name}, GeoNames ${p.geonameId}`).join("; ")})` };
  }
  return { zones: [], basis: "" };
}

/** A readable hint for the report: the likely zone and how to say it, or why none could be named. */
export function describeZoneGuess(guess: ZoneGuess, median: [number, number]): string {
  if (guess.zones.length > 0) {
    const list = guess.zones.slice(0, 3).map((z) => `UTM zone ${z.zone}${z.south ? "S" : "N"} (${z.epsg})`);
    return `likely ${list.join(" or ")}, judging by ${guess.basis}; if so, give the input CRS ${guess.zones[0].epsg} (--crs)`;
  }
  const lat = utmToWgs84(31, false, 500_000, median[1])?.[1];
  const where = lat !== undefined ? `northing ${Math.round(median[1])} m is about latitude ${lat.toFixed(1)}° in the northern hemisphere` : "the northing is beyond UTM range";
  return `if they are UTM, ${where}, but easting/northing alone cannot tell the zone; give the input CRS EPSG:NNNN (e.g. EPSG:326zz for zone zz north, EPSG:327zz south)`;
}

function allZones(): { zone: number; south: boolean; epsg: string }[] {
  const out: { zone: number; south: boolean; epsg: string }[] = [];
  for (const south of [false, true]) for (let zone = 1; zone <= 60; zone++) out.push({ zone, south, epsg: utmEpsg(zone, south) });
  return out;
}

function zoneFromFileName(file: string): { zone: number; south: boolean; epsg: string } | undefined {
  const name = basename(file).toLowerCase();
  const code = /(?:^|[^0-9])(32[67])(\d{2})(?:[^0-9]|$)/.exec(name);
  if (code && Number(code[2]) >= 1 && Number(code[2]) <= 60) {
    const south = code[1] === "327";
    return { zone: Number(code[2]), south, epsg: utmEpsg(Number(code[2]), south) };
  }
  const utm = /utm[ _-]?(?:zone[ _-]?)?(\d{1,2})[ _-]?([ns])(?:[^a-z]|$)/.exec(name);
  if (utm && Number(utm[1]) >= 1 && Number(utm[1]) <= 60) {
    const south = utm[2] === "s";
    return { zone: Number(utm[1]), south, epsg: utmEpsg(Number(utm[1]), south) };
  }
  return undefined;
}
