import { Buffer } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";
import { InputError } from "../../../core/errors.ts";
import { tooDeep } from "../read-json.ts";

/**
 * The byte ranges of a GeoJSON file's features, found in one pass through a reused buffer: the streaming
 * read's splitter. It follows the text lexically, exactly as io/json/json-structure.ts does (strings,
 * escapes, brackets; JSON whitespace), so its nesting depth is the one the whole-file read checks. The
 * root object's first `features` array is cut into features at its top-level commas; whole features are
 * handed on in batches of about `chunkBytes`. A feature straddling the buffer's end is carried into the
 * next read; one larger than the buffer grows it. The text before the array (the head, through its `[`)
 * and after it (the tail, from its closing bracket) is held whole, within `budget` bytes.
 *
 * Why by hand: no npm JSON streamer gives the byte range of each element (they build values, which is the
 * cost the scanner avoids), and the whole-file read's own rules (depth, record numbers) must be kept.
 */

/** Where the parser stands just before a byte offset of the features array: after `[`, after `,`, after an element. */
export type ArrayState = "open" | "comma" | "value";

export interface FeatureBatch {
  /** The bytes from the first feature's first byte to the last feature's last byte (separators included). */
  bytes: Uint8Array;
  /** 0-based index of the first feature in `features`; `count` features. */
  firstIndex: number;
  count: number;
  /** File offset of the first byte. */
  start: number;
}

export interface SplitResult {
  /** False when the root has no `features` array: then `head` is the whole text. */
  found: boolean;
  /** Bytes from after a UTF-8 byte-order mark through the array's `[` (or all, when not found). */
  head: Uint8Array;
  /** Bytes from the array's closing bracket to the end of the file. */
  tail: Uint8Array;
  /** File offset of the closing bracket, and the array's state just before it. */
  closeAt: number;
  closeState: ArrayState;
  /** Elements of the array, and the deepest nesting of the file. */
  count: number;
  depth: number;
  /** Set when the text is not valid JSON where the splitter can tell, or a batch was refused: where to look. */
  bad?: { at: number; state: ArrayState };
  bomBytes: number;
}

/** A second `features` member after the streamed array: the whole-file read keeps the last one. */
export class RepeatedFeatures extends Error {}
/** Thrown by a batch consumer when its batch is not valid JSON: the splitter records where, and goes on counting depth. */
export class BatchSyntax extends Error {}

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Split `file`; `onBatch` receives each batch (its bytes are valid only during the call). Throws the
 * InputError nesting-too-deep once the depth passes `depthLimit` (as the whole-file read, before anything
 * else), file-too-large when the head or tail passes `budget`.
 */
export function splitFeatures(file: string, o: { chunkBytes: number; budget: number; depthLimit: number; onBatch: (b: FeatureBatch) => void }): SplitResult {
  const fd = openSync(file, "r");
  try {
    return split(fd, file, o);
  } finally {
    closeSync(fd);
  }
}

