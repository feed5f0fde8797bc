/**
 * Deterministic RFC 7946 text: one feature per line (diff-friendly), keys in the order given, coordinates
 * rounded to a fixed number of decimals (6 ≈ 0.1 m), polygon rings wound right-handed (exterior
 * counter-clockwise, holes clockwise, RFC 7946 §3.1.6), NaN and ±Infinity written as null (JSON has no
 * such numbers), -0 written as 0. Same features in → same bytes out.
 */
import rewind from "@turf/rewind";

export type Position = [number, number];
export type Geometry =
  | { type: "Point"; coordinates: Position }
  | { type: "LineString"; coordinates: Position[] }
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };

export interface OutFeature {
  type: "Feature";
  properties: Record<string, unknown>;
  geometry: Geometry;
}

export interface FormatOptions {
  /** Decimals kept in coordinates. Default 6 (≈ 0.1 m). */
  precision?: number;
  /** Layer name written as the collection's `name` member (GDAL uses it as the layer name). */
  name?: string;
}

/**
 * Features by position: an array, or a list that builds each feature when asked ({@link lazyFeatures}),
 * so a writer can stream a layer of millions of features without holding them all as objects.
 */
export type FeatureList = readonly OutFeature[] | LazyFeatures;

/** Features built on demand: feature i is made by `at(i)` each time it is asked for. */
export interface LazyFeatures {
  readonly length: number;
  at(index: number): OutFeature | undefined;
}

/** A {@link FeatureList} of `length` features, feature i built by `build(i)` each time it is asked for. */
export function lazyFeatures(length: number, build: (i: number) => OutFeature): LazyFeatures {
  return { length, at: (i) => (i >= 0 && i < length ? build(i) : undefined) };
}

/** Characters per chunk {@link geoJsonChunks} aims at: large enough for few writes, far below V8's string limit. */
const CHUNK_CHARS = 1 << 20;

/** The whole layer as one FeatureCollection text (small layers; large ones go through {@link geoJsonChunks}). */
export function formatFeatureCollection(features: FeatureList, options: FormatOptions = {}): string {
  return [...geoJsonChunks(features, options)].join("");
}

/**
 * The FeatureCollection text of {@link formatFeatureCollection} in pieces of about 1 MiB, each feature
 * formatted when its piece is made: the bytes are the same, but no string ever holds the whole layer
 * (V8 refuses strings beyond 2²⁹ − 24 characters, ≈ 0.5 GB) and no feature outlives its piece.
 */
export function* geoJsonChunks(features: FeatureList, options: FormatOptions = {}): Generator<string> {
  const precision = options.precision ?? 6;
  yield* featureCollectionChunks(features.length, (i) => formatFeature(features.at(i) as OutFeature, precision), options.name);
}

/**
 * The chunks of {@link geoJsonChunks} for `length` features whose text (as {@link formatFeature} writes
 * it) `featureText(i)` gives: for objects and typed layers (the frame is {@link featureCollectionPieces}').
 */
export function featureCollectionChunks(length: number, featureText: (i: number) => string, name?: string): Generator<string> {
  return featureCollectionPieces([{ length, featureText }], name);
}

/**
 * The one place the collection's frame is written: the features of `parts` one after the other (part k's
 * feature i is `featureText(i)`), in pieces of about 1 MiB that run on across the parts, so the bytes do
 * not depend on how the features are split into parts (a blocked layer's blocks, io/write/blocked-layer.ts).
 */
export function* featureCollectionPieces(parts: Iterable<{ length: number; featureText: (i: number) => string }>, name?: string): Generator<string> {
  let chunk = name ? `{"type":"FeatureCollection","name":${JSON.stringify(name)},"features":[\n` : `{"type":"FeatureCollection","features":[\n`;
  let first = true;
  for (const { length, featureText } of parts) {
    for (let i = 0; i < length; i++) {
      chunk += (first ? "" : ",\n") + featureText(i);
      first = false;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = "";
      }
    }
  }
  yield `${chunk}\n]}\n`;
}

/** One feature as compact JSON text (no newline), rounded and wound as described above. */
export function formatFeature(ft: OutFeature, precision = 6): string {
  return JSON.stringify(normalFeature(ft, precision));
}

/**
 * The feature exactly as {@link formatFeature} writes it, as an object: coordinates rounded to
 * `precision` decimals (-0 → 0), polygons right-handed, non-finite property numbers null, keys with
 * undefined values left out (JSON has no undefined). A new object; the input is not touched.
 */
export function normalFeature(ft: OutFeature, precision = 6): OutFeature {
  const f = 10 ** precision;
  const round = (v: number) => {
    const r = Math.round(v * f) / f;
    return Object.is(r, -0) ? 0 : r;
  };
  const coords = (c: unknown): unknown => (typeof c === "number" ? round(c) : (c as unknown[]).map(coords));
  const geometry = rightHanded(ft.geometry);
  return { type: "Feature", properties: cleanNumbers(ft.properties) as Record<string, unknown>, geometry: { type: geometry.type, coordinates: coords(geometry.coordinates) } as Geometry };
}

/**
 * Polygons rewound to the RFC 7946 right-hand rule (a copy; the input is not touched). Other geometry is
 * returned as is: @turf/rewind would also reverse clockwise *lines*, which must keep their direction.
 */
export function rightHanded(g: Geometry): Geometry {
  if (g.type !== "Polygon" && g.type !== "MultiPolygon") return g;
  return rewind(g, { mutate: false }) as Geometry;
}

/**
 * Replace non-finite numbers by null and -0 by 0 at every depth, and drop undefined: as JSON.stringify
 * writes them (NaN → null, undefined member left out, undefined array element → null), said explicitly
 * so the object equals what reading the text back would give.
 */
export function cleanNumbers(v: unknown): unknown {
  if (v === null || typeof v !== "object") return cleanScalar(v);
  // a stack of (source, copy) pairs, not recursion: properties read from FlatGeobuf or GeoPackage JSON
  // columns are not under the JSON reader's nesting limit, and a recursive copy overflows on deep ones
  const root: unknown = Array.isArray(v) ? [] : {};
  const stack: Array<[unknown, Record<string, unknown> | unknown[]]> = [[v, root as Record<string, unknown>]];
  const copyOf = (x: unknown): unknown => {
    if (x === null || typeof x !== "object") return cleanScalar(x);
    const copy = Array.isArray(x) ? [] : {};
    stack.push([x, copy]);
    return copy;
  };
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [unknown, Record<string, unknown> | unknown[]];
    if (Array.isArray(from)) for (let i = 0; i < from.length; i++) (to as unknown[])[i] = from[i] === undefined ? null : copyOf(from[i]);
    else for (const [k, x] of Object.entries(from as object)) if (x !== undefined) (to as Record<string, unknown>)[k] = copyOf(x);
  }
  return root;
}

const cleanScalar = (v: unknown): unknown => (typeof v === "number" ? (Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : null) : v);

/**
 * Grow `box` ([minX, minY, maxX, maxY], start from ±Infinity) by every position in a GeoJSON coordinate
 * array of any nesting depth; returns the same box.
 */
export function extendBounds(box: [number, number, number, number], coordinates: unknown): [number, number, number, number] {
  if (typeof (coordinates as number[])[0] === "number") {
    const [x, y] = coordinates as number[];
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  } else for (const c of coordinates as unknown[]) extendBounds(box, c);
  return box;
}
