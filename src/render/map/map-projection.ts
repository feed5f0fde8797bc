import rewind from "@turf/rewind";
import { geoDistance, geoStream, geoTransverseMercator, type GeoProjection } from "d3-geo";
import { OptionError } from "../../core/errors.ts";
import { extendBounds, type Geometry, type OutFeature } from "../../io/write/format-geojson.ts";
import { isTypedLayer, type TypedLayer, typedGeometry } from "../../io/write/typed-layer.ts";
import { type BlockedLayer, blockedBox, eachBlock, growBox, isBlockedLayer } from "../../io/write/blocked-layer.ts";

/**
 * Features as a map reads them: an array, a typed layer (io/write/typed-layer.ts) of lixels or cells, or
 * a blocked layer (io/write/blocked-layer.ts), read one block at a time as the typed layer it is cut from
 * (its vertices in the same order: the same fit, dense box and counts, test/render/blocked-map.test.ts).
 */
export type MapFeatures = readonly OutFeature[] | TypedLayer | BlockedLayer;

/** The lists with each blocked layer's blocks in its place (one pass over them), each block a typed layer. */
export function* unblocked(parts: readonly MapFeatures[]): Generator<readonly OutFeature[] | TypedLayer> {
  for (const p of parts) {
    if (isBlockedLayer(p)) yield* eachBlock(p);
    else yield p;
  }
}

/** The geometries of several feature lists, one after the other (a typed layer's built one at a time). */
export function* geometries(parts: readonly MapFeatures[]): Generator<Geometry> {
  for (const p of unblocked(parts)) {
    if (isTypedLayer(p)) for (let i = 0; i < p.length; i++) yield typedGeometry(p, i);
    else for (const f of p) yield f.geometry;
  }
}

/** How many features the lists hold. */
export function featureCount(parts: readonly MapFeatures[]): number {
  let n = 0;
  for (const p of parts) n += p.length;
  return n;
}

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
 * corridor-sized map), scaled to fit them — or the given [[w, s], [e, n]] box — into `frame`, clipped to it.
 */
export function fitProjection(features: readonly OutFeature[] | readonly MapFeatures[], frame: FramePx, box?: [[number, number], [number, number]]): GeoProjection {
  const parts = asParts(features);
  const [[w, s], [e, n]] = box ?? lonLatBounds(parts);
  const projection = geoTransverseMercator().rotate([-(w + e) / 2, -(s + n) / 2]);
  const extent: [[number, number], [number, number]] = [
    [frame[0], frame[1]],
    [frame[2], frame[3]],
  ];
  if (box) {
    const target = { type: "Feature", properties: {}, geometry: { type: "MultiPoint", coordinates: [[w, s], [e, s], [e, n], [w, n], [(w + e) / 2, s], [(w + e) / 2, n]] } };
    projection.fitExtent(extent, target as never);
  } else fitStreamed(projection, extent, parts);
  return projection.clipExtent([
    [frame[0], frame[1]],
    [frame[2], frame[3]],
  ]);
}

/**
 * d3's `projection.fitExtent(extent, collection of every geometry)` (d3-geo 3.1 src/projection/fit.js:
 * scale 150 at the origin, the projected stream's bounds, then the same scale and translate arithmetic),
 * with a typed layer's lines streamed straight from its arrays: the projection sees the same calls
 * (lineStart, point(lon, lat) for each vertex, lineEnd) as geoStream makes for the LineString objects,
 * without 864k of them being built. The map's bytes do not change (the corridor's map.svg test).
 */
function fitStreamed(projection: GeoProjection, extent: [[number, number], [number, number]], parts: readonly MapFeatures[]): void {
  projection.scale(150).translate([0, 0]); // a new projection: no clip extent to lift while fitting
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const noop = () => {};
  const sink = {
    point(x: number, y: number) {
      if (x < b[0]) b[0] = x;
      if (x > b[2]) b[2] = x;
      if (y < b[1]) b[1] = y;
      if (y > b[3]) b[3] = y;
    },
    lineStart: noop,
    lineEnd: noop,
    polygonStart: noop,
    polygonEnd: noop,
    sphere: noop,
  };
  const stream = projection.stream(sink as never);
  for (const p of unblocked(parts)) {
    if (isTypedLayer(p) && p.geometryType === "LineString") {
      const ll = p.lonLat;
      for (let i = 0; i < p.length; i++) {
        stream.lineStart();
        for (let v = p.offsets[i]; v < p.offsets[i + 1]; v++) stream.point(ll[2 * v], ll[2 * v + 1]);
        stream.lineEnd();
      }
    } else for (const g of geometries([p])) geoStream(forD3(g) as never, stream);
  }
  const w = extent[1][0] - extent[0][0];
  const h = extent[1][1] - extent[0][1];
  const k = Math.min(w / (b[2] - b[0]), h / (b[3] - b[1]));
  const x = +extent[0][0] + (w - k * (b[2] + b[0])) / 2;
  const y = +extent[0][1] + (h - k * (b[3] + b[1])) / 2;
  projection.scale(150 * k).translate([x, y]);
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
export function lonLatBounds(features: readonly OutFeature[] | readonly MapFeatures[]): [[number, number], [number, number]] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of asParts(features)) {
    if (isBlockedLayer(p)) growBox(b, blockedBox(p));
    else if (isTypedLayer(p)) extendTyped(b, p, p.offsets[0] ?? 0, p.length > 0 ? p.offsets[p.length] : 0);
    else for (const f of p) extendBounds(b, f.geometry.coordinates);
  }
  return finiteBounds(b);
}

/** A box grown from ±Infinity as [[west, south], [east, north]]; none grown: nothing to map. */
export function finiteBounds(b: readonly [number, number, number, number]): [[number, number], [number, number]] {
  if (!Number.isFinite(b[0])) throw new OptionError("nothing to map: the layers have no coordinates (is this a minerisk run folder?)");
  return [
    [b[0], b[1]],
    [b[2], b[3]],
  ];
}

/** Grow `box` by the typed layer's vertices [from, to), compared as extendBounds compares positions. */
export function extendTyped(box: [number, number, number, number], layer: TypedLayer, from: number, to: number): void {
  const ll = layer.lonLat;
  for (let v = from; v < to; v++) {
    const x = ll[2 * v];
    const y = ll[2 * v + 1];
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  }
}

/** One feature list, or several (lixels, route, hazard areas) read one after the other. */
export function asParts(features: readonly OutFeature[] | readonly MapFeatures[]): readonly MapFeatures[] {
  const first = features[0];
  return first === undefined ? [] : Array.isArray(first) || isTypedLayer(first) || isBlockedLayer(first) ? (features as readonly MapFeatures[]) : [features as readonly OutFeature[]];
}