function split(fd: number, file: string, o: { chunkBytes: number; budget: number; depthLimit: number; onBatch: (b: FeatureBatch) => void }): SplitResult {
  const first = new Uint8Array(3);
  const got = readSync(fd, first, 0, 3, 0);
  const bom = got === 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? 3 : 0;
  let buf = new Uint8Array(Math.max(1, o.chunkBytes));
  const target = Math.max(1, Math.min(o.chunkBytes, Math.floor(o.budget / 4))); // batch size: well under a small budget too
  let base = bom; // file offset of buf[0]
  let filled = 0;
  let pos = bom; // next file offset to look at
  let inString = false;
  let skip = false; // the byte after a backslash in a string
  let depth = 0;
  let max = 0;
  let rootIsObject = false;
  let expectKey = false; // the next string at the root's level is a key
  let keyStart = -1;
  let keyEscaped = false;
  let lastKey = "";
  let armed = false; // a root "features" key and its colon were read: is the value an array?
  let phase = 0; // 0 head, 1 in the features array, 2 tail
  let head = new Uint8Array(0);
  let state: ArrayState = "open";
  let elementStart = -1; // the current element's first byte (−1 between elements)
  let lastNonWs = -1; // the last byte of the current element so far
  let batchStart = -1;
  let batchFirst = 0;
  let count = 0;
  let closeAt = -1;
  let closeState: ArrayState = "open";
  let bad: SplitResult["bad"];
  const flush = () => {
    if (batchStart < 0) return;
    if (!bad) {
      try {
        o.onBatch({ bytes: buf.subarray(batchStart - base, lastNonWs + 1 - base), firstIndex: batchFirst, count: count - batchFirst, start: batchStart });
      } catch (e) {
        if (!(e instanceof BatchSyntax)) throw e;
        bad = { at: batchStart, state: batchFirst === 0 ? "open" : "comma" };
      }
    }
    batchStart = -1;
  };
  const fail = (p: number) => {
    // the text before the pending batch (or before p) was valid: the error is looked for from there
    bad ??= batchStart >= 0 ? { at: batchStart, state: batchFirst === 0 ? "open" : "comma" } : { at: p, state };
    batchStart = -1;
  };
  for (;;) {
    // keep what is still needed: the head (all of it), the pending batch, or the tail
    const keep = phase === 0 ? base : phase === 2 ? closeAt : batchStart >= 0 ? batchStart : pos;
    if (keep > base) {
      buf.copyWithin(0, keep - base, filled);
      filled -= keep - base;
      base = keep;
    }
    if (filled === buf.length) {
      if (phase !== 1 && filled >= o.budget) throw tooLarge(file, o.budget);
      if (phase === 1 && !bad && elementStart >= 0 && base + filled - elementStart > o.budget) throw featureTooLarge(file, o.budget, count);
      const grown = new Uint8Array(2 * buf.length);
      grown.set(buf);
      buf = grown;
    }
    const n = readSync(fd, buf, filled, buf.length - filled, base + filled);
    if (n === 0) break;
    filled += n;
    const end = base + filled;
    // the hot loop reads locals only: variables the closures above capture live in a context, slower to reach
    const b = buf;
    const bs = base;
    let last = lastNonWs;
    for (; pos < end; pos++) {
      let c = b[pos - bs];
      if (inString) {
        if (skip) {
          skip = false;
          continue;
        }
        while (c !== QUOTE && c !== BACKSLASH && ++pos < end) c = b[pos - bs]; // to the next quote or backslash
        if (pos >= end) break;
        if (c === BACKSLASH) {
          skip = keyEscaped = true;
          continue;
        }
        inString = false;
        if (phase === 1) last = pos;
        else if (keyStart >= 0) {
          lastKey = keyText(b.subarray(keyStart - bs, pos + 1 - bs), keyEscaped);
          keyStart = -1;
        }
        continue;
      }
      if (phase === 1 && depth >= 3) {
        // inside a feature only strings and brackets matter (its end is a bracket, which sets `last`)
        while (c !== QUOTE && c !== 91 && c !== 93 && c !== 123 && c !== 125 && ++pos < end) c = b[pos - bs];
        if (pos >= end) break;
      }
      const white = c === 32 || c === 10 || c === 13 || c === 9;
      if (phase === 1 && depth === 2) {
        if (white) continue;
        if ((c === 44 || c === 93) && elementStart >= 0 && !bad && last + 1 - elementStart > o.budget) throw featureTooLarge(file, o.budget, count);
        if (c === 44) {
          if (elementStart < 0) fail(pos); // an empty element: ",," or "[,"
          elementStart = -1;
          state = "comma";
          lastNonWs = last;
          if (batchStart >= 0 && last + 1 - batchStart >= target) flush();
          continue;
        }
        if (c === 93 || c === 125) {
          if (c === 125 || (state === "comma" && elementStart < 0)) fail(pos); // "}" closing the array, or a trailing comma
          lastNonWs = last;
          flush();
          closeAt = pos;
          closeState = elementStart >= 0 ? "value" : state;
          phase = 2;
          depth = 1;
          continue;
        }
        if (elementStart < 0) {
          elementStart = pos;
          if (batchStart < 0 && !bad) {
            batchStart = pos;
            batchFirst = count;
          }
          count++;
          state = "value";
        }
      }
      if (phase === 1 && !white) last = pos;
      if (c === QUOTE) {
        inString = true;
        keyEscaped = false;
        if (phase !== 1 && depth === 1 && rootIsObject) {
          if (expectKey) keyStart = pos;
          expectKey = armed = false;
        }
      } else if (c === 123 || c === 91) {
        if (depth === 0 && max === 0) rootIsObject = c === 123;
        if (armed && c === 91 && depth === 1) {
          if (phase === 2) throw new RepeatedFeatures();
          phase = 1;
          if (pos + 1 - base > o.budget) throw tooLarge(file, o.budget);
          head = b.slice(0, pos + 1 - bs);
        }
        armed = false;
        depth++;
        if (depth > max && (max = depth) > o.depthLimit) throw tooDeep(file, o.depthLimit);
        if (depth === 1) expectKey = c === 123;
      } else if (c === 125 || c === 93) {
        armed = false;
        if (depth > 0) depth--;
      } else if (depth === 1 && rootIsObject && phase !== 1) {
        if (c === 44) expectKey = true;
        else if (c === 58) armed = lastKey === "features";
        else if (!white) armed = false;
      }
    }
    lastNonWs = last;
  }
  const bomBytes = bom;
  if (phase !== 1 && filled - (phase === 2 ? closeAt - base : 0) > o.budget) throw tooLarge(file, o.budget);
  if (phase === 0) return { found: false, head: buf.slice(0, filled), tail: new Uint8Array(0), closeAt: -1, closeState: "open", count: 0, depth: max, bomBytes };
  if (phase === 1) {
    fail(base + filled); // the file ends inside the array: truncated
    return { found: true, head, tail: new Uint8Array(0), closeAt: base + filled, closeState: state, count, depth: max, bad, bomBytes };
  }
  return { found: true, head, tail: buf.slice(closeAt - base, filled), closeAt, closeState, count, depth: max, bad, bomBytes };
}

/** A feature is held whole to be parsed: one past the budget (more than V8's longest string by default) is refused. */
function featureTooLarge(file: string, budget: number, record: number): InputError {
  return new InputError([{ file, code: "file-too-large", message: `feature ${record} (counting from 1) has more than ${budget.toLocaleString("en-US")} bytes, the input budget: a streamed GeoJSON holds one feature at a time whole. Split the feature, or raise the budget with --max-input-bytes (environment variable MINERISK_MAX_INPUT_BYTES)` }]);
}

/** A root-level key as JSON.parse decodes it. */
function keyText(bytes: Uint8Array, escaped: boolean): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (!escaped) return text.slice(1, -1);
  try {
    return JSON.parse(text) as string;
  } catch {
    return ""; // malformed: JSON.parse of the head reports it
  }
}

function tooLarge(file: string, budget: number): InputError {
  return new InputError([{ file, code: "file-too-large", message: `the text outside the features array has more than ${budget.toLocaleString("en-US")} bytes, the input budget; a streamed GeoJSON holds only that text whole. Move the members into the features, or raise the budget with --max-input-bytes (environment variable MINERISK_MAX_INPUT_BYTES)` }]);
}
