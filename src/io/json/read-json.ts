import { openSync } from "node:fs";
import { parse as parseTolerant, type ParseError, printParseErrorCode } from "jsonc-parser";
import { InputError } from "../../core/errors.ts";
import { binaryKind } from "./binary.ts";
import { jsonStructure, type RepeatedKey } from "./json-structure.ts";
import { readFileBounded } from "../read/read-bounded.ts";

/** Read a file as UTF-8 text; a missing or unreadable file is an InputError naming it. */
export function readTextFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileBounded(file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw unreadableFile(file, e);
  }
  const text = bytes.toString("utf8");
  const refused = notTextError(file, bytes, text);
  if (refused) throw refused;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // strip a byte-order mark
}

/** A file descriptor open for reading; a missing or unreadable file is the InputError file-unreadable. */
export function openForReading(file: string): number {
  try {
    return openSync(file, "r");
  } catch (e) {
    throw unreadableFile(file, e);
  }
}

/** The InputError file-unreadable for a file-system error (missing, a folder, …). */
export function unreadableFile(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (e as Error).message;
  return new InputError([{ file, code: "file-unreadable", message: `cannot read the file: ${why}` }]);
}

/**
 * The InputError for bytes that are not UTF-8 text (UTF-16, binary), judged from the first bytes and their
 * decoded text (binaryKind looks at the first 64 Ki characters: 256 KiB + 4 bytes of a file are enough).
 */
export function notTextError(file: string, bytes: Uint8Array, text: string): InputError | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return new InputError([{ file, code: "utf16-file", message: "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); GeoJSON is UTF-8 (RFC 8259): re-save it as UTF-8" }]);
  }
  const binary = binaryKind(bytes, text);
  // refused without quoting it: binary bytes in a message garble terminals and reports
  if (binary !== undefined) return new InputError([{ file, code: "binary-file", message: `the file is ${binary}, not text; export the layer as GeoJSON or CSV (e.g. ogr2ogr -f GeoJSON out.geojson IN)` }]);
  return undefined;
}

/**
 * Parse JSON, turning a syntax error into an InputError with line and column. JSON.parse is the fast path;
 * only when it fails does jsonc-parser (a strict scanner with error offsets) locate the first error, since
 * Node 20's JSON.parse messages often give no position. Text nested deeper than {@link MAX_JSON_DEPTH} is
 * refused before anything walks it.
 */
export function parseJson(text: string, file: string): unknown {
  return parseJsonChecked(text, file).value;
}

/** {@link parseJson}, also giving the keys repeated within one object (JSON.parse kept the last of each): the intake reports them. */
export function parseJsonChecked(text: string, file: string): { value: unknown; repeated: RepeatedKey[] } {
  const limit = maxJsonDepth();
  const { depth, repeated } = jsonStructure(text, limit);
  if (depth > limit) {
    throw tooDeep(file, limit);
  }
  try {
    return { value: JSON.parse(text), repeated };
  } catch (e) {
    throw invalidJson(file, text, (e as Error).message);
  }
}

/**
 * The InputError invalid-json for `text`, located by jsonc-parser (a strict scanner with error offsets,
 * since Node 20's JSON.parse messages often give no position): "at line L, column C" counted in `text`,
 * or by `place` (the streamed read maps an offset in a rebuilt text back to the file's line and column).
 */
export function invalidJson(file: string, text: string, fallback: string, place: (offset: number) => { line: number; col: number } = (o) => lineAndColumn(text, o)): InputError {
  const first = firstJsonError(text);
  return invalidJsonAt(file, first && place(first.offset), first ? first.what : fallback);
}

/** The first syntax error jsonc-parser finds in `text` (its offset in UTF-16 units, and what it is), if any. */
export function firstJsonError(text: string): { offset: number; what: string } | undefined {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors[0] && { offset: errors[0].offset, what: describe(printParseErrorCode(errors[0].error)) };
}

/** The InputError invalid-json, at a line and column when known. */
export function invalidJsonAt(file: string, at: { line: number; col: number } | undefined, what: string): InputError {
  const where = at ? ` at line ${at.line}, column ${at.col}` : "";
  return new InputError([{ file, code: "invalid-json", message: `not valid JSON${where}: ${what}` }]);
}

/** Line (1-based) and column (1-based, in UTF-16 units after the last line feed) of an offset of `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, col: offset - before.lastIndexOf("\n") };
}

/** The InputError nesting-too-deep (the limit in force). */
export function tooDeep(file: string, limit: number): InputError {
  return new InputError([{ file, code: "nesting-too-deep", message: `the JSON nests arrays/objects more than ${limit} levels deep; GeoJSON needs at most about 10 (a MultiPolygon's coordinates are 4): the file is not a GeoJSON layer (or raise --max-json-depth)` }]);
}

/** Deepest nesting accepted in a JSON input; deeper input is refused before anything walks it. */
export const MAX_JSON_DEPTH = 100;

/** The depth limit in force: MINERISK_MAX_JSON_DEPTH (set by --max-json-depth, cli/input-budget.ts) or {@link MAX_JSON_DEPTH}. */
export function maxJsonDepth(): number {
  const n = Number(process.env.MINERISK_MAX_JSON_DEPTH);
  return Number.isSafeInteger(n) && n >= 1 ? n : MAX_JSON_DEPTH;
}

/** The nesting depth of JSON text (see {@link jsonStructure}), counted in one loop; stops once past `stopAbove`. */
export function jsonDepth(text: string, stopAbove: number): number {
  return jsonStructure(text, stopAbove).depth;
}

/** "ValueExpected" → "value expected". */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
