import type { ScaleRange } from "./scale-error.ts";

/** A CRS with its scale range measured over the study box (crs.ts's WorkingCrs; structural, so no import circle). */
type Measured = { readonly distanceError?: ScaleRange };

const ELLIPSOID = "+x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs";

/**
 * For a study area too wide for the closed-form transverse Mercator: three conformal maps centred on the
 * box — transverse Mercator (scale grows with distance from the central meridian: best for boxes taller
 * than wide), oblique stereographic (grows with distance from the centre: best for round areas) and
 * Lambert conformal conic with one standard parallel at the centre (grows with distance from it: best for
 * wide boxes; not within 5° of the equator, where it degenerates) — each with k0 = 2 / (k_min + k_max)
 * from its scale range at k0 = 1, which splits the error evenly: ±(k_max − k_min)/(k_max + k_min) (Snyder,
 * *Map Projections — A Working Manual*, 1987, p. 21, for the conformal scale being independent of
 * direction). The one with the smallest measured bound wins.
 */
export function bestConformalFit<T extends Measured>(bbox: readonly [number, number, number, number], lon0: number, lat0: number, make: (definition: string, name: string) => T): T {
  const families: [string, string][] = [
    ["Transverse Mercator", `+proj=tmerc +lat_0=${lat0} +lon_0=${lon0}`],
    ["Oblique stereographic", `+proj=sterea +lat_0=${lat0} +lon_0=${lon0}`],
  ];
  if (Math.abs(lat0) >= 5) families.push(["Lambert conformal conic", `+proj=lcc +lat_1=${lat0} +lat_2=${lat0} +lat_0=${lat0} +lon_0=${lon0}`]);
  let best: T | undefined;
  for (const [family, params] of families) {
    const unit = make(`${params} +k_0=1 ${ELLIPSOID}`, family).distanceError;
    if (!unit || !Number.isFinite(unit.bound)) continue;
    const k0 = Math.round((2 / (unit.minScale + unit.maxScale)) * 1e8) / 1e8;
    const crs = make(`${params} +k_0=${k0} ${ELLIPSOID}`, `${family} fitted to the data (lon_0 ${lon0}, lat_0 ${lat0}, k_0 ${k0})`);
    if ((crs.distanceError?.bound ?? Infinity) < (best?.distanceError?.bound ?? Infinity)) best = crs;
  }
  if (!best) throw new Error(`no conformal projection is finite over the box [${bbox.join(", ")}]`);
  return best;
}
