/**
 * A GeoJSON FeatureCollection read straight from its bytes into typed arrays, for large clean layers.
 *
 * Why by hand: `JSON.parse` builds one JS array per position (7.4 M of them for a 1 M-road layer, ≈ 3 s
 * and ≈ 1.3 GB before any check runs), and no npm package parses GeoJSON coordinates into typed arrays.
 * This scanner reads positions into one Float64Array, collects each feature's `properties` and `id` text
 * and parses them all with a single `JSON.parse`, and gives numbers the exact doubles `JSON.parse` gives.
 *
 * It accepts only what it can read with certainty and returns `undefined` for anything else — a legacy
 * `crs`, a repeated key, an escaped key, a null, empty or wrongly nested geometry, a position that is not
 * finite or outside WGS84 ranges, a line part with fewer than two distinct positions, invalid JSON, a
 * byte-order mark followed by anything odd. The caller then reads the file through the full intake
 * (`readRoads` / `readIncidents`), which reports every problem; so a scan either yields exactly the
 * records the full intake would yield with no issue at all, or nothing.
 */

/** Geometry types the scanner reads, with their nesting depth. */
const DEPTH = { Point: 1, LineString: 2, MultiLineString: 3 } as const;
export type ScannedGeometryType = keyof typeof DEPTH;

