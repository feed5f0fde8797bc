/**
 * A layer held as columns and one coordinate array instead of one object per feature: the lixels of a
 * province (864k at gen.mjs M) or the cells of a national density grid. Each column reads its value for
 * feature i straight from the run's typed arrays; the geometry of feature i is the vertices
 * [offsets[i], offsets[i + 1]) of `lonLat`. The writers (GeoJSON, GeoJSON Text Sequences, CSV,
 * FlatGeobuf) format it from there without building features; `at(i)` still builds feature i for every
 * other consumer, and the bytes written either way are the same (test/io/typed-layer-bytes.test.ts).
 */
import type { Geometry, LazyFeatures, Position } from "./format-geojson.ts";

export interface TypedColumn {
  readonly name: string;
  /** The value of feature i, as the property `name` of `at(i)` holds it (undefined: no such key). */
  value(i: number): unknown;
}

export interface TypedLayer extends LazyFeatures {
  readonly columns: readonly TypedColumn[];
  /** Every feature's geometry type; a Polygon has one ring, the vertices of the feature. */
  readonly geometryType: "LineString" | "Polygon";
  /** WGS 84 lon, lat of every vertex, interleaved. */
  readonly lonLat: Float64Array;
  /** Vertex offsets, length + 1 of them. */
  readonly offsets: ArrayLike<number>;
}

/** A typed layer of `length` features; `at(i)` builds feature i from the columns and vertices. */
export function typedLayer(length: number, columns: readonly TypedColumn[], geometryType: TypedLayer["geometryType"], lonLat: Float64Array, offsets: ArrayLike<number>): TypedLayer {
  const layer: TypedLayer = {
    length,
    columns,
    geometryType,
    lonLat,
    offsets,
    at: (i) => (i >= 0 && i < length ? { type: "Feature", properties: typedProperties(layer, i), geometry: typedGeometry(layer, i) } : undefined),
  };
  return layer;
}

export function isTypedLayer(features: unknown): features is TypedLayer {
  return typeof features === "object" && features !== null && "columns" in features && "lonLat" in features && "offsets" in features;
}

/** The properties of feature i, keys in column order. */
export function typedProperties(layer: TypedLayer, i: number): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const c of layer.columns) props[c.name] = c.value(i);
  return props;
}

/** The geometry of feature i as positions (a copy). */
export function typedGeometry(layer: TypedLayer, i: number): Geometry {
  const ll = layer.lonLat;
  const from = layer.offsets[i];
  const to = layer.offsets[i + 1];
  const ps: Position[] = new Array(to - from);
  for (let v = from; v < to; v++) ps[v - from] = [ll[2 * v], ll[2 * v + 1]];
  return layer.geometryType === "LineString" ? { type: "LineString", coordinates: ps } : { type: "Polygon", coordinates: [ps] };
}

/**
 * Feature i's vertices as written: rounded to `precision` decimals (-0 → 0) and, for a polygon, wound
 * right-handed first (the exterior ring reversed when clockwise, by @turf/boolean-clockwise's sum, as
 * format-geojson's rightHanded does through @turf/rewind), into `out` (x, y interleaved). Returns the
 * number of vertices.
 */
export function roundedVertices(layer: TypedLayer, i: number, precision: number, out: Float64Array): number {
  const ll = layer.lonLat;
  const from = layer.offsets[i];
  const n = layer.offsets[i + 1] - from;
  const f = 10 ** precision;
  let reverse = false;
  if (layer.geometryType === "Polygon") {
    let sum = 0;
    for (let v = from + 1; v < from + n; v++) sum += (ll[2 * v] - ll[2 * v - 2]) * (ll[2 * v + 1] + ll[2 * v - 1]);
    reverse = sum > 0;
  }
  for (let k = 0; k < n; k++) {
    const v = reverse ? from + n - 1 - k : from + k;
    const x = Math.round(ll[2 * v] * f) / f;
    const y = Math.round(ll[2 * v + 1] * f) / f;
    out[2 * k] = x === 0 ? 0 : x;
    out[2 * k + 1] = y === 0 ? 0 : y;
  }
  return n;
}

/** Room for the rounded vertices of the layer's longest feature. */
export function vertexScratch(layer: TypedLayer): Float64Array {
  let most = 0;
  for (let i = 0; i < layer.length; i++) most = Math.max(most, layer.offsets[i + 1] - layer.offsets[i]);
  return new Float64Array(2 * most);
}
