/**
 * Whether any object in some JSON texts of a byte buffer repeats a key, decided on the bytes: the scanner's
 * check of every feature's `properties` and `id` (scan-geojson.ts), which decoding the texts and walking them
 * with jsonStructure (json-structure.ts: a Map per object, a string per key) made ≈ 0.2 s of the calling
 * thread's read of the L roads; this reads the same ≈ 15 MB in a few tens of ms.
 *
 * For well-formed JSON in valid UTF-8 it answers exactly as `jsonStructure(decoded).repeated.length > 0`:
 * two keys without escapes decode to the same string exactly when their bytes are equal (malformed UTF-8
 * decodes to U+FFFD, which the scanner declines anyway). Where that does not settle it, it answers
 * "unsure" and the caller runs jsonStructure: a key with an escape ("a" and "\u0061" are one key), or an
 * object with more than MAX_KEYS keys (compared pairwise here, so a hostile object with 10⁵ keys would cost
 * 10¹⁰ comparisons; jsonStructure's Map is linear). Malformed text gets some answer: JSON.parse rejects it
 * after. No recursion: an explicit stack of open containers.
 */
export type KeyRepeats = "none" | "repeated" | "unsure";

const MAX_KEYS = 64;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;

/** Scratch, grown by doubling: the [start, end) of each key of the open objects, and per open container where its keys begin (−1: an array). */
let keys = new Float64Array(2 * 256);
let opened = new Int32Array(64);

/** Texts [ranges[k], ranges[k + 1]) of `b` for even k; a negative start is an absent text. */
export function repeatedKeyInTexts(b: Uint8Array, ranges: ArrayLike<number>): KeyRepeats {
  // offsets as small integers (|0) when they fit: V8 then runs the byte loop on int indices, ≈ 3× faster
  const small = b.length < 2 ** 31;
  for (let k = 0; k < ranges.length; k += 2) {
    if (ranges[k] < 0) continue;
    const r = small ? repeatedKeyIn(b, ranges[k] | 0, ranges[k + 1] | 0) : repeatedKeyIn(b, ranges[k], ranges[k + 1]);
    if (r !== "none") return r;
  }
  return "none";
}

function repeatedKeyIn(b: Uint8Array, start: number, end: number): KeyRepeats {
  let depth = 0; // open containers
  let nKeys = 0; // keys of the open objects, in keys[0 .. 2·nKeys)
  let expectKey = false;
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c === QUOTE) {
      const s = i + 1;
      let escaped = false;
      for (i = s; i < end && b[i] !== QUOTE; i++) {
        if (b[i] === BACKSLASH) {
          escaped = true;
          i++;
        }
      }
      if (!expectKey) continue; // a value
      expectKey = false;
      if (escaped) return "unsure";
      const first = opened[depth - 1];
      if (nKeys - first >= MAX_KEYS) return "unsure";
      const len = i - s;
      for (let k = first; k < nKeys; k++) {
        const ks = keys[2 * k];
        if (keys[2 * k + 1] - ks !== len) continue;
        let same = true;
        for (let j = 0; j < len && same; j++) same = b[ks + j] === b[s + j];
        if (same) return "repeated";
      }
      if (2 * nKeys + 2 > keys.length) keys = grow(keys);
      keys[2 * nKeys] = s;
      keys[2 * nKeys + 1] = i;
      nKeys++;
    } else if (c === LBRACE || c === LBRACKET) {
      if (depth === opened.length) opened = grow(opened);
      opened[depth++] = c === LBRACE ? nKeys : -1;
      expectKey = c === LBRACE;
    } else if (c === RBRACE || c === RBRACKET) {
      if (depth === 0) return "none"; // malformed: JSON.parse reports it
      const first = opened[--depth];
      if (first >= 0) nKeys = first;
      expectKey = false;
    } else if (c === COMMA) expectKey = depth > 0 && opened[depth - 1] >= 0;
  }
  return "none";
}

function grow<T extends Float64Array | Int32Array>(a: T): T {
  const g = new (a.constructor as new (n: number) => T)(2 * a.length);
  g.set(a);
  return g;
}
