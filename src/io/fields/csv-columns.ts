import type { FieldMapping } from "../mapping/schema.ts";

/** Column names recognised for latitude and longitude (case-insensitive), in several languages. */
export const LAT_COLUMNS = ["lat", "latitude", "latitud", "latitude_dd", "breite", "y"] as const;
export const LON_COLUMNS = ["lon", "lng", "long", "longitude", "longitud", "longitude_dd", "laenge", "länge", "x"] as const;
/** Column names recognised for grid references and UTM parts. */
export const MGRS_COLUMNS = ["mgrs", "mgrs_ref", "mgrs_reference", "grid_ref", "gridref", "grid_reference", "grid"] as const;
export const UTM_ZONE_COLUMNS = ["utm_zone", "zone", "utmzone", "utm zone"] as const;
export const EASTING_COLUMNS = ["easting", "utm_easting", "utm_e", "utm easting"] as const;
export const NORTHING_COLUMNS = ["northing", "utm_northing", "utm_n", "utm northing"] as const;
export const HEMISPHERE_COLUMNS = ["hemisphere", "utm_hemisphere", "hemi"] as const;
/** Columns naming the settlement, used to geocode rows without coordinates. */
export const PLACE_COLUMNS = ["village", "place", "settlement", "locality", "town", "city"] as const;

/** Column indexes found in a CSV header (undefined: absent). */
export interface CsvColumns {
  lat?: number;
  lon?: number;
  mgrs?: number;
  zone?: number;
  easting?: number;
  northing?: number;
  hemisphere?: number;
  place?: number;
  /** Name of the column to blame when a row has no position. */
  firstCoordinateColumn?: string;
  /** Why no position can be read from any row, when none can. */
  problem?: string;
}

/**
 * Find the coordinate columns of a header (case-insensitive), taking the field mapping's names first.
 * A file needs latitude + longitude, an MGRS column, UTM zone + easting + northing, or a place column.
 */
export function findColumns(header: readonly string[], mapping?: FieldMapping): CsvColumns {
  const lower = header.map((h) => h.toLowerCase().trim());
  const c = mapping?.coordinates;
  const find = (given: string | string[] | undefined, names: readonly string[]) => {
    const list = [...(given === undefined ? [] : typeof given === "string" ? [given] : given), ...names];
    for (const n of list) {
      const i = lower.indexOf(n.toLowerCase());
      if (i >= 0) return i;
    }
    return undefined;
  };
  const placeSpec = mapping?.fields.place;
  const placeNames = typeof placeSpec === "string" ? [placeSpec] : Array.isArray(placeSpec) ? placeSpec : typeof placeSpec?.columns === "string" ? [placeSpec.columns] : (placeSpec?.columns ?? []);
  const cols: CsvColumns = {
    lat: find(c?.lat, LAT_COLUMNS),
    lon: find(c?.lon, LON_COLUMNS),
    mgrs: find(c?.mgrs, MGRS_COLUMNS),
    zone: find(c?.utmZone, UTM_ZONE_COLUMNS),
    easting: find(c?.utmEasting, EASTING_COLUMNS),
    northing: find(c?.utmNorthing, NORTHING_COLUMNS),
    hemisphere: find(c?.utmHemisphere, HEMISPHERE_COLUMNS),
    place: find(placeNames, PLACE_COLUMNS),
  };
  const hasLatLon = cols.lat !== undefined && cols.lon !== undefined;
  const hasUtm = cols.zone !== undefined && cols.easting !== undefined && cols.northing !== undefined;
  if (!hasLatLon && cols.mgrs === undefined && !hasUtm && cols.place === undefined) {
    const which = cols.lat === undefined ? "latitude" : "longitude";
    const names = cols.lat === undefined ? LAT_COLUMNS : LON_COLUMNS;
    cols.problem = `no ${which} column: name it one of ${names.join(", ")}; or give an MGRS column (${MGRS_COLUMNS[0]}), UTM columns (${UTM_ZONE_COLUMNS[0]}, ${EASTING_COLUMNS[0]}, ${NORTHING_COLUMNS[0]}) or a place column (${PLACE_COLUMNS[0]}); or name the columns in a field mapping`;
  }
  if (!hasLatLon) {
    cols.lat = undefined;
    cols.lon = undefined;
  }
  const first = hasLatLon ? cols.lat : (cols.mgrs ?? cols.easting ?? cols.place);
  cols.firstCoordinateColumn = first === undefined ? undefined : header[first];
  return cols;
}
