import type { Command } from "commander";
import { OptionError } from "../core/errors.ts";
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_INPUT_BYTES } from "../io/read/read-bounded.ts";
import { MAX_JSON_DEPTH } from "../io/json/read-json.ts";
import { MAX_CSV_COLUMNS } from "../io/read/read-csv.ts";

export const MAX_INPUT_BYTES_HELP = `the most bytes one input file may have; reading stops there with an input error (exit 2). A GeoJSON, GeoJSON-sequence or GeoParquet roads or incidents file, or a FlatGeobuf roads, incidents or hazards file, larger than this is streamed instead (see --stream-input): the budget then applies to what is held whole, the text outside a GeoJSON features array. A whole number of bytes, or with K, M or G (×1024, ×1024², ×1024³), e.g. 512M (default: the environment variable MINERISK_MAX_INPUT_BYTES, else ${DEFAULT_MAX_FILE_BYTES / 2 ** 10}K for a regular file, just under V8's longest string, and ${DEFAULT_MAX_INPUT_BYTES / 2 ** 20}M for a pipe or device)`;

/**
 * Give every command that reads files (all of them) `--max-input-bytes`, and apply it before the command
 * runs: it sets MINERISK_MAX_INPUT_BYTES for this process, the one budget every reader takes
 * (io/read/read-bounded.ts), so the flag and the variable cannot disagree and no reader needs a new
 * parameter. The flag wins over a variable already set.
 */
export function addInputBudget(program: Command): void {
  for (const command of program.commands) {
    command.option("--max-input-bytes <n>", MAX_INPUT_BYTES_HELP);
    command.option("--max-json-depth <n>", MAX_JSON_DEPTH_HELP);
    command.option("--max-csv-columns <n>", MAX_CSV_COLUMNS_HELP);
    command.option("--stream-input", STREAM_INPUT_HELP);
  }
  program.hook("preAction", (_program, command) => {
    const opts = command.opts() as { maxInputBytes?: string; maxJsonDepth?: string; maxCsvColumns?: string; streamInput?: boolean };
    if (opts.maxInputBytes !== undefined) process.env.MINERISK_MAX_INPUT_BYTES = String(parseByteCount(opts.maxInputBytes));
    if (opts.maxJsonDepth !== undefined) process.env.MINERISK_MAX_JSON_DEPTH = String(parseWhole(opts.maxJsonDepth, "--max-json-depth"));
    if (opts.streamInput === true) process.env.MINERISK_STREAM_INPUT = "1";
    if (opts.maxCsvColumns !== undefined) process.env.MINERISK_MAX_CSV_COLUMNS = String(parseWhole(opts.maxCsvColumns, "--max-csv-columns"));
  });
}

export const STREAM_INPUT_HELP = "read GeoJSON and GeoJSON-sequence roads and incidents through a reused buffer of a few MiB, a batch of whole features at a time, never the whole file as one string, GeoParquet ones a row group at a time, and FlatGeobuf roads, incidents and hazards by positional reads in batches (with --bbox: only the features its index finds) (the same records and intake report); files larger than --max-input-bytes are always streamed (also: MINERISK_STREAM_INPUT=1, or 0 never)";
export const MAX_JSON_DEPTH_HELP = `the deepest nesting of arrays and objects a JSON input may have; deeper is the input error nesting-too-deep (default: the environment variable MINERISK_MAX_JSON_DEPTH, else ${MAX_JSON_DEPTH}; GeoJSON needs about 10)`;
export const MAX_CSV_COLUMNS_HELP = `the most columns a CSV header may have; more is the input error too-many-columns (default: the environment variable MINERISK_MAX_CSV_COLUMNS, else ${MAX_CSV_COLUMNS.toLocaleString("en-US")})`;

/** A whole number ≥ 1 (at most 10⁹), else an OptionError naming the flag. */
function parseWhole(text: string, name: string): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1 && n <= 1e9)) throw new OptionError(`${name} must be a whole number from 1 to 1,000,000,000; got ${JSON.stringify(text)}`);
  return n;
}

/** "536870912", "512M", "2G", "64k" → bytes; anything else, or less than 1 byte, is an OptionError. */
export function parseByteCount(text: string, name = "--max-input-bytes"): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(text);
  const n = m === null ? NaN : Math.floor(Number(m[1]) * 1024 ** " kmg".indexOf((m[2] || " ").toLowerCase()));
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new OptionError(`${name} must be a whole number of bytes ≥ 1, or one with K, M or G (×1024, ×1024², ×1024³) such as 512M; got ${JSON.stringify(text)}`);
  }
  return n;
}
