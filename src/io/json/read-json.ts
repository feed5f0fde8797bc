import { readFileSync } from "node:fs";
import { parse as parseTolerant, type ParseError, printParseErrorCode } from "jsonc-parser";
import { InputError } from "../../core/errors.ts";
import { binaryKind } from "./binary.ts";

/** Read a file as UTF-8 text; a missing or unreadable file is an InputError naming it. */
export function readTextFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    throw new InputError([{ file, code: "file-unreadable", message: `cannot read the file: ${why}` }]);
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
 * Node 20's JSON.parse messages often give no position.
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
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

/** "ValueExpected" → "value expected". */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
