import { type InputCrs, inputCrs, utmEpsg } from "../crs/crs.ts";
import { mgrsToLonLat } from "./mgrs.ts";
import { parseCoordinate } from "./degrees.ts";

/** A position resolved from a grid reference, with the precision the reference implies. */
export interface GridPosition {
  lon: number;
  lat: number;
  precisionM: number;
}

/** Half the diagonal of a square cell: the farthest the true point can be from the cell centre. */
const halfDiagonal = (cellM: number) => Math.max(10, (cellM * Math.SQRT2) / 2);

/** An MGRS reference → the centre of its cell; precision = half the cell diagonal (at least 10 m). */
export function positionFromMgrs(text: string): GridPosition | string {
  const p = mgrsToLonLat(text);
  if (!p) return `"${text}" is not an MGRS grid reference (e.g. 38SPK4992701474: zone, band, 100 km square, easting and northing digits)`;
  return { lon: p.lon, lat: p.lat, precisionM: halfDiagonal(p.cellM) };
}

/**
 * A converter for UTM zone + easting + northing rows, creating one proj4 converter per zone and keeping
 * them for the rows of one file (a local cache, not module state).
 */
export function utmReader(): (zoneText: string, hemisphereText: string | undefined, eastingText: string, northingText: string) => GridPosition | string {
  const cache = new Map<string, InputCrs>();
  return (zoneText, hemisphereText, eastingText, northingText) => {
    const z = /^(\d{1,2})\s*([A-Z])?$/i.exec(zoneText.trim());
    if (!z || Number(z[1]) < 1 || Number(z[1]) > 60) return `UTM zone "${zoneText}" is not a zone number 1–60 (optionally with N/S or a latitude band letter)`;
    const zone = Number(z[1]);
    const hemi = (hemisphereText ?? "").trim().toUpperCase();
    const letter = z[2]?.toUpperCase();
    let south: boolean;
    if (hemi === "N" || hemi === "NORTH") south = false;
    else if (hemi === "S" || hemi === "SOUTH") south = true;
    else if (hemi !== "") return `hemisphere "${hemisphereText}" must be N or S`;
    else if (letter === "N") south = false;
    else if (letter === undefined) return `UTM zone "${zoneText}" does not say the hemisphere: write ${zone}N or ${zone}S, or add a hemisphere column`;
    else if (letter === "S") return `UTM zone "${zoneText}" is ambiguous: S is both "south" and the latitude band S (32–40° N); add a hemisphere column`;
    else if (/[C-M]/.test(letter) && letter !== "I") south = true;
    else if (/[P-X]/.test(letter) && letter !== "O") south = false;
    else return `UTM zone "${zoneText}": "${letter}" is neither N/S nor a latitude band letter`;
    const e = parseCoordinate(eastingText, "lon");
    const n = parseCoordinate(northingText, "lat");
    if (!e || e.notation === "dms" || !n || n.notation === "dms") return `easting "${eastingText}" / northing "${northingText}" are not numbers of metres`;
    const key = `${zone}${south ? "S" : "N"}`;
    let crs = cache.get(key);
    if (!crs) {
      crs = inputCrs(utmEpsg(zone, south));
      cache.set(key, crs);
    }
    const q = crs.toWgs84(e.value, n.value);
    if (!q) return `easting ${e.value} / northing ${n.value} are not a position in UTM zone ${key}`;
    const dec = (t: string) => (t.includes(".") || t.includes(",") ? t.trim().length - t.trim().search(/[.,]/) - 1 : 0);
    const cellM = 10 ** -Math.min(dec(eastingText), dec(northingText));
    return { lon: q[0], lat: q[1], precisionM: Math.max(10, cellM / 2) };
  };
}
