import { Buffer } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";
import { InputError } from "../../../core/errors.ts";
import { jsonStructure, MAX_REPORTED_KEYS, type RepeatedKey } from "../json-structure.ts";
import { firstJsonError, invalidJsonAt, lineAndColumn, maxJsonDepth, notTextError, openForReading, parseJsonChecked, unreadableFile } from "../read-json.ts";
import { type ArrayState, BatchSyntax, type SplitResult, splitFeatures } from "./split-features.ts";

/** What the streamed read of a JSON layer gives besides its batches. */
export type StreamedJson =
  /** The root's `features` array was streamed: the rest of the root object parsed (its `features` as [] or [null], a stand-in), and its own repeated keys. */
  | { streamed: true; collection: Record<string, unknown>; read: number; fileRepeated: RepeatedKey[] }
  /** No `features` array at the root: the text was small enough to hold (the budget) and was parsed whole, as the whole-file read does. */
  | { streamed: false; value: unknown; repeated: RepeatedKey[] };

/** One batch of features, parsed, and the keys repeated in them (record numbers of the file). */
export interface StreamedFeatures {
  features: unknown[];
  firstIndex: number;
  repeated: RepeatedKey[];
}

const decode = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("utf8");
const FILLER: Record<ArrayState, string> = { open: "", comma: "null,", value: "null" };

/**
 * Read a JSON layer through a reused buffer (split-features.ts), never as one string: each batch of
 * features is decoded, checked for repeated keys (json-structure.ts, the same pass as the whole-file read)
 * and parsed with one JSON.parse, then handed to `onFeatures`. Throws the InputErrors the whole-file read
 * (read-json.ts) gives, with the same messages: file-unreadable, utf16-file, binary-file, nesting-too-deep
 * and invalid-json with the line and column in the file. Throws RepeatedFeatures for a second `features`
 * array (the caller reads the file whole, or refuses it).
 */
export function streamJsonLayer(file: string, chunkBytes: number, budget: number, onFeatures: (b: StreamedFeatures) => void): StreamedJson {
  checkHead(file);
  let listed = 0;
  const limit = maxJsonDepth();
  const split = splitFeatures(file, {
    chunkBytes,
    budget,
    depthLimit: limit,
    onBatch: ({ bytes, firstIndex }) => {
      const text = decode(bytes);
      let features: unknown[];
      try {
        features = JSON.parse(`[${text}]`) as unknown[];
      } catch {
        throw new BatchSyntax();
      }
      const repeated: RepeatedKey[] = [];
      for (const r of jsonStructure(`{"features":[${text}]}`, Number.POSITIVE_INFINITY).repeated) {
        if (listed++ < MAX_REPORTED_KEYS) repeated.push({ ...r, record: (r.record ?? 1) + firstIndex });
      }
      onFeatures({ features, firstIndex, repeated });
    },
  });
  if (!split.found) {
    const { value, repeated } = parseJsonChecked(decode(split.head), file);
    return { streamed: false, value, repeated };
  }
  const head = decode(split.head);
  const headError = firstJsonError(head);
  if (headError && headError.offset < head.length) throw invalidJsonAt(file, lineAndColumn(head, headError.offset), headError.what);
  if (split.bad) throw locate(file, head, split, split.bad.at, split.bad.state, undefined);
  const tail = decode(split.tail);
  const skeleton = head + FILLER[split.closeState] + tail;
  let collection: Record<string, unknown>;
  try {
    collection = JSON.parse(skeleton) as Record<string, unknown>;
  } catch {
    throw locate(file, head, split, split.closeAt, split.closeState, tail);
  }
  return { streamed: true, collection, read: split.count, fileRepeated: jsonStructure(skeleton, Number.POSITIVE_INFINITY).repeated };
}

/** The whole-file read's checks of a file's first bytes: readable, not UTF-16, not binary (binaryKind reads 64 Ki characters). */
function checkHead(file: string): void {
  const fd = openForReading(file);
  try {
    const bytes = new Uint8Array(4 * 65_536 + 4);
    const n = readSync(fd, bytes, 0, bytes.length, 0);
    const refused = notTextError(file, bytes.subarray(0, n), decode(bytes.subarray(0, n)));
    if (refused) throw refused;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw unreadableFile(file, e);
  } finally {
    closeSync(fd);
  }
}

/**
 * The invalid-json error of a streamed file, as the whole-file read words and places it: jsonc-parser reads
 * the head, then the array in the state it has at `at` (a filler element stands for what came before),
 * then the file from `at` on; the first error's offset is mapped back to the file's line and column. The
 * text from `at` is read in growing windows until the error lies inside one or the file ends.
 */
function locate(file: string, head: string, split: SplitResult, at: number, state: ArrayState, given: string | undefined): InputError {
  const filler = FILLER[state];
  const fd = openSync(file, "r");
  try {
    for (let window = 1 << 16; ; window *= 4) {
      const bytes = given === undefined ? readAt(fd, at, window) : undefined;
      const rest = given ?? decode(bytes as Uint8Array);
      const whole = given !== undefined || (bytes as Uint8Array).length < window;
      const error = firstJsonError(head + filler + rest);
      const t = error ? error.offset - head.length - filler.length : -1;
      if (!error || (!whole && t >= rest.length - 64)) {
        if (whole) return invalidJsonAt(file, undefined, "the features array is not valid JSON");
        continue; // the error may be the window's own end: read more
      }
      if (t < 0) return invalidJsonAt(file, lineAndColumn(head, error.offset), error.what);
      const start = position(fd, split.bomBytes, at);
      const before = rest.slice(0, t);
      const nl = before.lastIndexOf("\n");
      const lines = before.split("\n").length - 1;
      return invalidJsonAt(file, { line: start.line + lines, col: nl >= 0 ? t - nl : start.col + t }, error.what);
    }
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, at: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let n = 0;
  for (let k; n < length && (k = readSync(fd, bytes, n, length - n, at + n)) > 0; ) n += k;
  return bytes.subarray(0, n);
}

/** Line (1-based) and column (1-based, UTF-16 units) of file offset `at`, counted in the text after the byte-order mark. */
function position(fd: number, from: number, at: number): { line: number; col: number } {
  let line = 1;
  let col = 1;
  const decoder = new TextDecoder("utf-8");
  for (let p = from; p < at; ) {
    const bytes = readAt(fd, p, Math.min(1 << 22, at - p));
    if (bytes.length === 0) break;
    p += bytes.length;
    const text = decoder.decode(bytes, { stream: p < at });
    const nl = text.lastIndexOf("\n");
    for (let k = text.indexOf("\n"); k >= 0; k = text.indexOf("\n", k + 1)) line++;
    col = nl >= 0 ? text.length - nl : col + text.length;
  }
  return { line, col };
}
