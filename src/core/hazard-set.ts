/**
 * Land-release status of a hazard area (IMSMA terms): confirmed (CHA), suspected (SHA), and the statuses
 * that mean the land is no longer considered hazardous. The code stored per area is the index here.
 */
export const HAZARD_STATUSES = ["confirmed", "suspected", "cancelled", "cleared", "released"] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

/** IMSMA land-release colours used on output (fill at 50 % opacity). */
export const HAZARD_COLOURS: Readonly<Record<HazardStatus, string>> = {
  confirmed: "#FF0000",
  suspected: "#F4A718",
  cancelled: "#7F7F7F",
  cleared: "#00A651",
  released: "#00A651",
};

/**
 * Hazard areas in the working CRS. Area h consists of polygons[h], each polygon a list of closed rings
 * (outer first, then holes), each ring interleaved x,y. `bbox` holds minX,minY,maxX,maxY per area.
 */
export interface HazardSet {
  readonly count: number;
  readonly polygons: readonly (readonly Float64Array[])[][];
  readonly status: Uint8Array;
  readonly bbox: Float64Array;
  readonly ids: readonly string[];
}

/** True when the status code means the area is still considered hazardous (confirmed or suspected). */
export function isActiveHazard(status: number): boolean {
  return status <= 1;
}
