import { readFileSync } from "node:fs";
import { InputError } from "../core/errors.ts";

/** Read a file as UTF-8 text; a missing or unreadable file is an InputError naming it. */
export function readTextFile(file: string): string {
  try {
    const text = readFileSync(file, "utf8");
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // strip a byte-order mark
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    throw new InputError([{ file, code: "file-unreadable", message: `cannot read the file: ${why}` }]);
  }
}

/**
 * Parse JSON, turning a syntax error into an InputError with line and column. Guards the quiet failure
 * of JSON numbers too large for a double, which JSON.parse turns into Infinity without complaint.
 */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = "";
    if (pos) {
      const p = Number(pos[1]);
      const before = text.slice(0, p);
      const line = before.split("\n").length;
      const col = p - before.lastIndexOf("\n");
      where = ` at line ${line}, column ${col}`;
    }
    throw new InputError([
      { file, code: "invalid-json", message: `not valid JSON${where}: ${msg.replace(/ in JSON at position \d+.*/, "")}` },
    ]);
  }
}
