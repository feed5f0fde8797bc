import { Buffer } from "node:buffer";
import { jsonStructure } from "./json-structure.ts";
import { repeatedKeyInTexts } from "./repeated-keys-bytes.ts";
import { maxJsonDepth } from "./read-json.ts";

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
/** Geometry type names as bytes; DEPTH gives each one's nesting. */
const GEOMETRY_TYPES = (Object.keys(DEPTH) as ScannedGeometryType[]).map(bytesOf);

function bytesOf(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

class NotSimple extends Error {}
/** A head scan passed the split offset inside a feature: the split was not a feature start. */
class SplitMissed extends Error {}
const bail = (): never => {
  throw new NotSimple();
};

/** Scan `bytes` (a UTF-8 GeoJSON file) whose features must all have one of `allowed` geometry types. */
export function scanGeoJson(bytes: Uint8Array, allowed: readonly ScannedGeometryType[]): ScannedLayer | undefined {
  depthLimit = maxJsonDepth();
  try {
    // a plain Uint8Array view (not a Node Buffer subclass): one element kind for every hot loop
    return scan(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), allowed);
  } catch (e) {
    if (e instanceof NotSimple || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Scanner state: the bytes, the typed-array output (grown by doubling), per-feature accumulators, the last token. */
interface State {
  b: Uint8Array;
  /** The index in KEYS of the last key read; where the last number ended. */
  key: number;
  end: number;
  /** Unknown keys seen in the current object at each nesting level (collection, feature, geometry). */
  unknownKeys: [string[], string[], string[]];
  /** Depth of each allowed geometry type, by index in GEOMETRY_TYPES (0: not allowed). */
  allowedDepth: Int8Array;
  lonLat: Float64Array;
  nPos: number;
  partStart: Uint32Array;
  nParts: number;
  featurePart: Uint32Array;
  centre: Float64Array;
  box: Float64Array;
  nFeatures: number;
  /** The current feature's sum of x, sum of y, min x, min y, max x, max y, and its number of positions as written. */
  acc: Float64Array;
  n: number;
  /** [start, end) of the texts parsed once at the end: each feature's properties and id (−1 = absent), and unknown members. */
  jsonRanges: Float64Array;
  otherRanges: number[];
}

/** A typed array with room for `need` elements: itself, or a copy twice as large. */
function room<T extends Float64Array | Uint32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const grown = new (a.constructor as new (n: number) => T)(Math.max(need, 2 * a.length));
  grown.set(a);
  return grown;
}

function newState(b: Uint8Array, allowed: readonly ScannedGeometryType[]): State {
  const guess = Math.max(16, b.length >> 7); // features: a line feature takes well over 128 bytes
  const allowedDepth = new Int8Array(GEOMETRY_TYPES.length);
  for (const t of allowed) allowedDepth[Object.keys(DEPTH).indexOf(t)] = DEPTH[t];
  return {
    b, key: -1, end: 0, unknownKeys: [[], [], []], allowedDepth,
    lonLat: new Float64Array(Math.max(64, b.length >> 4)), nPos: 0, partStart: new Uint32Array(guess), nParts: 0,
    featurePart: new Uint32Array(guess), centre: new Float64Array(2 * guess), box: new Float64Array(4 * guess), nFeatures: 0,
    acc: new Float64Array(6), n: 0, jsonRanges: new Float64Array(4 * guess), otherRanges: [],
  };
}

/** What the collection's own members said so far, and where a head scan must stop (a feature start, or −1). */
interface Top {
  seen: number;
  isCollection: boolean;
  stopAt: number;
  stopped: boolean;
}

function scan(b: Uint8Array, allowed: readonly ScannedGeometryType[]): ScannedLayer {
  const s = newState(b, allowed);
  const top: Top = { seen: 0, isCollection: false, stopAt: -1, stopped: false };
  const i = members(s, expect(b, ws(b, b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0), LBRACE), top);
  if (!top.isCollection || !(top.seen & (1 << FEATURES)) || ws(b, i + 1) < b.length) bail();
  return finish(s);
}

/**
 * The collection's members from i (a key) to its closing brace (returned: its index). A head scan
 * (top.stopAt ≥ 0) returns early, with top.stopped, when the next feature would start exactly at stopAt.
 */
function members(s: State, i: number, top: Top): number {
  const b = s.b;
  for (;;) {
    i = key(s, ws(b, i), top.seen, 0);
    top.seen |= 1 << s.key;
    i = ws(b, expect(b, ws(b, i), COLON));
    if (s.key === TYPE) {
      top.isCollection = equalsString(b, i, FEATURE_COLLECTION);
      i = skipValue(b, i);
    } else if (s.key === FEATURES) {
      i = expect(b, i, LBRACKET);
      if (b[ws(b, i)] === RBRACKET) bail(); // an empty layer: the full intake says so
      i = featureList(s, ws(b, i), top);
      if (top.stopped) return i;
      i = expect(b, i, RBRACKET);
    } else if (s.key === CRS) bail(); // a legacy CRS: the full intake converts and reports it
    else i = other(s, i);
    i = ws(b, i);
    if (b[i] === RBRACE) return i;
    i = expect(b, i, COMMA);
  }
}

/** Features from i (the start of one), comma-separated, up to the array's `]` (returned: its index) or to top.stopAt. */
function featureList(s: State, i: number, top: Top): number {
  const b = s.b;
  for (;;) {
    if (i === top.stopAt) {
      top.stopped = true;
      return i;
    }
    if (top.stopAt >= 0 && i > top.stopAt) throw new SplitMissed(); // the split was not a feature start
    i = ws(b, feature(s, i));
    if (b[i] !== COMMA) return i;
    i = ws(b, i + 1);
  }
}

/** The typed arrays (trimmed views) and the parsed properties and ids of what a state has read. */
function finish(s: State, checked = false): ScannedLayer {
  const count = s.nFeatures;
  const { properties, ids } = parseJsonTexts(s.b, s.jsonRanges.subarray(0, 4 * count), count, checked);
  parseJsonTexts(s.b, s.otherRanges, 0, checked);
  return {
    count,
    lonLat: s.lonLat.subarray(0, 2 * s.nPos),
    partStart: s.partStart.subarray(0, s.nParts + 1),
    featurePart: s.featurePart.subarray(0, count + 1),
    centre: s.centre.subarray(0, 2 * count),
    box: s.box.subarray(0, 4 * count),
    properties,
    ids,
  };
}

function feature(s: State, i: number): number {
  const b = s.b;
  const f = s.nFeatures;
  const ranges = (s.jsonRanges = room(s.jsonRanges, 4 * f + 4));
  ranges[4 * f] = ranges[4 * f + 1] = ranges[4 * f + 2] = ranges[4 * f + 3] = -1;
  let seen = 0;
  let isFeature = false;
  s.unknownKeys[1].length = 0;
  s.n = 0;
  const a = s.acc;
  a[0] = a[1] = 0;
  a[2] = a[3] = Infinity;
  a[4] = a[5] = -Infinity;
  i = expect(b, i, LBRACE);
  for (;;) {
    i = key(s, ws(b, i), seen, 1);
    seen |= 1 << s.key;
    i = ws(b, expect(b, ws(b, i), COLON));
    if (s.key === TYPE) {
      isFeature = equalsString(b, i, FEATURE);
      i = skipValue(b, i);
    } else if (s.key === GEOMETRY) i = geometry(s, i);
    else if (s.key === PROPERTIES || s.key === ID) {
      const k = 4 * f + (s.key === PROPERTIES ? 0 : 2);
      ranges[k] = i;
      i = skipValue(b, i);
      ranges[k + 1] = i;
    } else i = other(s, i);
    i = ws(b, i);
    if (b[i] === RBRACE) break;
    i = expect(b, i, COMMA);
  }
  if (!isFeature || !(seen & (1 << GEOMETRY))) bail();
  s.featurePart = room(s.featurePart, f + 2);
  s.featurePart[f + 1] = s.nParts;
  s.centre = room(s.centre, 2 * f + 2);
  s.centre[2 * f] = a[0] / s.n;
  s.centre[2 * f + 1] = a[1] / s.n;
  const box = (s.box = room(s.box, 4 * f + 4));
  box[4 * f] = a[2];
  box[4 * f + 1] = a[3];
  box[4 * f + 2] = a[4];
  box[4 * f + 3] = a[5];
  s.nFeatures = f + 1;
  return i + 1;
}

function geometry(s: State, i: number): number {
  const b = s.b;
  let type = -1;
  let depth = 0;
  let seen = 0;
  s.unknownKeys[2].length = 0;
  i = expect(b, i, LBRACE);
  for (;;) {
    i = key(s, ws(b, i), seen, 2);
    seen |= 1 << s.key;
    i = ws(b, expect(b, ws(b, i), COLON));
    if (s.key === TYPE) {
      type = GEOMETRY_TYPES.findIndex((t) => equalsString(b, i, t));
      i = skipValue(b, i);
    } else if (s.key === COORDINATES) {
      depth = nesting(b, i);
      if (depth === 1) {
        i = position(s, i);
        endPart(s);
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
  if (type < 0 || s.allowedDepth[type] !== depth) bail();
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
  if (s.nPos - s.partStart[s.nParts] < 2) bail();
  endPart(s);
  return i;
}

function endPart(s: State): void {
  s.partStart = room(s.partStart, s.nParts + 2);
  s.partStart[++s.nParts] = s.nPos;
}

/** One position [x, y, …] at i, in WGS84 ranges (NaN fails too); z and m are dropped as the full intake drops them. */
function position(s: State, i: number): number {
  const b = s.b;
  const x = number(s, ws(b, expect(b, i, LBRACKET)));
  const y = number(s, ws(b, expect(b, ws(b, s.end), COMMA)));
  i = ws(b, s.end);
  while (b[i] === COMMA) {
    number(s, ws(b, i + 1));
    i = ws(b, s.end);
  }
  i = expect(b, i, RBRACKET);
  if (!(Math.abs(x) <= 180 && Math.abs(y) <= 90)) bail();
  const a = s.acc;
  a[0] += x;
  a[1] += y;
  s.n++;
  if (x < a[2]) a[2] = x;
  if (y < a[3]) a[3] = y;
  if (x > a[4]) a[4] = x;
  if (y > a[5]) a[5] = y;
  const k = s.nPos;
  let xy = s.lonLat;
  if (k > s.partStart[s.nParts] && xy[2 * k - 2] === x && xy[2 * k - 1] === y) return i; // a repeat carries no road
  if (2 * k + 2 > xy.length) s.lonLat = xy = room(xy, 2 * k + 2);
  xy[2 * k] = x;
  xy[2 * k + 1] = y;
  s.nPos = k + 1;
  return i;
}

/**
 * The JSON number at i (its end in s.end): the double JSON.parse gives: for ≤ 15 significant digits and no
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
    s.end = i;
    return Number(latin1(b, start, i));
  }
  s.end = i;
  if (digits > 15) return Number(latin1(b, start, i));
  const v = scale === 0 ? m : m / POW10[scale];
  return neg ? -v : v;
}

/** A key (a plain string: an escape is not simple) at i of an object at `level` (0 the collection, 1 a feature,
 *  2 a geometry); s.key = its index in KEYS, or 31 for any other. */
function key(s: State, i: number, seen: number, level: number): number {
  const b = s.b;
  if (b[i] !== QUOTE) bail();
  const start = ++i;
  while (b[i] !== QUOTE) {
    if (b[i] === BACKSLASH || b[i] < 32 || i >= b.length) bail(); // a raw control byte: invalid JSON
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
  // another key: compared with the object's other unknown keys (rare, so a short list per nesting level)
  const name = latin1(b, start, i);
  const others = s.unknownKeys[level];
  if (others.includes(name)) bail();
  others.push(name);
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

/** The nesting depth the full intake accepts (read-json.ts), read once per scan: deeper input is declined. */
let depthLimit = maxJsonDepth();

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
      if (d === LBRACE || d === LBRACKET) {
        if (++depth > depthLimit) bail(); // the full intake refuses it as nesting-too-deep
      } else if (d === RBRACE || d === RBRACKET) depth--;
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
    if (c < 32) bail(); // a raw control byte: invalid JSON, for JSON.parse to report in the full intake
    if (c === BACKSLASH) {
      // an escaped control or non-character (\u0000–\u001f, \u007f, \ufffe, \uffff): the full intake flags it
      if (b[i] === 0x75 && /^(00[01][0-9a-f]|007f|fff[ef])$/i.test(String.fromCharCode(b[i + 1], b[i + 2], b[i + 3], b[i + 4]))) bail();
      i++;
    }
    if (i >= b.length) bail();
  }
}

const FLAGGED_TEXT = /[\u007f\ufffd\ufffe\uffff]|\\u00[01][0-9a-fA-F]|\\u007[fF]|\\u[fF]{3}[def]|\\u[fF]{3}[DEF]/;

/**
 * Parse many small JSON texts of `b` (ranges [start, end), −1 = absent) with one JSON.parse of an array of
 * them. `checked`: checkJsonTexts already passed on the same texts (a tail scan runs it on its thread).
 */
function parseJsonTexts(b: Uint8Array, ranges: ArrayLike<number>, count: number, checked = false): { properties: Record<string, unknown>[]; ids: unknown[] } {
  const decoded = jsonTextsOf(b, ranges);
  if (!checked) checkJsonTexts(b, ranges, decoded);
  const values = JSON.parse(decoded) as unknown[];
  const properties: Record<string, unknown>[] = new Array(count);
  const ids: unknown[] = new Array(count);
  for (let f = 0; f < count; f++) {
    const p = values[2 * f];
    properties[f] = typeof p === "object" && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
    ids[f] = ranges[4 * f + 2] < 0 ? undefined : values[2 * f + 1];
  }
  return { properties, ids };
}

/** The texts of `ranges` as one JSON array text, decoded exactly as readFileSync(file, "utf8") decodes for the full intake. */
function jsonTextsOf(b: Uint8Array, ranges: ArrayLike<number>): string {
  let size = 2;
  for (let k = 0; k < ranges.length; k += 2) size += (ranges[k] < 0 ? 1 : ranges[k + 1] - ranges[k]) + 1;
  const text = new Uint8Array(size);
  text[0] = LBRACKET;
  let o = 1;
  // offsets as small integers (|0) when they fit: the copy loop then indexes with ints, not doubles
  const small = b.length < 2 ** 31;
  for (let k = 0; k < ranges.length; k += 2) {
    if (k > 0) text[o++] = COMMA;
    if (ranges[k] < 0) text[o++] = ZERO; // absent: a 0, which parseJsonTexts reads as absent (an empty array would be a million allocations at L, where no feature has an id)
    else if (small) for (let j = ranges[k] | 0, end = ranges[k + 1] | 0; j < end; j++) text[o++] = b[j];
    else for (let j = ranges[k]; j < ranges[k + 1]; j++) text[o++] = b[j];
  }
  text[o++] = RBRACKET;
  // malformed bytes → U+FFFD, as the full intake's read gives them
  return Buffer.from(text.buffer, text.byteOffset, o).toString("utf8");
}

/** True when `decoded` has nothing the full intake would report (checkJsonTexts does not decline it). */
export function plainJsonText(decoded: string): boolean {
  return !FLAGGED_TEXT.test(decoded) && jsonStructure(decoded, Number.POSITIVE_INFINITY).repeated.length === 0;
}

/** Decline (bail) texts the full intake would report an issue in: the texts `ranges` of `b`, and `decoded`, their jsonTextsOf. */
function checkJsonTexts(b: Uint8Array, ranges: ArrayLike<number>, decoded: string): void {
  // malformed UTF-8 (U+FFFD), DEL, non-characters or an escaped control in a property or id: the full
  // intake reports them (invalid-utf8, control-characters), so the scanner declines (found by the property suite)
  if (FLAGGED_TEXT.test(decoded)) bail();
  // a key repeated inside a feature's properties or another member: the full intake reports it (duplicate-key);
  // found on the bytes, and by jsonStructure on the decoded texts only where the bytes cannot tell
  const onBytes = repeatedKeyInTexts(b, ranges);
  if (onBytes === "repeated" || (onBytes === "unsure" && jsonStructure(decoded, Number.POSITIVE_INFINITY).repeated.length > 0)) bail();
}

/**
 * A feature start at or after `from` (default: the middle of the file) where a second thread can begin: a
 * byte offset, or −1. Only bytes from `floor` on are looked at (a thread that has read only the tail of
 * the file passes where its part starts).
 */
export function splitPoint(b: Uint8Array, from = b.length >> 1, floor = 0): number {
  const pattern = Buffer.from('{"type":"Feature"');
  const bytes = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  for (let at = bytes.indexOf(pattern, from); at > 0; at = bytes.indexOf(pattern, at + 1)) {
    let k = at - 1;
    while (k > floor && (b[k] === 32 || b[k] === 10 || b[k] === 13 || b[k] === 9)) k--;
    if (k >= floor && b[k] === COMMA) return at; // after a comma: a feature that is not the first (a guess the head scan checks)
  }
  return -1;
}

/** What a tail scan hands back to the thread that scanned the head. */
export interface ScanTail {
  state: Omit<State, "b" | "allowedDepth" | "acc">;
  seen: number;
  isCollection: boolean;
}

/** The tail of a split scan: features from `split` (a feature start) to the end of the file; undefined if not simple. */
export function scanTail(bytes: Uint8Array, allowed: readonly ScannedGeometryType[], split: number): ScanTail | undefined {
  depthLimit = maxJsonDepth();
  try {
    const b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const s = newState(b, allowed);
    const top: Top = { seen: 0, isCollection: false, stopAt: -1, stopped: false };
    let i = ws(b, expect(b, featureList(s, split, top), RBRACKET));
    if (b[i] !== RBRACE) i = members(s, expect(b, i, COMMA), top);
    if (ws(b, i + 1) < b.length) bail();
    // the tail's texts are checked here, on the tail's thread; the head's thread only parses them (finish)
    const texts = s.jsonRanges.subarray(0, 4 * s.nFeatures);
    checkJsonTexts(b, texts, jsonTextsOf(b, texts));
    checkJsonTexts(b, s.otherRanges, jsonTextsOf(b, s.otherRanges));
    const { b: _b, allowedDepth: _d, acc: _a, ...state } = s;
    return { state, seen: top.seen, isCollection: top.isCollection };
  } catch (e) {
    if (e instanceof NotSimple || e instanceof SyntaxError) return undefined; // as scanHeadAndJoin declines
    throw e;
  }
}

/**
 * The head of a split scan, and the whole layer from it and a tail scan of the same bytes: two layers (head
 * and tail features, in file order), or undefined when the file is not simple, or "serial" when `split` was
 * not a feature start after all (then scan it in one piece).
 */
export function scanHeadAndJoin(bytes: Uint8Array, allowed: readonly ScannedGeometryType[], split: number, tail: () => ScanTail | undefined | "serial"): ScannedLayer[] | undefined | "serial" {
  depthLimit = maxJsonDepth();
  const b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const s = newState(b, allowed);
    const top: Top = { seen: 0, isCollection: false, stopAt: split, stopped: false };
    members(s, expect(b, ws(b, b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0), LBRACE), top);
    if (!top.stopped) return "serial";
    // the head's texts are checked and parsed while the other thread may still be scanning the tail
    const head = finish(s);
    const t = tail();
    if (!t || t === "serial") return t;
    const isCollection = top.seen & (1 << TYPE) ? top.isCollection : t.isCollection;
    if (top.seen & t.seen || !isCollection || t.state.unknownKeys[0].some((k) => s.unknownKeys[0].includes(k))) return undefined;
    return [head, finish({ ...s, ...t.state, b }, true)];
  } catch (e) {
    if (e instanceof SplitMissed) return "serial";
    if (e instanceof NotSimple || e instanceof SyntaxError) return undefined;
    throw e;
  }
}
