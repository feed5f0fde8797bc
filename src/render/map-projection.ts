import rewind from "@turf/rewind";
import { geoDistance, geoTransverseMercator, type GeoProjection } from "d3-geo";
import { OptionError } from "../core/errors.ts";
import { extendBounds, type Geometry, type OutFeature } from "../io/write/format-geojson.ts";

/** Mean Earth radius, metres (IUGG), for d3's angular distances. */
const EARTH_RADIUS_M = 6_371_008.8;

/** A map frame in SVG pixels: left, top, right, bottom. */
export type FramePx = [number, number, number, number];

/**
 * d3-geo's winding: d3 reads a ring as enclosing the area on its right, so an RFC 7946 polygon
 * (counter-clockwise exterior) means "the whole globe except this polygon" and fills the map. Rewind
 * to clockwise exteriors for d3 (@turf/rewind with `reverse: true`); lines and points pass unchanged.
 */
export function forD3(g: Geometry): Geometry {
  if (g.type !== "Polygon" && g.type !== "MultiPolygon") return g;
  return rewind(g, { reverse: true, mutate: false }) as Geometry;
}

/**
 * A transverse Mercator centred on the features (conformal, so shapes and the scale bar hold across a
 * corridor-sized map), scaled to fit them into `frame`, clipped to it.
 */
export function fitProjection(features: readonly OutFeature[], frame: FramePx): GeoProjection {
  const fc = { type: "FeatureCollection" as const, features: features.map((f) => ({ ...f, geometry: forD3(f.geometry) })) };
  const [[w, s], [e, n]] = lonLatBounds(features);
  const projection = geoTransverseMercator().rotate([-(w + e) / 2, -(s + n) / 2]);
  projection.fitExtent(
    [
      [frame[0], frame[1]],
      [frame[2], frame[3]],
    ],
    fc as never,
  );
  return projection.clipExtent([
    [frame[0], frame[1]],
    [frame[2], frame[3]],
  ]);
}

/** Ground metres per SVG pixel at a point of the map (measured along the parallel through it). */
export function metresPerPixel(projection: GeoProjection, atPx: [number, number]): number {
  const a = projection.invert?.([atPx[0] - 50, atPx[1]]);
  const b = projection.invert?.([atPx[0] + 50, atPx[1]]);
  if (!a || !b) throw new Error("the map projection cannot be inverted at the scale bar");
  return (geoDistance(a, b) * EARTH_RADIUS_M) / 100;
}

/** Direction of true north at a point, degrees clockwise from straight up on the map. */
export function northAngleDeg(projection: GeoProjection, atPx: [number, number]): number {
  const ll = projection.invert?.(atPx);
  if (!ll) return 0;
  const p0 = projection(ll);
  const p1 = projection([ll[0], ll[1] + 0.01]);
  if (!p0 || !p1) return 0;
  return (Math.atan2(p1[0] - p0[0], p0[1] - p1[1]) * 180) / Math.PI;
}

/** [[west, south], [east, north]] of the features' coordinates (no antimeridian handling: study areas are regional). */
export function lonLatBounds(features: readonly OutFeature[]): [[number, number], [number, number]] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) extendBounds(b, f.geometry.coordinates);
  if (!Number.isFinite(b[0])) throw new OptionError("nothing to map: the layers have no coordinates (is this a minerisk run folder?)");
  return [
    [b[0], b[1]],
    [b[2], b[3]],
  ];
}