export interface ScannedLayer {
  /** Number of features, in file order. */
  readonly count: number;
  /** Positions, interleaved lon,lat (WGS84 degrees), consecutive repeats within a part dropped. */
  readonly lonLat: Float64Array;
  /** Position offset of each part; length parts + 1. */
  readonly partStart: Uint32Array;
  /** Part offset of each feature; length count + 1 (a Point is one part of one position). */
  readonly featurePart: Uint32Array;
  /** Mean of each feature's positions as written (repeats included) and its box: the layer-wide checks use them. */
  readonly centre: Float64Array;
  readonly box: Float64Array;
  /** Each feature's `properties` ({} when null or absent) and `id` (undefined when absent). */
  readonly properties: Record<string, unknown>[];
  readonly ids: unknown[];
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

/** Keys the scanner acts on, by index (a key's bit in an object's seen-mask). */
const KEYS = ["type", "features", "crs", "geometry", "properties", "id", "coordinates"].map(bytesOf);
const [TYPE, FEATURES, CRS, GEOMETRY, PROPERTIES, ID, COORDINATES] = [0, 1, 2, 3, 4, 5, 6];
const FEATURE_COLLECTION = bytesOf("FeatureCollection");
const FEATURE = bytesOf("Feature");

function bytesOf(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

class NotSimple extends Error {}
const bail = (): never => {
  throw new NotSimple();
};

/** Scan `bytes` (a UTF-8 GeoJSON file) whose features must all have one of `allowed` geometry types. */
export function scanGeoJson(bytes: Uint8Array, allowed: readonly ScannedGeometryType[]): ScannedLayer | undefined {
  try {
    return scan(bytes, allowed);
  } catch (e) {
    if (e instanceof NotSimple || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Scanner state: the bytes, the typed-array output, per-feature accumulators and the last token read. */
interface State {
  b: Uint8Array;
  /** The last number read, and the key index / string position of the last key read. */
  value: number;
  key: number;
  keyStart: number;
  lonLat: Float64Array;
  nPos: number;
  partStart: number[];
  sx: number;
  sy: number;
  n: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** [start, end) of texts parsed once at the end: properties and id (two per feature, −1 = absent), and unknown members. */
  jsonRanges: number[];
  otherRanges: number[];
}

function scan(b: Uint8Array, allowed: readonly ScannedGeometryType[]): ScannedLayer {
  const s: State = {
    b, value: 0, key: -1, keyStart: 0, lonLat: new Float64Array(Math.max(64, b.length >> 4)), nPos: 0, partStart: [0],
    sx: 0, sy: 0, n: 0, minX: 0, minY: 0, maxX: 0, maxY: 0, jsonRanges: [], otherRanges: [],
  };
  const allowedDepth = new Map(allowed.map((t) => [t, DEPTH[t]]));
  const featurePart: number[] = [0];
  const centre: number[] = [];
  const box: number[] = [];
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  i = expect(b, ws(b, i), LBRACE);
  let seen = 0;
  let isCollection = false;
  const unknown: string[] = [];
  for (;;) {
    i = key(s, ws(b, i), seen, unknown);
    seen |= 1 << s.key;
    i = expect(b, ws(b, i), COLON);
    i = ws(b, i);
    if (s.key === TYPE) {
      isCollection = equalsString(b, i, FEATURE_COLLECTION);
      i = skipValue(b, i);
    } else if (s.key === FEATURES) {
      i = expect(b, i, LBRACKET);
      if (b[ws(b, i)] === RBRACKET) bail(); // an empty layer: the full intake says so
      for (;;) {
        i = feature(s, ws(b, i), allowedDepth);
        featurePart.push(s.partStart.length - 1);
        centre.push(s.sx / s.n, s.sy / s.n);
        box.push(s.minX, s.minY, s.maxX, s.maxY);
        i = ws(b, i);
        if (b[i] !== COMMA) break;
        i++;
      }
      i = expect(b, i, RBRACKET);
    } else if (s.key === CRS) bail(); // a legacy CRS: the full intake converts and reports it
    else i = other(s, i);
    i = ws(b, i);
    if (b[i] === RBRACE) break;
    i = expect(b, i, COMMA);
  }
  if (!isCollection || !(seen & (1 << FEATURES)) || ws(b, i + 1) < b.length) bail();
  const count = featurePart.length - 1;
  const { properties, ids } = parseJsonTexts(b, s.jsonRanges, count);
  parseJsonTexts(b, s.otherRanges, 0);
  return {
    count,
    lonLat: s.lonLat.slice(0, 2 * s.nPos),
    partStart: Uint32Array.from(s.partStart),
    featurePart: Uint32Array.from(featurePart),
    centre: Float64Array.from(centre),
    box: Float64Array.from(box),
    properties,
    ids,
  };
}

function feature(s: State, i: number, allowedDepth: Map<string, number>): number {
  const b = s.b;
  const ranges = [-1, -1, -1, -1];
  let seen = 0;
  let isFeature = false;
  const unknown: string[] = [];
  s.sx = s.sy = s.n = 0;
  s.minX = s.minY = Infinity;
  s.maxX = s.maxY = -Infinity;
  i = expect(b, i, LBRACE);
  for (;;) {
    i = key(s, ws(b, i), seen, unknown);
    seen |= 1 << s.key;
    i = ws(b, expect(b, ws(b, i), COLON));
    if (s.key === TYPE) {
      isFeature = equalsString(b, i, FEATURE);
      i = skipValue(b, i);
    } else if (s.key === GEOMETRY) i = geometry(s, i, allowedDepth);
    else if (s.key === PROPERTIES || s.key === ID) {
      const k = s.key === PROPERTIES ? 0 : 2;
      ranges[k] = i;
      i = skipValue(b, i);
      ranges[k + 1] = i;
    } else i = other(s, i);
    i = ws(b, i);
    if (b[i] === RBRACE) break;
    i = expect(b, i, COMMA);
  }
  if (!isFeature || !(seen & (1 << GEOMETRY))) bail();
  s.jsonRanges.push(ranges[0], ranges[1], ranges[2], ranges[3]);
  return i + 1;
}

function geometry(s: State, i: number, allowedDepth: Map<string, number>): number {
  const b = s.b;
  let type = "";
  let depth = 0;
  let seen = 0;
  const unknown: string[] = [];
  i = expect(b, i, LBRACE);
  for (;;) {
    i = key(s, ws(b, i), seen, unknown);
    seen |= 1 << s.key;
    i = ws(b, expect(b, ws(b, i), COLON));
    if (s.key === TYPE) {
      const end = skipValue(b, i);
      type = b[i] === QUOTE ? latin1(b, i + 1, end - 1) : "";
      i = end;
    } else if (s.key === COORDINATES) {
      depth = nesting(b, i);
      if (depth === 1) {
        i = position(s, i);
        s.partStart.push(s.nPos);
      } else if (depth === 2) i = line(s, i);
      else if (depth === 3) {
        i = expect(b, i, LBRACKET);
        for (;;) {
          i = line(s, ws(b, i));
          i = ws(b, i);
          if (b[i] !== COMMA) break;
          i++;
        }
        i = expect(b, i, RBRACKET);
      } else bail();
    } else i = other(s, i);
    i = ws(b, i);
    if (b[i] === RBRACE) break;
    i = expect(b, i, COMMA);
  }
  if (allowedDepth.get(type) !== depth) bail();
  return i + 1;
}

/** A line (depth 2) at i: at least two distinct positions, consecutive repeats dropped. */
function line(s: State, i: number): number {
  const b = s.b;
  i = expect(b, i, LBRACKET);
  for (;;) {
    i = position(s, ws(b, i));
    i = ws(b, i);
    if (b[i] !== COMMA) break;
    i++;
  }
  i = expect(b, i, RBRACKET);
  if (s.nPos - s.partStart[s.partStart.length - 1] < 2) bail();
  s.partStart.push(s.nPos);
  return i;
}

/** One position [x, y, …] at i, in WGS84 ranges (NaN fails too); z and m are dropped as the full intake drops them. */
function position(s: State, i: number): number {
  const b = s.b;
  i = number(s, ws(b, expect(b, i, LBRACKET)));
  const x = s.value;
  i = number(s, ws(b, expect(b, ws(b, i), COMMA)));
  const y = s.value;
  i = ws(b, i);
  while (b[i] === COMMA) i = ws(b, number(s, ws(b, i + 1)));
  i = expect(b, i, RBRACKET);
  if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) bail();
  s.sx += x;
  s.sy += y;
  s.n++;
  if (x < s.minX) s.minX = x;
  if (x > s.maxX) s.maxX = x;
  if (y < s.minY) s.minY = y;
  if (y > s.maxY) s.maxY = y;
  const k = s.nPos;
  let xy = s.lonLat;
  if (k > s.partStart[s.partStart.length - 1] && xy[2 * k - 2] === x && xy[2 * k - 1] === y) return i; // a repeat carries no road
  if (2 * k + 2 > xy.length) {
    const grown = new Float64Array(xy.length * 2);
    grown.set(xy);
    s.lonLat = xy = grown;
  }
  xy[2 * k] = x;
  xy[2 * k + 1] = y;
  s.nPos = k + 1;
  return i;
}

/**
 * A JSON number at i into s.value, the double JSON.parse gives: for ≤ 15 significant digits and no
 * exponent, an exact integer over an exact power of ten with one correctly rounded division (Clinger's
 * fast path); otherwise Number() of the text.
 */
function number(s: State, i: number): number {
  const b = s.b;
  const start = i;
  const neg = b[i] === MINUS;
  if (neg) i++;
  let m = 0;
  let digits = 0;
  let scale = 0;
  let c = b[i];
  if (c === ZERO) c = b[++i];
  else if (c > ZERO && c <= NINE) {
    do {
      m = m * 10 + (c - ZERO);
      digits++;
      c = b[++i];
    } while (c >= ZERO && c <= NINE);
  } else bail();
  if (c === DOT) {
    c = b[++i];
    if (!(c >= ZERO && c <= NINE)) bail();
    do {
      m = m * 10 + (c - ZERO);
      digits++;
      scale++;
      c = b[++i];
    } while (c >= ZERO && c <= NINE);
  }
  if (c === 101 || c === 69) {
    c = b[++i];
    if (c === 43 || c === MINUS) c = b[++i];
    if (!(c >= ZERO && c <= NINE)) bail();
    while (b[i] >= ZERO && b[i] <= NINE) i++;
    s.value = Number(latin1(b, start, i));
  } else if (digits > 15) s.value = Number(latin1(b, start, i));
  else {
    const v = scale === 0 ? m : m / POW10[scale];
    s.value = neg ? -v : v;
  }
  return i;
}

/** A key (a plain string: an escape is not simple) at i; s.key = its index in KEYS, or 31 for any other. */
function key(s: State, i: number, seen: number, unknown: string[]): number {
  const b = s.b;
  if (b[i] !== QUOTE) bail();
  const start = ++i;
  while (b[i] !== QUOTE) {
    if (b[i] === BACKSLASH || i >= b.length) bail();
    i++;
  }
  s.key = 31;
  for (let k = 0; k < KEYS.length; k++) {
    if (KEYS[k].length === i - start && equalsBytes(b, start, KEYS[k])) {
      if (seen & (1 << k)) bail(); // a repeated key: JSON.parse would keep the last, we do not guess
      s.key = k;
      return i + 1;
    }
  }
  const name = latin1(b, start, i);
  if (unknown.includes(name)) bail();
  unknown.push(name);
  return i + 1;
}

/** An unknown member's value: skipped now, proven valid JSON at the end. */
function other(s: State, i: number): number {
  const end = skipValue(s.b, i);
  s.otherRanges.push(i, end);
  return end;
}

function ws(b: Uint8Array, i: number): number {
  let c = b[i];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
  return i;
}

function expect(b: Uint8Array, i: number, c: number): number {
  if (b[i] !== c) bail();
  return i + 1;
}

function equalsBytes(b: Uint8Array, at: number, word: Uint8Array): boolean {
  for (let k = 0; k < word.length; k++) if (b[at + k] !== word[k]) return false;
  return true;
}

/** True when the value at i is exactly the string `word` (no escapes). */
function equalsString(b: Uint8Array, i: number, word: Uint8Array): boolean {
  return b[i] === QUOTE && equalsBytes(b, i + 1, word) && b[i + 1 + word.length] === QUOTE;
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let k = start; k < end; k++) out += String.fromCharCode(b[k]);
  return out;
}

/** Number of '[' that open the value at i: 1 a position, 2 a line, 3 a list of lines. */
function nesting(b: Uint8Array, i: number): number {
  let d = 0;
  for (;;) {
    const c = b[i++];
    if (c === LBRACKET) d++;
    else if (!(c === 32 || c === 10 || c === 13 || c === 9)) return d;
  }
}

/** Skip any JSON value at i (whitespace skipped before it) and return where it ends; validity is proven later by JSON.parse. */
function skipValue(b: Uint8Array, i: number): number {
  i = ws(b, i);
  const c = b[i];
  if (c === QUOTE) return skipString(b, i);
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    do {
      const d = b[i];
      if (d === QUOTE) {
        i = skipString(b, i);
        continue;
      }
      if (d === LBRACE || d === LBRACKET) depth++;
      else if (d === RBRACE || d === RBRACKET) depth--;
      if (++i > b.length) bail();
    } while (depth > 0);
    return i;
  }
  while (i < b.length && b[i] !== COMMA && b[i] !== RBRACE && b[i] !== RBRACKET && b[i] > 32) i++;
  return i;
}

function skipString(b: Uint8Array, i: number): number {
  i++;
  for (;;) {
    const c = b[i++];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) i++;
    if (i >= b.length) bail();
  }
}

/** Parse many small JSON texts of `b` (ranges [start, end), −1 = absent) with one JSON.parse of an array of them. */
function parseJsonTexts(b: Uint8Array, ranges: number[], count: number): { properties: Record<string, unknown>[]; ids: unknown[] } {
  let size = 2;
  for (let k = 0; k < ranges.length; k += 2) size += (ranges[k] < 0 ? 2 : ranges[k + 1] - ranges[k]) + 1;
  const text = new Uint8Array(size);
  text[0] = LBRACKET;
  let o = 1;
  for (let k = 0; k < ranges.length; k += 2) {
    if (k > 0) text[o++] = COMMA;
    if (ranges[k] < 0) {
      text[o++] = LBRACKET; // absent: an empty array, which no properties or id can be
      text[o++] = RBRACKET;
    } else {
      text.set(b.subarray(ranges[k], ranges[k + 1]), o);
      o += ranges[k + 1] - ranges[k];
    }
  }
  text[o++] = RBRACKET;
  // Decoded as readFileSync(file, "utf8") decodes: malformed bytes become U+FFFD, as in the full intake.
  const values = JSON.parse(new TextDecoder("utf-8").decode(text.subarray(0, o))) as unknown[];
  const properties: Record<string, unknown>[] = new Array(count);
  const ids: unknown[] = new Array(count);
  for (let f = 0; f < count; f++) {
    const p = values[2 * f];
    properties[f] = typeof p === "object" && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
    ids[f] = ranges[4 * f + 2] < 0 ? undefined : values[2 * f + 1];
  }
  return { properties, ids };
}
