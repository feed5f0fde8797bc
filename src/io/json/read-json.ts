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
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    throw new InputError([{ file, code: "file-unreadable", message: `cannot read the file: ${why}` }]);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError([{ file, code: "utf16-file", message: "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); GeoJSON is UTF-8 (RFC 8259): re-save it as UTF-8" }]);
  }
  const text = bytes.toString("utf8");
  const binary = binaryKind(bytes, text);
  // refused without quoting it: binary bytes in a message garble terminals and reports
  if (binary !== undefined) throw new InputError([{ file, code: "binary-file", message: `the file is ${binary}, not text; export the layer as GeoJSON or CSV (e.g. ogr2ogr -f GeoJSON out.geojson IN)` }]);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // strip a byte-order mark
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
    throw new InputError([{ file, code: "nesting-too-deep", message: `the JSON nests arrays/objects more than ${limit} levels deep; GeoJSON needs at most about 10 (a MultiPolygon's coordinates are 4): the file is not a GeoJSON layer (or raise --max-json-depth)` }]);
  }
  try {
    return { value: JSON.parse(text), repeated };
  } catch (e) {
    const errors: ParseError[] = [];
    parseTolerant(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    let where = "";
    let what = (e as Error).message;
    if (first) {
      const before = text.slice(0, first.offset);
      const line = before.split("\n").length;
      const col = first.offset - before.lastIndexOf("\n");
      where = ` at line ${line}, column ${col}`;
      what = describe(printParseErrorCode(first.error));
    }
    throw new InputError([{ file, code: "invalid-json", message: `not valid JSON${where}: ${what}` }]);
  }
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
